using System.Text.Json.Serialization;
using EduCounty.Common;

namespace EduCounty.StudentAid;

/// <summary>家庭经济困难 档次 (教财〔2018〕16号: schools set 2–3 档, e.g. 特别困难 / 困难 / 一般困难; student-aid.md §4 [unverified for K-12]).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<HardshipLevel>))]
public enum HardshipLevel
{
    /// <summary>特别困难.</summary>
    Special = 1,

    /// <summary>困难.</summary>
    Hard = 2,

    /// <summary>一般困难.</summary>
    General = 3,
}

/// <summary>学期: 秋季 (starts 9-01 of the 学年's first year) or 春季 (3-01 of the second).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AidTerm>))]
public enum AidTerm
{
    /// <summary>秋季学期.</summary>
    Autumn = 1,

    /// <summary>春季学期.</summary>
    Spring = 2,
}

/// <summary>Who qualifies: everyone of the stages, or students assessed 家庭经济困难 this 学年 at one of the levels or of one of the categories.</summary>
public sealed record AidEligibility(bool AllStudents, IReadOnlyList<HardshipLevel>? Levels, IReadOnlyList<string>? Categories, string Source);

/// <summary>
/// A dated standard (student-aid.md: "all money amounts must be dated config"): 元 per student per year (<see cref="Annual"/>,
/// or <see cref="PerDay"/> × <see cref="Days"/>), for one stage (null: every stage of the programme) and grades (null: all),
/// valid from/to (inclusive; null: open).
/// </summary>
public sealed record AidStandard(string? Stage, decimal? Annual, decimal? PerDay, int? Days, IReadOnlyList<string>? Grades, DateOnly ValidFrom, DateOnly? ValidTo,
    string Source)
{
    public decimal AnnualAmount => Annual ?? (PerDay ?? 0) * (Days ?? 0);
}

/// <summary>
/// A 资助项目: its stages, 资金来源, the stacking group (student-aid.md §3: a national and a 自治区 item covering the same cost
/// — e.g. 普高 免学杂费 and 新疆 免学费 — are never both paid to one student in one term), eligibility and dated standards.
/// </summary>
public sealed record AidProgramme(string Code, string Name, IReadOnlyList<string> Stages, string StackGroup, string FundingSource, AidEligibility Eligibility,
    IReadOnlyList<AidStandard> Standards);

/// <summary>
/// 学生资助 rules as data (embedded <c>aid-rules.json</c>, each row citing shared/reference/student-aid.md): the programmes by
/// stage (学前资助, 两免一补 生活补助, 营养改善计划, 普高 国家助学金 / 免学杂费, 中职 免学费 / 助学金, 新疆 15 年免费教育 items),
/// their dated amounts and who qualifies, and the categories of the 资助全覆盖 target. What the reference marks [unverified]
/// is a default a county overrides with one JSON file of this shape (lists merge by <c>code</c>).
/// </summary>
public sealed record AidRules(
    string Version,
    string Source,
    string TermSource,
    IReadOnlyList<string> CoverageCategories,
    string CoverageSource,
    IReadOnlyList<AidProgramme> Programmes,
    AidPublicityRule? Publicity = null)
{
    /// <summary>The 公示 rule (aid-rules.json <c>publicity</c>; default 5 working days, payment before the end refused).</summary>
    public AidPublicityRule PublicityRule => Publicity ?? AidPublicityRule.Default;

    private const string ResourceName = "EduCounty.StudentAid.aid-rules.json";

    private static readonly Lazy<AidRules> Defaults = new(() => Load(null));

    public static AidRules Default() => Defaults.Value;

    public static AidRules WithOverride(string overrideJson) => Load(overrideJson);

    private static AidRules Load(string? overrideJson)
    {
        var rules = JsonOverride.Load<AidRules>(ResourceName, overrideJson, "学生资助规则");
        foreach (var c in rules.CoverageCategories) Category(c);
        if (rules.PublicityRule.WorkingDays is < 1 or > 30) throw new FormatException("学生资助规则的公示工作日数应在 1 到 30 之间");
        if (rules.PublicityRule.BeforeEnd is not (AidPublicityRule.Refuse or AidPublicityRule.Warn))
        {
            throw new FormatException($"学生资助规则的 publicity.beforeEnd 应为 {AidPublicityRule.Refuse} 或 {AidPublicityRule.Warn}");
        }
        foreach (var p in rules.Programmes)
        {
            foreach (var s in p.Stages) StageOf(s, p.Code);
            foreach (var c in p.Eligibility.Categories ?? []) Category(c);
            foreach (var s in p.Standards)
            {
                if (s.AnnualAmount < 0) throw new FormatException($"学生资助规则“{p.Code}”的标准金额不能为负数");
                if (s.ValidTo is { } to && to < s.ValidFrom) throw new FormatException($"学生资助规则“{p.Code}”的标准起止日期颠倒");
                if (s.Stage is { } st) StageOf(st, p.Code);
            }
        }
        return rules;
    }

    private static Stage StageOf(string s, string code) =>
        Enum.TryParse<Stage>(s, out var v) && Enum.IsDefined(v) ? v : throw new FormatException($"学生资助规则“{code}”的学段“{s}”无效");

    /// <summary>A category code of the rules as the registry's <see cref="FinancialHardship"/>.</summary>
    public static FinancialHardship Category(string code) =>
        Enum.TryParse<FinancialHardship>(code, out var v) && Enum.IsDefined(v) ? v : throw new FormatException($"学生资助规则的困难类型“{code}”无效");

    public AidProgramme Programme(string code) =>
        Programmes.FirstOrDefault(p => p.Code == code)
        ?? throw new RuleException($"未知的资助项目“{code}”，可选：{string.Join("、", Programmes.Select(p => $"{p.Code}（{p.Name}）"))}") { Field = "资助项目" };

    public string ProgrammeName(string code) => Programmes.FirstOrDefault(p => p.Code == code)?.Name ?? code;

    /// <summary>Whether a category is in the 资助全覆盖 group (建档立卡/低保/特困/残疾).</summary>
    public bool InCoverageGroup(FinancialHardship? category) => category is { } c && CoverageCategories.Any(x => Category(x) == c);

    /// <summary>The first day of a term of a 学年 (aid-rules.json <c>termSource</c>).</summary>
    public static DateOnly TermStart(SchoolYear year, AidTerm term) => term == AidTerm.Autumn ? year.FirstDay : new DateOnly(year.EndYear, 3, 1);

    /// <summary>The standard of a programme for a stage and grade on a term's first day, or null (none in force).</summary>
    public static AidStandard? StandardOn(AidProgramme p, Stage stage, string grade, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(p);
        return p.Standards.FirstOrDefault(s => (s.Stage is null || s.Stage == stage.ToString()) && (s.Grades is null || s.Grades.Contains(grade))
            && s.ValidFrom <= day && (s.ValidTo is null || day <= s.ValidTo));
    }

    /// <summary>元 for one term: half the annual standard (student-aid.md §2.2: paid per semester, half-year amounts).</summary>
    public static decimal TermAmount(AidStandard s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return Math.Round(s.AnnualAmount / 2m, 2, MidpointRounding.AwayFromZero);
    }

    /// <summary>Why a student does not qualify, or null when they do (the assessment of the 学年: level and category, or none).</summary>
    public static string? Ineligibility(AidProgramme p, HardshipLevel? level, FinancialHardship? category)
    {
        ArgumentNullException.ThrowIfNull(p);
        var e = p.Eligibility;
        if (e.AllStudents) return null;
        if (level is null) return $"“{p.Name}”仅资助本学年认定为家庭经济困难的学生，该生本学年尚未认定";
        var byLevel = e.Levels is { Count: > 0 } levels && levels.Contains(level.Value);
        var byCategory = e.Categories is { Count: > 0 } cats && category is { } c && cats.Any(x => Category(x) == c);
        if (byLevel || byCategory) return null;
        var wants = new List<string>();
        if (e.Levels is { Count: > 0 }) wants.Add("认定档次为" + string.Join("、", e.Levels.Select(AidLabels.Of)));
        if (e.Categories is { Count: > 0 }) wants.Add("困难类型为" + string.Join("、", e.Categories.Select(x => Labels.Of(Category(x)))));
        return $"“{p.Name}”的资助对象须{string.Join("或", wants)}（{e.Source}），该生不符合";
    }
}

/// <summary>
/// The 公示 rule (student-aid.md §5: 拟资助名单 公示 ≥ 5 个工作日, then withdrawn): the working days of the period and what a
/// payment for a term whose list is still on 公示 meets — <c>refuse</c> (the default: the 公示 is there for objections to be
/// raised before the money goes) or <c>warn</c> (a county whose practice pays first records the payment with a warning).
/// </summary>
public sealed record AidPublicityRule(int WorkingDays, string BeforeEnd, string Source)
{
    public const string Refuse = "refuse";
    public const string Warn = "warn";

    public static readonly AidPublicityRule Default = new(5, Refuse, "student-aid.md §5：拟资助名单公示不少于 5 个工作日，期满撤下");
}

/// <summary>Chinese labels of 学生资助 codes.</summary>
public static class AidLabels
{
    public static string Of(HardshipLevel l) => l switch
    {
        HardshipLevel.Special => "特别困难",
        HardshipLevel.Hard => "困难",
        HardshipLevel.General => "一般困难",
        _ => l.ToString(),
    };

    public static string Of(AidTerm t) => t == AidTerm.Autumn ? "秋季学期" : "春季学期";

    public static string Of(AidStatus s) => s switch
    {
        AidStatus.Submitted => "待学校审核",
        AidStatus.SchoolReviewed => "待县审批",
        AidStatus.Approved => "已审批待发放",
        AidStatus.Paid => "已发放",
        AidStatus.Rejected => "未通过",
        _ => s.ToString(),
    };
}
