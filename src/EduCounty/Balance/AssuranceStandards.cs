using System.Text.Json.Serialization;
using EduCounty.Common;
using EduCounty.Indicators.Expressions;

namespace EduCounty.Balance;

/// <summary>Which units a rule is evaluated on (docs/adr/0021).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RuleLevel>))]
public enum RuleLevel
{
    /// <summary>Once for the county; school, class and group elements are summed over the selected schools.</summary>
    County,

    /// <summary>Once per school (教学点 are their own schools) of the rule's school types.</summary>
    School,

    /// <summary>Once per class of the year (班额), findings grouped by school.</summary>
    Class,

    /// <summary>Once per respondent group of the 社会认可度 survey.</summary>
    Group,
}

/// <summary>Whether a rule decides its item or is shown for reference only (DHIS2 importance).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RuleImportance>))]
public enum RuleImportance
{
    /// <summary>The item is met only if the rule holds.</summary>
    Required,

    /// <summary>Evaluated and described (仅供参考), never part of the verdict.</summary>
    Info,
}

/// <summary>How the results of a per-school (per-class) rule make the rule's verdict.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AggregateKind>))]
public enum AggregateKind
{
    /// <summary>Every unit meets the rule.</summary>
    All,

    /// <summary>At least <see cref="RuleAggregate.Value"/> % of the units meet it.</summary>
    Share,

    /// <summary>At most <see cref="RuleAggregate.Value"/> units fail it.</summary>
    Count,
}

/// <summary>Which members a county rule lists beside its verdict.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BreakdownShow>))]
public enum BreakdownShow
{
    /// <summary>Members for which the same comparison fails.</summary>
    Failing,

    /// <summary>Every member with its value.</summary>
    All,
}

/// <summary>Aggregation of a per-unit rule (default: all units).</summary>
public sealed record RuleAggregate(AggregateKind Kind = AggregateKind.All, decimal? Value = null);

/// <summary>A county rule's comparison repeated per school or per survey group and listed (does not change the verdict).</summary>
public sealed record RuleBreakdown(RuleLevel Level, BreakdownShow Show = BreakdownShow.Failing);

/// <summary>A named number the rules use (e.g. the national 生均公用经费基准定额), with its source; written <c>#{code}</c>.</summary>
public sealed record RuleConstant(string Code, string Name, decimal Value, string? Unit, string Source);

/// <summary>
/// One rule row (DHIS2 validation-rule style): <c>left operator right</c> (or <c>threshold</c>) evaluated at
/// <see cref="Level"/> on the schools of <see cref="SchoolTypes"/> for which <see cref="When"/> holds, aggregated by
/// <see cref="Aggregate"/>. Expressions use the data elements of <see cref="BalanceElements"/>, the indicator
/// catalogue's county elements and the rule set's constants.
/// </summary>
public sealed record AssuranceRule(
    string Code,
    string Name,
    RuleLevel Level,
    string Left,
    string? Operator,
    string? Right,
    decimal? Threshold,
    string Source,
    IReadOnlyList<SchoolType>? SchoolTypes = null,
    string? When = null,
    RuleAggregate? Aggregate = null,
    RuleImportance Importance = RuleImportance.Required,
    RuleBreakdown? Breakdown = null,
    string? Unit = null,
    int? Decimals = null,
    MissingValuePolicy MissingValues = MissingValuePolicy.Skip,
    bool Enabled = true)
{
    /// <summary>The right side text: the expression, or the threshold written as a number.</summary>
    public string? RightText => Right ?? (Threshold is { } t ? t.ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
}

/// <summary>
/// One 优质均衡 item outside 资源配置 (申报条件 P*, 一票否决 V*, 政府保障程度 G*, 教育质量 Q*, 社会认可度 S1) with its source
/// clause and the rules that compute it from the registry; an item without rules is recorded by a supervisor.
/// </summary>
public sealed record AssuranceItem(string Code, string Part, string Name, string Source, IReadOnlyList<AssuranceRule>? Rules = null, bool Enabled = true)
{
    /// <summary>The enabled rules.</summary>
    public IReadOnlyList<AssuranceRule> Active => [.. (Rules ?? []).Where(r => r.Enabled)];
}

/// <summary>
/// The items, rules and constants of 教督〔2017〕6号 other than the 7 资源配置 indicators, as data (embedded
/// <c>balance-assurance.json</c>, merged into <see cref="BalanceProfile.Assurance"/> so that a provincial profile
/// overrides them like the L/B thresholds; docs/adr/0021).
/// </summary>
public sealed record AssuranceStandards(string Version, string Source, IReadOnlyList<AssuranceItem> Items, IReadOnlyList<RuleConstant>? Constants = null)
{
    public const string Preconditions = "申报条件";
    public const string Veto = "一票否决";
    public const string Resources = "资源配置";
    public const string Government = "政府保障程度";
    public const string Quality = "教育质量";
    public const string Recognition = "社会认可度";

    /// <summary>Parts in the order the verdict lists them (§2: all four parts, plus preconditions and veto items).</summary>
    public static readonly string[] PartOrder = [Preconditions, Veto, Resources, Government, Quality, Recognition];

    /// <summary>The national items and rules (the national profile's).</summary>
    public static AssuranceStandards National() => BalanceProfile.National().Assurance;

    /// <summary>The enabled items.</summary>
    public IReadOnlyList<AssuranceItem> Active => [.. Items.Where(i => i.Enabled)];

    public AssuranceItem this[string code] =>
        Active.FirstOrDefault(i => string.Equals(i.Code, code, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"未知的评估项目代码“{code}”，可选：{string.Join("、", Active.Select(i => i.Code))}", nameof(code));

    public bool Contains(string code) => Active.Any(i => string.Equals(i.Code, code, StringComparison.OrdinalIgnoreCase));
}
