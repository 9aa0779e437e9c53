using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Teachers;

/// <summary>A subject standard at one school: teachers of the subjects against what the students call for.</summary>
public sealed record SubjectSupply(string Code, string Name, int Teachers, decimal Required, int Shortage);

/// <summary>
/// One school's 编制 and supply: students by stage, the 编制 the staffing standard gives (Σ students ÷ ratio, rounded up),
/// 在编教职工, 专任教师 by 编制 kind, 生师比, structural shortages by subject and 专任教师 reaching retirement age within the
/// horizon (by school year).
/// </summary>
public sealed record SupplyRow(int? SchoolId, string School, IReadOnlyDictionary<Stage, int> Students, int StandardPosts, int PermanentStaff,
    IReadOnlyDictionary<Establishment, int> Teachers, IReadOnlyList<SubjectSupply> Subjects, IReadOnlyDictionary<int, int> Retiring)
{
    public int TeacherTotal => Teachers.Values.Sum();

    /// <summary>缺编 (positive) or 超编 (negative): standard posts − 在编教职工.</summary>
    public int Gap => StandardPosts - PermanentStaff;

    /// <summary>学生 ÷ 专任教师, 1 decimal.</summary>
    public decimal? StudentsPerTeacher => TeacherTotal == 0 ? null : Math.Round((decimal)Students.Values.Sum() / TeacherTotal, 1, MidpointRounding.AwayFromZero);
}

/// <summary>编制 and supply per school and county in one school year.</summary>
public sealed record SupplyReport(int Year, int HorizonYears, IReadOnlyList<SupplyRow> Schools, SupplyRow County);

/// <summary>
/// 编制 and supply (issue 16 §5) from the census (GradeEnrolment), the staff snapshots and the staff's birth dates, against
/// the standards' 编制标准 by stage, subject standards (体育·艺术 per 100 students = 优质均衡 L3, 心理 per school) and
/// retirement ages — all rows of <c>teachers-standards.json</c> (the 编制 ratios are [unverified] there).
/// </summary>
public static class GetTeacherSupply
{
    public sealed record Query(string CountyCode, int Year, IReadOnlyCollection<int>? SchoolIds = null);

    public static async Task<SupplyReport> HandleAsync(EduDb db, Query q, TeacherRules rules, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(rules);
        var y = q.Year;
        var schools = TeacherScope.Schools(db, q.CountyCode, q.SchoolIds);
        var types = await schools.ToDictionaryAsync(s => s.Id, s => s.Type, ct);
        var students = (await db.GradeEnrolments.Where(e => e.Year == y).Join(schools, e => e.SchoolId, s => s.Id, (e, s) => e)
                .GroupBy(e => new { e.SchoolId, e.Grade }).Select(g => new { g.Key.SchoolId, g.Key.Grade, Count = g.Sum(e => e.Students) }).ToListAsync(ct))
            .GroupBy(e => (e.SchoolId, Grades.StageOf(e.Grade, types[e.SchoolId]))).ToDictionary(g => g.Key, g => g.Sum(e => e.Count));
        var staff = await db.StaffYears.Where(t => t.Year == y).Join(schools, t => t.SchoolId, s => s.Id, (t, s) => t)
            .GroupBy(t => new { t.SchoolId, t.PostType, t.Establishment, t.StageTaught, t.Subjects })
            .Select(g => new { g.Key.SchoolId, g.Key.PostType, g.Key.Establishment, g.Key.StageTaught, g.Key.Subjects, Count = g.Count() })
            .ToListAsync(ct);
        var retiring = await RetiringAsync(db, schools, y, rules, ct);
        var rows = new List<SupplyRow>();
        foreach (var (id, name) in await TeacherScope.NamesAsync(schools, ct))
        {
            var byStage = students.Where(s => s.Key.SchoolId == id).ToDictionary(s => s.Key.Item2, s => s.Value);
            var mine = staff.Where(s => s.SchoolId == id).ToList();
            if (byStage.Count == 0 && mine.Count == 0)
            {
                continue;
            }
            var teachers = mine.Where(s => s.PostType == PostType.FullTimeTeacher).ToList();
            var posts = Math.Ceiling(byStage.Sum(s => rules.Standards.Supply.Ratios.FirstOrDefault(r => r.Stage == s.Key) is { } r ? s.Value / r.StudentsPerStaff : 0) - 1e-9);
            var subjects = rules.Standards.Supply.Subjects.Select(std =>
            {
                var count = teachers.Where(t => t.StageTaught is { } st && std.Stages.Contains(st) && t.Subjects is { } sub && std.Subjects.Any(x => sub.Contains(x, StringComparison.Ordinal))).Sum(t => t.Count);
                var pupils = byStage.Where(s => std.Stages.Contains(s.Key)).Sum(s => s.Value);
                var required = pupils == 0 ? 0m : std.PerHundredStudents is { } per ? Math.Round((decimal)per * pupils / 100, 2) : std.PerSchool ?? 0;
                return new SubjectSupply(std.Code, std.Name, count, required, Math.Max(0, (int)Math.Ceiling(required) - count));
            }).ToList();
            rows.Add(new SupplyRow(id, name, byStage, (int)posts, mine.Where(s => s.Establishment == Establishment.Permanent).Sum(s => s.Count),
                Enum.GetValues<Establishment>().ToDictionary(e => e, e => teachers.Where(t => t.Establishment == e).Sum(t => t.Count)), subjects,
                retiring.GetValueOrDefault(id) ?? []));
        }
        var county = new SupplyRow(null, "合计",
            Enum.GetValues<Stage>().ToDictionary(s => s, s => rows.Sum(r => r.Students.GetValueOrDefault(s))),
            rows.Sum(r => r.StandardPosts), rows.Sum(r => r.PermanentStaff),
            Enum.GetValues<Establishment>().ToDictionary(e => e, e => rows.Sum(r => r.Teachers[e])),
            [.. rules.Standards.Supply.Subjects.Select(std => new SubjectSupply(std.Code, std.Name,
                rows.Sum(r => r.Subjects.First(s => s.Code == std.Code).Teachers), rows.Sum(r => r.Subjects.First(s => s.Code == std.Code).Required),
                rows.Sum(r => r.Subjects.First(s => s.Code == std.Code).Shortage)))],
            rows.SelectMany(r => r.Retiring).GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.Sum(r => r.Value)));
        return new SupplyReport(y, rules.Standards.Supply.RetirementHorizonYears.Value, rows, county);
    }

    /// <summary>专任教师 reaching the retirement age within the horizon, per school and the school year in which they reach it.</summary>
    private static async Task<Dictionary<int, Dictionary<int, int>>> RetiringAsync(EduDb db, IQueryable<School> schools, int y, TeacherRules rules, CancellationToken ct)
    {
        var horizon = rules.Standards.Supply.RetirementHorizonYears.Value;
        var until = new SchoolYear(y + horizon - 1).LastDay;
        var ret = rules.Standards.Retirement;
        var male = until.AddYears(-ret.AgeMale.Value);
        var female = until.AddYears(-ret.AgeFemale.Value);
        var rows = await db.StaffYears.Where(t => t.Year == y && t.PostType == PostType.FullTimeTeacher)
            .Join(schools, t => t.SchoolId, s => s.Id, (t, s) => t)
            .Join(db.Staff, t => t.StaffId, s => s.Id, (t, s) => new { t.SchoolId, s.Sex, s.BirthDate })
            .Where(x => x.Sex == Sex.Male ? x.BirthDate <= male : x.BirthDate <= female)
            .ToListAsync(ct);
        return rows.GroupBy(r => r.SchoolId).ToDictionary(g => g.Key, g => g
            .GroupBy(r => Math.Max(y, SchoolYear.Containing(r.BirthDate.AddYears(ret.AgeOf(r.Sex))).StartYear))
            .ToDictionary(x => x.Key, x => x.Count()));
    }
}
