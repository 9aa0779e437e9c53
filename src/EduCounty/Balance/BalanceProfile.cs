using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using EduCounty.Common;

namespace EduCounty.Balance;

/// <summary>What an indicator's numerator counts (per unit, before dividing by students).</summary>
public enum Measure
{
    FullTimeTeachers,
    HigherDegreeTeachers,
    KeyTeachers,
    ArtsSportsTeachers,
    MidTitleTeachers,
    TeachingArea,
    IndoorSports,
    SportsArea,
    Equipment,
    MultimediaClassrooms,
    Computers,
    Books,
}

/// <summary>How a value is compared with a threshold or a CV limit.</summary>
public enum ComparisonMode
{
    /// <summary>Compare the unrounded value (default; balance-rules.md §2.2).</summary>
    Strict,
    /// <summary>Round to <see cref="ComparisonPolicy.Decimals"/> first, then compare.</summary>
    Rounded,
}

/// <summary>A value per 学段 (only 小学 and 初中 are evaluated).</summary>
public sealed record StagePair(double? Primary, double? Junior)
{
    public double? Of(Stage stage) => stage switch
    {
        Stage.Primary => Primary,
        Stage.Junior => Junior,
        _ => null,
    };
}

public sealed record SourcedSwitch(bool MoveIndoorSportsFromTeachingToSports, string Source);

public sealed record ComparisonPolicy(ComparisonMode Mode, int Decimals, int DisplayDecimals, string Source)
{
    private double Prepare(double v) => Mode == ComparisonMode.Rounded ? Math.Round(v, Decimals, MidpointRounding.AwayFromZero) : v;

    /// <summary>value ≥ threshold (a per-school indicator meets its standard).</summary>
    public bool AtLeast(double value, double threshold) => Prepare(value) >= threshold;

    /// <summary>cv ≤ limit (a 差异系数 within its limit).</summary>
    public bool AtMost(double value, double limit) => Prepare(value) <= limit;

    public string Show(double? v) => v is null ? "缺失" : v.Value.ToString("F" + DisplayDecimals, System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Weights of one student of each 学段 when a shared campus's facilities are split.</summary>
public sealed record StageWeights(double Primary, double Junior, double Senior);

public sealed record SplitWeights(StageWeights NineYear, StageWeights Complete, StageWeights TwelveYear, string Source);

public sealed record AttainmentRule(int MinMet, double RestFraction, string Source);

public sealed record CvLimits(double Primary, double Junior, string Source)
{
    public double Of(Stage stage) => stage == Stage.Primary ? Primary : Junior;
}

public sealed record IndicatorStandard(string Code, string Name, Measure Measure, double Factor, string Unit, StagePair? Thresholds, string Source);

public sealed record MethodProfile(
    string Code,
    string Name,
    string Source,
    bool Composite,
    AttainmentRule? Attainment,
    CvLimits CvLimits,
    IReadOnlyList<IndicatorStandard> Indicators);

public sealed record UnitCost(string Key, string Name, string Unit, double YuanPerUnit, bool Assumption, string Source);

/// <summary>
/// The standards used by the evaluation: thresholds, limits, split weights, comparison policy and unit costs,
/// each with the clause it comes from. The national defaults ship as the embedded <c>balance-profile.json</c>;
/// a province or county overrides them with a JSON file of the same shape (objects merge, lists merge by
/// <c>code</c>/<c>key</c>). <see cref="Assurance"/> holds the 政府保障程度/教育质量/社会认可度 rule rows
/// (<c>balance-assurance.json</c>), overridden the same way under <c>"assurance"</c> (docs/adr/0021).
/// </summary>
public sealed record BalanceProfile(
    string Id,
    string Version,
    string Description,
    SourcedSwitch IndoorSportsTreatment,
    ComparisonPolicy Comparison,
    SplitWeights SplitWeights,
    IReadOnlyList<MethodProfile> Methods,
    IReadOnlyList<UnitCost> UnitCosts,
    AssuranceStandards Assurance)
{
    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        Converters = { new JsonStringEnumConverter() },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public MethodProfile Method(string code) =>
        Methods.FirstOrDefault(m => m.Code == code)
        ?? throw new ArgumentException($"未知的评估办法“{code}”，可选：{string.Join("、", Methods.Select(m => m.Code))}", nameof(code));

    public UnitCost CostOf(Measure measure) =>
        UnitCosts.FirstOrDefault(c => c.Key == measure.ToString())
        ?? throw new InvalidOperationException($"标准配置缺少“{measure}”的单价（unitCosts）");

    private static readonly Lazy<BalanceProfile> NationalProfile = new(() => Parse(DefaultNode()));

    /// <summary>The national defaults (embedded resources; parsed once — the profile is immutable).</summary>
    public static BalanceProfile National() => NationalProfile.Value;

    /// <summary>The national defaults with an override document merged over them.</summary>
    public static BalanceProfile WithOverride(string overrideJson)
    {
        var node = DefaultNode();
        JsonOverride.Merge(node, JsonOverride.Parse(overrideJson));
        return Parse(node);
    }

    /// <summary>balance-profile.json with balance-assurance.json as its "assurance" object (docs/adr/0021).</summary>
    private static JsonObject DefaultNode()
    {
        var node = Resource("balance-profile.json");
        node["assurance"] = Resource("balance-assurance.json");
        return node;
    }

    private static JsonObject Resource(string name) => JsonOverride.Resource("EduCounty.Balance." + name);

    /// <summary>Deserialises and checks the profile: the assurance rules are parsed here, so a bad override fails on load.</summary>
    private static BalanceProfile Parse(JsonObject node)
    {
        BalanceProfile profile;
        try
        {
            profile = node.Deserialize<BalanceProfile>(Json) ?? throw new FormatException("标准配置为空");
        }
        catch (JsonException e)
        {
            throw new FormatException($"标准配置字段有误：{e.Path} {e.Message}", e);
        }
        CompiledAssurance.Of(profile.Assurance);
        return profile;
    }
}
