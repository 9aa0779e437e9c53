using System.Text.Json;

namespace EduCounty.Balance;

/// <summary>One 优质均衡 item outside 资源配置 (申报条件 P*, 一票否决 V*, 政府保障程度 G*, 教育质量 Q*, 社会认可度 S1) with its source clause.</summary>
public sealed record AssuranceItem(string Code, string Part, string Name, double? Threshold, double? Threshold2, double? Threshold3, string? Unit, string Source);

/// <summary>The items and thresholds of 教督〔2017〕6号 other than the 7 资源配置 indicators, as data (embedded <c>balance-assurance.json</c>).</summary>
public sealed record AssuranceStandards(string Version, string Source, IReadOnlyList<AssuranceItem> Items)
{
    public const string Preconditions = "申报条件";
    public const string Veto = "一票否决";
    public const string Resources = "资源配置";
    public const string Government = "政府保障程度";
    public const string Quality = "教育质量";
    public const string Recognition = "社会认可度";

    /// <summary>Parts in the order the verdict lists them (§2: all four parts, plus preconditions and veto items).</summary>
    public static readonly string[] PartOrder = [Preconditions, Veto, Resources, Government, Quality, Recognition];

    private static readonly Lazy<AssuranceStandards> Default = new(() =>
    {
        using var s = typeof(AssuranceStandards).Assembly.GetManifestResourceStream("EduCounty.Balance.balance-assurance.json")
            ?? throw new InvalidOperationException("缺少内嵌资源 balance-assurance.json");
        return JsonSerializer.Deserialize<AssuranceStandards>(s, BalanceProfile.Json) ?? throw new FormatException("balance-assurance.json 为空");
    });

    public static AssuranceStandards National() => Default.Value;

    public AssuranceItem this[string code] =>
        Items.FirstOrDefault(i => string.Equals(i.Code, code, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"未知的评估项目代码“{code}”，可选：{string.Join("、", Items.Select(i => i.Code))}", nameof(code));

    public bool Contains(string code) => Items.Any(i => string.Equals(i.Code, code, StringComparison.OrdinalIgnoreCase));
}
