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
}
