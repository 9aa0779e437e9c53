using EduCounty.Indicators;
using EduCounty.Indicators.Expressions;

namespace EduCounty.Tests.Indicators;

public sealed class ExpressionTests
{
    private static decimal Eval(string text, Dictionary<string, decimal>? values = null) =>
        Expression.Parse(text).Evaluate(e => values is not null && values.TryGetValue(e.ToString(), out var v) ? v : null, MissingValuePolicy.Skip).Value!.Value;

    [Theory]
    [InlineData("1 + 2 * 3", "7")]
    [InlineData("(1 + 2) * 3", "9")]
    [InlineData("10 - 4 - 3", "3")]
    [InlineData("100 / 10 / 5", "2")]
    [InlineData("2 × 3 ÷ 4", "1.5")]
    [InlineData("-2 * 3", "-6")]
    [InlineData("- (1 + 2)", "-3")]
    [InlineData("2 - -3", "5")]
    [InlineData("8 − 3", "5")]
    [InlineData("sum(1, 2, 3) + min(4, 5) - max(1, 6)", "4")]
    [InlineData("if(2 > 1, 10, 20)", "10")]
    [InlineData("if(2 <= 1, 10, 20)", "20")]
    [InlineData("if(3 == 3, 1, 0) + if(3 != 3, 1, 0)", "1")]
    [InlineData(".5 + 1.25", "1.75")]
    [InlineData("ceil(25 / 12)", "3")]
    [InlineData("ceil(24 / 12)", "2")]
    [InlineData("ceil(0 / 12)", "0")]
    [InlineData("floor(25 / 12)", "2")]
    [InlineData("and(1 > 0, 99 < 100)", "1")]
    [InlineData("and(1 > 0, 100 < 100)", "0")]
    [InlineData("or(0, 2 == 2)", "1")]
    [InlineData("or(0, 0)", "0")]
    public void Precedence_and_associativity(string text, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Eval(text));

    [Fact]
    public void Subtraction_tree_is_left_associative()
    {
        var root = Assert.IsType<BinaryNode>(Expression.Parse("#{a} - #{b} - #{c}").Root);
        Assert.Equal(BinaryOperator.Subtract, root.Operator);
        var left = Assert.IsType<BinaryNode>(root.Left);
        Assert.Equal(new DataElementRef("a"), Assert.IsType<ElementNode>(left.Left).Element);
        Assert.Equal(new DataElementRef("c"), Assert.IsType<ElementNode>(root.Right).Element);
    }

    [Fact]
    public void Element_references_with_filters_and_year_offsets()
    {
        var e = Expression.Parse("#{graduates.junior} / #{intake.primary.grade1}[-8] + #{population.age3to5}[0]");
        Assert.Equal(
            new HashSet<DataElementRef> { new("graduates.junior"), new("intake.primary.grade1", -8), new("population.age3to5") },
            e.Elements.ToHashSet());
        var v = e.Evaluate(r => r switch
        {
            { Code: "graduates.junior", YearOffset: 0 } => 90m,
            { Code: "intake.primary.grade1", YearOffset: -8 } => 100m,
            { Code: "population.age3to5" } => 1m,
            _ => null,
        }, MissingValuePolicy.Skip);
        Assert.Equal(1.9m, v.Value);
    }

    [Fact]
    public void Collect_returns_each_needed_element_once()
    {
        var e = Expression.Parse("sum(#{a}, #{a}, #{b}[-1]) / if(#{c} > 0, #{c}, #{d}) + #{b}[-1] + #{b}");
        Assert.Equal(
            new HashSet<DataElementRef> { new("a"), new("b", -1), new("b"), new("c"), new("d") },
            e.Elements.ToHashSet());
        Assert.Equal(5, e.Elements.Count);
    }

    [Theory]
    [InlineData("(1 + 2", ParseErrorKind.MissingRightParenthesis, 7, "第 7 列：缺少右括号（与第 1 列的左括号配对）")]
    [InlineData("sum(1, 2", ParseErrorKind.MissingRightParenthesis, 9, "第 9 列：缺少右括号（函数“sum”从第 1 列开始）")]
    [InlineData("1 + @", ParseErrorKind.UnexpectedCharacter, 5, "第 5 列：无法识别的字符“@”")]
    [InlineData("1 +", ParseErrorKind.UnexpectedEnd, 4, "第 4 列：表达式不完整，此处缺少数值")]
    [InlineData("", ParseErrorKind.UnexpectedEnd, 1, "第 1 列：表达式为空")]
    [InlineData("1 + * 2", ParseErrorKind.MissingOperand, 5, "第 5 列：“*”前缺少数值")]
    [InlineData("(1 + 2))", ParseErrorKind.TrailingInput, 8, "第 8 列：多余的右括号“)”")]
    [InlineData("1 2", ParseErrorKind.TrailingInput, 3, "第 3 列：多余的内容“2”，此处应为运算符")]
    [InlineData("#{a.b", ParseErrorKind.InvalidElement, 6, "第 6 列：数据元素引用缺少右花括号“}”（第 1 列开始）")]
    [InlineData("1 + #{}", ParseErrorKind.InvalidElement, 5, "第 5 列：数据元素编码为空")]
    [InlineData("#{a..b}", ParseErrorKind.InvalidElement, 3, "第 3 列：数据元素编码“a..b”有误：只能用英文字母、数字、下划线，以点分段")]
    [InlineData("#a", ParseErrorKind.InvalidElement, 1, "第 1 列：数据元素引用应写作 #{编码}")]
    [InlineData("#{a}[3]", ParseErrorKind.InvalidYearOffset, 6, "第 6 列：年份偏移“3”有误：应为 0 或负整数，如 [-8] 表示 8 年前")]
    [InlineData("#{a}[-x]", ParseErrorKind.InvalidYearOffset, 6, "第 6 列：年份偏移“-x”有误：应为 0 或负整数，如 [-8] 表示 8 年前")]
    [InlineData("#{a}[-8", ParseErrorKind.InvalidYearOffset, 8, "第 8 列：年份偏移缺少右方括号“]”（第 5 列开始）")]
    [InlineData("1.2.3", ParseErrorKind.InvalidNumber, 1, "第 1 列：数字“1.2.3”格式有误")]
    [InlineData("avg(1)", ParseErrorKind.UnknownFunction, 1, "第 1 列：未知函数“avg”，可用的函数：sum、min、max、if、ceil、floor、and、or")]
    [InlineData("2 * if(1, 2)", ParseErrorKind.WrongArgumentCount, 5, "第 5 列：if 需要 3 个参数（条件, 成立时的值, 不成立时的值），实际为 2 个")]
    [InlineData("sum 1", ParseErrorKind.UnexpectedCharacter, 5, "第 5 列：函数“sum”后应为左括号“(”")]
    [InlineData("ceil(1, 2)", ParseErrorKind.WrongArgumentCount, 1, "第 1 列：ceil 需要 1 个参数，实际为 2 个")]
    public void Parse_errors_are_chinese_with_column(string text, ParseErrorKind kind, int column, string message)
    {
        var ex = Assert.Throws<ExpressionParseException>(() => Expression.Parse(text));
        Assert.Equal(kind, ex.Kind);
        Assert.Equal(column, ex.Column);
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void Skip_policy_makes_the_result_missing_and_names_the_elements()
    {
        var e = Expression.Parse("#{a} + #{b}[-2] + #{c}");
        var r = e.Evaluate(x => x.Code == "a" ? 1m : null, MissingValuePolicy.Skip);
        Assert.True(r.IsMissing);
        Assert.Equal("缺少数据：#{b}[-2]、#{c}", r.MissingReason);
    }

    [Fact]
    public void Zero_policy_treats_missing_as_zero()
    {
        var r = Expression.Parse("#{a} + #{b}").Evaluate(x => x.Code == "a" ? 5m : null, MissingValuePolicy.Zero);
        Assert.Equal(5m, r.Value);
        Assert.Null(r.MissingReason);
    }

    [Fact]
    public void Division_by_zero_is_missing_with_reason_not_infinity()
    {
        var r = Expression.Parse("#{a} / (#{b} - 2)").Evaluate(x => 2m, MissingValuePolicy.Skip);
        Assert.True(r.IsMissing);
        Assert.Equal("除数为零（第 6 列的“÷”）", r.MissingReason);
    }

    [Fact]
    public void Describe_uses_chinese_names_year_words_and_minimal_brackets()
    {
        var names = new Dictionary<string, string> { ["a"] = "甲", ["b"] = "乙", ["c"] = "丙" };
        string? Name(string code) => names.GetValueOrDefault(code);
        Assert.Equal("甲 − (乙 − 丙)", Expression.Parse("#{a} - (#{b} - #{c})").Describe(Name));
        Assert.Equal("甲 − 乙 − 丙", Expression.Parse("(#{a} - #{b}) - #{c}").Describe(Name));
        Assert.Equal("(甲 + 乙) × 两年前丙", Expression.Parse("(#{a} + #{b}) * #{c}[-2]").Describe(Name));
        Assert.Equal("合计(甲，乙) ÷ 12年前#{x}", Expression.Parse("sum(#{a}, #{b}) / #{x}[-12]").Describe(Name));
        Assert.Equal("(若 甲 > 0，则 乙，否则 丙)", Expression.Parse("if(#{a} > 0, #{b}, #{c})").Describe(Name));
        Assert.Equal("甲（3）+ 乙（缺失）", Expression.Parse("#{a} + #{b}").Describe(Name, x => x.Code == "a" ? 3.0m : null));
        Assert.Equal("向上取整(甲 ÷ 12)", Expression.Parse("ceil(#{a} / 12)").Describe(Name));
        Assert.Equal("甲 > 0 且 甲 < 100", Expression.Parse("and(#{a} > 0, #{a} < 100)").Describe(Name));
        Assert.Equal("(甲 > 0 或 乙 > 0) = 1", Expression.Parse("or(#{a} > 0, #{b} > 0) == 1").Describe(Name));
    }
}
