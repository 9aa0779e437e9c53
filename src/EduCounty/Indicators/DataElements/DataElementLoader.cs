using System.Globalization;
using EduCounty.Common;
using EduCounty.Indicators.Expressions;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Indicators.DataElements;

/// <summary>
/// Loads element values for a set of (element, school year) pairs: the engine's "one batch load" pass. Elements are
/// grouped by their rule kind and each kind needed runs ONE aggregate query over the union of the years, so a whole
/// plan evaluation for six years costs at most six round trips whatever the number of indicators.
/// </summary>
public static class DataElementLoader
{
    private const string FromStudents = "学籍记录";
    private const string FromStaff = "教职工年度记录";
    private const string FromSchools = "学校名录";
    private const string FromPopulation = "分年龄人口";
    private const string FromTeachers = "教师队伍记录（培训、交流轮岗、称号）";

    /// <summary>Loads the values of <paramref name="wanted"/> (element code, school year start) in <paramref name="scope"/>.</summary>
    /// <exception cref="ArgumentException">An element code is unknown.</exception>
    public static async Task<DataElementValues> LoadAsync(EduDb db, IEnumerable<(string Code, int Year)> wanted, DataScope scope, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(wanted);
        ArgumentNullException.ThrowIfNull(scope);
        var pairs = wanted.Distinct().ToList();
        var elements = pairs.Select(p => p.Code).Distinct(StringComparer.Ordinal)
            .Select(c => DataElementCatalog.Find(c) ?? throw new ArgumentException($"未知的数据元素“{c}”", nameof(wanted)))
            .ToList();
        var years = pairs.Select(p => p.Year).Distinct().Order().ToList();
        // A year range (index-friendly) rather than IN (…): rows of unrequested years in between are simply not read out.
        var (from, to) = years.Count > 0 ? (years[0], years[^1]) : (0, -1);
        var result = new Dictionary<(string, int), ElementValue>();

        var schools = ScopedSchools(db, scope);

        // 1. Census aggregate: GradeEnrolment ⋈ School GROUP BY year, grade, type, ownership, 普惠.
        var enrolmentRows = elements.Any(e => e.Rule is EnrolmentRule) ? await LoadEnrolmentAsync(db, schools, from, to, ct) : [];

        var yearsWithRecords = enrolmentRows.Select(r => r.Year).ToHashSet();

        // 2. Yearly statistics: statistic-only elements, and fallbacks for years without records.
        var statKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (code, year) in pairs)
        {
            var e = DataElementCatalog.Find(code)!;
            if (e.Rule is StatisticRule s) statKeys.Add(s.Key);
            else if (e.FallbackStatisticKey is { } k && !yearsWithRecords.Contains(year)) statKeys.Add(k);
        }

        var stats = new Dictionary<(string, int), (double Value, string? Source)>();
        if (statKeys.Count > 0 && scope.Level != ScopeLevel.School)
        {
            var keys = statKeys.ToList();
            var rows = await db.YearlyStatistics
                .Where(s => s.DivisionCode == scope.Code && s.Year >= from && s.Year <= to && keys.Contains(s.Key))
                .Select(s => new { s.Key, s.Year, s.Value, s.Source })
                .ToListAsync(ct);
            foreach (var r in rows) stats[(r.Key, r.Year)] = (r.Value, r.Source);
        }

        // 3. Staff aggregate: StaffYear ⋈ School GROUP BY year, post, 编制, 学段, 双师型, 普通话达标.
        var staffRows = elements.Any(e => e.Rule is StaffRule) ? await LoadStaffAsync(db, schools, from, to, ct) : [];

        // 4. Students with a disability: StudentYear ⋈ Student GROUP BY year, grade.
        var disabledRows = elements.Any(e => e.Rule is DisabledStudentsRule) ? await LoadDisabledAsync(db, schools, from, to, ct) : [];

        // 5. Population by single age: AgePopulation GROUP BY year, age (county or township).
        var population = new Dictionary<(int Year, int Age), int>();
        if (elements.Any(e => e.Rule is PopulationRule) && scope.Level != ScopeLevel.School)
        {
            var rows = await db.AgePopulations.Where(p => p.DivisionCode == scope.Code && p.Year >= from && p.Year <= to)
                .GroupBy(p => new { p.Year, p.Age })
                .Select(g => new { g.Key.Year, g.Key.Age, Count = g.Sum(p => p.Count) })
                .ToListAsync(ct);
            foreach (var r in rows) population[(r.Year, r.Age)] = r.Count;
        }

        // 6. Schools: School GROUP BY type, 教学点, 国家通用语言, 数字校园年份, opening and closing dates.
        var schoolRows = elements.Any(e => e.Rule is SchoolRule) ? await LoadSchoolsAsync(schools, ct) : [];

        // 7. 教师队伍 records (issue 16): one call into Teachers for the figures asked, summed over the scope's schools.
        var teacherFigures = await LoadTeacherRecordsAsync(db, schools, pairs, ct);

        var staffYears = staffRows.Select(r => r.Year).ToHashSet();
        var populationYears = population.Keys.Select(k => k.Year).ToHashSet();
        foreach (var (code, year) in pairs)
        {
            var e = DataElementCatalog.Find(code)!;
            result[(code, year)] = e.Rule switch
            {
                EnrolmentRule r when yearsWithRecords.Contains(year) => Census(enrolmentRows, r, year),
                EnrolmentRule when e.FallbackStatisticKey is { } k => Statistic(k, year),
                EnrolmentRule => new ElementValue(null, $"{YearText(year)} 学年没有秋季统计记录"),
                StatisticRule s => Statistic(s.Key, year),
                StaffRule r when staffYears.Contains(year) =>
                    new ElementValue(staffRows.Where(x => x.Year == year && r.Where(x)).Sum(x => x.Count), FromStaff),
                StaffRule => new ElementValue(null, $"{YearText(year)} 学年没有教职工年度记录"),
                DisabledStudentsRule r when yearsWithRecords.Contains(year) || disabledRows.Any(x => x.Year == year) =>
                    new ElementValue(disabledRows.Where(x => x.Year == year && r.GradeWhere(x.Grade) && r.AgeFits(x.BirthDate, year)).Sum(x => x.Count), FromStudents),
                DisabledStudentsRule => new ElementValue(null, $"{YearText(year)} 学年没有学籍记录"),
                PopulationRule p when scope.Level == ScopeLevel.School => new ElementValue(null, "人口数不按学校统计"),
                PopulationRule p when populationYears.Contains(year) =>
                    new ElementValue(Enumerable.Range(p.FromAge, p.ToAge - p.FromAge + 1).Sum(a => population.GetValueOrDefault((year, a))), FromPopulation),
                PopulationRule => new ElementValue(null, $"{YearText(year)} 年没有分年龄人口数据"),
                SchoolRule r => Schools(schoolRows, r, year),
                TeacherRecordRule t => teacherFigures!.Total(t.Figure, year) is { } v
                    ? new ElementValue(v, FromTeachers)
                    : new ElementValue(null, $"{YearText(year)} 学年没有{e.Name}所需的教师队伍记录"),
                _ => throw new InvalidOperationException(e.Rule.GetType().Name),
            };
        }

        return new DataElementValues(result);

        ElementValue Statistic(string key, int year)
        {
            if (scope.Level == ScopeLevel.School) return new ElementValue(null, "年度统计数不按学校统计");
            // The key read is printed as it is (plan explain), with the source the import gave.
            return stats.TryGetValue((key, year), out var s)
                ? new ElementValue((decimal)s.Value, $"年度统计“{key}”" + (s.Source is { } src ? "：" + src : ""))
                : new ElementValue(null, $"缺少 {YearText(year)} 年度统计“{key}”");
        }
    }

    /// <summary>Census aggregate: GradeEnrolment ⋈ School GROUP BY year, grade, type, ownership, 普惠.</summary>
    private static async Task<List<EnrolmentRow>> LoadEnrolmentAsync(EduDb db, IQueryable<Registry.School> schools, int from, int to, CancellationToken ct)
    {
        return (await db.GradeEnrolments.Where(e => e.Year >= from && e.Year <= to)
                .Join(schools, e => e.SchoolId, s => s.Id, (e, s) => new { e, s.Type, s.Ownership, s.Inclusive })
                .GroupBy(x => new { x.e.Year, x.e.Grade, x.Type, x.Ownership, x.Inclusive, x.e.Source })
                .Select(g => new
                {
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
                .ToListAsync(ct))
            .Select(r => new EnrolmentRow(r.Year, r.Grade, r.Type, r.Ownership, r.Inclusive, r.Students, r.NewEntrants, r.Fresh, r.Graduates)
            {
                Source = r.Source,
                FreshGraduateEntrantsUnknown = r.FreshUnknown == 1,
                GraduatesUnknown = r.GraduatesUnknown == 1,
            })
            .ToList();
    }

    /// <summary>
    /// A census element: the sum over the rows it counts, with their source (统计上报 / 学籍推算); missing when a counted
    /// row lacks what the element needs (<see cref="EnrolmentRule.Unknown"/>).
    /// </summary>
    private static ElementValue Census(List<EnrolmentRow> rows, EnrolmentRule r, int year)
    {
        var counted = rows.Where(x => x.Year == year && r.Where(x)).ToList();
        if (r.Unknown is { } unknown && counted.Select(unknown).FirstOrDefault(u => u is not null) is { } what)
        {
            return new ElementValue(null, $"{YearText(year)} 学年秋季统计缺少{what}");
        }
        var sources = (counted.Count > 0 ? counted : rows.Where(x => x.Year == year)).Select(x => x.Source).Distinct().Order();
        return new ElementValue(counted.Sum(r.Measure), $"秋季统计（{string.Join("、", sources.Select(CensusSources.Label))}）");
    }

    /// <summary>A school count; missing when an open school the element needs lacks the attribute (<see cref="SchoolRule.Unknown"/>).</summary>
    private static ElementValue Schools(List<SchoolRow> rows, SchoolRule r, int year)
    {
        var open = rows.Where(x => x.OpenIn(year)).ToList();
        if (r.Unknown is { } unknown && open.Select(x => (x.Count, What: unknown(x, year))).Where(x => x.What is not null).ToList() is { Count: > 0 } gaps)
        {
            return new ElementValue(null, $"{gaps.Sum(x => x.Count)} 所学校缺少{gaps[0].What}");
        }
        return new ElementValue(open.Where(x => r.Where(x, year)).Sum(x => x.Count), FromSchools);
    }

    /// <summary>Staff aggregate: StaffYear ⋈ School GROUP BY year, post, 编制, 学段, 双师型, 普通话达标, 骨干 level and (中职 only) 任教学科.</summary>
    private static async Task<List<StaffRow>> LoadStaffAsync(EduDb db, IQueryable<Registry.School> schools, int from, int to, CancellationToken ct)
    {
        return (await db.StaffYears.Where(s => s.Year >= from && s.Year <= to)
                .Join(schools, t => t.SchoolId, s => s.Id, (t, s) => t)
                .GroupBy(t => new
                {
                    t.Year,
                    t.PostType,
                    t.Establishment,
                    t.StageTaught,
                    t.DualQualified,
                    t.MandarinMeetsStandard,
                    t.KeyTeacherLevel,
                    Subjects = t.StageTaught == Stage.Vocational ? t.Subjects : null,
                })
                .Select(g => new { g.Key.Year, g.Key.PostType, g.Key.Establishment, g.Key.StageTaught, g.Key.DualQualified, g.Key.MandarinMeetsStandard, g.Key.KeyTeacherLevel, g.Key.Subjects, Count = g.Count() })
                .ToListAsync(ct))
            .Select(r => new StaffRow(r.Year, r.PostType, r.Establishment, r.StageTaught, r.DualQualified, r.MandarinMeetsStandard, r.Count, r.Subjects, r.KeyTeacherLevel))
            .ToList();
    }

    /// <summary>Students with a disability: StudentYear ⋈ Student GROUP BY year, grade, birth date (for an age range).</summary>
    private static async Task<List<(int Year, string Grade, DateOnly BirthDate, int Count)>> LoadDisabledAsync(EduDb db, IQueryable<Registry.School> schools, int from, int to, CancellationToken ct)
    {
        return (await db.StudentYears.Where(y => y.Year >= from && y.Year <= to)
                .Join(db.Students.Where(s => s.Disabled), y => y.StudentId, s => s.Id, (y, s) => new { y.Year, y.Grade, y.SchoolId, s.BirthDate })
                .Join(schools, y => y.SchoolId, s => s.Id, (y, s) => y)
                .GroupBy(y => new { y.Year, y.Grade, y.BirthDate })
                .Select(g => new { g.Key.Year, g.Key.Grade, g.Key.BirthDate, Count = g.Count() })
                .ToListAsync(ct))
            .Select(r => (r.Year, r.Grade, r.BirthDate, r.Count))
            .ToList();
    }

    /// <summary>Schools GROUP BY type, 教学点, 国家通用语言, 数字校园年份, opening and closing dates.</summary>
    private static async Task<List<SchoolRow>> LoadSchoolsAsync(IQueryable<Registry.School> schools, CancellationToken ct)
    {
        return (await schools
                .GroupBy(s => new { s.Type, s.IsTeachingPoint, s.NationalLanguage, s.DigitalCampusYear, s.OpenedOn, s.ClosedOn })
                .Select(g => new { g.Key.Type, g.Key.IsTeachingPoint, g.Key.NationalLanguage, g.Key.DigitalCampusYear, g.Key.OpenedOn, g.Key.ClosedOn, Count = g.Count() })
                .ToListAsync(ct))
            .Select(r => new SchoolRow(r.Type, r.IsTeachingPoint, r.NationalLanguage, r.DigitalCampusYear, r.OpenedOn, r.ClosedOn, r.Count))
            .ToList();
    }

    /// <summary>The 教师队伍 figures of the elements asked (issue 16), or null when none is asked.</summary>
    private static async Task<Teachers.TeacherFigureSet?> LoadTeacherRecordsAsync(EduDb db, IQueryable<Registry.School> schools, List<(string Code, int Year)> pairs, CancellationToken ct)
    {
        var asked = pairs.Select(p => (DataElementCatalog.Find(p.Code)!.Rule as TeacherRecordRule, p.Year)).Where(p => p.Item1 is not null).ToList();
        return asked.Count == 0 ? null : await Teachers.CountTeacherFigures.HandleAsync(db, schools, asked.Select(p => p.Year),
            [.. asked.Select(p => p.Item1!.Figure).Distinct()], Teachers.TeacherRules.National, ct);
    }

    private static string YearText(int year) => new SchoolYear(year).ToString();

    private static IQueryable<Registry.School> ScopedSchools(EduDb db, DataScope scope)
    {
        switch (scope.Level)
        {
            case ScopeLevel.County:
                return db.Schools.Where(s => s.CountyCode == scope.Code);
            case ScopeLevel.Township:
                return db.Schools.Where(s => s.TownshipCode == scope.Code);
            default:
                var id = int.Parse(scope.Code, CultureInfo.InvariantCulture);
                return db.Schools.Where(s => s.Id == id);
        }
    }
}

/// <summary>Loaded element values by (code, school year start).</summary>
public sealed class DataElementValues(IReadOnlyDictionary<(string Code, int Year), ElementValue> values)
{
    /// <summary>All loaded values.</summary>
    public IReadOnlyDictionary<(string Code, int Year), ElementValue> Values { get; } = values;

    /// <summary>The value of an element in a school year, or null when not loaded.</summary>
    public ElementValue? Get(string code, int year) => Values.GetValueOrDefault((code, year));

    /// <summary>A lookup for evaluating expressions in school year <paramref name="year"/> (offsets are years back).</summary>
    public Func<DataElementRef, decimal?> For(int year) => r => Get(r.Code, year + r.YearOffset)?.Value;
}
