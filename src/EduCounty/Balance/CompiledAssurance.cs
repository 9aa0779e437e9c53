using System.Runtime.CompilerServices;
using EduCounty.Indicators;
using EduCounty.Indicators.DataElements;
using EduCounty.Indicators.Expressions;

namespace EduCounty.Balance;

/// <summary>A rule row with its expressions parsed once.</summary>
/// <param name="Item">The item it decides.</param>
/// <param name="Rule">The row.</param>
/// <param name="Left">The left side (for an info rule without a comparison, the value shown).</param>
/// <param name="Comparison">left operator right, or null for an info rule that only shows a value.</param>
/// <param name="When">The applicability condition, or null.</param>
public sealed record CompiledRule(AssuranceItem Item, AssuranceRule Rule, Expression Left, CompiledComparison? Comparison, Expression? When)
{
    /// <summary>Every (element, year offset) the rule needs: both sides and the condition.</summary>
    public IEnumerable<DataElementRef> Elements =>
        Left.Elements.Concat(Comparison?.Elements ?? Enumerable.Empty<DataElementRef>()).Concat(When?.Elements ?? Enumerable.Empty<DataElementRef>());
}

/// <summary>
/// The assurance rules of a profile parsed and checked once (cached per <see cref="AssuranceStandards"/> instance):
/// the collect pass (<see cref="Elements"/>) tells the loader which queries and years to run.
/// </summary>
public sealed class CompiledAssurance
{
    private static readonly ConditionalWeakTable<AssuranceStandards, CompiledAssurance> Cache = [];

    private CompiledAssurance(AssuranceStandards standards, IReadOnlyList<CompiledRule> rules, IReadOnlyDictionary<string, RuleConstant> constants)
    {
        Standards = standards;
        Rules = rules;
        Constants = constants;
        Elements = rules.SelectMany(r => r.Elements).Where(e => !constants.ContainsKey(e.Code)).ToHashSet();
    }

    /// <summary>The rule set.</summary>
    public AssuranceStandards Standards { get; }

    /// <summary>Enabled rules of enabled items, in item order.</summary>
    public IReadOnlyList<CompiledRule> Rules { get; }

    /// <summary>Constants by code.</summary>
    public IReadOnlyDictionary<string, RuleConstant> Constants { get; }

    /// <summary>Collect pass: every element (with year offsets) any rule needs, constants excluded.</summary>
    public IReadOnlySet<DataElementRef> Elements { get; }

    /// <summary>The Chinese name of an element or constant (describe pass).</summary>
    public string? NameOf(string code) => Constants.TryGetValue(code, out var c) ? c.Name : BalanceElements.NameOf(code);

    /// <summary>The compiled form of <paramref name="standards"/> (parsed on first use, then cached).</summary>
    /// <exception cref="FormatException">A rule is invalid; the message lists every problem in Chinese with the rule code.</exception>
    public static CompiledAssurance Of(AssuranceStandards standards)
    {
        ArgumentNullException.ThrowIfNull(standards);
        return Cache.GetValue(standards, Compile);
    }

    private static CompiledAssurance Compile(AssuranceStandards standards)
    {
        var errors = new List<string>();
        var constants = new Dictionary<string, RuleConstant>(StringComparer.Ordinal);
        foreach (var c in standards.Constants ?? [])
        {
            if (BalanceElements.Find(c.Code) is not null || DataElementCatalog.Find(c.Code) is not null || !constants.TryAdd(c.Code, c))
            {
                errors.Add($"常量 {c.Code}：编码与数据元素或其他常量重复");
            }
        }
        var rules = new List<CompiledRule>();
        var codes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in standards.Active)
        {
            if (!AssuranceStandards.PartOrder.Contains(item.Part) || item.Part == AssuranceStandards.Resources)
            {
                errors.Add($"项目 {item.Code}：评估内容“{item.Part}”无效，可选：{string.Join("、", AssuranceStandards.PartOrder.Where(p => p != AssuranceStandards.Resources))}");
            }
            foreach (var rule in item.Active)
            {
                if (!codes.Add(rule.Code))
                {
                    errors.Add($"规则 {rule.Code}：编码重复");
                }
                if (CompileRule(item, rule, constants, errors) is { } compiled)
                {
                    rules.Add(compiled);
                }
            }
        }
        if (errors.Count > 0)
        {
            throw new FormatException("优质均衡评估规则有误：\n" + string.Join("\n", errors));
        }
        return new CompiledAssurance(standards, rules, constants);
    }

    private static CompiledRule? CompileRule(AssuranceItem item, AssuranceRule rule, Dictionary<string, RuleConstant> constants, List<string> errors)
    {
        var at = $"规则 {rule.Code}（项目 {item.Code}）";
        var before = errors.Count;
        if (rule.Right is not null && rule.Threshold is not null)
        {
            errors.Add($"{at}：right 与 threshold 只能设置一个（覆盖文件改用阈值时把 right 设为 null）");
        }
        var right = rule.RightText;
        if (rule.Importance == RuleImportance.Required && (rule.Operator is null || right is null))
        {
            errors.Add($"{at}：计入结论的规则必须有 operator 和 right（或 threshold）");
        }
        if ((rule.Operator is null) != (right is null))
        {
            errors.Add($"{at}：operator 与 right（或 threshold）须同时设置");
        }
        CheckAggregate(rule, at, errors);
        if (rule.Breakdown is { } b && (rule.Level != RuleLevel.County || b.Level is not (RuleLevel.School or RuleLevel.Group)))
        {
            errors.Add($"{at}：只有县级规则可以按学校或调查群体列出明细（breakdown）");
        }
        Expression? left = Parse(rule.Left, $"{at}的左侧", errors);
        Expression? when = rule.When is null ? null : Parse(rule.When, $"{at}的适用条件", errors);
        CompiledComparison? comparison = null;
        if (rule.Operator is not null && right is not null)
        {
            var op = CompiledComparison.ParseOperator(rule.Operator);
            if (op is null)
            {
                errors.Add($"{at}：比较运算符“{rule.Operator}”无效，可用：>=、<=、>、<、==、!=（或 ≥、≤、=、≠）");
            }
            if (Parse(right, $"{at}的右侧", errors) is { } r && left is not null && op is { } o)
            {
                comparison = CompiledComparison.From(left, o, r);
            }
        }
        var all = (left?.Elements ?? new HashSet<DataElementRef>()).Concat(comparison?.Elements ?? new HashSet<DataElementRef>()).Concat(when?.Elements ?? new HashSet<DataElementRef>());
        foreach (var e in all.Distinct())
        {
            CheckElement(e, rule, at, constants, errors);
        }
        return errors.Count > before || left is null ? null : new CompiledRule(item, rule, left, comparison, when);
    }

    private static void CheckAggregate(AssuranceRule rule, string at, List<string> errors)
    {
        if (rule.Aggregate is not { } a)
        {
            return;
        }
        if (rule.Level is RuleLevel.County && a.Kind != AggregateKind.All)
        {
            errors.Add($"{at}：县级规则没有学校汇总方式（aggregate）");
        }
        if (a.Kind == AggregateKind.Share && a.Value is not (>= 0 and <= 100))
        {
            errors.Add($"{at}：按比例汇总（Share）的 value 应为 0 到 100 的百分数");
        }
        if (a.Kind == AggregateKind.Count && a.Value is not >= 0)
        {
            errors.Add($"{at}：按个数汇总（Count）的 value 应为允许未达标的单位个数（≥ 0）");
        }
    }

    private static Expression? Parse(string text, string context, List<string> errors)
    {
        try
        {
            return CompiledComparison.ParseSide(text, context);
        }
        catch (ExpressionParseException e)
        {
            errors.Add(e.Message);
            return null;
        }
    }

    private static void CheckElement(DataElementRef e, AssuranceRule rule, string at, Dictionary<string, RuleConstant> constants, List<string> errors)
    {
        if (constants.ContainsKey(e.Code))
        {
            if (e.YearOffset != 0)
            {
                errors.Add($"{at}：常量 {e.Code} 不能带年份偏移");
            }
            return;
        }
        if (BalanceElements.Find(e.Code) is not { } element)
        {
            if (DataElementCatalog.Find(e.Code) is null)
            {
                errors.Add($"{at}：未知的数据元素“{e.Code}”");
            }
            return;
        }
        var allowed = rule.Level switch
        {
            RuleLevel.County => true,
            RuleLevel.School => element.Level == RuleLevel.School,
            RuleLevel.Class => element.Level is RuleLevel.Class or RuleLevel.School,
            _ => element.Level == RuleLevel.Group,
        };
        if (!allowed)
        {
            errors.Add($"{at}：{Word(rule.Level)}级规则不能引用{Word(element.Level)}数据元素“{e.Code}”");
        }
        if (e.YearOffset != 0 && element.Level is RuleLevel.Class or RuleLevel.Group)
        {
            errors.Add($"{at}：{Word(element.Level)}数据元素“{e.Code}”不能带年份偏移");
        }
    }

    /// <summary>
    /// A rule row in Chinese words for the standards page: where it is evaluated, when it applies, the comparison and
    /// how the units make the verdict, e.g. "每所学校（小学、初级中学…），适用于 音乐专用教室间数 > 0：每间音乐专用教室面积 ≥ 96；全部达标".
    /// </summary>
    public string Describe(CompiledRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var r = rule.Rule;
        var types = r.SchoolTypes is { Count: > 0 } t ? "（" + string.Join("、", t.Select(Common.Labels.Of)) + "）" : "";
        var where = r.Level switch
        {
            RuleLevel.County => "全县" + (types.Length > 0 ? $"合计{types}" : ""),
            RuleLevel.School => "每所学校" + types,
            RuleLevel.Class => "每个班级" + types,
            _ => "每个调查群体",
        };
        var when = rule.When is { } w ? $"，适用于 {w.Describe(NameOf)}" : "";
        var what = rule.Comparison?.Describe(NameOf) ?? rule.Left.Describe(NameOf);
        var how = r.Level == RuleLevel.County ? "" : (r.Aggregate?.Kind ?? AggregateKind.All) switch
        {
            AggregateKind.All => "；全部达标",
            AggregateKind.Share => $"；不少于 {r.Aggregate!.Value}% 达标",
            _ => $"；未达标不超过 {r.Aggregate!.Value} 个",
        };
        var info = r.Importance == RuleImportance.Info ? "（仅供参考，不计入结论）" : "";
        return $"{where}{when}：{what}{how}{info}";
    }

    /// <summary>县, 学校, 班级, 调查群体.</summary>
    public static string Word(RuleLevel level) => level switch
    {
        RuleLevel.County => "县",
        RuleLevel.School => "学校",
        RuleLevel.Class => "班级",
        _ => "调查群体",
    };
}
