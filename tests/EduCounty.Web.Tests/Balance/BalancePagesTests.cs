using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using EduCounty.Common;
using EduCounty.Registry;
using EduCounty.Security;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Web.Tests.Balance;

/// <summary>The /balance pages through the real app (WebApplicationFactory) on SQLite and PostgreSQL, demo county 2020-2021.</summary>
public sealed partial class BalancePagesTests
{
    private static async Task<(EduWebFactory App, HttpClient Client)> SignedInAsync(string provider, string user, string role, int? schoolId = null)
    {
        var app = await EduWebFactory.StartAsync(provider);
        var password = await app.EnsureUserAsync(user, role, schoolId);
        return (app, await app.SignInAsync(user, password));
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task The_verdict_page_lists_the_failing_schools_and_every_part(string provider)
    {
        var (app, client) = await SignedInAsync(provider, "balance-leader", Roles.Leader);
        await using var _ = app;
        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/balance?year=2020"));
        Assert.Contains("综合结论", html, StringComparison.Ordinal);
        foreach (var part in new[] { "申报条件", "一票否决", "资源配置", "政府保障程度", "教育质量", "社会认可度" })
        {
            Assert.Contains($"data-part=\"{part}\"", html, StringComparison.Ordinal);
        }
        // 天龙小学 fails L6 (1600 元 < 85 % of 2000) and L7 — the demo's Equipment | Multimedia school.
        Assert.Contains("资源配置：小学：阜康市天龙小学 未达标", html, StringComparison.Ordinal);
        // G5 flags the oversized classes of 第一小学 (小学 45) and 第三中学 (初中 50), in the words of rules G5.1 and G5.2.
        Assert.Matches("阜康市第一小学：\\d+ 个班不满足 班级学生数 ≤ 45（最大 \\d+ 人）", html);
        Assert.Matches("阜康市第三中学：\\d+ 个班不满足 班级学生数 ≤ 50（最大 \\d+ 人）", html);

        var matrix = WebUtility.HtmlDecode(await client.GetStringAsync("/balance/schools?year=2020"));
        Assert.Contains("阜康市九运街中学", matrix, StringComparison.Ordinal);
        Assert.Contains("L6 生均教学仪器设备值 2000.000元 低于标准 2500元", matrix, StringComparison.Ordinal);
        foreach (var url in new[] { "/balance/cv?year=2020", "/balance/gap?year=2020", "/balance/profile", "/balance/check" })
        {
            var r = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }
        var profile = WebUtility.HtmlDecode(await client.GetStringAsync("/balance/profile"));
        Assert.Contains("教督〔2017〕6号", profile, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task The_verdict_and_the_standards_pages_show_the_rule_rows_in_words(string provider)
    {
        var (app, client) = await SignedInAsync(provider, "balance-rules", Roles.Leader);
        await using var _ = app;
        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/balance?year=2020"));
        // G8.1 with its inputs: the demo's 2020 statistics, teacher 98 200 元 and civil servant 97 800 元 (DemoModel.Facilities).
        Assert.Contains("G8.1 教师平均工资收入水平：义务教育学校教师年平均工资收入（98200）≥ 当地公务员年平均工资收入（97800）（98200 元 > 97800 元）", html, StringComparison.Ordinal);
        // G3.1 on 上户沟学校: 0 rooms for 9 classes, ⌈9/12⌉ = 1, in the reasons.
        Assert.Contains("阜康市上户沟学校：音乐专用教室间数（0）≥ 向上取整(班级数（9）÷ 12)，未满足（实际 0 < 1）", html, StringComparison.Ordinal);

        var profile = WebUtility.HtmlDecode(await client.GetStringAsync("/balance/profile"));
        Assert.Contains("G7.1 特殊教育学校生均公用经费：每所学校（特殊教育学校），适用于 在校生数 > 0：公用经费 ÷ 在校生数 ≥ 6000；全部达标", profile, StringComparison.Ordinal);
        // The rule constants by name, not by code (issue 21 §7): 小学生均公用经费基准定额 650 元 (balance-assurance.json).
        Assert.Contains("<td>小学生均公用经费基准定额</td><td class=\"num\">650</td>", profile, StringComparison.Ordinal);
        Assert.DoesNotContain("quota.public_funds.primary", profile, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task A_school_user_sees_only_their_school_and_anonymous_users_sign_in_first(string provider)
    {
        int schoolId;
        await using (var db = Database.Open(await WebTestDatabases.DemoAsync(provider)))
        {
            schoolId = await db.Schools.Where(s => s.Name == "阜康市第二中学").Select(s => s.Id).SingleAsync();
        }
        var (app, client) = await SignedInAsync(provider, "balance-school", Roles.SchoolAdmin, schoolId);
        await using var _ = app;
        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/balance/schools?year=2020"));
        Assert.Contains("阜康市第二中学", html, StringComparison.Ordinal);
        Assert.DoesNotContain("阜康市天龙小学", html, StringComparison.Ordinal);

        var anon = app.CreateClient(new() { AllowAutoRedirect = false });
        var r = await anon.GetAsync("/balance");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        // Recording findings is for 督导 only.
        var denied = await client.GetAsync("/balance/record");
        Assert.NotEqual(HttpStatusCode.OK, denied.StatusCode);
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task The_export_is_a_workbook_and_is_audited(string provider)
    {
        var (app, client) = await SignedInAsync(provider, "balance-exporter", Roles.Supervision);
        await using var _ = app;
        var r = await client.GetAsync("/balance/export?year=2020");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", r.Content.Headers.ContentType?.MediaType);
        var bytes = await r.Content.ReadAsByteArrayAsync();
        Assert.Equal((byte)'P', bytes[0]); // a zip container
        await using var db = Database.Open(await WebTestDatabases.DemoAsync(provider));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "export" && a.Entity == "Balance" && a.UserName == "balance-exporter"));
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task The_upload_check_shows_the_same_result_as_the_cli(string provider)
    {
        var (app, client) = await SignedInAsync(provider, "balance-checker", Roles.Supervision);
        await using var _ = app;
        var page = await client.GetStringAsync("/balance/check");
        using var content = new MultipartFormDataContent();
        // The layout's sign-out form carries its own token: send each hidden field once.
        foreach (var m in HiddenInput().Matches(page).DistinctBy(m => m.Groups["name"].Value))
        {
            content.Add(new StringContent(WebUtility.HtmlDecode(m.Groups["value"].Value)), WebUtility.HtmlDecode(m.Groups["name"].Value));
        }
        content.Add(new StringContent("2017"), "method");
        // One 小学 with L6 = 1 500 000 / 1000 = 1500 元 (75 % of 2000, below 85 %) and L7 = 20 × 100 / 1000 = 2.0 (87 %).
        var csv = "学校名称,办学类型,小学学生数,专任教师数,高于规定学历教师数,县级以上骨干教师数,体育艺术专任教师数,教学及辅助用房面积,体育运动场馆面积,教学仪器设备值(元),网络多媒体教室数\n"
            + "样例小学,小学,1000,60,50,12,10,5000,8000,1500000,20\n";
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "file", "学校.csv");
        var r = await client.PostAsync("/balance/check", content);
        var html = WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync());
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"{r.StatusCode}: {html[..Math.Min(600, html.Length)]} | {string.Join(",", HiddenInput().Matches(page).Select(m => m.Groups["name"].Value))}");
        Assert.Contains("样例小学", html, StringComparison.Ordinal);
        Assert.Contains("L6 生均教学仪器设备值 1500.000元 低于标准 2000元", html, StringComparison.Ordinal);
        Assert.Contains("仅 5 项达标", html, StringComparison.Ordinal);
    }

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*name=\"(?<name>[^\"]+)\"[^>]*value=\"(?<value>[^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenInput();
}
