using System.Text;
using System.Text.Json;
using EduCounty.Balance;
using EduCounty.Common;

namespace EduCounty.Tests.Balance;

public sealed class BalanceSpreadsheetAndPlanTests
{
    private static readonly BalanceProfile National = BalanceProfile.National();

    // Headers in another order than the brief lists them, full-width and half-width per-stage suffixes,
    // no 图书册数 / 计算机台数 / 中级及以上职称教师数 columns.
    private const string Csv = """
        办学类型,学校名称,小学学生数,初中学生数,专任教师数,高于规定学历教师数（小学）,高于规定学历教师数(初中),县级以上骨干教师数,体育艺术专任教师数,教学及辅助用房面积,室内体育用房面积,体育运动场馆面积,教学仪器设备值(元),网络多媒体教室数
        小学,第一小学,1000,,60,50,,12,10,5200,200,8000,2200000,25
        小学,第二小学,400,,25,15,,3,3,1500,,2500,600000,8
        九年一贯制学校,第三学校,166,210,40,10,14,5,4,2500,0,4000,900000,10
        初级中学,第一中学,,800,70,,45,9,8,5000,300,9000,2100000,20
        """;

    private static BalanceSheet Read(string csv, Encoding? enc = null) =>
        BalanceSpreadsheet.Read(new MemoryStream((enc ?? Encoding.UTF8).GetBytes(csv.Replace("\r\n", "\n"))), "学校.csv");

    [Fact]
    public void Reads_headers_in_any_order_with_per_stage_suffixes()
    {
        var sheet = Read(Csv);
        Assert.Empty(sheet.Errors);
        Assert.Equal(4, sheet.Schools.Count);
        var third = sheet.Schools[2];
        Assert.Equal(SchoolType.NineYear, third.Type);
        Assert.Equal(166, third.PrimaryStudents);
        Assert.Equal(210, third.JuniorStudents);
        Assert.Equal(new TeacherCount(null, 10, 14, null), third.HigherDegreeTeachers);
        Assert.Equal(40, third.FullTimeTeachers.Total);
        Assert.Null(sheet.Schools[1].IndoorSportsM2);
    }

    [Fact]
    public void Reads_gb18030_csv()
    {
        var gb = Encoding.GetEncoding("GB18030");
        var sheet = Read(Csv, gb);
        Assert.Empty(sheet.Errors);
        Assert.Equal("第一小学", sheet.Schools[0].Name);
    }

    [Fact]
    public void A_missing_column_is_reported_and_its_indicator_is_missing()
    {
        var sheet = Read(Csv);
        Assert.Contains("图书册数", sheet.MissingColumns);
        Assert.Contains("计算机台数", sheet.MissingColumns);
        Assert.Null(sheet.Schools[0].Books);
        var r = BalanceEvaluator.Evaluate(sheet.Schools, "2012", National);
        var b5 = r.Stages[0].Indicators.Single(i => i.Code == "B5");
        Assert.Null(b5.Cv);
        Assert.False(r.Pass);
    }

    [Fact]
    public void A_bad_cell_names_file_row_column_value_and_reason()
    {
        var sheet = Read("""
            学校名称,办学类型,小学学生数,计算机台数
            第一小学,小学,1000,一百
            第二小学,小学,-5,10
            第三小学,中学堂,100,10
            """);
        Assert.Contains("文件 学校.csv 第 2 行「计算机台数」列：值“一百”不是数字", sheet.Errors);
        Assert.Contains("文件 学校.csv 第 3 行「小学学生数」列：值“-5”不能为负数", sheet.Errors);
        Assert.Contains(sheet.Errors, e => e.StartsWith("文件 学校.csv 第 4 行「办学类型」列：值“中学堂”不是可识别的办学类型", StringComparison.Ordinal));
    }

    [Fact]
    public void Json_has_the_agreed_shape()
    {
        var report = BalanceEvaluator.Evaluate(Read(Csv).Schools, "2017", National);
        report = report with { GapPlan = GapPlanner.Plan(Read(Csv).Schools, "2017", National) };
        using var doc = JsonDocument.Parse(BalanceOutput.ToJson(report));
        var root = doc.RootElement;
        Assert.Equal("2017", root.GetProperty("method").GetString());
        Assert.False(root.GetProperty("pass").GetBoolean());
        Assert.Equal(JsonValueKind.Object, root.GetProperty("gapPlan").ValueKind);
        var stage = root.GetProperty("stages")[0];
        Assert.Equal(["stage", "units", "students", "pass", "indicators", "schools"], stage.EnumerateObject().Select(p => p.Name));
        Assert.Equal("小学", stage.GetProperty("stage").GetString());
        Assert.Equal(3, stage.GetProperty("units").GetInt32());
        Assert.Equal(1566, stage.GetProperty("students").GetInt32());
        var ind = stage.GetProperty("indicators");
        Assert.Equal(["L1", "L2", "L3", "L4", "L5", "L6", "L7"], ind.EnumerateArray().Select(i => i.GetProperty("code").GetString()));
        Assert.Equal(["code", "name", "threshold", "mean", "sd", "cv", "cvLimit", "pass"], ind[0].EnumerateObject().Select(p => p.Name));
        var school = stage.GetProperty("schools")[1];
        Assert.Equal(["name", "students", "values", "met", "pass", "shortfalls"], school.EnumerateObject().Select(p => p.Name));
        Assert.Equal(3.75, school.GetProperty("values").GetProperty("L1").GetDouble(), 4); // 15 × 100 / 400

        // 2012 with the three missing columns filled in, so that the composite can be computed.
        var complete = Read(Csv).Schools.Select(x => x with { Books = 1000, Computers = 10, MidTitleTeachers = new(5) }).ToList();
        var r2012 = BalanceEvaluator.Evaluate(complete, "2012", National);
        using var doc2 = JsonDocument.Parse(BalanceOutput.ToJson(r2012));
        var s2 = doc2.RootElement.GetProperty("stages")[0];
        Assert.Equal(["stage", "units", "students", "pass", "composite", "indicators", "schools"], s2.EnumerateObject().Select(p => p.Name));
        Assert.False(doc2.RootElement.TryGetProperty("gapPlan", out _));
    }

    [Fact]
    public void Applying_the_gap_plan_to_a_copy_of_the_input_makes_it_pass()
    {
        var schools = Read(Csv).Schools;
        Assert.False(BalanceEvaluator.Evaluate(schools, "2017", National).Pass);
        var plan = GapPlanner.Plan(schools, "2017", National);
        Assert.True(plan.Achievable);
        Assert.NotEmpty(plan.Actions);
        Assert.True(BalanceEvaluator.Evaluate(plan.ApplyTo(schools), "2017", National).Pass);
        // The input itself is untouched.
        Assert.False(BalanceEvaluator.Evaluate(schools, "2017", National).Pass);
        // 第二小学's L4: 1500 ㎡ for 400 students; 4.5·400 = 1800 (300 ㎡, 150 万元) or 0.85·1800 = 1530 (30 ㎡).
        // Leaving L4 at 85 % is the cheapest choice here, so 30 ㎡ × 5000 元 = 150 000 元.
        var l4 = Assert.Single(plan.Actions, a => a.School == "第二小学" && a.Indicators == "L4");
        Assert.Equal(30, l4.Quantity);
        Assert.Equal(150_000, l4.CostYuan);
    }

    [Fact]
    public void A_cv_over_its_limit_is_closed_by_lifting_the_lowest_schools()
    {
        // Every school meets every 2017 threshold, but 生均仪器设备值 is 2000 / 2000 / 20 000 元 → CV far above 0.50.
        static BalanceSchoolInput S(string n, double equipment) => BalanceEvaluatorTests.School(n, SchoolType.Primary, 100, null, 10, 10, 2, 2, 1000, 1200, equipment, 3);
        List<BalanceSchoolInput> schools = [S("甲", 200_000), S("乙", 200_000), S("丙", 2_000_000)];
        var before = BalanceEvaluator.Evaluate(schools, "2017", National);
        Assert.False(before.Stages[0].Indicators.Single(i => i.Code == "L6").Pass);
        var plan = GapPlanner.Plan(schools, "2017", National);
        Assert.True(plan.Achievable);
        Assert.All(plan.Actions, a => Assert.True(a.School is "甲" or "乙"));
        Assert.True(BalanceEvaluator.Evaluate(plan.ApplyTo(schools), "2017", National).Pass);

        // 2012 too: the composite limit is met after the plan.
        var plan2012 = GapPlanner.Plan(schools, "2012", National);
        Assert.True(BalanceEvaluator.Evaluate(plan2012.ApplyTo(schools), "2012", National).Pass);
    }

    [Fact]
    public void The_floor_found_by_bisection_brings_the_cv_to_the_limit()
    {
        // Equal weights, values 1, 1, 10: lifting the two low ones to F gives X̄ = (2F + 10)/3, S = (10 − F)·√2 / 3,
        // CV = √2·(10 − F)/(2F + 10). CV = 0.5 ⇔ √2·(10 − F) = F + 5 ⇔ F = (10√2 − 5)/(1 + √2) = 3.7868.
        var units = new[] { 1.0, 1, 10 }.Select(_ => new StageUnit("u", "u", Stage.Primary, 100, new double?[12], new double[12])).ToList();
        Assert.Equal(3.7868, GapPlanner.FloorFor(units, [1, 1, 10], 0.5), 4);
    }
}
