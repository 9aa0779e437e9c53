using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using EduCounty.Common;
using EduCounty.Plan;
using EduCounty.Plan.Evaluation;
using EduCounty.Plan.Progress;
using EduCounty.Reports;
using EduCounty.Tests.Imports;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace EduCounty.Tests.Plan;

/// <summary>The annual report as the 规划科 sends it: tied to its school year, in 公文 form, with the figures of the records.</summary>
public sealed partial class AnnualReportTests
{
    private static readonly PlanDocument Plan = PlanLoader.LoadDefault();

    // The day the report is generated; every state in a past year's report must be as of that year's end instead.
    private static readonly DateOnly Today = new(2026, 11, 29);

    /// <summary>The .docx of a report read back: its paragraphs (body and attachments) and tables.</summary>
    internal sealed record Docx(List<string> Paragraphs, List<List<string[]>> Tables, string Footer, WordprocessingDocument Document)
    {
        public string Text => string.Join("\n", Paragraphs);

        public static Docx Of(ReportDocument report)
        {
            var ms = new MemoryStream();
            ReportDocx.Write(report, ms);
            ms.Position = 0;
            var doc = WordprocessingDocument.Open(ms, false);
            var body = doc.MainDocumentPart!.Document!.Body!;
            var tables = body.Elements<Table>().Select(t => t.Elements<TableRow>().Select(r => r.Elements<TableCell>().Select(c => c.InnerText).ToArray()).ToList()).ToList();
            var footer = string.Join("\n", doc.MainDocumentPart.FooterParts.Select(f => f.Footer!.OuterXml));
            return new Docx([.. body.Elements<Paragraph>().Select(p => p.InnerText)], tables, footer, doc);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_report_states_task_project_and_ledger_progress_as_of_the_school_years_end(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        var e = await EvaluatePlan.HandleAsync(db, Plan, 2024);
        var text = Docx.Of(await AnnualReport.BuildAsync(db, e, Today)).Text;

        // 2024-2025 ends on 2025-08-31. Demo project ledger (DemoPlanProgress), latest cumulative report on or before that day:
        // 4185 (2024-08-26) + 760 (2023-10-30; 1320 is reported 2025-09-15) + 20780 + 1890 + 2150 (2024-11-30; 3260 on 2025-10-31)
        // + 5630 + 0 (职教 9600 on 2025-10-15) + 0 = 35395 万元; seats 720 + 120 + 3240 = 4080.
        Assert.Contains("截至2025-08-31", text, StringComparison.Ordinal);
        Assert.Contains("已完成投资35395万元", text, StringComparison.Ordinal);
        Assert.Contains("已交付学位4080个", text, StringComparison.Ordinal);
        // The 5 ledger items are all registered by 2025-08-31; only 巩固率 is closed (2024-10-15; 音体美 closes 2025-11-20);
        // 钱某's item has no measures (待整改); the other 3 are 整改中; none is past its deadline on 2025-08-31.
        Assert.Contains("问题台账共登记问题5项，待整改1项、整改中3项、已销号1项，逾期未销号0项", text, StringComparison.Ordinal);
        // The 整改情况 written when the 音体美 item was closed (2025-11-20) is not known on 2025-08-31.
        Assert.DoesNotContain("已补充走教教师12名", text, StringComparison.Ordinal);
        Assert.Contains("部分乡村学校生均体育运动场地面积未达标（来源：督导；责任单位：计划财务股；整改期限2026-06-30；整改中）", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_2021_2022_report_contains_no_state_dated_after_that_school_year(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        var e = await EvaluatePlan.HandleAsync(db, Plan, 2021);
        var text = Docx.Of(await AnnualReport.BuildAsync(db, e, Today)).Text;

        var end = new DateOnly(2022, 8, 31);
        var dates = IsoDate().Matches(text).Select(m => DateOnly.ParseExact(m.Value, "yyyy-MM-dd")).ToList();
        Assert.NotEmpty(dates);
        Assert.All(dates, d => Assert.True(d <= end, $"{d:yyyy-MM-dd} 晚于学年末"));
        // No ledger item is registered before 2023 (DemoPlanProgress), no task is overdue, no project has spent anything yet
        // (the first figure is 2100 万元 on 2022-12-20); 6 projects had started by 2022-08-31.
        Assert.DoesNotContain("问题台账共登记", text, StringComparison.Ordinal);
        Assert.Contains("逾期未完成0项", text, StringComparison.Ordinal);
        Assert.Contains("已完成投资0万元", text, StringComparison.Ordinal);
        Assert.Contains("19个项目中已完成0个、推进中6个、未启动13个", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_frozen_years_report_does_not_change_when_progress_is_entered_later(string provider)
    {
        // A demo county of its own: this test writes.
        var setting = await TestDatabases.PristineDemoCopyAsync(provider, "frozenreport");
        await using var db = Database.Open(setting);
        var clock = new FixedClock(new DateTimeOffset(2022, 9, 20, 2, 0, 0, TimeSpan.Zero));
        await FreezePlanYear.HandleAsync(db, Plan, 2021, "张科长", clock);
        var before = Docx.Of(await AnnualReport.BuildAsync(db, await EvaluatePlan.HandleAsync(db, Plan, 2021), Today)).Paragraphs;

        // Progress entered afterwards but dated inside 2021-2022 (2022-06-01) on a task under way.
        var task = await db.PlanTasks.Where(t => t.PlanCode == Plan.Code && t.State == PlanWorkState.InProgress)
            .OrderBy(t => t.Number).FirstAsync();
        task.Report(new DateOnly(2022, 6, 1), "补录", "补录的阶段进展", 50);
        await db.SaveChangesAsync();

        // The live picture on 2022-08-31 counts it; the frozen year's report, from the snapshot taken at the freeze, does not.
        var live = await GetPlanProgress.HandleAsync(db, new(Plan.Code, new DateOnly(2022, 8, 31)));
        var after = Docx.Of(await AnnualReport.BuildAsync(db, await EvaluatePlan.HandleAsync(db, Plan, 2021), Today)).Paragraphs;
        Assert.Equal(before, after);
        Assert.Contains(before, p => p.Contains($"累计填报进展{live.Tasks.Sum(t => t.Updates) - 1}次", StringComparison.Ordinal));
        // The 成文日期 of a frozen year defaults to its freeze day.
        Assert.Contains("2022年9月20日", before);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_docx_is_in_official_document_form(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        var e = await EvaluatePlan.HandleAsync(db, Plan, 2020);
        var settings = ReportSettings.For(Plan, "阜康市人民政府、昌吉州教育局", null);
        var docx = Docx.Of(await AnnualReport.BuildAsync(db, e, Today, settings, new DateOnly(2021, 9, 10)));
        var p = docx.Paragraphs;

        // 标题 (three lines), 主送机关, the seven parts, 附件说明, 发文机关署名 and 成文日期 in that order (GB/T 9704-2012 7.3).
        string[] order =
        [
            "阜康市教育局关于阜康市教育事业发展", "阜康市人民政府、昌吉州教育局：", "一、总体情况", "二、主要指标完成情况", "三、其他量化目标完成情况",
            "四、重点任务推进情况", "五、重大项目建设情况", "六、存在的问题", "七、下一步工作打算", "附件：1．主要指标完成情况表", "阜康市教育局",
            "2021年9月10日", "附件1",
        ];
        var at = order.Select(o => p.FindIndex(x => x == o)).ToList();
        Assert.All(at, i => Assert.True(i >= 0));
        Assert.Equal(at.Order(), at);

        // Page number "— 1 —" from a PAGE field in the footer, odd and even pages.
        Assert.Equal(2, docx.Document.MainDocumentPart!.FooterParts.Count());
        Assert.Contains("<w:instrText xml:space=\"preserve\"> PAGE </w:instrText>", docx.Footer, StringComparison.Ordinal);
        Assert.Contains(">— </w:t>", docx.Footer, StringComparison.Ordinal);
        // Body 仿宋_GB2312 3号 (16 pt = 32 half-points), title 小标宋 2号 (22 pt), level-1 headings 黑体, level-2 楷体.
        var styles = docx.Document.MainDocumentPart.StyleDefinitionsPart!.Styles!;
        var defaults = styles.DocDefaults!.RunPropertiesDefault!.RunPropertiesBaseStyle!;
        Assert.Equal((AnnualReport.EastAsianFont, "32"), (defaults.RunFonts!.EastAsia!.Value!, defaults.FontSize!.Val!.Value!));
        string Font(string id) => styles.Elements<Style>().Single(s => s.StyleId == id).StyleRunProperties!.RunFonts!.EastAsia!.Value!;
        Assert.Equal(("方正小标宋简体", AnnualReport.HeadingFont, "楷体_GB2312"), (Font("Title"), Font("Heading1"), Font("Heading2")));
        // A4.
        var size = docx.Document.MainDocumentPart.Document!.Body!.Elements<SectionProperties>().Single().GetFirstChild<PageSize>()!;
        Assert.Equal((11906U, 16838U), (size.Width!.Value, size.Height!.Value));

        // Full-width punctuation next to Chinese, and no dangling "（，" from an empty part.
        Assert.DoesNotContain("（，", docx.Text, StringComparison.Ordinal);
        Assert.DoesNotMatch(HalfWidthNextToHan(), docx.Text);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_indicator_table_has_the_2020_column_of_the_plan_and_the_prefecture_targets(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        var e = await EvaluatePlan.HandleAsync(db, Plan, 2020);
        var docx = Docx.Of(await AnnualReport.BuildAsync(db, e, Today));

        var rows = docx.Tables[0];
        Assert.Equal(["指标", "属性", "2020年基期值", "昌吉州2025年目标", "阜康市2025年目标", "2020年值", "状态", "2025年预测"], rows[0]);
        Assert.Equal(16, rows.Count);
        // 巩固率: 约束性, 2020 基期 109.98, 昌吉州 and 阜康市 target 99.5 (plan table), the demo reproduces 109.98; 已达标, and no
        // projection from one year.
        // The year's value is published at the plan file's cap of 100 with the computed figure beside it (docs/adr/0039).
        Assert.Contains(["九年义务教育巩固率（%）", "约束性", "109.98", "99.5", "99.5", "100（统计口径109.98）", "已达标", "—"], rows);
        Assert.Contains(rows, r => r[0] == "在园幼儿数（万人）" && r[5] == "0.5669");
        Assert.Contains(rows, r => r[0] == "中小学数字校园覆盖率（%）" && r[2] == "/");
        // 特殊教育在校生规模: target 50 below 86 is marked 待核实 in the plan file, so no status (plan: 昌吉州 465).
        Assert.Contains(rows, r => r[0] == "特殊教育在校生规模（人）" && r[3] == "465" && r[4] == "50" && r[6] == "目标待核实");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_target_under_review_gets_no_status_and_no_advice(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        var e = await EvaluatePlan.HandleAsync(db, Plan, 2022);
        var docx = Docx.Of(await AnnualReport.BuildAsync(db, e, Today));
        var text = docx.Text;
        Assert.Equal(IndicatorStatus.UnderReview, e.Find("special.enrolment")!.Status);
        Assert.Contains("特殊教育在校生规模", text, StringComparison.Ordinal);
        Assert.Contains("不作评价", text, StringComparison.Ordinal);
        var problems = text[text.IndexOf("六、存在的问题", StringComparison.Ordinal)..];
        Assert.DoesNotContain("特殊教育在校生规模", problems, StringComparison.Ordinal);
        Assert.DoesNotContain("年均降低", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_report_has_the_basic_statistics_finance_myopia_and_dropout(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        var e = await EvaluatePlan.HandleAsync(db, Plan, 2021);
        var text = Docx.Of(await AnnualReport.BuildAsync(db, e, Today)).Text;
        Assert.Matches(@"全市共有各级各类学校\d+所", text);
        Assert.Matches(@"小学在校生\d+人、专任教师\d+人、生师比[\d.]+:1、\d+个班、平均班额[\d.]+人", text);
        Assert.Contains("（一）教育经费。", text, StringComparison.Ordinal);
        Assert.Contains("（二）学生近视防控。", text, StringComparison.Ordinal);
        Assert.Contains("（三）控辍保学。", text, StringComparison.Ordinal);
        // The plan gives no investment for 专栏1: "未列投资", never "投资0万元".
        Assert.Contains("专栏1“推动思想政治理论课改革创新”项目1个，未列投资", text, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"专栏\d+“[^”]+”项目\d+个，投资0万元", text);
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
        // Published 100 (publishedCap, docs/adr/0039); the computed 109.98 and the note in their own columns.
        Assert.Equal(100m, Convert.ToDecimal(retention["本年度值"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(109.98m, Convert.ToDecimal(retention["统计口径值"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.StartsWith("按统计口径计算为109.98%", (string)retention["公布说明"], StringComparison.Ordinal);
        Assert.Equal("已达标", retention["状态"]);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_report_includes_the_high_quality_balance_result_with_the_failing_schools(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        var e = await EvaluatePlan.HandleAsync(db, Plan, 2020);
        var p = Docx.Of(await AnnualReport.BuildAsync(db, e, Today)).Paragraphs;
        var balance = p.FindIndex(x => x.Contains("）义务教育优质均衡发展。", StringComparison.Ordinal));
        Assert.True(balance >= 0);
        // The demo's 天龙小学 is short of 教学仪器设备值 and 网络多媒体教室 (DemoSchools.Weakness), so it fails 资源配置 in 2020.
        Assert.Contains("阜康市天龙小学未达标", p[balance], StringComparison.Ordinal);
        Assert.Contains("尚未达到义务教育优质均衡发展要求", p[balance], StringComparison.Ordinal);
        // The paragraph sits inside 六、存在的问题, before 七、下一步工作打算.
        Assert.True(balance > p.IndexOf("六、存在的问题") && balance < p.IndexOf("七、下一步工作打算"));
    }

    [Theory]
    [InlineData("参评 10 个单位，达到 84.8 %，低于 85 %", "参评10个单位，达到84.8%，低于85%")]
    [InlineData("2023-2024 学年全市尚未达到", "2023—2024学年全市尚未达到")]
    [InlineData("L2 每百名学生拥有县级以上骨干教师数 0.848人 低于标准 1人", "L2 每百名学生拥有县级以上骨干教师数0.848人低于标准1人")]
    [InlineData("（来源:督导,责任单位:人事股)", "（来源：督导，责任单位：人事股）")]
    [InlineData("生师比12.7:1、整改期限2024-08-31", "生师比12.7:1、整改期限2024-08-31")]
    public void Typography_gives_official_document_punctuation_and_spacing(string text, string expected) =>
        Assert.Equal(expected, Typography.Normalize(text));

    [Fact]
    public void Characters_a_document_cannot_hold_are_dropped_and_the_docx_still_writes()
    {
        // A vertical tab (Word's line break in copied text), a control character, a lone surrogate and a CR; a real
        // 4-byte character (𠀀, a surrogate pair) and the line feed stay.
        const string typed = "整改\u000B完成\u0001\uD800情况\r\n𠀀";
        Assert.Equal("整改完成情况\n𠀀", Typography.Printable(typed));
        var report = new ReportDocument("测试", [new TitleBlock("标题\u0002"), new ParagraphBlock(typed), new TableBlock(["列\u0003"], [["格\u0008"]])]);
        using var ms = new MemoryStream();
        ReportDocx.Write(report, ms);
        ms.Position = 0;
        using var doc = WordprocessingDocument.Open(ms, false);
        Assert.Equal("标题整改完成情况\n𠀀列格", doc.MainDocumentPart!.Document!.Body!.InnerText);
        Assert.DoesNotContain("\u0001", ReportHtml.Render(report), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}")]
    private static partial Regex IsoDate();

    // A half-width comma, colon, semicolon or parenthesis touching a Han character.
    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}[,;:()]|[,;:()]\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex HalfWidthNextToHan();
}
