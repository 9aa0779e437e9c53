using EduCounty.Common;
using EduCounty.Registry;

namespace EduCounty.Indicators.DataElements;

/// <summary>
/// 数据元素: a named, tested query over the registry, giving one number per school year and scope
/// (county, township or school). Indicator expressions refer to it as <c>#{code}</c>.
/// </summary>
/// <param name="Code">Stable dotted code, e.g. <c>enrolment.junior.grade3</c>.</param>
/// <param name="Name">Chinese name as in statistics tables (used in "这个数怎么算的?").</param>
/// <param name="Unit">人, 所 …</param>
/// <param name="Definition">What is counted, in Chinese, with the source clause where there is one.</param>
/// <param name="Rule">Which batched query computes it and how.</param>
/// <param name="FallbackStatisticKey">
/// <see cref="Registry.YearlyStatistic"/> key used for years without records (e.g. the grade-1 intake of 2012).
/// </param>
public sealed record DataElement(
    string Code,
    string Name,
    string Unit,
    string Definition,
    ElementRule Rule,
    string? FallbackStatisticKey = null)
{
    /// <summary>True when the element means something for one school (population and county statistics do not).</summary>
    public bool SchoolLevel => Rule is not (PopulationRule or StatisticRule);
}

/// <summary>How an element is computed; each kind is one batched GROUP BY query (see <see cref="DataElementLoader"/>).</summary>
public abstract record ElementRule;

/// <summary>One row of the census aggregate (GradeEnrolment ⋈ School, grouped); an unknown measure is 0 with its flag set.</summary>
public sealed record EnrolmentRow(int Year, string Grade, SchoolType Type, Ownership Ownership, bool? Inclusive,
    int Students, int NewEntrants, int FreshGraduateEntrants, int Graduates)
{
    /// <summary>统计上报 or 学籍推算 (docs/adr/0025).</summary>
    public CensusSource Source { get; init; } = CensusSource.Reported;

    /// <summary>Some rows of the group have no 毕业生数 (a derived census without last year's 学籍 snapshots).</summary>
    public bool GraduatesUnknown { get; init; }

    /// <summary>Some rows of the group have no 应届初中毕业生招生数.</summary>
    public bool FreshGraduateEntrantsUnknown { get; init; }
}

/// <summary>Sum of a measure over census rows (GradeEnrolment: 秋季统计, 教学点 included).</summary>
public sealed record EnrolmentRule(Func<EnrolmentRow, bool> Where, Func<EnrolmentRow, int> Measure) : ElementRule
{
    /// <summary>
    /// For a counted row whose measure or attribute is not known: what is missing, in Chinese (the element is then
    /// missing with that reason, never a made-up 0); null when known.
    /// </summary>
    public Func<EnrolmentRow, string?>? Unknown { get; init; }
}

/// <summary>One row of the staff aggregate (StaffYear ⋈ School, grouped). <see cref="Subjects"/> is kept for 中职 teachers
/// only (专业课 or 公共基础课, docs/adr/0027); <see cref="KeyTeacherLevel"/> is the 骨干教师 level, if any.</summary>
public sealed record StaffRow(int Year, PostType PostType, Establishment Establishment, Stage? StageTaught,
    bool DualQualified, bool MandarinMeetsStandard, int Count, string? Subjects = null, KeyTeacherLevel? KeyTeacherLevel = null);

/// <summary>Count of per-year staff snapshots (StaffYear).</summary>
public sealed record StaffRule(Func<StaffRow, bool> Where) : ElementRule;

/// <summary>
/// Count of per-year student snapshots (StudentYear) of students with a disability, by grade; with an age range, only those
/// of that age (周岁) on 31 August before the school year (the 入学年龄 cut-off, docs/adr/0027).
/// </summary>
public sealed record DisabledStudentsRule(Func<string, bool> GradeWhere, int? MinAge = null, int? MaxAge = null) : ElementRule
{
    /// <summary>The student's age (周岁) on 31 August before the school year starting in <paramref name="year"/>.</summary>
    public static int AgeAt(DateOnly birth, int year) => year - birth.Year - (birth.Month > 8 ? 1 : 0);

    /// <summary>True when a student born on <paramref name="birth"/> is in the age range in <paramref name="year"/>.</summary>
    public bool AgeFits(DateOnly birth, int year) => AgeAt(birth, year) is var a && (MinAge is not { } lo || a >= lo) && (MaxAge is not { } hi || a <= hi);
}

/// <summary>Sum of single-age population (AgePopulation) from <paramref name="FromAge"/> to <paramref name="ToAge"/>.</summary>
public sealed record PopulationRule(int FromAge, int ToAge) : ElementRule;

/// <summary>A yearly statistic only (YearlyStatistic with this key).</summary>
public sealed record StatisticRule(string Key) : ElementRule;

/// <summary>One row of the school aggregate (School, grouped by the attributes below).</summary>
public sealed record SchoolRow(SchoolType Type, bool IsTeachingPoint, bool? NationalLanguage, int? DigitalCampusYear,
    DateOnly? OpenedOn, DateOnly? ClosedOn, int Count)
{
    /// <summary>Open at the census date of the school year starting in <paramref name="year"/>.</summary>
    public bool OpenIn(int year) => OpenSchools.IsOpen(OpenedOn, ClosedOn, new SchoolYear(year).CensusDate);
}

/// <summary>Count of schools open at the census date that satisfy <paramref name="Where"/> (row, school year start).</summary>
public sealed record SchoolRule(Func<SchoolRow, int, bool> Where) : ElementRule
{
    /// <summary>For a school the element needs an attribute of that was not reported: the attribute (学校基本信息 column); else null.</summary>
    public Func<SchoolRow, int, string?>? Unknown { get; init; }
}

/// <summary>Level of a <see cref="DataScope"/>.</summary>
public enum ScopeLevel
{
    /// <summary>县 (School.CountyCode; population and statistics by the county's division code).</summary>
    County = 1,

    /// <summary>乡镇/街道 (School.TownshipCode).</summary>
    Township = 2,

    /// <summary>One school (School.Id; its 教学点 are separate schools).</summary>
    School = 3,
}

/// <summary>Where element values are computed: a county, a township or one school.</summary>
public sealed record DataScope(ScopeLevel Level, string Code)
{
    /// <summary>A county by its six-digit code.</summary>
    public static DataScope County(string code) => new(ScopeLevel.County, code);

    /// <summary>A township by its nine-digit code.</summary>
    public static DataScope Township(string code) => new(ScopeLevel.Township, code);

    /// <summary>One school by id.</summary>
    public static DataScope School(int id) => new(ScopeLevel.School, id.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>A loaded element value with where it came from.</summary>
/// <param name="Value">The number, or null when there is none.</param>
/// <param name="Source">秋季统计（统计上报 / 学籍推算）, 教职工年度记录, 学校名录, or the statistic's key and source, in Chinese.</param>
public sealed record ElementValue(decimal? Value, string Source);
