using EduCounty.Security;

namespace EduCounty.Tests.Security;

public sealed class SeparationOfDutiesTests
{
    [Fact]
    public void Two_of_the_three_administrator_roles_are_refused_in_chinese()
    {
        var reason = SeparationOfDuties.Violation([Roles.SystemAdmin], [Roles.AuditAdmin]);
        Assert.NotNull(reason);
        Assert.Contains("三员分立", reason, StringComparison.Ordinal);
        Assert.Contains("系统管理员、审计管理员", reason, StringComparison.Ordinal);
        Assert.NotNull(SeparationOfDuties.Violation([], [Roles.SecurityAdmin, Roles.AuditAdmin]));
    }

    [Fact]
    public void One_administrator_role_with_business_roles_is_allowed()
    {
        Assert.Null(SeparationOfDuties.Violation([Roles.SystemAdmin], [Roles.SystemAdmin]));
        Assert.Null(SeparationOfDuties.Violation([Roles.Leader], [Roles.AuditAdmin]));
        Assert.Null(SeparationOfDuties.Violation([], [Roles.SchoolAdmin]));
    }
}
