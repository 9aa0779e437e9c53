using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using EduCounty.Common;

namespace EduCounty.Safety;

/// <summary>To whom an overdue hazard is escalated (逾期升级).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EscalationLevel>))]
public enum EscalationLevel
{
    /// <summary>Not escalated: the school handles it.</summary>
    None = 0,

    /// <summary>报乡镇.</summary>
    Township = 1,

    /// <summary>报县（教育局安全股）.</summary>
    County = 2,
}

/// <summary>A hazard category (§A2) with its source; <see cref="Sensitive"/> ones are audited when viewed.</summary>
public sealed record HazardCategory(string Code, string Name, string Detail, bool Sensitive, string Source);

/// <summary>An escalation step: <see cref="AfterDaysOverdue"/> days past the deadline the hazard goes to <see cref="Level"/>.</summary>
public sealed record EscalationStep(EscalationLevel Level, int AfterDaysOverdue);

/// <summary>
/// A hazard grade (§A3) with its default deadline, the roles that may 销号 it, whether it is 挂牌督办 and needs a
/// 治理方案 (措施、责任、资金、时限、预案), and its escalation steps.
/// </summary>
public sealed record HazardGrade(string Code, string Name, int DeadlineDays, IReadOnlyList<string> ApproverRoles, bool Supervised,
    bool PlanRequired, IReadOnlyList<EscalationStep> Escalation, string Source);

/// <summary>A code with its name and source (risk levels, inspection kinds).</summary>
public sealed record SafetyCode(string Code, string Name, string Source);

/// <summary>When the monthly 排查 report of a month is due (the <see cref="DueDay"/> of the next month).</summary>
public sealed record MonthlyReportRule(int DueDay, int FirstMonth, string Source);

/// <summary>A coverage item (明厨亮灶, 一键报警 …): the share of schools that have it, against <see cref="Target"/> %.</summary>
public sealed record CoverageItem(string Code, string Name, decimal Target, string? PlanTarget, string Source);

/// <summary>
/// The safety rules as data (docs/adr/0021 style): embedded <c>safety-rules.json</c>, each row with its source in
/// shared/reference/safety-and-supervision.md §A; what the reference marks [unverified] (deadlines, approvers, escalation,
/// the report day) is a local default a province overrides with one JSON file of the same shape.
/// </summary>
public sealed record SafetyRules(
    string Version,
    string Source,
    IReadOnlyList<HazardCategory> Categories,
    IReadOnlyList<HazardGrade> Grades,
    IReadOnlyList<SafetyCode> RiskLevels,
    IReadOnlyList<SafetyCode> InspectionKinds,
    MonthlyReportRule MonthlyReport,
    IReadOnlyList<int> AgeBuckets,
    IReadOnlyList<CoverageItem> Coverage)
{
    private const string ResourceName = "EduCounty.Safety.safety-rules.json";

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private static readonly Lazy<SafetyRules> Defaults = new(() => Parse(JsonOverride.Resource(ResourceName)));

    /// <summary>The shipped defaults (parsed once; immutable).</summary>
    public static SafetyRules Default() => Defaults.Value;

    /// <summary>The defaults with a province's override merged over them (lists merge by <c>code</c>).</summary>
    public static SafetyRules WithOverride(string overrideJson)
    {
        var node = JsonOverride.Resource(ResourceName);
        JsonOverride.Merge(node, JsonOverride.Parse(overrideJson, "安全规则覆盖文件"));
        return Parse(node);
    }

    private static SafetyRules Parse(JsonObject node)
    {
        SafetyRules rules;
        try
        {
            rules = node.Deserialize<SafetyRules>(Json) ?? throw new FormatException("安全规则为空");
        }
        catch (JsonException e)
        {
            throw new FormatException($"安全规则字段有误：{e.Path} {e.Message}", e);
        }
        rules.Check();
        return rules;
    }

    private void Check()
    {
        if (Grades.Count == 0 || Categories.Count == 0)
        {
            throw new FormatException("安全规则须至少有一个隐患等级和一个类别");
        }
        foreach (var g in Grades)
        {
            if (g.DeadlineDays <= 0) throw new FormatException($"隐患等级“{g.Name}”的整改期限须为正数天");
            if (g.ApproverRoles.Count == 0) throw new FormatException($"隐患等级“{g.Name}”须指定销号审批角色");
            if (g.Escalation.Zip(g.Escalation.Skip(1)).Any(p => p.First.AfterDaysOverdue >= p.Second.AfterDaysOverdue || p.First.Level >= p.Second.Level))
            {
                throw new FormatException($"隐患等级“{g.Name}”的逾期升级须按天数和层级递增");
            }
        }
        if (MonthlyReport.DueDay is < 1 or > 28) throw new FormatException("月度排查报告的报送日须在 1–28 之间");
    }

    public HazardGrade Grade(string code) =>
        Grades.FirstOrDefault(g => g.Code == code) ?? throw new RuleException($"未知的隐患等级“{code}”，可选：{string.Join("、", Grades.Select(g => $"{g.Code}（{g.Name}）"))}");

    public HazardCategory Category(string code) =>
        Categories.FirstOrDefault(c => c.Code == code) ?? throw new RuleException($"未知的隐患类别“{code}”，可选：{string.Join("、", Categories.Select(c => $"{c.Code}（{c.Name}）"))}");

    public SafetyCode InspectionKind(string code) =>
        InspectionKinds.FirstOrDefault(c => c.Code == code) ?? throw new RuleException($"未知的排查类型“{code}”");

    public string GradeName(string code) => Grades.FirstOrDefault(g => g.Code == code)?.Name ?? code;

    public string CategoryName(string code) => Categories.FirstOrDefault(c => c.Code == code)?.Name ?? code;

    public string RiskName(string? code) => code is null ? "" : RiskLevels.FirstOrDefault(c => c.Code == code)?.Name ?? code;

    /// <summary>Chinese label of an escalation level.</summary>
    public static string Label(EscalationLevel level) => level switch
    {
        EscalationLevel.Township => "已报乡镇",
        EscalationLevel.County => "已报县",
        _ => "",
    };

    /// <summary>The age bucket label of a hazard or finding open for <paramref name="days"/> days (≤7 天, 8–30 天 …).</summary>
    public static string AgeBucket(IReadOnlyList<int> buckets, int days)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        var lower = 0;
        foreach (var b in buckets)
        {
            if (days <= b) return lower == 0 ? $"≤{b} 天" : $"{lower}–{b} 天";
            lower = b + 1;
        }
        return $">{buckets[^1]} 天";
    }
}
