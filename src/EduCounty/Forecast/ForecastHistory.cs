using EduCounty.Common;

namespace EduCounty.Forecast;

/// <summary>A school as the forecast sees it, with its classrooms available and where that figure comes from.</summary>
public sealed record ForecastSchool(int Id, string Code, string Name, SchoolType Type, string TownshipCode, string CountyCode,
    int? Classrooms = null, string? ClassroomsBasis = null);

/// <summary>Births of a division and year from one source.</summary>
public sealed record BirthCount(string DivisionCode, int Year, BirthSource Source, int Count);

/// <summary>小升初 flow from the 学籍 history: pupils in 六年级 at <c>From</c> in <c>Year</c> and in 初一 at <c>To</c> in Year + 1.</summary>
public sealed record SixthGradeFlow(int From, int To, int Year, int Count);

/// <summary>A new estate for the housing term: households completed in a year, in a school's catchment.</summary>
public sealed record HousingInput(int SchoolId, int Households, int CompletionYear);

/// <summary>
/// A plan (专栏) project's seats still to come: 新增学位 − 已交付学位 of a project not yet completed, counted from the
/// school year of its deadline; <c>SchoolId</c> null when the project names several schools or none.
/// </summary>
public sealed record ProjectCapacity(int? SchoolId, string Project, string Schools, int Seats, int Year);

/// <summary>
/// Everything the forecast reads, in memory: enrolment by school, grade and year (the autumn census), births, 小升初
/// flows and the housing pipeline. <see cref="Until"/> cuts it at an origin year, so a back-test cannot see the future.
/// </summary>
public sealed class ForecastHistory
{
    public required IReadOnlyList<ForecastSchool> Schools { get; init; }
    public required IReadOnlyDictionary<(int School, string Grade, int Year), int> Enrolment { get; init; }
    public IReadOnlyList<BirthCount> Births { get; init; } = [];
    public IReadOnlyList<SixthGradeFlow> Flows { get; init; } = [];
    public IReadOnlyList<HousingInput> Housing { get; init; } = [];
    /// <summary>Future capacity from the plan's projects (the gap plan's input; not used by the projection).</summary>
    public IReadOnlyList<ProjectCapacity> Projects { get; init; } = [];
    /// <summary>乡镇 names by code (the 学区 fallback groups schools by 乡镇).</summary>
    public IReadOnlyDictionary<string, string> Townships { get; init; } = new Dictionary<string, string>();

    public int FirstYear => Enrolment.Count == 0 ? 0 : Enrolment.Keys.Min(k => k.Year);
    public int LastYear => Enrolment.Count == 0 ? 0 : Enrolment.Keys.Max(k => k.Year);

    /// <summary>
    /// The history as it stood in the autumn of <paramref name="origin"/>: enrolment and births of years up to it, flows
    /// whose 初一 year is up to it. The housing pipeline is a plan known in advance and stays.
    /// </summary>
    public ForecastHistory Until(int origin) => new()
    {
        Schools = Schools,
        Enrolment = Enrolment.Where(p => p.Key.Year <= origin).ToDictionary(),
        Births = [.. Births.Where(b => b.Year <= origin)],
        Flows = [.. Flows.Where(f => f.Year + 1 <= origin)],
        Housing = Housing,
        Projects = Projects,
        Townships = Townships,
    };

    public int Get(int school, string grade, int year) => Enrolment.GetValueOrDefault((school, grade, year));
}
