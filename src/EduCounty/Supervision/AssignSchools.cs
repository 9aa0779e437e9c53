using EduCounty.Common;
using EduCounty.Common.Identity;
using EduCounty.Registry;
using EduCounty.Security;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Supervision;

/// <summary>
/// 挂牌: the 督导 office appoints a 督学 (an account holding the 督学 role) and assigns their schools (§B §1: every school a
/// 责任督学, each 督学 about 5 schools — at most <see cref="SupervisionRules.MaxSchoolsPerSupervisor"/>). The assignment is
/// the account's UserScope school rows (replaced here), which the data layer turns into the 督学's scope; a school
/// already assigned to another active 督学 is refused.
/// </summary>
public static class AssignSchools
{
    public sealed record Command(string UserName, string Name, string? Contact, string? CertificateNumber, DateOnly AppointedOn, IReadOnlyList<int> SchoolIds);

    public static async Task<int> HandleAsync(EduDb db, SupervisionRules rules, Command c, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(c);
        var user = await db.Users.AsNoTracking().Where(u => u.UserName == c.UserName).Select(u => new { u.Id }).SingleOrDefaultAsync(ct)
            ?? throw new RuleException($"没有账号“{c.UserName}”");
        var isSupervisor = await db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .AnyAsync(x => x.UserId == user.Id && x.Name == Roles.SchoolSupervisor, ct);
        if (!isSupervisor) throw new RuleException($"账号“{c.UserName}”没有“{Roles.SchoolSupervisor}”角色，不能挂牌督导");
        if (string.IsNullOrWhiteSpace(c.Name)) throw new RuleException("请填写督学姓名");
        var ids = c.SchoolIds.Distinct().ToList();
        if (ids.Count > rules.MaxSchoolsPerSupervisor)
        {
            throw new RuleException($"每名责任督学至多负责 {rules.MaxSchoolsPerSupervisor} 所学校（{rules.MaxSchoolsSource}），本次为 {ids.Count} 所");
        }
        var schools = await db.Schools.IgnoreQueryFilters().Where(s => ids.Contains(s.Id)).Select(s => new { s.Id, s.Name }).ToListAsync(ct);
        if (ids.FirstOrDefault(i => schools.All(s => s.Id != i)) is var missing and > 0) throw new RuleException($"没有编号为 {missing} 的学校");
        var taken = await db.UserScopes.AsNoTracking().Where(s => s.UserId != user.Id && s.SchoolId != null && ids.Contains(s.SchoolId!.Value))
            .Join(db.SchoolSupervisors.Where(p => p.Active), s => s.UserId, p => p.UserId, (s, p) => new { s.SchoolId, p.Name }).ToListAsync(ct);
        if (taken.FirstOrDefault() is { } t)
        {
            throw new RuleException($"{schools.First(s => s.Id == t.SchoolId).Name}已由督学{t.Name}负责");
        }
        var profile = await db.SchoolSupervisors.SingleOrDefaultAsync(p => p.UserId == user.Id, ct);
        if (profile is null)
        {
            profile = new SchoolSupervisor { UserId = user.Id, Name = "" };
            db.SchoolSupervisors.Add(profile);
        }
        profile.Name = c.Name.Trim();
        profile.Contact = string.IsNullOrWhiteSpace(c.Contact) ? null : c.Contact.Trim();
        profile.CertificateNumber = string.IsNullOrWhiteSpace(c.CertificateNumber) ? null : c.CertificateNumber.Trim();
        profile.AppointedOn = c.AppointedOn;
        profile.Active = true;
        var rows = await db.UserScopes.Where(s => s.UserId == user.Id && s.SchoolId != null).ToListAsync(ct);
        db.UserScopes.RemoveRange(rows.Where(r => !ids.Contains(r.SchoolId!.Value)));
        db.UserScopes.AddRange(ids.Where(i => rows.All(r => r.SchoolId != i)).Select(i => new UserScope { UserId = user.Id, SchoolId = i }));
        await db.SaveChangesAsync(ct);
        return profile.Id;
    }
}

/// <summary>The 督学 with their assigned schools (the 挂牌 list), and the open schools that have none.</summary>
public static class ListSupervisors
{
    public sealed record Row(int Id, string UserId, string Name, string? Contact, string? CertificateNumber, DateOnly AppointedOn, bool Active,
        IReadOnlyList<(int Id, string Name)> Schools);

    public sealed record Result(IReadOnlyList<Row> Supervisors, IReadOnlyList<(int Id, string Name)> Unassigned);

    public static async Task<Result> HandleAsync(EduDb db, DateOnly today, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var profiles = await db.SchoolSupervisors.AsNoTracking().OrderBy(p => p.Name).ToListAsync(ct);
        var userIds = profiles.Select(p => p.UserId).ToList();
        var schools = await db.UserScopes.AsNoTracking().Where(s => userIds.Contains(s.UserId) && s.SchoolId != null)
            .Join(db.Schools, s => s.SchoolId, x => x.Id, (s, x) => new { s.UserId, x.Id, x.Name, x.Code }).ToListAsync(ct);
        var rows = profiles.Select(p => new Row(p.Id, p.UserId, p.Name, p.Contact, p.CertificateNumber, p.AppointedOn, p.Active,
            [.. schools.Where(s => s.UserId == p.UserId).OrderBy(s => s.Code).Select(s => (s.Id, s.Name))])).ToList();
        var assigned = rows.Where(r => r.Active).SelectMany(r => r.Schools).Select(s => s.Id).ToHashSet();
        var unassigned = await db.Schools.AsNoTracking().Where(s => !s.IsTeachingPoint).Where(EduCounty.Registry.OpenSchools.At(today))
            .OrderBy(s => s.Code).Select(s => new { s.Id, s.Name }).ToListAsync(ct);
        return new Result(rows, [.. unassigned.Where(s => !assigned.Contains(s.Id)).Select(s => (s.Id, s.Name))]);
    }
}
