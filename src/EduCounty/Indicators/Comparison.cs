using System.Globalization;
using EduCounty.Indicators.Expressions;

namespace EduCounty.Indicators;

/// <summary>The outcome of a comparison: both sides and whether it holds, or missing with the reason.</summary>
/// <param name="Left">Left side value, or null.</param>
/// <param name="Right">Right side value, or null.</param>
/// <param name="Met">True/false, or null when a side is missing.</param>
/// <param name="MissingReason">Why a side is missing (Chinese), or null.</param>
/// <param name="MissingElements">The elements without a value (Skip policy), for naming them in Chinese.</param>
public sealed record ComparisonOutcome(decimal? Left, decimal? Right, bool? Met, string? MissingReason, IReadOnlyList<DataElementRef> MissingElements)
{
    /// <summary>True when the comparison could not be decided.</summary>
    public bool IsMissing => Met is null;
}

/// <summary>
/// A comparison rule in the DHIS2 validation-rule form — left side expression, operator, right side expression —
/// with both sides parsed once and kept apart so that a report can show each side's value. Walked in the same passes
/// as an <see cref="Expression"/>: <see cref="Elements"/> (collect), <see cref="Evaluate"/>, <see cref="Describe"/>.
/// </summary>
public sealed class CompiledComparison
{
    private CompiledComparison(Expression left, BinaryOperator op, Expression right)
    {
        Left = left;
        Operator = op;
        Right = right;
        var all = new HashSet<DataElementRef>(left.Elements);
        all.UnionWith(right.Elements);
        Elements = all;
    }

    /// <summary>The parsed left side.</summary>
    public Expression Left { get; }

    /// <summary>A comparison operator (&lt;, ≤, &gt;, ≥, =, ≠).</summary>
    public BinaryOperator Operator { get; }

    /// <summary>The parsed right side.</summary>
    public Expression Right { get; }

    /// <summary>Every (element, year offset) either side needs.</summary>
    public IReadOnlySet<DataElementRef> Elements { get; }

    /// <summary>Parses both sides and the operator.</summary>
    /// <param name="left">Left side expression text.</param>
    /// <param name="op">&gt;=, ≥, &lt;=, ≤, ==, =, !=, ≠, &lt; or &gt;.</param>
    /// <param name="right">Right side expression text (a threshold is a number).</param>
    /// <param name="context">Prefix of error messages, e.g. "规则 G3.1 的".</param>
    /// <exception cref="ExpressionParseException">A side is invalid; the message names 左侧 or 右侧 and the column.</exception>
    /// <exception cref="ArgumentException">The operator is unknown.</exception>
    public static CompiledComparison Compile(string left, string op, string right, string context = "")
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var o = ParseOperator(op) ?? throw new ArgumentException($"{context}比较运算符“{op}”无效，可用：>=、<=、>、<、==、!=（或 ≥、≤、=、≠）", nameof(op));
        return new CompiledComparison(ParseSide(left, context + "左侧"), o, ParseSide(right, context + "右侧"));
    }

    /// <summary>A comparison of two parsed sides.</summary>
    /// <exception cref="ArgumentException"><paramref name="op"/> is not a comparison operator.</exception>
    public static CompiledComparison From(Expression left, BinaryOperator op, Expression right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return op is BinaryOperator.Less or BinaryOperator.LessOrEqual or BinaryOperator.Greater or BinaryOperator.GreaterOrEqual or BinaryOperator.Equal or BinaryOperator.NotEqual
            ? new CompiledComparison(left, op, right)
            : throw new ArgumentException($"“{op}”不是比较运算符", nameof(op));
    }

    /// <summary>Parses an expression, prefixing a parse error with <paramref name="context"/> ("…左侧第 3 列：…").</summary>
    public static Expression ParseSide(string text, string context)
    {
        try
        {
            return Expression.Parse(text);
        }
        catch (ExpressionParseException ex)
        {
            throw new ExpressionParseException(ex.Kind, ex.Column, ex.Detail, context);
        }
    }

    /// <summary>The operator of a text, or null when it is not a comparison.</summary>
    public static BinaryOperator? ParseOperator(string? op) => op?.Trim() switch
    {
        ">=" or "≥" => BinaryOperator.GreaterOrEqual,
        "<=" or "≤" => BinaryOperator.LessOrEqual,
        ">" => BinaryOperator.Greater,
        "<" => BinaryOperator.Less,
        "==" or "=" => BinaryOperator.Equal,
        "!=" or "≠" => BinaryOperator.NotEqual,
        _ => null,
    };

    /// <summary>Whether <paramref name="left"/> <paramref name="op"/> <paramref name="right"/> holds.</summary>
    public static bool Holds(decimal left, BinaryOperator op, decimal right) => op switch
    {
        BinaryOperator.GreaterOrEqual => left >= right,
        BinaryOperator.LessOrEqual => left <= right,
        BinaryOperator.Greater => left > right,
        BinaryOperator.Less => left < right,
        BinaryOperator.Equal => left == right,
        BinaryOperator.NotEqual => left != right,
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "不是比较运算符"),
    };

    /// <summary>The symbol shown in Chinese text: ≥ ≤ &gt; &lt; = ≠.</summary>
    public static string Symbol(BinaryOperator op) => op switch
    {
        BinaryOperator.GreaterOrEqual => "≥",
        BinaryOperator.LessOrEqual => "≤",
        BinaryOperator.Greater => ">",
        BinaryOperator.Less => "<",
        BinaryOperator.Equal => "=",
        BinaryOperator.NotEqual => "≠",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "不是比较运算符"),
    };

    /// <summary>The symbol of the relation that actually holds between two values: &lt;, = or &gt;.</summary>
    public static string Relation(decimal left, decimal right) => left < right ? "<" : left > right ? ">" : "=";

    /// <summary>
    /// Evaluate pass: both sides with <paramref name="lookup"/> (null = no value) under <paramref name="policy"/>.
    /// A missing side (or a division by zero) makes the outcome undecided, never false.
    /// </summary>
    public ComparisonOutcome Evaluate(Func<DataElementRef, decimal?> lookup, MissingValuePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        var missing = policy == MissingValuePolicy.Skip
            ? Elements.Where(e => lookup(e) is null).OrderBy(e => e.Code, StringComparer.Ordinal).ThenBy(e => e.YearOffset).ToList()
            : [];
        var l = Left.Evaluate(lookup, policy);
        var r = Right.Evaluate(lookup, policy);
        if (l.Value is not { } lv || r.Value is not { } rv)
        {
            return new ComparisonOutcome(l.Value, r.Value, null, l.MissingReason ?? r.MissingReason, missing);
        }
        return new ComparisonOutcome(lv, rv, Holds(lv, Operator, rv), null, missing);
    }

    /// <summary>
    /// Describe pass: "左侧 ≥ 右侧" in Chinese words, each element by name and, with <paramref name="lookup"/>, its value,
    /// e.g. "音乐专用教室间数（0）≥ 向上取整(班级数（9）÷ 12)".
    /// </summary>
    public string Describe(Func<string, string?> nameOf, Func<DataElementRef, decimal?>? lookup = null) =>
        ExpressionDescriber.Join(Left.Describe(nameOf, lookup), Symbol(Operator), Right.Describe(nameOf, lookup));

    /// <summary>A number as the describe pass writes it (no trailing zeros).</summary>
    public static string Number(decimal v) => ExpressionDescriber.Number(v);

    /// <summary>A number with a fixed count of decimals (invariant culture).</summary>
    public static string Number(decimal v, int decimals) => Math.Round(v, decimals, MidpointRounding.AwayFromZero).ToString("F" + decimals, CultureInfo.InvariantCulture);
}
