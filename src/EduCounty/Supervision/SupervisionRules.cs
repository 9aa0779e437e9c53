using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using EduCounty.Common;

namespace EduCounty.Supervision;

/// <summary>The period a 督学's visit cadence counts in.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CadencePeriodKind>))]
public enum CadencePeriodKind
{
    /// <summary>每月 (the active months of the school year).</summary>
    Month,

    /// <summary>每学期.</summary>
    Term,
}

/// <summary>The visit cadence: at least <see cref="MinimumVisits"/> visits to each assigned school per period.</summary>
public sealed record CadenceRule(CadencePeriodKind Period, int MinimumVisits, IReadOnlyList<int> ActiveMonths, int GraceDays, int DueSoonDays, string Source);

/// <summary>A term of the school year, from the first day of <see cref="FromMonth"/> to the last of <see cref="ToMonth"/>.</summary>
public sealed record TermRule(string Code, string Name, int FromMonth, int ToMonth, string Source);

/// <summary>A code with its name and source (经常性督导事项, 督导方式).</summary>
public sealed record SupervisionCode(string Code, string Name, string Source);

/// <summary>A check of a checklist, under one of the eight 经常性督导事项.</summary>
public sealed record ChecklistCheck(string Code, string Item, string Text, string Source);

/// <summary>A checklist (经常性督导, 语言文字工作督导 …): configurable per county.</summary>
public sealed record Checklist(string Code, string Name, string Source, IReadOnlyList<ChecklistCheck> Checks);

/// <summary>A finding grade with its default 整改期限 in days.</summary>
public sealed record FindingGrade(string Code, string Name, int DeadlineDays, string Source);

/// <summary>One period of the cadence: its label and days.</summary>
public sealed record CadencePeriod(string Label, DateOnly From, DateOnly To);

/// <summary>
/// The 责任督学 挂牌督导 rules as data (embedded <c>supervision-rules.json</c>, each row with its source in
/// shared/reference/safety-and-supervision.md §B): schools per 督学, the cadence (national figure not found: local
/// default monthly), terms, the eight 经常性督导事项, methods, checklists, finding grades with deadlines, the 复查 period
/// and the 督导意见书 number prefix and 署名. A province or county overrides it with one JSON file of the same shape.
/// </summary>
public sealed record SupervisionRules(
    string Version,
    string Source,
    int MaxSchoolsPerSupervisor,
    string MaxSchoolsSource,
    CadenceRule Cadence,
    IReadOnlyList<TermRule> Terms,
    IReadOnlyList<SupervisionCode> Items,
    IReadOnlyList<SupervisionCode> Methods,
    IReadOnlyList<Checklist> Checklists,
    IReadOnlyList<FindingGrade> FindingGrades,
    int ReviewDays,
    string ReviewDaysSource,
    string NoticePrefix,
    string NoticePrefixSource,
    string NoticeIssuer,
    string NoticeIssuerSource)
{
    private const string ResourceName = "EduCounty.Supervision.supervision-rules.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private static readonly Lazy<SupervisionRules> Defaults = new(() => Parse(JsonOverride.Resource(ResourceName)));

    public static SupervisionRules Default() => Defaults.Value;

    /// <summary>The defaults with an override merged over them (lists merge by <c>code</c>).</summary>
    public static SupervisionRules WithOverride(string overrideJson)
    {
        var node = JsonOverride.Resource(ResourceName);
        JsonOverride.Merge(node, JsonOverride.Parse(overrideJson, "督导规则覆盖文件"));
        return Parse(node);
    }

    private static SupervisionRules Parse(JsonObject node)
    {
        SupervisionRules rules;
        try
        {
            rules = node.Deserialize<SupervisionRules>(Json) ?? throw new FormatException("督导规则为空");
        }
        catch (JsonException e)
        {
            throw new FormatException($"督导规则字段有误：{e.Path} {e.Message}", e);
        }
        if (rules.MaxSchoolsPerSupervisor < 1) throw new FormatException("每名督学负责的学校数上限须至少为 1");
        if (rules.Cadence.MinimumVisits < 1) throw new FormatException("督导频次须至少为每期 1 次");
        if (rules.Cadence.ActiveMonths.Any(m => m is < 1 or > 12)) throw new FormatException("在校月份须在 1–12 之间");
        if (rules.FindingGrades.Any(g => g.DeadlineDays < 1)) throw new FormatException("问题整改期限须为正数天");
        if (string.IsNullOrWhiteSpace(rules.NoticeIssuer)) throw new FormatException("督导意见书的署名（noticeIssuer）不能为空");
        foreach (var c in rules.Checklists)
        {
            if (c.Checks.FirstOrDefault(x => rules.Items.All(i => i.Code != x.Item)) is { } bad)
            {
                throw new FormatException($"检查清单“{c.Name}”的检查点 {bad.Code} 所属事项“{bad.Item}”不存在");
            }
        }
        return rules;
    }

    public Checklist Checklist(string code) =>
        Checklists.FirstOrDefault(c => c.Code == code) ?? throw new RuleException($"未知的检查清单“{code}”，可选：{string.Join("、", Checklists.Select(c => $"{c.Code}（{c.Name}）"))}");

    public FindingGrade Grade(string code) =>
        FindingGrades.FirstOrDefault(g => g.Code == code) ?? throw new RuleException($"未知的问题等级“{code}”，可选：{string.Join("、", FindingGrades.Select(g => $"{g.Code}（{g.Name}）"))}");

    public string ItemName(string code) => Items.FirstOrDefault(i => i.Code == code)?.Name ?? code;

    public string GradeName(string code) => FindingGrades.FirstOrDefault(g => g.Code == code)?.Name ?? code;

    public string MethodName(string code) => Methods.FirstOrDefault(i => i.Code == code)?.Name ?? code;

    /// <summary>The cadence periods of a school year (active months, or the terms).</summary>
    public IReadOnlyList<CadencePeriod> Periods(SchoolYear year)
    {
        static DateOnly First(SchoolYear y, int month) => new(month >= 9 ? y.StartYear : y.EndYear, month, 1);
        if (Cadence.Period == CadencePeriodKind.Term)
        {
            return [.. Terms.Select(t => new CadencePeriod(t.Name, First(year, t.FromMonth), First(year, t.ToMonth).AddMonths(1).AddDays(-1)))
                .OrderBy(p => p.From)];
        }
        return [.. Cadence.ActiveMonths.Select(m => First(year, m)).Order()
            .Select(d => new CadencePeriod($"{d.Year} 年 {d.Month} 月", d, d.AddMonths(1).AddDays(-1)))];
    }
}
