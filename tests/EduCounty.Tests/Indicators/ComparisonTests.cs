using EduCounty.Indicators;
using EduCounty.Indicators.Expressions;

namespace EduCounty.Tests.Indicators;

/// <summary>The comparison rule form (left operator right) of the engine: operators, outcomes, missing sides, words.</summary>
public sealed class ComparisonTests
{
    private static readonly Dictionary<string, string> Names = new() { ["rooms"] = "音乐专用教室间数", ["classes"] = "班级数", ["a"] = "甲" };

    [Theory]
    [InlineData(">=", 3, 3, true)]
    [InlineData("≥", 2, 3, false)]
    [InlineData("<=", 45, 45, true)]
    [InlineData("≤", 46, 45, false)]
    [InlineData(">", 3, 3, false)]
    [InlineData("<", 0.14, 0.15, true)]
    [InlineData("==", 100, 100, true)]
    [InlineData("=", 99, 100, false)]
    [InlineData("!=", 1, 2, true)]
    [InlineData("≠", 2, 2, false)]
    public void Each_operator_compares_the_two_sides(string op, double left, double right, bool holds)
    {
        var c = CompiledComparison.Compile("#{a}", op, ((decimal)right).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var o = c.Evaluate(_ => (decimal)left, MissingValuePolicy.Skip);
        Assert.Equal(holds, o.Met);
        Assert.Equal((decimal)left, o.Left);
        Assert.Equal((decimal)right, o.Right);
    }

    [Fact]
    public void Both_sides_are_kept_apart_and_described_with_their_inputs()
    {
        // G3.1 by hand: 25 classes need ⌈25/12⌉ = 3 music rooms; 2 rooms fail.
        var c = CompiledComparison.Compile("#{rooms}", ">=", "ceil(#{classes} / 12)");
        Assert.Equal(new HashSet<DataElementRef> { new("rooms"), new("classes") }, c.Elements.ToHashSet());
        decimal? Lookup(DataElementRef r) => r.Code == "rooms" ? 2m : 25m;
        var o = c.Evaluate(Lookup, MissingValuePolicy.Skip);
        Assert.Equal((false, 2m, 3m), (o.Met!.Value, o.Left!.Value, o.Right!.Value));
        Assert.Equal("音乐专用教室间数（2）≥ 向上取整(班级数（25）÷ 12)", c.Describe(Names.GetValueOrDefault, Lookup));
        Assert.Equal("音乐专用教室间数 ≥ 向上取整(班级数 ÷ 12)", c.Describe(Names.GetValueOrDefault));
    }

    [Fact]
    public void A_missing_side_leaves_the_comparison_undecided_and_names_the_elements()
    {
        var c = CompiledComparison.Compile("#{a} / #{b}[-2]", ">=", "95");
        var o = c.Evaluate(r => r.Code == "a" ? 1m : null, MissingValuePolicy.Skip);
        Assert.Null(o.Met);
        Assert.Equal([new DataElementRef("b", -2)], o.MissingElements);
        var zero = c.Evaluate(r => r.Code == "a" ? 1m : 0m, MissingValuePolicy.Skip);
        Assert.Null(zero.Met);
        Assert.Equal("除数为零（第 6 列的“÷”）", zero.MissingReason);
    }

    [Fact]
    public void Errors_name_the_side_and_the_operator()
    {
        var e = Assert.Throws<ExpressionParseException>(() => CompiledComparison.Compile("#{a} +", ">=", "1", "规则 X 的"));
        Assert.Equal("规则 X 的左侧第 7 列：表达式不完整，此处缺少数值", e.Message);
        var r = Assert.Throws<ExpressionParseException>(() => CompiledComparison.Compile("#{a}", ">=", "(1", "规则 X 的"));
        Assert.Equal("规则 X 的右侧第 3 列：缺少右括号（与第 1 列的左括号配对）", r.Message);
        var op = Assert.Throws<ArgumentException>(() => CompiledComparison.Compile("#{a}", "=>", "1", "规则 X 的"));
        Assert.StartsWith("规则 X 的比较运算符“=>”无效", op.Message, StringComparison.Ordinal);
    }
}
