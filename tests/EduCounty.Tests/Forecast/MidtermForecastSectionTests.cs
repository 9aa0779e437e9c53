using System.Globalization;
using EduCounty.Common;
using EduCounty.Forecast;
using EduCounty.Plan;
using EduCounty.Plan.Evaluation;
using EduCounty.Reports;
using EduCounty.Tests.Plan;

namespace EduCounty.Tests.Forecast;

/// <summary>
/// The 中期评估 report has the 学位预测 paragraphs like the annual and 终期 reports (issue 19 item 5): under 五、存在的问题,
/// forecast from the 2023 census (the evaluated year, no later data), with the same figures as the forecast itself.
/// </summary>
public sealed class MidtermForecastSectionTests
{
    private static readonly PlanDocument Plan = PlanLoader.LoadDefault();

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_midterm_report_states_the_forecast_from_the_2023_census(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        var e = await EvaluatePlan.HandleAsync(db, Plan, MidtermReport.DefaultYear);

        var p = AnnualReportTests.Docx.Of(await MidtermReport.BuildAsync(db, e, charts: false)).Paragraphs;

        int problems = p.IndexOf("五、存在的问题"), next = p.IndexOf("六、下一步工作打算");
        var at = p.FindIndex(x => x.Contains("学位供需预测。", StringComparison.Ordinal));
        Assert.True(problems >= 0 && at > problems && at < next, $"五 {problems}, 学位预测 {at}, 六 {next}");
        var text = p[at];
        Assert.Contains("以2023学年秋季统计为基年", text, StringComparison.Ordinal);

        // The same forecast computed here, from the 2023 census to 2035 (中方案): its 2030 and 2035 students by 学段 are the
        // report's figures (the 公文 text drops the spaces between Chinese and figures).
        var history = (await ReadForecastHistory.HandleAsync(db)).Until(2023);
        var r = RunForecast.Compute(history, new ForecastQuery(2035, ["mid"]));
        var byStage = r.ByStage("mid");
        static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
        foreach (var year in new[] { 2030, 2035 })
        {
            var primary = byStage.Where(x => x.Stage == "小学" && x.Year == year).Sum(x => x.Students);
            var junior = byStage.Where(x => x.Stage == "初中" && x.Year == year).Sum(x => x.Students);
            Assert.True(primary > 0 && junior > 0);
            Assert.Contains($"到{year}年", text, StringComparison.Ordinal);
            Assert.Contains($"小学{N(primary)}人", text.Split($"到{year}年")[1], StringComparison.Ordinal);
            Assert.Contains($"初中{N(junior)}人", text.Split($"到{year}年")[1], StringComparison.Ordinal);
        }
        var basePrimary = r.Actual.Where(x => x.Stage == "小学" && x.Year == 2023).Sum(x => x.Students);
        Assert.Contains("基年在校生", text, StringComparison.Ordinal);
        Assert.Contains($"小学{N(basePrimary)}人", text.Split("；到")[0], StringComparison.Ordinal);
        // The seat gap paragraph and the back-test error follow (the annual report's lines 2 to 4).
        Assert.Contains(p.Skip(at + 1).Take(next - at - 1), x => x.StartsWith("按班额标准（小学45人、初中50人", StringComparison.Ordinal));
        Assert.Contains(p.Skip(at + 1).Take(next - at - 1), x => x.StartsWith("以本县历年数据回测", StringComparison.Ordinal));
    }
}
