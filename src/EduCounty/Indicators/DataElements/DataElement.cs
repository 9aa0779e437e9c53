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

/// <summary>One row of the census aggregate (GradeEnrolment ⋈ School, grouped).</summary>
public sealed record EnrolmentRow(int Year, string Grade, SchoolType Type, Ownership Ownership, bool Inclusive,
    int Students, int NewEntrants, int FreshGraduateEntrants, int Graduates);

/// <summary>Sum of a measure over census rows (GradeEnrolment: 秋季统计, 教学点 included).</summary>
public sealed record EnrolmentRule(Func<EnrolmentRow, bool> Where, Func<EnrolmentRow, int> Measure) : ElementRule;

/// <summary>One row of the staff aggregate (StaffYear ⋈ School, grouped).</summary>
public sealed record StaffRow(int Year, PostType PostType, Establishment Establishment, Stage? StageTaught,
    bool DualQualified, bool MandarinMeetsStandard, int Count);

/// <summary>Count of per-year staff snapshots (StaffYear).</summary>
public sealed record StaffRule(Func<StaffRow, bool> Where) : ElementRule;

/// <summary>Count of per-year student snapshots (StudentYear) of students with a disability, by grade.</summary>
public sealed record DisabledStudentsRule(Func<string, bool> GradeWhere) : ElementRule;

/// <summary>Sum of single-age population (AgePopulation) from <paramref name="FromAge"/> to <paramref name="ToAge"/>.</summary>
public sealed record PopulationRule(int FromAge, int ToAge) : ElementRule;

/// <summary>A yearly statistic only (YearlyStatistic with this key).</summary>
public sealed record StatisticRule(string Key) : ElementRule;

/// <summary>One row of the school aggregate (School, grouped by the attributes below).</summary>
public sealed record SchoolRow(SchoolType Type, bool IsTeachingPoint, bool NationalLanguage, int? DigitalCampusYear,
    DateOnly? OpenedOn, DateOnly? ClosedOn, int Count)
{
    /// <summary>Open at the census date of the school year starting in <paramref name="year"/>.</summary>
    public bool OpenIn(int year) => OpenSchools.IsOpen(OpenedOn, ClosedOn, new SchoolYear(year).CensusDate);
}

/// <summary>Count of schools open at the census date that satisfy <paramref name="Where"/> (row, school year start).</summary>
public sealed record SchoolRule(Func<SchoolRow, int, bool> Where) : ElementRule;

/// <summary>
/// A figure of the 教师队伍 records (training, rotation, titles, enterprise practice), summed over the scope's schools;
/// computed by Teachers/CountTeacherFigures with the shipped teachers standards (issue 16).
/// </summary>
public sealed record TeacherRecordRule(Teachers.TeacherFigure Figure) : ElementRule;

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
/// <param name="Source">学籍/教职工记录, 秋季统计, or the statistic's source, in Chinese.</param>
public sealed record ElementValue(decimal? Value, string Source);
