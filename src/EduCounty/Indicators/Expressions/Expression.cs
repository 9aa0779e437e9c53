using System.Globalization;
using System.Text;

namespace EduCounty.Indicators.Expressions;

/// <summary>What to do when a data element has no value.</summary>
public enum MissingValuePolicy
{
    /// <summary>Any missing input makes the result missing (DHIS2 SKIP_IF_ANY_VALUE_MISSING).</summary>
    Skip = 1,

    /// <summary>A missing input counts as 0 (DHIS2 NEVER_SKIP).</summary>
    Zero = 2,
}

/// <summary>The outcome of evaluating an expression: a value, or missing with a Chinese reason.</summary>
public sealed record ExpressionResult(decimal? Value, string? MissingReason)
{
    /// <summary>True when there is no value.</summary>
    public bool IsMissing => Value is null;
}

/// <summary>
/// A parsed indicator expression over data elements, e.g. <c>#{graduates.junior} / #{intake.primary.grade1}[-8] * 100</c>.
/// Parse once with <see cref="Parse"/>, then walk the immutable tree: <see cref="Elements"/> (collect),
/// <see cref="Evaluate"/> and <see cref="Describe"/>.
/// </summary>
public sealed class Expression
{
    private Expression(string source, ExpressionNode root)
    {
        Source = source;
        Root = root;
        Elements = Collect(root);
    }

    /// <summary>An expression over a subtree of a parsed one (e.g. the numerator of a ratio), sharing its source text.</summary>
    internal static Expression FromTree(ExpressionNode root, string source) => new(source, root);

    /// <summary>The expression text as written.</summary>
    public string Source { get; }

    /// <summary>The parsed tree.</summary>
    public ExpressionNode Root { get; }

    /// <summary>Collect pass: every (element, year offset) the expression needs, so values load in one batch.</summary>
    public IReadOnlySet<DataElementRef> Elements { get; }

    /// <summary>Parses an expression.</summary>
    /// <exception cref="ExpressionParseException">The text is not a valid expression; the message is Chinese with the column.</exception>
    public static Expression Parse(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new Expression(source, ExpressionParser.Parse(source));
    }

    /// <inheritdoc />
    public override string ToString() => Source;

    private static HashSet<DataElementRef> Collect(ExpressionNode root)
    {
        var set = new HashSet<DataElementRef>();
        Walk(root);
        return set;

        void Walk(ExpressionNode n)
        {
            switch (n)
            {
                case ElementNode e: set.Add(e.Element); break;
                case NegateNode u: Walk(u.Operand); break;
                case BinaryNode b: Walk(b.Left); Walk(b.Right); break;
                case CallNode c: foreach (var a in c.Arguments) Walk(a); break;
            }
        }
    }

    /// <summary>
    /// Evaluate pass. <paramref name="lookup"/> returns an element's value or null when it has none.
    /// Division by zero gives a missing result with a reason, never infinity. With <paramref name="nameOf"/> the missing
    /// elements are named in words (两年前一年级招生数), as pages show them (issue 21 §7); without it by their codes.
    /// </summary>
    public ExpressionResult Evaluate(Func<DataElementRef, decimal?> lookup, MissingValuePolicy policy, Func<string, string?>? nameOf = null)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        var values = new Dictionary<DataElementRef, decimal>();
        var missing = new List<DataElementRef>();
        foreach (var element in Elements.OrderBy(e => e.Code, StringComparer.Ordinal).ThenBy(e => e.YearOffset))
        {
            if (lookup(element) is { } v) values[element] = v;
            else if (policy == MissingValuePolicy.Zero) values[element] = 0m;
            else missing.Add(element);
        }

        if (missing.Count > 0)
        {
            var names = missing.Select(m => nameOf?.Invoke(m.Code) is { } name ? ExpressionDescriber.YearsAgo(m.YearOffset) + name : m.ToString());
            return new ExpressionResult(null, "缺少数据：" + string.Join("、", names));
        }

        try
        {
            var (value, reason) = Eval(Root);
            return new ExpressionResult(value, reason);
        }
        catch (OverflowException)
        {
            return new ExpressionResult(null, "计算结果超出数值范围");
        }

        (decimal? Value, string? Reason) Eval(ExpressionNode n)
        {
            switch (n)
            {
                case NumberNode num:
                    return (num.Value, null);
                case ElementNode e:
                    return (values[e.Element], null);
                case NegateNode u:
                    var o = Eval(u.Operand);
                    return o.Value is { } ov ? (-ov, null) : o;
                case BinaryNode b:
                    var l = Eval(b.Left);
                    if (l.Value is not { } lv) return l;
                    var r = Eval(b.Right);
                    if (r.Value is not { } rv) return r;
                    return b.Operator switch
                    {
                        BinaryOperator.Add => (lv + rv, null),
                        BinaryOperator.Subtract => (lv - rv, null),
                        BinaryOperator.Multiply => (lv * rv, null),
                        BinaryOperator.Divide => rv == 0m
                            ? (null, $"除数为零（第 {b.Column} 列的“÷”）")
                            : (lv / rv, null),
                        BinaryOperator.Less => (lv < rv ? 1m : 0m, null),
                        BinaryOperator.LessOrEqual => (lv <= rv ? 1m : 0m, null),
                        BinaryOperator.Greater => (lv > rv ? 1m : 0m, null),
                        BinaryOperator.GreaterOrEqual => (lv >= rv ? 1m : 0m, null),
                        BinaryOperator.Equal => (lv == rv ? 1m : 0m, null),
                        BinaryOperator.NotEqual => (lv != rv ? 1m : 0m, null),
                        _ => throw new InvalidOperationException(b.Operator.ToString()),
                    };
                case CallNode { Function: ExpressionFunction.If } c:
                    var cond = Eval(c.Arguments[0]);
                    if (cond.Value is not { } cv) return cond;
                    return Eval(c.Arguments[cv != 0m ? 1 : 2]);
                case CallNode c:
                    var args = new List<decimal>(c.Arguments.Count);
                    foreach (var a in c.Arguments)
                    {
                        var av = Eval(a);
                        if (av.Value is not { } x) return av;
                        args.Add(x);
                    }

                    return c.Function switch
                    {
                        ExpressionFunction.Sum => (args.Sum(), null),
                        ExpressionFunction.Min => (args.Min(), null),
                        ExpressionFunction.Ceil => (Math.Ceiling(args[0]), null),
                        ExpressionFunction.Floor => (Math.Floor(args[0]), null),
                        ExpressionFunction.And => (args.All(a => a != 0m) ? 1m : 0m, null),
                        ExpressionFunction.Or => (args.Any(a => a != 0m) ? 1m : 0m, null),
                        _ => (args.Max(), null),
                    };
                default:
                    throw new InvalidOperationException(n.GetType().Name);
            }
        }
    }

    /// <summary>
    /// Describe pass: the formula in Chinese words, each element by its Chinese name (<paramref name="nameOf"/> maps a code
    /// to its name; unknown codes are shown as written). With <paramref name="lookup"/>, each element's value follows its name,
    /// e.g. "初中毕业班学生数（1650）÷ 九年前小学一年级入学人数（1500）".
    /// </summary>
    public string Describe(Func<string, string?> nameOf, Func<DataElementRef, decimal?>? lookup = null)
    {
        ArgumentNullException.ThrowIfNull(nameOf);
        return ExpressionDescriber.Describe(Root, nameOf, lookup);
    }
}

/// <summary>Chinese wording of a tree.</summary>
internal static class ExpressionDescriber
{
    public static int Precedence(ExpressionNode n) => n switch
    {
        CallNode { Function: ExpressionFunction.And or ExpressionFunction.Or } => 0,
        BinaryNode { Operator: BinaryOperator.Add or BinaryOperator.Subtract } => 2,
        BinaryNode { Operator: BinaryOperator.Multiply or BinaryOperator.Divide } => 3,
        BinaryNode => 1,
        NegateNode => 4,
        _ => 5,
    };

    public static string Number(decimal v) => v.ToString("0.############################", CultureInfo.InvariantCulture);

    public static string Join(string left, string symbol, string right) =>
        left.EndsWith('）') ? $"{left}{symbol} {right}" : $"{left} {symbol} {right}";

    public static string Wrap(string s) => $"({s})";

    private static readonly string[] Numerals = ["", "一", "两", "三", "四", "五", "六", "七", "八", "九", "十"];

    public static string YearsAgo(int offset) =>
        offset == 0 ? "" : -offset <= 10 ? $"{Numerals[-offset]}年前" : $"{-offset}年前";

    public static string Describe(ExpressionNode root, Func<string, string?> nameOf, Func<DataElementRef, decimal?>? lookup)
    {
        return D(root);

        string D(ExpressionNode n)
        {
            switch (n)
            {
                case NumberNode num:
                    return Number(num.Value);
                case ElementNode e:
                    var name = YearsAgo(e.Element.YearOffset) + (nameOf(e.Element.Code) ?? $"#{{{e.Element.Code}}}");
                    if (lookup is null) return name;
                    return lookup(e.Element) is { } v ? $"{name}（{Number(v)}）" : $"{name}（缺失）";
                case NegateNode u:
                    var inner = D(u.Operand);
                    return Precedence(u.Operand) < 4 ? "-" + Wrap(inner) : "-" + inner;
                case BinaryNode b:
                    var p = Precedence(b);
                    var l = D(b.Left);
                    if (Precedence(b.Left) < p) l = Wrap(l);
                    var r = D(b.Right);
                    var pr = Precedence(b.Right);
                    if (pr < p || (pr == p && b.Operator is BinaryOperator.Subtract or BinaryOperator.Divide)) r = Wrap(r);
                    return Join(l, Symbol(b.Operator), r);
                case CallNode { Function: ExpressionFunction.If } c:
                    return $"(若 {D(c.Arguments[0])}，则 {D(c.Arguments[1])}，否则 {D(c.Arguments[2])})";
                case CallNode { Function: ExpressionFunction.And or ExpressionFunction.Or } c:
                    var joint = c.Function == ExpressionFunction.And ? " 且 " : " 或 ";
                    return string.Join(joint, c.Arguments.Select(a => Precedence(a) == 0 ? Wrap(D(a)) : D(a)));
                case CallNode c:
                    var word = c.Function switch
                    {
                        ExpressionFunction.Sum => "合计",
                        ExpressionFunction.Min => "最小值",
                        ExpressionFunction.Ceil => "向上取整",
                        ExpressionFunction.Floor => "向下取整",
                        _ => "最大值",
                    };
                    var sb = new StringBuilder(word).Append('(');
                    sb.AppendJoin("，", c.Arguments.Select(D));
                    return sb.Append(')').ToString();
                default:
                    throw new InvalidOperationException(n.GetType().Name);
            }
        }
    }

    private static string Symbol(BinaryOperator op) => op switch
    {
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "−",
        BinaryOperator.Multiply => "×",
        BinaryOperator.Divide => "÷",
        BinaryOperator.Less => "<",
        BinaryOperator.LessOrEqual => "≤",
        BinaryOperator.Greater => ">",
        BinaryOperator.GreaterOrEqual => "≥",
        BinaryOperator.Equal => "=",
        _ => "≠",
    };
}
