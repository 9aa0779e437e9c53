using EduCounty.Plan;
using EduCounty.Plan.Evaluation;
using EduCounty.Reports;

namespace EduCounty.Tests.Plan;

/// <summary>The 终期评估 report (issue 14 item 6): every indicator against its 2025 target, the tasks, 优质均衡, the next plan's base.</summary>
public sealed class FinalReportTests
{
    private static readonly PlanDocument Plan = PlanLoader.LoadDefault();

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_final_report_judges_every_indicator_against_2025_and_gives_the_next_plans_base(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        var e = await EvaluatePlan.HandleAsync(db, Plan, Plan.Period.EndYear);
        var docx = AnnualReportTests.Docx.Of(await FinalReport.BuildAsync(db, e, new DateOnly(2026, 11, 29)));
        var p = docx.Paragraphs;

        string[] parts =
        [
            "一、总体情况", "二、主要指标完成情况", "三、其他量化目标完成情况", "四、义务教育优质均衡创建情况", "五、重点任务完成情况",
            "六、重大项目建设情况", "七、存在的问题和下一个五年规划的基础",
        ];
        var at = parts.Select(h => p.IndexOf(h)).ToList();
        Assert.All(at, i => Assert.True(i >= 0));
        Assert.Equal(at.Order(), at);
        Assert.Contains("“十四五”规划终期评估的报告", p);
        Assert.Contains(p, x => x.Contains("规划期2021—2025年", StringComparison.Ordinal));
        Assert.Contains(p, x => x.StartsWith($"规划部署重点任务{Plan.Tasks.Count}项", StringComparison.Ordinal));
        Assert.Contains("尚未达到义务教育优质均衡发展要求", p[p.IndexOf("四、义务教育优质均衡创建情况") + 1], StringComparison.Ordinal);
        // In the final year the actual is shown, never a projection (parts 一 to 六, where the indicators are).
        var body = string.Join("\n", p.Take(at[6]));
        Assert.DoesNotContain("预测", body, StringComparison.Ordinal);
        // 学位预测 (issue 19 item 5): the annual report's paragraphs, under 七, forecast from the 2025 census to 2030 and 2035
        // (the 公文 text drops the spaces between Chinese and figures).
        var forecast = p.Skip(at[6]).Single(x => x.Contains("学位供需预测。", StringComparison.Ordinal));
        Assert.Contains("以2025学年秋季统计为基年", forecast, StringComparison.Ordinal);
        Assert.Contains("到2030年", forecast, StringComparison.Ordinal);
        Assert.Contains("到2035年", forecast, StringComparison.Ordinal);

        // 附件1: all 15 indicators; 达成 exactly when the 2025 value reaches the target (≥ rows, no tolerance); 待核实 not judged.
        var table = docx.Tables[0];
        Assert.Equal(["指标", "属性", "2020年基期值", "昌吉州2025年目标", "阜康市2025年目标", "2025年值", "完成情况"], table[0]);
        Assert.Equal(Plan.Indicators.Count + 1, table.Count);
        foreach (var r in e.Rows.Where(r => r.Indicator.Comparator == TargetComparator.AtLeast && r.Shown is not null))
        {
            var row = table.Single(x => x[0] == $"{r.Indicator.Name}（{r.Indicator.Unit}）");
            Assert.Equal(r.Shown >= r.Indicator.Target ? "达成" : "未达成", row[6]);
        }
        Assert.Equal("不评价（目标待核实）", table.Single(x => x[0] == "特殊教育在校生规模（人）")[6]);

        // 附件4: the 2025 actual values proposed as the next plan's baseline.
        var baseTable = docx.Tables.Single(t => t[0].Contains("2025年实际值（建议基期值）"));
        var col = Array.IndexOf(baseTable[0], "2025年实际值（建议基期值）");
        var preschool = e.Find("preschool.enrolment")!;
        Assert.Equal(StatusRules.N(preschool.Shown!.Value), baseTable.Single(x => x[0] == "在园幼儿数")[col]);
    }
}
