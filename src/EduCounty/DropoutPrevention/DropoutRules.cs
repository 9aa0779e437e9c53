using System.Text.Json.Serialization;
using EduCounty.Common;

namespace EduCounty.DropoutPrevention;

/// <summary>Who handles an open case now (逾期升级: 学校 → 乡镇 → 县).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CaseLevel>))]
public enum CaseLevel
{
    /// <summary>学校.</summary>
    School = 0,

    /// <summary>已报乡镇 (联控联保).</summary>
    Township = 1,

    /// <summary>已报县.</summary>
    County = 2,
}

/// <summary>A code with its Chinese name and its source (causes, 劝返 methods).</summary>
public sealed record DropoutCode(string Code, string Name, string Source);

/// <summary>An escalation step: a case still open <see cref="AfterDaysOpen"/> days after it opened goes to <see cref="Level"/>.</summary>
public sealed record CaseEscalation(CaseLevel Level, int AfterDaysOpen, string Source);

/// <summary>The 控辍 age window (周岁).</summary>
public sealed record AgeWindow(int From, int To, string Source);

/// <summary>
/// 控辍保学 rules as data (embedded <c>dropout-rules.json</c>, every row citing shared/reference/dropout-prevention.md):
/// the 休学 limit, the 劝返 deadlines (学校“一月一报告”, §4), the escalation to 乡镇 and 县, causes (§3) and 劝返 methods
/// (§5). What the reference marks [unverified] is a local default a province overrides with one JSON file of this shape.
/// </summary>
public sealed record DropoutRules(
    string Version,
    string Source,
    AgeWindow CompulsoryAge,
    int SuspensionLimitDays,
    string SuspensionSource,
    int FirstAttemptDays,
    int FollowUpDays,
    string DeadlineSource,
    IReadOnlyList<CaseEscalation> Escalation,
    IReadOnlyList<DropoutCode> Causes,
    IReadOnlyList<DropoutCode> Methods)
{
    private const string ResourceName = "EduCounty.DropoutPrevention.dropout-rules.json";

    private static readonly Lazy<DropoutRules> Defaults = new(() => Load(null));

    /// <summary>The shipped defaults.</summary>
    public static DropoutRules Default() => Defaults.Value;

    /// <summary>The defaults with a province's override merged over them (lists merge by <c>code</c>).</summary>
    public static DropoutRules WithOverride(string overrideJson) => Load(overrideJson);

    private static DropoutRules Load(string? overrideJson)
    {
        var rules = JsonOverride.Load<DropoutRules>(ResourceName, overrideJson, "控辍保学规则");
        if (rules.SuspensionLimitDays <= 0 || rules.FirstAttemptDays <= 0 || rules.FollowUpDays <= 0)
        {
            throw new FormatException("控辍保学规则的期限须为正数天");
        }
        if (rules.Escalation.Zip(rules.Escalation.Skip(1)).Any(p => p.First.AfterDaysOpen >= p.Second.AfterDaysOpen || p.First.Level >= p.Second.Level))
        {
            throw new FormatException("控辍保学规则的逾期升级须按天数和层级递增");
        }
        return rules;
    }

    public string CauseName(string code) => Causes.FirstOrDefault(c => c.Code == code)?.Name ?? code;

    public string MethodName(string code) => Methods.FirstOrDefault(c => c.Code == code)?.Name ?? code;

    /// <summary>The cause codes of a comma list, each checked.</summary>
    public string CheckCauses(IEnumerable<string> codes)
    {
        var list = codes.Select(c => c.Trim()).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        foreach (var c in list.Where(c => Causes.All(x => x.Code != c)))
        {
            throw new RuleException($"未知的辍学原因“{c}”，可选：{string.Join("、", Causes.Select(x => $"{x.Code}（{x.Name}）"))}") { Field = "辍学原因" };
        }
        return string.Join(",", list);
    }

    public DropoutCode Method(string code) =>
        Methods.FirstOrDefault(m => m.Code == code) ?? throw new RuleException($"未知的劝返方式“{code}”，可选：{string.Join("、", Methods.Select(x => $"{x.Code}（{x.Name}）"))}") { Field = "劝返方式" };

    /// <summary>The level of a case open for <paramref name="daysOpen"/> days; an overdue 劝返 step sends it to 乡镇 at least.</summary>
    public CaseLevel LevelOf(int daysOpen, bool stepOverdue)
    {
        var level = Escalation.Where(e => daysOpen > e.AfterDaysOpen).Select(e => e.Level).DefaultIfEmpty(CaseLevel.School).Max();
        return stepOverdue && level < CaseLevel.Township ? CaseLevel.Township : level;
    }

    public static string Label(CaseLevel level) => level switch
    {
        CaseLevel.Township => "已报乡镇",
        CaseLevel.County => "已报县",
        _ => "学校",
    };
}
