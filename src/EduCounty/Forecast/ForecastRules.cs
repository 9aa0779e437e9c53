using EduCounty.Common;

namespace EduCounty.Forecast;

/// <summary>班额标准 per stage (forecasting.md §2.5).</summary>
public sealed record ClassSizes(int Preschool, int Primary, int Junior, string Source)
{
    public int Of(string grade) => grade[0] switch
    {
        'K' => Preschool,
        'J' => Junior,
        _ => Primary,
    };
}

/// <summary>MOE class-size bands: from <c>Large</c> 偏大, from <c>BigClass</c> 大班额, from <c>HugeClass</c> 超大班额.</summary>
public sealed record ClassBands(int Large, int BigClass, int HugeClass, string Source)
{
    public string Label(double perClass) =>
        perClass >= HugeClass ? "超大班额" : perClass >= BigClass ? "大班额" : perClass >= Large ? "偏大" : "正常";
}

/// <summary>Birth-cohort entry: lags and the share of the later birth year (8 of 12 months; forecasting.md §2.2).</summary>
public sealed record EntryRule(int PrimaryLag, int PreschoolLag, int LagYearMonths, string Source);

/// <summary>A births scenario for years not yet known: each year's births = the previous year's × factor.</summary>
public sealed record Scenario(string Code, string Name, double BirthFactor, string Source);

public sealed record HousingRule(double PersonsPerHousehold, StageNumbers StudentsPerThousand, string Source);

public sealed record StageNumbers(double Preschool, double Primary, double Junior);

/// <summary>A 学区: a named group of schools (by 学校标识码).</summary>
public sealed record District(string Name, IReadOnlyList<string> Schools);

/// <summary>
/// A 学区 of whole 乡镇/街道 (by 9-digit 区划代码), used when no <see cref="District"/> is configured: the schools of the
/// listed 乡镇 form one 学区, the other schools stay grouped by their own 乡镇.
/// </summary>
public sealed record TownshipDistrict(string Name, IReadOnlyList<string> Townships);

/// <summary>Largest school a building can be extended to, in classes (建标102-2002; forecasting.md §2.5).</summary>
public sealed record MaxClasses(int Preschool, int Primary, int Junior, int NineYear)
{
    public int Of(SchoolType type) => type switch
    {
        SchoolType.Kindergarten => Preschool,
        SchoolType.Junior => Junior,
        SchoolType.NineYear or SchoolType.Complete or SchoolType.TwelveYear => NineYear,
        _ => Primary,
    };
}

/// <summary>
/// The gap plan's unit costs (万元) and extension limits, each with its source, and an optional cap on what the plan
/// starts in one year (万元 over every 学区 and 学段; null: no cap).
/// </summary>
public sealed record GapPlanRule(decimal CostPerSeatWan, string CostPerSeatSource, decimal CostPerClassroomWan, string CostPerClassroomSource,
    MaxClasses MaxClasses, string MaxClassesSource, decimal? BudgetPerYearWan = null);

/// <summary>The forecast's standards and assumptions as data (embedded <c>forecast-rules.json</c>, overridable).</summary>
public sealed record ForecastRules(
    ClassSizes ClassSize,
    ClassBands ClassBands,
    IReadOnlyList<int> Windows,
    int DefaultWindow,
    string WindowsSource,
    EntryRule Entry,
    IReadOnlyList<Scenario> Scenarios,
    HousingRule Housing,
    IReadOnlyList<District> Districts,
    string DistrictsSource,
    GapPlanRule GapPlan,
    IReadOnlyList<TownshipDistrict>? TownshipDistricts = null,
    string? TownshipDistrictsSource = null)
{
    private const string ResourceName = "EduCounty.Forecast.forecast-rules.json";

    private static readonly Lazy<ForecastRules> Defaults = new(() => Checked(JsonOverride.Load<ForecastRules>(ResourceName, null, "学位预测规则")));

    public static ForecastRules Default() => Defaults.Value;

    /// <summary>The defaults with an override merged over them (scenarios merge by <c>code</c>).</summary>
    public static ForecastRules WithOverride(string overrideJson) =>
        Checked(JsonOverride.Load<ForecastRules>(ResourceName, overrideJson, "学位预测规则"));

    private static ForecastRules Checked(ForecastRules rules)
    {
        if (rules.ClassSize.Preschool < 1 || rules.ClassSize.Primary < 1 || rules.ClassSize.Junior < 1) throw new FormatException("班额标准须为正整数");
        if (rules.Windows.Count == 0 || rules.Windows.Any(w => w < 1)) throw new FormatException("平均年数须为正整数");
        if (rules.Entry.LagYearMonths is < 0 or > 12) throw new FormatException("出生月份拆分须在 0–12 之间");
        if (rules.Scenarios.Any(s => s.BirthFactor <= 0)) throw new FormatException("方案的出生数年变化系数须为正数");
        if (rules.GapPlan.CostPerSeatWan < 0 || rules.GapPlan.CostPerClassroomWan < 0) throw new FormatException("缺口方案的单价不能为负数");
        var twice = rules.Districts.SelectMany(d => d.Schools.Distinct().Select(s => (d.Name, School: s))).GroupBy(x => x.School).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new FormatException($"学校 {twice.Key} 同时属于多个学区：{string.Join("、", twice.Select(x => x.Name))}");
        var town = (rules.TownshipDistricts ?? []).SelectMany(d => d.Townships.Distinct().Select(t => (d.Name, Township: t))).GroupBy(x => x.Township).FirstOrDefault(g => g.Count() > 1);
        if (town is not null) throw new FormatException($"乡镇（街道）{town.Key} 同时属于多个学区：{string.Join("、", town.Select(x => x.Name))}");
        if (rules.GapPlan.BudgetPerYearWan is <= 0) throw new FormatException("年度预算上限须为正数（万元）");
        return rules;
    }

    /// <summary>The scenario of a code (low, mid, high), refused in Chinese when unknown.</summary>
    public Scenario ScenarioOf(string code) =>
        Scenarios.FirstOrDefault(s => string.Equals(s.Code, code, StringComparison.OrdinalIgnoreCase))
        ?? throw new RuleException($"未知的预测方案“{code}”，可选：{string.Join("、", Scenarios.Select(s => $"{s.Code}（{s.Name}）"))}") { Field = "--scenario" };

    /// <summary>The same rules with an annual budget cap (万元; null: none), e.g. from <c>forecast plan --budget-per-year</c>.</summary>
    public ForecastRules WithBudgetPerYear(decimal? wan)
    {
        if (wan is <= 0) throw new RuleException($"年度预算上限 {wan} 无效：须为正数（万元）") { Field = "--budget-per-year" };
        return this with { GapPlan = GapPlan with { BudgetPerYearWan = wan } };
    }

    public double MidFactor => Scenarios.FirstOrDefault(s => s.Code == "mid")?.BirthFactor ?? 1.0;
}
