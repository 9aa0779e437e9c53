using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Teachers;

/// <summary>One school's 县管校聘 year: its 岗位数 and the 竞聘 results of the teachers who stood there and of those it took.</summary>
/// <param name="PostsEntered">the 岗位数 was entered (<see cref="HiringPost"/>); otherwise the 编制 figure of the supply report.</param>
/// <param name="Vacancies">岗位数 − (本校聘任 + 跨校竞聘 in + 组织调剂 in); negative when more were hired than the posts.</param>
public sealed record HiringSchoolRow(int? SchoolId, string School, int Posts, bool PostsEntered, int Competed, int Hired, int CrossOut, int CrossIn,
    int AssignedOut, int AssignedIn, int Awaiting, int Vacancies);

/// <summary>One teacher's result.</summary>
public sealed record HiringResultRow(int StaffId, string StaffNumber, string Name, string School, HiringOutcome Outcome, string? ToSchool, DateOnly DecidedOn, bool MovedPost);

/// <summary>The 县管校聘 report of a school year; <paramref name="HasRecords"/> false when the county has no 竞聘 result that year.</summary>
public sealed record HiringReport(int Year, bool HasRecords, IReadOnlyList<HiringSchoolRow> Schools, HiringSchoolRow County, IReadOnlyList<HiringResultRow> Results);

/// <summary>
/// 县管校聘 (teachers.md §3: the county holds 编制/岗位/人事关系, schools 竞聘 and 聘用, 落聘 → 调剂/培训/待岗 — the mechanics are
/// [unverified]; plan task 33 "三总量" [V]): per school the posts and the results. The posts of a school are the entered
/// <see cref="HiringPost"/> or else its 编制 figure (<see cref="GetTeacherSupply"/>'s standard posts).
/// </summary>
public static class GetHiringReport
{
    public sealed record Query(string CountyCode, int Year, IReadOnlyCollection<int>? SchoolIds = null);

    public static async Task<HiringReport> HandleAsync(EduDb db, Query q, TeacherRules rules, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(rules);
        var schools = TeacherScope.Schools(db, q.CountyCode, q.SchoolIds);
        var ids = await schools.Select(s => s.Id).ToListAsync(ct);
        var results = await db.HiringResults.Where(r => r.Year == q.Year && (ids.Contains(r.SchoolId) || (r.ToSchoolId != null && ids.Contains(r.ToSchoolId.Value))))
            .Join(db.Staff, r => r.StaffId, s => s.Id, (r, s) => new { r, s.StaffNumber, s.Name })
            .ToListAsync(ct);
        var names = await db.Schools.IgnoreQueryFilters().Where(s => s.CountyCode == q.CountyCode).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var posts = await HiringPosts.OfAsync(db, q.CountyCode, q.Year, ids, rules, ct);
        var rows = new List<HiringSchoolRow>();
        foreach (var (id, name) in await TeacherScope.NamesAsync(schools, ct))
        {
            var stood = results.Where(x => x.r.SchoolId == id).Select(x => x.r).ToList();
            var came = results.Where(x => x.r.ToSchoolId == id).Select(x => x.r).ToList();
            var (n, entered) = posts.GetValueOrDefault(id);
            if (stood.Count == 0 && came.Count == 0 && !entered)
            {
                continue;
            }
            rows.Add(Row(id, name, n, entered, stood, came));
        }
        var county = new HiringSchoolRow(null, "合计", rows.Sum(r => r.Posts), rows.Any(r => r.PostsEntered), rows.Sum(r => r.Competed), rows.Sum(r => r.Hired),
            rows.Sum(r => r.CrossOut), rows.Sum(r => r.CrossIn), rows.Sum(r => r.AssignedOut), rows.Sum(r => r.AssignedIn), rows.Sum(r => r.Awaiting), rows.Sum(r => r.Vacancies));
        var list = results.Where(x => ids.Contains(x.r.SchoolId) || (x.r.ToSchoolId is { } t && ids.Contains(t)))
            .OrderBy(x => x.r.DecidedOn).ThenBy(x => x.StaffNumber, StringComparer.Ordinal)
            .Select(x => new HiringResultRow(x.r.StaffId, x.StaffNumber, x.Name, names.GetValueOrDefault(x.r.SchoolId, ""), x.r.Outcome,
                x.r.ToSchoolId is { } to ? names.GetValueOrDefault(to) : null, x.r.DecidedOn, x.r.MovedPost)).ToList();
        return new HiringReport(q.Year, results.Count > 0, rows, county, list);
    }

    private static HiringSchoolRow Row(int id, string name, int posts, bool entered, List<HiringResult> stood, List<HiringResult> came)
    {
        var hired = stood.Count(r => r.Outcome == HiringOutcome.Hired);
        var crossIn = came.Count(r => r.Outcome == HiringOutcome.CrossSchool);
        var assignedIn = came.Count(r => r.Outcome == HiringOutcome.Assigned);
        return new HiringSchoolRow(id, name, posts, entered, stood.Count, hired, stood.Count(r => r.Outcome == HiringOutcome.CrossSchool), crossIn,
            stood.Count(r => r.Outcome == HiringOutcome.Assigned), assignedIn, stood.Count(r => r.Outcome == HiringOutcome.AwaitingPost), posts - hired - crossIn - assignedIn);
    }
}

/// <summary>The 岗位数 of schools for a 竞聘 year: entered (<see cref="HiringPost"/>) or the 编制 figure.</summary>
public static class HiringPosts
{
    public static async Task<Dictionary<int, (int Posts, bool Entered)>> OfAsync(EduDb db, string countyCode, int year, IReadOnlyCollection<int> schoolIds,
        TeacherRules rules, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(schoolIds);
        var entered = await db.HiringPosts.IgnoreQueryFilters().Where(p => p.Year == year && schoolIds.Contains(p.SchoolId)).ToDictionaryAsync(p => p.SchoolId, p => p.Posts, ct);
        var supply = await GetTeacherSupply.HandleAsync(db, new GetTeacherSupply.Query(countyCode, year, schoolIds), rules, ct);
        var posts = supply.Schools.Where(s => s.SchoolId is not null).ToDictionary(s => s.SchoolId!.Value, s => (s.StandardPosts, false));
        foreach (var (id, n) in entered)
        {
            posts[id] = (n, true);
        }
        return posts;
    }
}

/// <summary>Enters a school's 岗位数 for a 竞聘 year (replacing the 编制 figure for that year).</summary>
public sealed record SetHiringPosts(string SchoolCode, int Year, int Posts);

public static class SetHiringPostsHandler
{
    public static async Task HandleAsync(EduDb db, SetHiringPosts cmd, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(cmd);
        if (cmd.Posts < 0)
        {
            throw new RuleException("岗位数不能为负数") { Field = "posts" };
        }
        var school = await db.Schools.FirstOrDefaultAsync(s => s.Code == cmd.SchoolCode, ct)
            ?? throw new RuleException($"没有学校标识码为 {cmd.SchoolCode} 的学校（或不在您的管理范围内）") { Field = "school" };
        var row = await db.HiringPosts.FirstOrDefaultAsync(p => p.SchoolId == school.Id && p.Year == cmd.Year, ct);
        if (row is null)
        {
            db.HiringPosts.Add(new HiringPost { SchoolId = school.Id, Year = cmd.Year, Posts = cmd.Posts });
        }
        else
        {
            row.Posts = cmd.Posts;
        }
        await db.SaveChangesAsync(ct);
    }
}

/// <summary>The 县管校聘 counts of a county's year beside the rotation report (not part of its 10 %: docs/adr/0037).</summary>
public sealed record HiringSummary(int Competed, int Hired, int CrossSchool, int Assigned, int AwaitingPost, int MovedPosts, bool CountedAsRotation);

internal static class HiringSummaries
{
    private sealed record Count(string CountyCode, HiringOutcome Outcome, int Teachers, int Moved);

    /// <summary>Per county of <paramref name="schools"/>: the results of the teachers who stood at its schools (one GROUP BY).</summary>
    public static async Task<Dictionary<string, HiringSummary>> ByCountyAsync(EduDb db, IQueryable<School> schools, int year, CancellationToken ct) =>
        (await db.HiringResults.Where(r => r.Year == year).Join(schools, r => r.SchoolId, s => s.Id, (r, s) => new { s.CountyCode, r.Outcome, r.MovedPost })
            .GroupBy(x => new { x.CountyCode, x.Outcome })
            .Select(g => new Count(g.Key.CountyCode, g.Key.Outcome, g.Count(), g.Sum(x => x.MovedPost ? 1 : 0)))
            .ToListAsync(ct))
        .GroupBy(x => x.CountyCode, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => new HiringSummary(g.Sum(x => x.Teachers), Of(g, HiringOutcome.Hired), Of(g, HiringOutcome.CrossSchool),
            Of(g, HiringOutcome.Assigned), Of(g, HiringOutcome.AwaitingPost), g.Sum(x => x.Moved), false), StringComparer.Ordinal);

    private static int Of(IEnumerable<Count> rows, HiringOutcome o) => rows.Where(x => x.Outcome == o).Sum(x => x.Teachers);
}
