using EduCounty.Indicators.Expressions;

namespace EduCounty.Indicators;

/// <summary>
/// 指标 definition as data (DHIS2 model): value = numerator ÷ denominator × factor, rounded half away from zero to
/// <see cref="Decimals"/>. Without a denominator, value = numerator × factor.
/// </summary>
/// <param name="Code">Stable code, e.g. <c>compulsory.retention</c>.</param>
/// <param name="Name">Chinese name.</param>
/// <param name="Numerator">Numerator expression text.</param>
/// <param name="Denominator">Denominator expression text, or null.</param>
/// <param name="Factor">1, 100, 10000 …</param>
/// <param name="Decimals">Decimals of the rounded value.</param>
/// <param name="MissingValues">What a missing input means.</param>
/// <param name="Unit">Unit shown after the value (%, 人, 万人 …).</param>
public sealed record IndicatorDefinition(
    string Code,
    string Name,
    string Numerator,
    string? Denominator,
    decimal Factor,
    int Decimals,
    MissingValuePolicy MissingValues,
    string Unit);

/// <summary>A computed indicator value with everything needed to answer "how was this computed?".</summary>
/// <param name="IndicatorCode">The indicator.</param>
/// <param name="Numerator">Numerator value, or null when missing.</param>
/// <param name="Denominator">Denominator value, or null when missing or when the indicator has none.</param>
/// <param name="Value">Unrounded value, or null when missing.</param>
/// <param name="RoundedValue">Value rounded half away from zero at the indicator's decimals.</param>
/// <param name="Expression">The formula as written, e.g. <c>#{a} / #{b}[-9] * 100</c>.</param>
/// <param name="Description">The formula in Chinese words with the input values.</param>
/// <param name="AsOf">When the value was computed.</param>
/// <param name="MissingReason">Why there is no value (Chinese), or null.</param>
public sealed record IndicatorValue(
    string IndicatorCode,
    decimal? Numerator,
    decimal? Denominator,
    decimal? Value,
    decimal? RoundedValue,
    string Expression,
    string Description,
    DateTimeOffset AsOf,
    string? MissingReason)
{
    /// <summary>True when there is no value.</summary>
    public bool IsMissing => Value is null;
}

/// <summary>An <see cref="IndicatorDefinition"/> with its expressions parsed once; evaluate it many times.</summary>
public sealed class CompiledIndicator
{
    private CompiledIndicator(IndicatorDefinition definition, Expression numerator, Expression? denominator)
    {
        Definition = definition;
        Numerator = numerator;
        Denominator = denominator;
        var all = new HashSet<DataElementRef>(numerator.Elements);
        if (denominator is not null) all.UnionWith(denominator.Elements);
        Elements = all;
    }

    /// <summary>The definition.</summary>
    public IndicatorDefinition Definition { get; }

    /// <summary>The parsed numerator.</summary>
    public Expression Numerator { get; }

    /// <summary>The parsed denominator, or null.</summary>
    public Expression? Denominator { get; }

    /// <summary>Every (element, year offset) the indicator needs.</summary>
    public IReadOnlySet<DataElementRef> Elements { get; }

    /// <summary>Parses the definition's expressions.</summary>
    /// <exception cref="ExpressionParseException">An expression is invalid; the message names 分子 or 分母 and the column.</exception>
    /// <exception cref="ArgumentException">Decimals is negative or factor is zero.</exception>
    public static CompiledIndicator Compile(IndicatorDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.Decimals is < 0 or > 10) throw new ArgumentException($"指标“{definition.Name}”的小数位数应在 0 到 10 之间", nameof(definition));
        if (definition.Factor == 0m) throw new ArgumentException($"指标“{definition.Name}”的系数不能为 0", nameof(definition));
        var num = ParsePart(definition.Numerator, $"指标“{definition.Name}”的分子");
        var den = definition.Denominator is null ? null : ParsePart(definition.Denominator, $"指标“{definition.Name}”的分母");
        return new CompiledIndicator(definition, num, den);
    }

    private static Expression ParsePart(string text, string context)
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

    /// <summary>The formula as one line of expression text.</summary>
    public string Formula
    {
        get
        {
            var num = Numerator.Source.Trim();
            if (Denominator is null)
            {
                return Definition.Factor == 1m ? num : $"{WrapIfLow(Numerator, num, 3)} * {ExpressionDescriber.Number(Definition.Factor)}";
            }

            var text = $"{WrapIfLow(Numerator, num, 3)} / {WrapIfLow(Denominator, Denominator.Source.Trim(), 4)}";
            return Definition.Factor == 1m ? text : $"{text} * {ExpressionDescriber.Number(Definition.Factor)}";
        }
    }

    private static string WrapIfLow(Expression e, string text, int precedence) =>
        ExpressionDescriber.Precedence(e.Root) < precedence ? $"({text})" : text;

    /// <summary>
    /// The formula in Chinese words; with <paramref name="lookup"/>, with the input values, e.g.
    /// "初中毕业班学生数（1650）÷ 九年前小学一年级入学人数（1500）× 100".
    /// </summary>
    public string Describe(Func<string, string?> nameOf, Func<DataElementRef, decimal?>? lookup = null)
    {
        var num = Numerator.Describe(nameOf, lookup);
        string text;
        if (Denominator is null)
        {
            text = num;
        }
        else
        {
            var den = Denominator.Describe(nameOf, lookup);
            text = ExpressionDescriber.Join(
                WrapIfLow(Numerator, num, 3), "÷", WrapIfLow(Denominator, den, 4));
        }

        if (Definition.Factor == 1m) return text;
        if (Denominator is null) text = WrapIfLow(Numerator, text, 3);
        return ExpressionDescriber.Join(text, "×", ExpressionDescriber.Number(Definition.Factor));
    }

    /// <summary>
    /// Evaluates the indicator with values from <paramref name="lookup"/> (null = no value), applying the definition's
    /// missing-value policy. A zero denominator gives a missing value with a reason, never infinity.
    /// </summary>
    public IndicatorValue Evaluate(Func<DataElementRef, decimal?> lookup, DateTimeOffset asOf, Func<string, string?>? nameOf = null)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        var policy = Definition.MissingValues;
        var description = Describe(nameOf ?? (_ => null), lookup);
        var num = Numerator.Evaluate(lookup, policy, nameOf);
        var den = Denominator?.Evaluate(lookup, policy, nameOf);

        IndicatorValue Result(decimal? value, string? reason) => new(
            Definition.Code, num.Value, den?.Value, value,
            value is { } v ? Math.Round(v, Definition.Decimals, MidpointRounding.AwayFromZero) : null,
            Formula, description, asOf, reason);

        if (num.IsMissing) return Result(null, "分子：" + num.MissingReason);
        if (den is { IsMissing: true }) return Result(null, "分母：" + den.MissingReason);
        if (den is { Value: 0m }) return Result(null, "分母为零，无法计算");
        try
        {
            var value = den is null ? num.Value!.Value * Definition.Factor : num.Value!.Value / den.Value!.Value * Definition.Factor;
            return Result(value, null);
        }
        catch (OverflowException)
        {
            return Result(null, "计算结果超出数值范围");
        }
    }
}
