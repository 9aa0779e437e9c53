using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Teachers;

/// <summary>One school's (or the county's) qualification figures.</summary>
/// <param name="Certified">持证上岗 (G12): a held 教师资格 covers the stage taught (or, without certificate records, the registry's flag).</param>
/// <param name="StageMismatch">Teachers holding certificates none of which covers the stage they teach (《教师资格条例》第五条).</param>
/// <param name="Titles">专任教师 by 职称 (正高级 … 未定级).</param>
/// <param name="TitleCapsExceeded">岗位结构比例 caps of the standards exceeded (none shipped: the ratios are provincial, teachers.md §6).</param>
/// <param name="MandarinBelow">专任教师 below the 普通话 level their post requires (standards' rows, teachers.md §4).</param>
/// <param name="SpecialtyTeachers">中职专业课教师.</param>
/// <param name="DualQualified">of them 双师型 in the registry.</param>
/// <param name="DualCertified">of them with a 双师型 认定 record in force at the census, by level.</param>
public sealed record QualificationRow(int? SchoolId, string School, int Teachers, int Certified, decimal? CertifiedRate, int StageMismatch,
    IReadOnlyDictionary<Title, int> Titles, IReadOnlyList<string> TitleCapsExceeded, int MandarinBelow, int SpecialtyTeachers, int DualQualified,
    IReadOnlyDictionary<DualQualifiedLevel, int> DualCertified)
{
    public decimal? DualShare => TeacherScope.Percent(DualQualified, SpecialtyTeachers);
}

/// <summary>Qualifications per school and county in one school year.</summary>
public sealed record QualificationReport(int Year, IReadOnlyList<QualificationRow> Schools, QualificationRow County);

/// <summary>
/// 教师资格 against the stage taught (G12 and 持证上岗率), 职称 structure, 普通话 against the post's requirement (T17) and
/// 双师型 for 中职专业课教师 (teachers.md §4–§6, §8), grouped in the database by the attributes that decide.
/// </summary>
public static class GetQualifications
{
    public sealed record Query(string CountyCode, int Year, IReadOnlyCollection<int>? SchoolIds = null);

    public static async Task<QualificationReport> HandleAsync(EduDb db, Query q, TeacherRules rules, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(rules);
        var y = q.Year;
        var schools = TeacherScope.Schools(db, q.CountyCode, q.SchoolIds);
        var f = await CountTeacherFigures.HandleAsync(db, schools, [y], [TeacherFigure.Certified], rules, ct);
        var cov = rules.Standards.Coverage;
        var census = new SchoolYear(y).CensusDate;
        // Attributes that decide title, 普通话 and 双师型 figures, grouped (a few hundred groups per county).
        var groups = await db.StaffYears.Where(t => t.Year == y && t.PostType == PostType.FullTimeTeacher)
            .Join(schools, t => t.SchoolId, s => s.Id, (t, s) => t)
            .Select(t => new
            {
                t.SchoolId,
                t.Title,
                t.Subjects,
                t.MandarinLevel,
                t.StageTaught,
                t.DualQualified,
                Mismatch = db.Set<TeacherQualification>().Any(x => x.StaffId == t.StaffId && (x.IssuedOn == null || x.IssuedOn <= census))
                    && !db.Set<TeacherQualification>().Any(x => x.StaffId == t.StaffId && (x.IssuedOn == null || x.IssuedOn <= census)
                        && (t.StageTaught == null
                            || (t.StageTaught == Stage.Preschool && cov.Preschool.Contains(x.Type))
                            || (t.StageTaught == Stage.Primary && cov.Primary.Contains(x.Type))
                            || (t.StageTaught == Stage.Junior && cov.Junior.Contains(x.Type))
                            || (t.StageTaught == Stage.Senior && cov.Senior.Contains(x.Type))
                            || (t.StageTaught == Stage.Vocational && cov.Vocational.Contains(x.Type))
                            || (t.StageTaught == Stage.Special && cov.Special.Contains(x.Type)))),
            })
            .GroupBy(t => new { t.SchoolId, t.Title, t.Subjects, t.MandarinLevel, t.StageTaught, t.DualQualified, t.Mismatch })
            .Select(g => new { g.Key.SchoolId, g.Key.Title, g.Key.Subjects, g.Key.MandarinLevel, g.Key.StageTaught, g.Key.DualQualified, g.Key.Mismatch, Count = g.Count() })
            .ToListAsync(ct);
        var dual = await db.DualQualifiedCertifications.Where(d => d.CertifiedOn <= census && (d.ValidUntil == null || d.ValidUntil >= census))
            .Join(db.StaffYears.Where(t => t.Year == y), d => d.StaffId, t => t.StaffId, (d, t) => new { t.SchoolId, d.StaffId, d.Level })
            .Join(schools, x => x.SchoolId, s => s.Id, (x, s) => x)
            .GroupBy(x => new { x.SchoolId, x.Level }).Select(g => new { g.Key.SchoolId, g.Key.Level, Count = g.Select(x => x.StaffId).Distinct().Count() })
            .ToListAsync(ct);
        var types = await schools.ToDictionaryAsync(s => s.Id, s => s.Type, ct);
        var rows = new List<QualificationRow>();
        foreach (var (id, name) in await TeacherScope.NamesAsync(schools, ct))
        {
            var mine = groups.Where(g => g.SchoolId == id).ToList();
            if (mine.Count == 0)
            {
                continue;
            }
            var teachers = mine.Sum(g => g.Count);
            var titles = Enum.GetValues<Title>().ToDictionary(t => t, t => mine.Where(g => g.Title == t).Sum(g => g.Count));
            var specialty = mine.Where(g => rules.IsSpecialtyTeacher(g.StageTaught, g.Subjects)).ToList();
            rows.Add(new QualificationRow(id, name, teachers, f.Get(TeacherFigure.Certified, id, y) ?? 0, TeacherScope.Percent(f.Get(TeacherFigure.Certified, id, y) ?? 0, teachers),
                mine.Where(g => g.Mismatch).Sum(g => g.Count), titles, CapsExceeded(rules, types[id], titles, teachers),
                mine.Where(g => g.MandarinLevel is not { } l || l > rules.Standards.MandarinRequired(g.Subjects)).Sum(g => g.Count),
                specialty.Sum(g => g.Count), specialty.Where(g => g.DualQualified).Sum(g => g.Count),
                Enum.GetValues<DualQualifiedLevel>().ToDictionary(l => l, l => dual.Where(d => d.SchoolId == id && d.Level == l).Sum(d => d.Count))));
        }
        var countyTitles = Enum.GetValues<Title>().ToDictionary(t => t, t => rows.Sum(r => r.Titles[t]));
        var county = new QualificationRow(null, "合计", rows.Sum(r => r.Teachers), rows.Sum(r => r.Certified), TeacherScope.Percent(rows.Sum(r => r.Certified), rows.Sum(r => r.Teachers)),
            rows.Sum(r => r.StageMismatch), countyTitles, [.. rows.SelectMany(r => r.TitleCapsExceeded.Select(c => $"{r.School}：{c}"))],
            rows.Sum(r => r.MandarinBelow), rows.Sum(r => r.SpecialtyTeachers), rows.Sum(r => r.DualQualified),
            Enum.GetValues<DualQualifiedLevel>().ToDictionary(l => l, l => rows.Sum(r => r.DualCertified[l])));
        return new QualificationReport(y, rows, county);
    }

    /// <summary>Caps of the standards for this school type that the school exceeds: share of teachers at the title or above.</summary>
    private static List<string> CapsExceeded(TeacherRules rules, SchoolType type, Dictionary<Title, int> titles, int teachers)
    {
        var result = new List<string>();
        foreach (var cap in rules.Standards.Qualifications.TitleCaps.Where(c => c.SchoolTypes.Contains(type)))
        {
            // Title values: a lower number is a higher title (正高级 = 1).
            var share = TeacherScope.Percent(titles.Where(t => t.Key <= cap.Title).Sum(t => t.Value), teachers) ?? 0;
            if (share > (decimal)cap.MaxShare)
            {
                result.Add($"{Labels.Of(cap.Title)}及以上占 {share}%，超过 {cap.MaxShare}%（{cap.Source}）");
            }
        }
        return result;
    }
}
