using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using EduCounty.Common;
using EduCounty.Registry;
using EduCounty.Security;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Web.Tests.Plan;

/// <summary>The 规划指标 pages through the real app on SQLite and PostgreSQL.</summary>
public sealed class PlanPagesTests
{
    private static async Task<(EduWebFactory App, HttpClient Client)> SignInAsync(string provider, string user, string role, int? schoolId = null)
    {
        var app = await EduWebFactory.StartAsync(provider);
        var password = await app.EnsureUserAsync(user, role, schoolId);
        return (app, await app.SignInAsync(user, password));
    }

    private static string RowOf(string html, string code)
    {
        var row = html[html.IndexOf($"data-code=\"{code}\"", StringComparison.Ordinal)..];
        return row[..row.IndexOf("</tr>", StringComparison.Ordinal)];
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task The_drill_down_goes_from_the_townships_to_the_schools_of_one(string provider)
    {
        var (app, client) = await SignInAsync(provider, "drill-leader", Roles.Leader);
        await using var _ = app;
        const string code = "language.teacher_proficiency", township = "652302103"; // 滋泥泉子镇
        var townships = await client.GetStringAsync($"/plan/drill/{code}?year=2020-2021");
        Assert.Contains($"township={township}", townships, StringComparison.Ordinal);

        var page = await client.GetStringAsync($"/plan/drill/{code}?year=2020-2021&township={township}");
        Assert.Contains("滋泥泉子镇分学校", page, StringComparison.Ordinal);
        await using var db = Database.Open(app.Database);
        var census = new DateOnly(2020, 9, 30);
        var schools = await db.Schools.Where(s => s.TownshipCode == township && (s.OpenedOn == null || s.OpenedOn <= census))
            .Select(s => s.Id).ToListAsync();
        var rows = Regex.Matches(page, """<tr data-place="(\d+)">.*?<td class="num">([^<]*)</td>\s*<td class="num">([^<]*)</td>\s*<td class="num">([^<]*)</td>""", RegexOptions.Singleline);
        Assert.Equal(schools.Order(), rows.Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Order());
        // 在编教师 is a count per school: the schools' numerators and denominators add up to the township's total row.
        static decimal Sum(IEnumerable<Match> ms, int g) => ms.Sum(m => m.Groups[g].Value.Length == 0 ? 0 : decimal.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture));
        var total = Regex.Match(page, """<tr id="drill-total">.*?<td class="num">.*?</td>\s*<td class="num">([^<]*)</td>\s*<td class="num">([^<]*)</td>""", RegexOptions.Singleline);
        Assert.True(total.Success);
        Assert.True(Sum(rows, 4) > 0);
        Assert.Equal(decimal.Parse(total.Groups[1].Value, CultureInfo.InvariantCulture), Sum(rows, 3));
        Assert.Equal(decimal.Parse(total.Groups[2].Value, CultureInfo.InvariantCulture), Sum(rows, 4));
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task The_dashboard_shows_the_plans_2020_figures_computed_from_the_records(string provider)
    {
        var (app, client) = await SignInAsync(provider, "plan-leader", Roles.Leader);
        await using var _ = app;
        var html = await client.GetStringAsync("/plan?year=2020-2021");
        Assert.Contains("规划指标驾驶舱", html, StringComparison.Ordinal);
        Assert.Contains("数据截至", html, StringComparison.Ordinal);
        // 巩固率 row: 2020 基期 109.98, 阜康市 target 99.5, 约束性, this year's value 109.98 (the plan's 2020 column) published
        // as 100 with a 注 (the plan file's publishedCap; docs/adr/0039) that gives 109.98 and its parts.
        var retention = RowOf(html, "compulsory.retention");
        Assert.Contains("<td class=\"wrap\">九年义务教育巩固率</td>", retention, StringComparison.Ordinal);
        Assert.Contains(">100<sup>注</sup></td>", retention[retention.IndexOf("class=\"num value\"", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.Contains("注：九年义务教育巩固率按统计口径计算为109.98%", html, StringComparison.Ordinal);
        Assert.Contains("约束性", retention, StringComparison.Ordinal);
        Assert.Contains(">0.5669</td>", RowOf(html, "preschool.enrolment"), StringComparison.Ordinal);
        Assert.Contains("/plan/explain/compulsory.retention?year=2020-2021", html, StringComparison.Ordinal);
        Assert.Contains("/plan/report.docx?year=2020-2021", html, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task The_2023_retention_dip_is_red_and_first(string provider)
    {
        var (app, client) = await SignInAsync(provider, "plan-leader", Roles.Leader);
        await using var _ = app;
        var html = await client.GetStringAsync("/plan?year=2023-2024");
        var body = html[html.IndexOf("<tbody>", StringComparison.Ordinal)..];
        var first = body[..body.IndexOf("</tr>", StringComparison.Ordinal)];
        Assert.Contains("data-code=\"compulsory.retention\"", first, StringComparison.Ordinal);
        Assert.Contains("plan-alert", first, StringComparison.Ordinal);
        // Demo cohorts (DemoModel.Population): 2023 初中三年级 1643 ÷ 2015 小学一年级 1656 × 100 = 99.215 → 99.21.
        Assert.Contains(">99.21</td>", first, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task The_explanation_answers_how_the_figure_was_computed(string provider)
    {
        var (app, client) = await SignInAsync(provider, "plan-leader", Roles.Leader);
        await using var _ = app;
        var html = await client.GetStringAsync("/plan/explain/senior.transition_rate?year=2020-2021");
        // 升学率 2020 = 高中阶段招收的应届初中毕业生 1379 ÷ 初中毕业生 1420 × 100 = 97.11 (DemoModel.PlanFigures2020).
        Assert.Contains("高中阶段招收的应届初中毕业生数（1379）÷ 初中毕业生数（1420）× 100", html, StringComparison.Ordinal);
        Assert.Contains("97.11", html, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task The_report_downloads_as_docx_with_the_table_and_is_audited(string provider)
    {
        var (app, client) = await SignInAsync(provider, "plan-leader", Roles.Leader);
        await using var _ = app;
        var r = await client.GetAsync("/plan/report.docx?year=2020-2021");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        using var ms = new MemoryStream(await r.Content.ReadAsByteArrayAsync());
        using (var doc = WordprocessingDocument.Open(ms, false))
        {
            // The indicator table comes first (the project table of 四、重大项目建设情况 follows).
            var table = doc.MainDocumentPart!.Document!.Body!.Elements<Table>().First();
            Assert.Contains(table.Elements<TableRow>(), row => row.InnerText.Contains("九年义务教育巩固率", StringComparison.Ordinal) && row.InnerText.Contains("109.98", StringComparison.Ordinal));
        }

        var xlsx = await client.GetAsync("/plan/indicators.xlsx?year=2020-2021");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        await using var db = Database.Open(app.Database);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "export" && a.Entity == "AnnualReport" && a.EntityId == "2020-2021" && a.UserName == "plan-leader"));
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task The_midterm_report_downloads_as_docx_and_pdf_and_is_audited(string provider)
    {
        var (app, client) = await SignInAsync(provider, "plan-midterm", Roles.Leader);
        await using var _ = app;
        var r = await client.GetAsync("/plan/midterm.docx");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        using var ms = new MemoryStream(await r.Content.ReadAsByteArrayAsync());
        using (var doc = WordprocessingDocument.Open(ms, false))
        {
            // Default year 2023-2024; 高中阶段毛入学率 path 96.18 + (98 − 96.18) × 3/5 = 97.272 → 97.27 (ADR 0011).
            // The indicator table comes first (the project table of 四、重大项目建设情况 follows).
            var table = doc.MainDocumentPart!.Document!.Body!.Elements<Table>().First();
            Assert.Contains(table.Elements<TableRow>(), row => row.InnerText.StartsWith("高中阶段毛入学率（%）预期性96.1897.27", StringComparison.Ordinal));
            Assert.NotEmpty(doc.MainDocumentPart.ImageParts);
        }

        // scripts/test.sh installs Chromium, so the PDF is served here (503 only where it is missing).
        var pdf = await client.GetAsync("/plan/report.pdf?kind=midterm");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        Assert.Equal("%PDF"u8.ToArray(), (await pdf.Content.ReadAsByteArrayAsync())[..4]);

        await using var db = Database.Open(app.Database);
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.Action == "export" && a.Entity == "MidtermReport" && a.EntityId == "2023-2024" && a.UserName == "plan-midterm"));
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task The_final_report_downloads_with_the_countys_configured_recipients_and_issuer(string provider)
    {
        // 主送机关 and 发文机关署名 configured for the county (652302 阜康市) instead of the plan file's defaults.
        var app = await EduWebFactory.StartAsync(provider, settings: new Dictionary<string, string>
        {
            ["EduCounty:Reports:652302:Recipients"] = "阜康市人民政府、昌吉州教育局、自治区教育厅",
            ["EduCounty:Reports:652302:Issuer"] = "阜康市教育局（规划科）",
        });
        await using var _ = app;
        var client = await app.SignInAsync("plan-final", await app.EnsureUserAsync("plan-final", Roles.Leader, null));
        var r = await client.GetAsync("/plan/final.docx");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        using var ms = new MemoryStream(await r.Content.ReadAsByteArrayAsync());
        using (var doc = WordprocessingDocument.Open(ms, false))
        {
            var text = doc.MainDocumentPart!.Document!.Body!.Elements<Paragraph>().Select(p => p.InnerText).ToList();
            Assert.Contains("阜康市人民政府、昌吉州教育局、自治区教育厅：", text);
            Assert.Contains("阜康市教育局（规划科）", text);
            Assert.Contains("“十四五”规划终期评估的报告", text);
        }

        await using var db = Database.Open(app.Database);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "export" && a.Entity == "FinalReport" && a.EntityId == "2025-2026" && a.UserName == "plan-final"));
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task A_school_user_does_not_see_county_figures(string provider)
    {
        int schoolId;
        await using (var db = Database.Open(await WebTestDatabases.DemoAsync(provider)))
        {
            schoolId = await db.Schools.Where(s => s.Name.EndsWith("第一小学")).Select(s => s.Id).SingleAsync();
        }

        var (app, client) = await SignInAsync(provider, "plan-school", Roles.SchoolAdmin, schoolId);
        await using var _ = app;
        var html = await client.GetStringAsync("/plan?year=2020-2021");
        Assert.Contains("仅县级用户可以查看", html, StringComparison.Ordinal);
        Assert.DoesNotContain("109.98", html, StringComparison.Ordinal);
        var r = await client.GetAsync("/plan/report.docx?year=2020-2021");
        Assert.NotEqual(HttpStatusCode.OK, r.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await client.GetAsync("/plan/midterm.docx")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await client.GetAsync("/plan/report.pdf")).StatusCode);
    }
}
