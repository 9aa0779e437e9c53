using EduCounty.Indicators;
using EduCounty.Indicators.Expressions;

namespace EduCounty.Tests.Indicators;

public sealed class IndicatorTests
{
    private static readonly DateTimeOffset AsOf = new(2025, 9, 30, 0, 0, 0, TimeSpan.FromHours(8));

    private static readonly Dictionary<string, string> Names = new()
    {
        ["graduates.junior"] = "初中毕业班学生数",
        ["intake.primary.grade1"] = "小学一年级入学人数",
    };

    private static readonly IndicatorDefinition Retention = new(
        "compulsory.retention", "九年义务教育巩固率", "#{graduates.junior}", "#{intake.primary.grade1}[-9]", 100m, 2, MissingValuePolicy.Skip, "%");

    private static decimal? Values(DataElementRef r) => r switch
    {
        { Code: "graduates.junior", YearOffset: 0 } => 1650m,
        { Code: "intake.primary.grade1", YearOffset: -9 } => 1500m,
        _ => null,
    };

    [Fact]
    public void Ratio_indicator_describes_itself_with_values()
    {
        var ind = CompiledIndicator.Compile(Retention);
        Assert.Equal("初中毕业班学生数（1650）÷ 九年前小学一年级入学人数（1500）× 100", ind.Describe(Names.GetValueOrDefault, Values));
        Assert.Equal("初中毕业班学生数 ÷ 九年前小学一年级入学人数 × 100", ind.Describe(Names.GetValueOrDefault));
        Assert.Equal("#{graduates.junior} / #{intake.primary.grade1}[-9] * 100", ind.Formula);
    }

    [Fact]
    public void Ratio_indicator_evaluates_with_all_parts_kept()
    {
        var v = CompiledIndicator.Compile(Retention).Evaluate(Values, AsOf, Names.GetValueOrDefault);
        Assert.Equal("compulsory.retention", v.IndicatorCode);
        Assert.Equal(1650m, v.Numerator);
        Assert.Equal(1500m, v.Denominator);
        Assert.Equal(110m, v.Value);
        Assert.Equal(110.00m, v.RoundedValue);
        Assert.Equal(AsOf, v.AsOf);
        Assert.Null(v.MissingReason);
        Assert.Equal("初中毕业班学生数（1650）÷ 九年前小学一年级入学人数（1500）× 100", v.Description);
    }

    [Fact]
    public void Collect_unites_numerator_and_denominator()
    {
        var ind = CompiledIndicator.Compile(Retention);
        Assert.Equal(
            new HashSet<DataElementRef> { new("graduates.junior"), new("intake.primary.grade1", -9) },
            ind.Elements.ToHashSet());
    }

    [Theory]
    [InlineData("4399", "40", 1, 2, "109.975", "109.98")]
    [InlineData("19999", "200", 1, 2, "99.995", "100.00")]
    [InlineData("-19999", "200", 1, 2, "-99.995", "-100.00")]
    [InlineData("1", "3", 100, 1, "33.33333333333333333333333333", "33.3")]
    [InlineData("5", "2", 1, 0, "2.5", "3")]
    public void Rounds_half_away_from_zero_at_the_indicators_decimals(string num, string den, int factor, int decimals, string unrounded, string rounded)
    {
        static decimal D(string s) => decimal.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
        var def = new IndicatorDefinition("x", "x", num, den, factor, decimals, MissingValuePolicy.Skip, "%");
        var v = CompiledIndicator.Compile(def).Evaluate(_ => null, AsOf);
        Assert.Equal(D(unrounded), v.Value);
        Assert.Equal(rounded, v.RoundedValue!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Skip_policy_gives_missing_with_reason()
    {
        var v = CompiledIndicator.Compile(Retention).Evaluate(r => r.YearOffset == 0 ? 1650m : null, AsOf);
        Assert.True(v.IsMissing);
        Assert.Null(v.RoundedValue);
        Assert.Equal(1650m, v.Numerator);
        Assert.Null(v.Denominator);
        Assert.Equal("分母：缺少数据：#{intake.primary.grade1}[-9]", v.MissingReason);
        // With names (as the pages evaluate, issue 21 §7) the missing element is named in words: offset -9 is 九年前.
        var named = CompiledIndicator.Compile(Retention).Evaluate(r => r.YearOffset == 0 ? 1650m : null, AsOf, c => c == "intake.primary.grade1" ? "小学一年级招生数" : null);
        Assert.Equal("分母：缺少数据：九年前小学一年级招生数", named.MissingReason);
    }

    [Fact]
    public void Zero_policy_counts_missing_as_zero()
    {
        var def = new IndicatorDefinition("n", "合计", "#{a} + #{b}", null, 1m, 0, MissingValuePolicy.Zero, "人");
        var v = CompiledIndicator.Compile(def).Evaluate(r => r.Code == "a" ? 7m : null, AsOf);
        Assert.Equal(7m, v.Value);
        Assert.Null(v.Denominator);
        Assert.Equal("#{a} + #{b}", v.Expression);
    }

    [Fact]
    public void Zero_denominator_gives_missing_not_infinity()
    {
        var def = Retention with { MissingValues = MissingValuePolicy.Zero };
        var v = CompiledIndicator.Compile(def).Evaluate(r => r.YearOffset == 0 ? 1650m : null, AsOf);
        Assert.True(v.IsMissing);
        Assert.Equal(0m, v.Denominator);
        Assert.Equal("分母为零，无法计算", v.MissingReason);
    }

    [Fact]
    public void Compile_names_the_part_and_column_of_a_parse_error()
    {
        var def = Retention with { Denominator = "(#{intake.primary.grade1}[-9]" };
        var ex = Assert.Throws<ExpressionParseException>(() => CompiledIndicator.Compile(def));
        Assert.Equal("指标“九年义务教育巩固率”的分母第 30 列：缺少右括号（与第 1 列的左括号配对）", ex.Message);
        Assert.Equal(30, ex.Column);
    }

    [Fact]
    public void Compound_numerator_is_bracketed_in_formula_and_description()
    {
        var def = new IndicatorDefinition("s", "占比", "#{a} + #{b}", "#{c} * #{d}", 100m, 1, MissingValuePolicy.Skip, "%");
        var ind = CompiledIndicator.Compile(def);
        Assert.Equal("(#{a} + #{b}) / (#{c} * #{d}) * 100", ind.Formula);
        Assert.Equal("(#{a} + #{b}) ÷ (#{c} × #{d}) × 100", ind.Describe(_ => null));
    }
}
