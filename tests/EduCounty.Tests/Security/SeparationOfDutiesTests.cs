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
    public void An_administrator_role_is_held_alone_without_any_business_role()
    {
        // Issue 13 §3: 审计管理员 + 基教 read and exported every student.
        Assert.Equal("三员分立：审计管理员账号只能担任这一个角色，不能兼任基教", SeparationOfDuties.Violation([Roles.AuditAdmin], [Roles.BasicEducation]));
        Assert.NotNull(SeparationOfDuties.Violation([Roles.Leader], [Roles.AuditAdmin]));
        Assert.NotNull(SeparationOfDuties.Violation([], [Roles.SystemAdmin, Roles.RevealIdNumber]));
        Assert.Null(SeparationOfDuties.Violation([Roles.SystemAdmin], [Roles.SystemAdmin]));
        Assert.Null(SeparationOfDuties.Violation([], [Roles.SchoolAdmin, Roles.RevealIdNumber]));
        // An account mixing them (data from before the rule) acts with no role at all.
        Assert.Empty(SeparationOfDuties.Effective([Roles.AuditAdmin, Roles.BasicEducation]));
        Assert.Equal([Roles.AuditAdmin], SeparationOfDuties.Effective([Roles.AuditAdmin]));
    }
}
