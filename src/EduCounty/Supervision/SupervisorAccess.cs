using EduCounty.Common;
using EduCounty.Common.Identity;
using EduCounty.Registry;
using EduCounty.Security;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Supervision;

/// <summary>
/// Who may act as a school's supervisor: the 督导 office for any school it can see, a 督学 only for the schools assigned to
/// them (their account's UserScope school rows, §B §1). Checked in the library as well as by the data layer's scope, so
/// an unrestricted host (CLI, tests) keeps the rule too.
/// </summary>
public static class SupervisorAccess
{
    /// <summary>The schools assigned to a 督学 (their scope's school rows).</summary>
    public static Task<List<int>> AssignedSchoolsAsync(EduDb db, string userId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.UserScopes.AsNoTracking().Where(s => s.UserId == userId && s.SchoolId != null).Select(s => s.SchoolId!.Value).ToListAsync(ct);
    }

    /// <summary>Refuses unless <paramref name="user"/> may supervise the school; returns the school's name.</summary>
    public static async Task<string> RequireForSchoolAsync(EduDb db, ActingUser user, int schoolId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        var name = await db.Schools.AsNoTracking().Where(s => s.Id == schoolId).Select(s => s.Name).SingleOrDefaultAsync(ct)
            ?? throw new RuleException($"没有编号为 {schoolId} 的学校，或该学校不在你的管理范围");
        if (user.Holds(Roles.Supervision))
        {
            return name;
        }
        if (!user.Holds(Roles.SchoolSupervisor))
        {
            throw new RuleException("只有责任督学或督导室可以办理督导事项");
        }
        if (!(await AssignedSchoolsAsync(db, user.UserId, ct)).Contains(schoolId))
        {
            throw new RuleException($"{name}不是{user.Name}负责督导的学校");
        }
        return name;
    }
}
