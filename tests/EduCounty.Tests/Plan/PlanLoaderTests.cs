using EduCounty.Plan;

namespace EduCounty.Tests.Plan;

public sealed class PlanLoaderTests
{
    private static string DefaultJson()
    {
        using var s = typeof(PlanLoader).Assembly.GetManifestResourceStream(PlanLoader.DefaultPlanResource)!;
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    }

    [Fact]
    public void Wrong_value_type_names_the_json_path_in_chinese()
    {
        var json = DefaultJson().Replace("\"baseline\": 0.5669", "\"baseline\": \"零点五\"", StringComparison.Ordinal);
        var ex = Assert.Throws<PlanLoadException>(() => PlanLoader.Parse(json));
        var problem = Assert.Single(ex.Problems);
        Assert.Equal("$.indicators[0].baseline", problem.Path);
        Assert.StartsWith("值的类型不符", problem.Message, StringComparison.Ordinal);
        Assert.Contains("$.indicators[0].baseline：值的类型不符", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Task_numbering_gap_is_reported_at_its_path()
    {
        var json = DefaultJson().Replace("\"number\": 13,\n      \"section\"", "\"number\": 14,\n      \"section\"", StringComparison.Ordinal);
        var ex = Assert.Throws<PlanLoadException>(() => PlanLoader.Parse(json));
        var problem = Assert.Single(ex.Problems);
        Assert.Equal("$.tasks[12].number", problem.Path);
        Assert.Equal("任务编号应为 13，实际为 14（编号须从 1 起连续）", problem.Message);
    }

    [Fact]
    public void Null_in_a_required_text_and_unknown_fields_are_reported()
    {
        var nullName = DefaultJson().Replace("\"divisionName\": \"阜康市\"", "\"divisionName\": null", StringComparison.Ordinal);
        var ex = Assert.Throws<PlanLoadException>(() => PlanLoader.Parse(nullName));
        Assert.Equal("$.divisionName", ex.Problems[0].Path);
        Assert.StartsWith("值不能为 null", ex.Problems[0].Message, StringComparison.Ordinal);

        var unknown = DefaultJson().Replace("\"edition\":", "\"editon\": 1, \"edition\":", StringComparison.Ordinal);
        var ex2 = Assert.Throws<PlanLoadException>(() => PlanLoader.Parse(unknown));
        Assert.Contains("无法识别的字段", ex2.Problems[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Semantic_problems_are_all_collected()
    {
        var json = DefaultJson()
            .Replace("\"divisionCode\": \"652302\"", "\"divisionCode\": \"65230\"", StringComparison.Ordinal)
            .Replace("\"code\": \"preschool.public_share\"", "\"code\": \"preschool.enrolment\"", StringComparison.Ordinal);
        var ex = Assert.Throws<PlanLoadException>(() => PlanLoader.Parse(json));
        Assert.Contains(ex.Problems, p => p.Path == "$.divisionCode" && p.Message.Contains("6 位数字", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.Path == "$.indicators[2].code" && p.Message.Contains("重复", StringComparison.Ordinal));
    }

    [Fact]
    public void Broken_json_syntax_is_reported_with_line()
    {
        var ex = Assert.Throws<PlanLoadException>(() => PlanLoader.Parse("{\n  \"schemaVersion\": 1,\n  \"code\": }"));
        Assert.Equal("$.code", ex.Problems[0].Path);
        Assert.Contains("第 3 行", ex.Problems[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Indicator_formulas_are_parsed_and_their_elements_checked_at_load()
    {
        var broken = DefaultJson().Replace("\"numerator\": \"#{enrolment.junior.grade3}\"", "\"numerator\": \"(#{enrolment.junior.grade3}\"", StringComparison.Ordinal);
        var ex = Assert.Throws<PlanLoadException>(() => PlanLoader.Parse(broken));
        var problem = Assert.Single(ex.Problems);
        Assert.Equal("$.indicators[5].formula.numerator", problem.Path);
        // The text is 27 characters long; the missing ")" is reported at column 28, where it should be.
        Assert.Equal("表达式第 28 列：缺少右括号（与第 1 列的左括号配对）", problem.Message);

        var unknown = DefaultJson().Replace("#{population.age3to5}", "#{population.age3to6}", StringComparison.Ordinal);
        ex = Assert.Throws<PlanLoadException>(() => PlanLoader.Parse(unknown));
        problem = Assert.Single(ex.Problems);
        Assert.Equal("$.indicators[1].formula.denominator", problem.Path);
        Assert.Equal("未知的数据元素“population.age3to6”", problem.Message);
    }

    [Fact]
    public void Every_row_of_the_default_plan_has_a_formula()
    {
        var plan = PlanLoader.Parse(DefaultJson());
        Assert.All(plan.Indicators, i => Assert.NotNull(i.Formula));
        // 万人 rows are shown in 万人: factor 0.0001 and 4 decimals (0.5669).
        Assert.All(plan.Indicators.Where(i => i.Unit == "万人"), i => Assert.Equal((0.0001m, 4), (i.Formula!.Factor, i.Formula.Decimals)));
    }
}
