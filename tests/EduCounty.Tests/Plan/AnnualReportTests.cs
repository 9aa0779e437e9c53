using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using EduCounty.Plan;
using EduCounty.Plan.Evaluation;
using EduCounty.Reports;
using MiniExcelLibs;

namespace EduCounty.Tests.Plan;

public sealed class AnnualReportTests
{
    private static readonly PlanDocument Plan = PlanLoader.LoadDefault();

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_report_writes_task_project_and_ledger_progress_from_the_database(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        var e = await EvaluatePlan.HandleAsync(db, Plan, 2024);
        using var ms = new MemoryStream();
        ReportDocx.Write(await AnnualReport.BuildAsync(db, e, new DateOnly(2026, 11, 29)), ms);
        ms.Position = 0;

        using var doc = WordprocessingDocument.Open(ms, false);
        var body = doc.MainDocumentPart!.Document!.Body!;
        var text = string.Join("\n", body.Elements<Paragraph>().Select(p => p.InnerText));
        // Demo project ledger (DemoPlanProgress), latest cumulative figures per project, by hand:
        // spent 4185 + 1320 + 20780 + 1890 + 3260 + 5630 + 9600 + 0 = 46665 万元; seats 720 + 240 + 3240 = 4200.
        Assert.Contains("已完成投资 46665 万元", text, StringComparison.Ordinal);
        Assert.Contains("已交付学位 4200 个", text, StringComparison.Ordinal);
        // The demo's 5 ledger items: 2 closed; on 2026-11-29 only the one due 2026-06-30 is overdue.
        Assert.Contains("问题台账共登记问题 5 项", text, StringComparison.Ordinal);
        Assert.Contains("已销号 2 项，逾期未销号 1 项", text, StringComparison.Ordinal);
        Assert.Contains("部分乡村学校生均体育运动场地面积未达标（来源：督导；责任单位：计划财务股；整改期限 2026-06-30；", text, StringComparison.Ordinal);
        Assert.Contains("，已逾期）", text, StringComparison.Ordinal);
        // The project table follows the indicator table.
        var tables = body.Elements<Table>().ToList();
        Assert.Equal(2, tables.Count);
        var projectRows = tables[1].Elements<TableRow>().Select(r => r.Elements<TableCell>().Select(c => c.InnerText).ToArray()).ToList();
        Assert.Equal("项目", projectRows[0][0]);
        Assert.Contains(projectRows, r => r[3] == "20780" && r[5] == "3240");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_docx_has_the_six_parts_and_the_indicator_table_with_the_figures(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        var e = await EvaluatePlan.HandleAsync(db, Plan, 2020);
        using var ms = new MemoryStream();
        AnnualReport.Write(e, ms);
        ms.Position = 0;

        using var doc = WordprocessingDocument.Open(ms, false);
        var body = doc.MainDocumentPart!.Document!.Body!;
        var paragraphs = body.Elements<Paragraph>().Select(p => p.InnerText).ToList();
        foreach (var heading in new[] { "一、总体情况", "二、主要指标完成情况", "三、重点任务推进情况", "四、重大项目建设情况", "五、存在的问题", "六、下一步工作打算" })
        {
            Assert.Contains(heading, paragraphs);
        }

        Assert.Contains(paragraphs, p => p.Contains("2020-2021 学年度实施情况评估报告", StringComparison.Ordinal));
        var table = Assert.Single(body.Elements<Table>());
        var rows = table.Elements<TableRow>().Select(r => r.Elements<TableCell>().Select(c => c.InnerText).ToArray()).ToList();
        Assert.Equal(AnnualReport.TableHeaders, rows[0]);
        Assert.Equal(16, rows.Count);
        // 巩固率: 约束性, 2020 基期 109.98, 2025 目标 99.5, 本年度值 109.98 (plan table), 已达标.
        Assert.Contains(["九年义务教育巩固率（%）", "约束性", "109.98", "99.5", "109.98", "已达标"], rows);
        Assert.Contains(rows, r => r[0] == "在园幼儿数（万人）" && r[4] == "0.5669");
        Assert.Contains(rows, r => r[0] == "中小学数字校园覆盖率（%）" && r[2] == "/");

        // A4 and an East-Asian font.
        var size = body.Elements<SectionProperties>().Single().GetFirstChild<PageSize>()!;
        Assert.Equal((11906U, 16838U), (size.Width!.Value, size.Height!.Value));
        var fonts = doc.MainDocumentPart.StyleDefinitionsPart!.Styles!.Descendants<RunFonts>().First();
        Assert.Equal(AnnualReport.EastAsianFont, fonts.EastAsia!.Value);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_xlsx_table_reads_back_with_the_values(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        var e = await EvaluatePlan.HandleAsync(db, Plan, 2020);
        using var ms = new MemoryStream();
        await IndicatorTableExport.WriteXlsxAsync(e, ms);
        ms.Position = 0;
        var rows = ms.Query(useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(15, rows.Count);
        var retention = rows.Single(r => (string)r["编码"] == "compulsory.retention");
        Assert.Equal(109.98m, Convert.ToDecimal(retention["本年度值"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("已达标", retention["状态"]);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_report_includes_the_high_quality_balance_section_with_the_failing_schools(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        var e = await EvaluatePlan.HandleAsync(db, Plan, 2020);
        var section = await EduCounty.Balance.BalanceReportSection.BuildAsync(db, Plan.DivisionCode, new EduCounty.Common.SchoolYear(2020));
        using var ms = new MemoryStream();
        AnnualReport.Write(e, ms, section);
        ms.Position = 0;
        using var doc = WordprocessingDocument.Open(ms, false);
        var text = doc.MainDocumentPart!.Document!.Body!.Elements<Paragraph>().Select(p => p.InnerText).ToList();
        Assert.Contains("义务教育优质均衡发展督导评估情况：", text);
        // The demo's 天龙小学 is short of 教学仪器设备值 and 网络多媒体教室 (DemoSchools.Weakness), so it fails 资源配置 in 2020.
        Assert.Contains(text, p => p.StartsWith("阜康市天龙小学未达标", StringComparison.Ordinal));
        Assert.Contains(text, p => p.Contains("尚未达到义务教育优质均衡发展要求", StringComparison.Ordinal));
        // The section sits inside 五、存在的问题, before 六、下一步工作打算.
        Assert.True(text.IndexOf("义务教育优质均衡发展督导评估情况：") > text.IndexOf("五、存在的问题"));
        Assert.True(text.IndexOf("义务教育优质均衡发展督导评估情况：") < text.IndexOf("六、下一步工作打算"));
    }
}
