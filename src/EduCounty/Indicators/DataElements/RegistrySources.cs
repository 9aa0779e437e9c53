using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Indicators.DataElements;

/// <summary>Rows of one source by unit, with a value function over one unit's rows of a year.</summary>
/// <remarks>Rows without a year (<paramref name="yearOf"/> null: the school directory) give a value every year. The rows are
/// split by (unit, year) once, not filtered again for every element and year asked (issue 20: the loader's C# time grew
/// with elements × years × the unit's rows).</remarks>
internal sealed class RowValues<TRow>(ILookup<string, TRow> byUnit, Func<TRow, int>? yearOf, Func<DataElement, IEnumerable<TRow>, int, ElementValue> value,
    Func<int, string> missing, Func<string, int, bool>? hasRecords = null) : SourceValues
{
    private readonly Dictionary<(string Unit, int Year), List<TRow>> _byYear = yearOf is null ? []
        : byUnit.SelectMany(g => g.Select(r => (g.Key, Row: r)))
            .GroupBy(x => (x.Key, yearOf!(x.Row)))
            .ToDictionary(g => g.Key, g => g.Select(x => x.Row).ToList());

    /// <summary>The rows of <paramref name="unit"/> in <paramref name="year"/> (empty when none).</summary>
    public IReadOnlyList<TRow> Rows(string unit, int year) => _byYear.TryGetValue((unit, year), out var rows) ? rows : [];

    public override ElementValue? Get(DataElement element, string unit, int year)
    {
        if (yearOf is null) return value(element, byUnit[unit], year);
        var rows = Rows(unit, year);
        return (hasRecords?.Invoke(unit, year) ?? rows.Count > 0) ? value(element, rows, year) : null;
    }

    public override string Missing(int year) => missing(year);
}

/// <summary>秋季统计: GradeEnrolment ⋈ School GROUP BY unit, year, grade, type, ownership, 普惠, source (统计上报 / 学籍推算).</summary>
internal sealed class EnrolmentSource : DataElementSource
{
    public override int Order => 0;

    public override bool Handles(ElementRule rule) => rule is EnrolmentRule;

    public override async Task<SourceValues> LoadAsync(ElementLoad load, IReadOnlyList<DataElement> elements, CancellationToken ct)
    {
        var rows = await load.Db.GradeEnrolments.Where(e => e.Year >= load.From && e.Year <= load.To)
            .Join(load.Schools, e => e.SchoolId, s => s.School.Id, (e, s) => new { e, s.Unit, s.School.Type, s.School.Ownership, s.School.Inclusive })
            .GroupBy(x => new { x.Unit, x.e.Year, x.e.Grade, x.Type, x.Ownership, x.Inclusive, x.e.Source })
            .Select(g => new
            {
                g.Key.Unit,
                g.Key.Year,
                g.Key.Grade,
                g.Key.Type,
                g.Key.Ownership,
                g.Key.Inclusive,
                g.Key.Source,
                Students = g.Sum(x => x.e.Students),
                NewEntrants = g.Sum(x => x.e.NewEntrants),
                Fresh = g.Sum(x => x.e.FreshGraduateEntrants ?? 0),
                Graduates = g.Sum(x => x.e.Graduates ?? 0),
                FreshUnknown = g.Max(x => x.e.FreshGraduateEntrants == null ? 1 : 0),
                GraduatesUnknown = g.Max(x => x.e.Graduates == null ? 1 : 0),
            })
            .ToListAsync(ct);
        load.SetCensusYears(rows.Select(r => (r.Unit, r.Year)));
        var byUnit = rows.ToLookup(r => r.Unit, r => new EnrolmentRow(r.Year, r.Grade, r.Type, r.Ownership, r.Inclusive, r.Students, r.NewEntrants, r.Fresh, r.Graduates)
        {
            Source = r.Source,
            FreshGraduateEntrantsUnknown = r.FreshUnknown == 1,
            GraduatesUnknown = r.GraduatesUnknown == 1,
        });
        return new RowValues<EnrolmentRow>(byUnit, r => r.Year, (e, rs, year) => Census([.. rs], (EnrolmentRule)e.Rule, year),
            y => $"{new SchoolYear(y)} 学年没有秋季统计记录");
    }

    /// <summary>
    /// A census element: the sum over the rows it counts (one unit, one year), with their source (统计上报 / 学籍推算);
    /// missing when a counted row lacks what the element needs (<see cref="EnrolmentRule.Unknown"/>).
    /// </summary>
    private static ElementValue Census(List<EnrolmentRow> yearRows, EnrolmentRule r, int year)
    {
        var counted = yearRows.Where(r.Where).ToList();
        if (r.Unknown is { } unknown && counted.Select(unknown).FirstOrDefault(u => u is not null) is { } what)
        {
            return new ElementValue(null, $"{new SchoolYear(year)} 学年秋季统计缺少{what}");
        }
        var sources = (counted.Count > 0 ? counted : yearRows).Select(x => x.Source).Distinct().Order();
        return new ElementValue(counted.Sum(r.Measure), $"秋季统计（{string.Join("、", sources.Select(CensusSources.Label))}）");
    }
}

/// <summary>教职工年度记录: StaffYear ⋈ School GROUP BY unit, year, post, 编制, 学段, 双师型, 普通话达标, 骨干 level and (中职 only) 任教学科.</summary>
internal sealed class StaffSource : DataElementSource
{
    public override bool Handles(ElementRule rule) => rule is StaffRule;

    public override async Task<SourceValues> LoadAsync(ElementLoad load, IReadOnlyList<DataElement> elements, CancellationToken ct)
    {
        // Two levels (issue 20: this statement was half of the county evaluation on SQLite). The yearly rows are grouped
        // by unit, school and the raw columns first, in the order of the covering index StaffYears (SchoolId, Year,
        // PostType, …, Subjects): SQLite walks each school's index entries in order and counts them as they come, with
        // no sort and no table read (the demo county: 12,949 rows → 4,582 groups). Those groups are then grouped by
        // unit, with 任教学科 kept for 中职 only (826 groups).
        var bySchool = load.Db.StaffYears.Where(s => s.Year >= load.From && s.Year <= load.To)
            .Join(load.Schools, t => t.SchoolId, s => s.School.Id, (t, s) => new { t, s.Unit, SchoolId = s.School.Id })
            .GroupBy(x => new
            {
                x.Unit,
                x.SchoolId,
                x.t.Year,
                x.t.PostType,
                x.t.Establishment,
                x.t.StageTaught,
                x.t.DualQualified,
                x.t.MandarinMeetsStandard,
                x.t.KeyTeacherLevel,
                x.t.Subjects,
            })
            .Select(g => new
            {
                g.Key.Unit,
                g.Key.Year,
                g.Key.PostType,
                g.Key.Establishment,
                g.Key.StageTaught,
                g.Key.DualQualified,
                g.Key.MandarinMeetsStandard,
                g.Key.KeyTeacherLevel,
                g.Key.Subjects,
                Count = g.Count(),
            });
        var rows = await bySchool
            .GroupBy(x => new
            {
                x.Unit,
                x.Year,
                x.PostType,
                x.Establishment,
                x.StageTaught,
                x.DualQualified,
                x.MandarinMeetsStandard,
                x.KeyTeacherLevel,
                Subjects = x.StageTaught == Stage.Vocational ? x.Subjects : null,
            })
            .Select(g => new
            {
                g.Key.Unit,
                g.Key.Year,
                g.Key.PostType,
                g.Key.Establishment,
                g.Key.StageTaught,
                g.Key.DualQualified,
                g.Key.MandarinMeetsStandard,
                g.Key.KeyTeacherLevel,
                g.Key.Subjects,
                Count = g.Sum(x => x.Count),
            })
            .ToListAsync(ct);
        var byUnit = rows.ToLookup(r => r.Unit, r => new StaffRow(r.Year, r.PostType, r.Establishment, r.StageTaught, r.DualQualified, r.MandarinMeetsStandard,
            r.Count, r.Subjects, r.KeyTeacherLevel));
        return new RowValues<StaffRow>(byUnit, r => r.Year,
            (e, rs, _) => new ElementValue(rs.Where(((StaffRule)e.Rule).Where).Sum(x => x.Count), "教职工年度记录"),
            y => $"{new SchoolYear(y)} 学年没有教职工年度记录");
    }
}

/// <summary>
/// 学生记录: StudentYear ⋈ Student (with a disability) ⋈ School GROUP BY unit, year, grade. The students with a
/// disability are read through the partial index on Students (IX_Students_Disabled), so the statement's cost follows
/// the number of such students, not the size of the database (issue 20: it scanned every student before).
/// </summary>
internal sealed class DisabledStudentsSource : DataElementSource
{
    public override int Order => 10;

    public override bool Handles(ElementRule rule) => rule is DisabledStudentsRule;

    public override async Task<SourceValues> LoadAsync(ElementLoad load, IReadOnlyList<DataElement> elements, CancellationToken ct)
    {
        // The flag, not the category: the category is encrypted (docs/adr/0024); birth dates for an age range.
        var rows = await load.Db.StudentYears.Where(y => y.Year >= load.From && y.Year <= load.To)
            .Join(load.Db.Students.Where(s => s.Disabled), y => y.StudentId, s => s.Id, (y, s) => new { y.Year, y.Grade, y.SchoolId, s.BirthDate })
            .Join(load.Schools, y => y.SchoolId, s => s.School.Id, (y, s) => new { y.Year, y.Grade, y.BirthDate, s.Unit })
            .GroupBy(x => new { x.Unit, x.Year, x.Grade, x.BirthDate })
            .Select(g => new { g.Key.Unit, g.Key.Year, g.Key.Grade, g.Key.BirthDate, Count = g.Count() })
            .ToListAsync(ct);
        // A year with census records but no student with a disability counts 0 (not "no records").
        var census = await load.CensusYearsAsync(ct);
        var byUnit = rows.ToLookup(r => r.Unit, r => (r.Year, r.Grade, r.BirthDate, r.Count));
        var withRecords = rows.Select(r => (r.Unit, r.Year)).ToHashSet();
        return new RowValues<(int Year, string Grade, DateOnly BirthDate, int Count)>(byUnit, r => r.Year,
            (e, rs, year) => new ElementValue(rs.Where(x => ((DisabledStudentsRule)e.Rule).GradeWhere(x.Grade) && ((DisabledStudentsRule)e.Rule).AgeFits(x.BirthDate, year))
                .Sum(x => x.Count), DataElementLoader.FromStudents),
            y => $"{new SchoolYear(y)} 学年没有学籍记录",
            (unit, year) => census.Contains((unit, year)) || withRecords.Contains((unit, year)));
    }
}

/// <summary>学校名录: School GROUP BY unit, type, 教学点, 国家通用语言, 数字校园年份, opening and closing dates.</summary>
internal sealed class SchoolSource : DataElementSource
{
    public override bool Handles(ElementRule rule) => rule is SchoolRule;

    public override async Task<SourceValues> LoadAsync(ElementLoad load, IReadOnlyList<DataElement> elements, CancellationToken ct)
    {
        var rows = await load.Schools
            .GroupBy(x => new { x.Unit, x.School.Type, x.School.IsTeachingPoint, x.School.NationalLanguage, x.School.DigitalCampusYear, x.School.OpenedOn, x.School.ClosedOn })
            .Select(g => new { g.Key.Unit, g.Key.Type, g.Key.IsTeachingPoint, g.Key.NationalLanguage, g.Key.DigitalCampusYear, g.Key.OpenedOn, g.Key.ClosedOn, Count = g.Count() })
            .ToListAsync(ct);
        var byUnit = rows.ToLookup(r => r.Unit, r => new SchoolRow(r.Type, r.IsTeachingPoint, r.NationalLanguage, r.DigitalCampusYear, r.OpenedOn, r.ClosedOn, r.Count));
        // The directory has no years: every year has a value (0 schools when none is open).
        return new RowValues<SchoolRow>(byUnit, null, (e, rs, year) => Schools([.. rs], (SchoolRule)e.Rule, year), _ => "");
    }

    /// <summary>A school count; missing when an open school the element needs lacks the attribute (<see cref="SchoolRule.Unknown"/>).</summary>
    private static ElementValue Schools(List<SchoolRow> rows, SchoolRule r, int year)
    {
        var open = rows.Where(x => x.OpenIn(year)).ToList();
        if (r.Unknown is { } unknown && open.Select(x => (x.Count, What: unknown(x, year))).Where(x => x.What is not null).ToList() is { Count: > 0 } gaps)
        {
            return new ElementValue(null, $"{gaps.Sum(x => x.Count)} 所学校缺少{gaps[0].What}");
        }
        return new ElementValue(open.Where(x => r.Where(x, year)).Sum(x => x.Count), "学校名录");
    }
}

/// <summary>分年龄人口: AgePopulation GROUP BY division, year, age (counties and townships have their own rows; schools none).</summary>
internal sealed class PopulationSource : DataElementSource
{
    public override bool Handles(ElementRule rule) => rule is PopulationRule;

    public override async Task<SourceValues> LoadAsync(ElementLoad load, IReadOnlyList<DataElement> elements, CancellationToken ct)
    {
        if (load.Level == ScopeLevel.School)
        {
            return new RowValues<int>(Array.Empty<int>().ToLookup(_ => ""), null, (_, _, _) => new ElementValue(null, "人口数不按学校统计"), _ => "");
        }
        var codes = load.Units.ToList();
        var rows = await load.Db.AgePopulations.Where(p => codes.Contains(p.DivisionCode) && p.Year >= load.From && p.Year <= load.To)
            .GroupBy(p => new { p.DivisionCode, p.Year, p.Age })
            .Select(g => new { g.Key.DivisionCode, g.Key.Year, g.Key.Age, Count = g.Sum(p => p.Count) })
            .ToListAsync(ct);
        var byUnit = rows.ToLookup(r => r.DivisionCode, r => (r.Year, r.Age, r.Count));
        return new RowValues<(int Year, int Age, int Count)>(byUnit, r => r.Year,
            (e, rs, _) => new ElementValue(rs.Where(x => x.Age >= ((PopulationRule)e.Rule).FromAge && x.Age <= ((PopulationRule)e.Rule).ToAge).Sum(x => x.Count), "分年龄人口"),
            y => $"{y} 年没有分年龄人口数据");
    }
}
