using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using EduCounty.Common;
using EduCounty.Registry;
using EduCounty.Security;
using EduCounty.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EduCounty.Web.Tests.Everyday;

/// <summary>
/// Issue 21 §8–§10 and §6 over the demo county, on both databases: each role lands on a page it may see, 404 links home,
/// 督导录入 only for 督导, one highlighted menu item; the 学年 selects, the global search, the paged retest list;
/// the charts on 首页, 体质健康 and 差异系数; a form posted after the timeout returns to its page with a message.
/// </summary>
public sealed partial class EverydayWebTests
{
    private static readonly HtmlParser Parser = new();

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task Each_role_lands_on_a_page_it_may_see_404_links_home_and_the_menu_fits_the_role(string provider)
    {
        await using var app = await EduWebFactory.StartAsync(provider);
        // Where each role lands after signing in (Landing.Pages: the first page whose policy the role passes).
        var expected = new (string Role, string Landing)[]
        {
            (Roles.Leader, "/"), (Roles.Planning, "/"), (Roles.Supervision, "/"), (Roles.SystemAdmin, "/admin/users"),
            (Roles.AuditAdmin, "/admin/audit"), (Roles.SecurityAdmin, Landing.Fallback),
        };
        foreach (var (role, landing) in expected)
        {
            var user = "land-" + role.GetHashCode(StringComparison.Ordinal).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
            // Signing in (with the 三员's two-factor code) leads to 首页, which sends each role on to its own page.
            var client = await app.SignInAsync(user, await app.EnsureUserAsync(user, role));
            var home = await client.GetAsync("/");
            var at = home.StatusCode == HttpStatusCode.OK ? "/" : EduWebFactory.PathOf(home);
            Assert.Equal(landing, at);
            var page = await client.GetAsync(at);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.DoesNotContain("无权访问", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var leader = await app.SignInAsync("ev-leader", await app.EnsureUserAsync("ev-leader", Roles.Leader));
        var supervisor = await app.SignInAsync("ev-supervisor", await app.EnsureUserAsync("ev-supervisor", Roles.Supervision));
        // 404 in Chinese with a link home.
        var missing = await leader.GetAsync("/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var notFound = Parser.ParseDocument(await missing.Content.ReadAsStringAsync());
        Assert.Equal("/", notFound.QuerySelector("#home-link")?.GetAttribute("href"));
        // 督导录入 (its page admits 督导 only) is offered to 督导 and not to the leader.
        Assert.Null(Parser.ParseDocument(await leader.GetStringAsync("/balance")).QuerySelector("a[href^='/balance/record']"));
        Assert.NotNull(Parser.ParseDocument(await supervisor.GetStringAsync("/balance")).QuerySelector("a[href^='/balance/record']"));
        // One highlighted menu item: 规划任务与项目 on the task, project and issue pages (they share that entry), 规划指标 on /plan.
        foreach (var (path, entry) in new[] { ("/plan/tasks", "/plan/tasks"), ("/plan/tasks/1", "/plan/tasks"), ("/plan/projects", "/plan/tasks"),
            ("/plan/issues", "/plan/tasks"), ("/plan", "/plan"), ("/students", "/students") })
        {
            var active = Parser.ParseDocument(await leader.GetStringAsync(path)).QuerySelectorAll(".sider a.active");
            Assert.True(active.Length == 1, $"{path} 高亮了 {active.Length} 个菜单项");
            Assert.Equal(entry, active[0].GetAttribute("href"));
        }
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task Lists_have_a_year_select_search_finds_schools_students_and_staff_and_the_retest_list_is_paged(string provider)
    {
        await using var app = await EduWebFactory.StartAsync(provider);
        var leader = await app.SignInAsync("ls-leader", await app.EnsureUserAsync("ls-leader", Roles.Leader));
        string schoolName, studentName, studentNumber, staffName;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EduDb>();
            db.SchoolScope = null;
            schoolName = await db.Schools.Where(s => !s.IsTeachingPoint).OrderBy(s => s.Id).Select(s => s.Name).FirstAsync();
            var student = await db.Students.Where(s => s.Status == StudentStatus.Enrolled).OrderBy(s => s.Id)
                .Select(s => new { s.Name, s.StudentNumber }).FirstAsync();
            (studentName, studentNumber) = (student.Name, student.StudentNumber);
            staffName = await db.Staff.OrderBy(s => s.Id).Select(s => s.Name).FirstAsync();
        }

        // A 学年 select on 首页, 学校, 学生, 教职工 with the demo's years; choosing one shows it selected.
        foreach (var path in new[] { "/", "/schools", "/students", "/staff" })
        {
            var doc = Parser.ParseDocument(await leader.GetStringAsync(path));
            var years = doc.QuerySelectorAll("select[name=year] option").Select(o => o.GetAttribute("value")).Where(v => v is { Length: > 0 }).ToList();
            Assert.True(years.Count >= 2, $"{path} 的学年选项：{string.Join(",", years)}");
            var picked = years[^1]!;
            var again = Parser.ParseDocument(await leader.GetStringAsync($"{path}?year={picked}"));
            Assert.Equal(picked, again.QuerySelector("select[name=year] option[selected]")?.GetAttribute("value"));
        }

        // Search: the school by name, the student by name and by the last four characters of the 学籍号, staff by name.
        var bySchool = Parser.ParseDocument(await leader.GetStringAsync("/search?q=" + Uri.EscapeDataString(schoolName)));
        Assert.Contains(bySchool.QuerySelectorAll("#found-schools li a"), a => a.TextContent == schoolName);
        var byName = Parser.ParseDocument(await leader.GetStringAsync("/search?q=" + Uri.EscapeDataString(studentName)));
        Assert.Contains(byName.QuerySelectorAll("#found-students li a"), a => a.TextContent == studentName);
        var tail = studentNumber[^4..];
        var byNumber = Parser.ParseDocument(await leader.GetStringAsync("/search?q=" + tail));
        var numberHits = byNumber.QuerySelectorAll("#found-students li");
        Assert.NotEmpty(numberHits);
        // Every student found by the part of the 学籍号 has it at the end of the number the list shows.
        Assert.All(numberHits, li => Assert.EndsWith(tail, StudentNumberShown().Match(li.TextContent).Groups[1].Value, StringComparison.Ordinal));
        var byStaff = Parser.ParseDocument(await leader.GetStringAsync("/search?q=" + Uri.EscapeDataString(staffName)));
        Assert.Contains(byStaff.QuerySelectorAll("#found-staff li a"), a => a.TextContent == staffName);
        Assert.Contains("没有找到", await leader.GetStringAsync("/search?q=" + Uri.EscapeDataString("不存在的名字甲乙丙")), StringComparison.Ordinal);

        // The retest list: 50 a page, numbered pages and a 跳至 box; a filter narrows the total.
        var retest = Parser.ParseDocument(await leader.GetStringAsync("/fitness/retest"));
        var total = Total(retest.QuerySelector(".pager span")!.TextContent);
        Assert.True(total > 50, $"示例县补测名单只有 {total} 人，无法检验分页");
        Assert.Equal(50, retest.QuerySelectorAll("#retest tbody tr").Length);
        Assert.NotNull(retest.QuerySelector(".pager input[name=page]"));
        var lastPage = (total + 49) / 50;
        var last = Parser.ParseDocument(await leader.GetStringAsync($"/fitness/retest?page={lastPage}"));
        Assert.Equal(total - (lastPage - 1) * 50, last.QuerySelectorAll("#retest tbody tr").Length);
        var girls = Parser.ParseDocument(await leader.GetStringAsync($"/fitness/retest?sex={(int)Sex.Female}"));
        var girlRows = girls.QuerySelectorAll("#retest tbody tr td:nth-child(3)").Select(td => td.TextContent).ToList();
        Assert.All(girlRows, s => Assert.Equal("女", s));
        Assert.True(Total(girls.QuerySelector(".pager span")!.TextContent) < total);
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task Charts_are_on_the_home_fitness_and_cv_pages_and_a_timed_out_form_returns_to_its_page(string provider)
    {
        await using var app = await EduWebFactory.StartAsync(provider);
        var leader = await app.SignInAsync("ch-leader", await app.EnsureUserAsync("ch-leader", Roles.Leader));
        // Each chart is an ECharts option (JSON) in data-chart, drawn by js/plan-charts.js; the CV chart marks the limit.
        var charts = new (string Path, string[] Ids)[]
        {
            ("/", ["chart-enrolment", "chart-indicators"]),
            ("/fitness", ["chart-fitness-years", "chart-myopia", "chart-fitness-schools"]),
            ("/balance/cv", ["chart-cv-Primary", "chart-cv-Junior"]),
        };
        foreach (var (path, ids) in charts)
        {
            var doc = Parser.ParseDocument(await leader.GetStringAsync(path));
            foreach (var id in ids)
            {
                var option = doc.GetElementById(id)?.GetAttribute("data-chart");
                Assert.False(string.IsNullOrEmpty(option), $"{path} 没有图表 {id}");
                using var json = System.Text.Json.JsonDocument.Parse(option!);
                Assert.True(json.RootElement.TryGetProperty("series", out var series) && series.GetArrayLength() > 0, $"{path} {id} 没有数据系列");
            }
        }
        Assert.Contains("markLine", Parser.ParseDocument(await leader.GetStringAsync("/balance/cv")).GetElementById("chart-cv-Primary")!.GetAttribute("data-chart")!,
            StringComparison.Ordinal);

        // A form posted without a sign-in (the session ran out while the user filled it): to sign-in, then back to the page.
        var stale = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        using var post = new HttpRequestMessage(HttpMethod.Post, "/imports/upload") { Content = new FormUrlEncodedContent([]) };
        post.Headers.Referrer = new Uri(stale.BaseAddress!, "/imports?kind=students");
        var response = await stale.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var login = EduWebFactory.PathOf(response);
        Assert.StartsWith("/account/login", login, StringComparison.Ordinal);
        var back = Uri.UnescapeDataString(login[(login.IndexOf("ReturnUrl=", StringComparison.Ordinal) + "ReturnUrl=".Length)..]);
        Assert.Equal($"/imports?kind=students&{SessionTimeout.QueryKey}={SessionTimeout.ExpiredMarker}", back);
        var planner = await app.SignInAsync("ch-plan", await app.EnsureUserAsync("ch-plan", Roles.Planning));
        var again = Parser.ParseDocument(await planner.GetStringAsync(back));
        Assert.Contains("重新登录后已回到本页", again.GetElementById("session-expired")?.TextContent ?? "", StringComparison.Ordinal);
        // The page knows when the sign-in runs out (the warning before the timeout): 30 minutes by default.
        var box = Parser.ParseDocument(await planner.GetStringAsync("/imports")).GetElementById("session-timeout");
        Assert.InRange(int.Parse(box!.GetAttribute("data-expires-in")!, System.Globalization.CultureInfo.InvariantCulture), 1, 30 * 60);
    }

    private static int Total(string pager) => int.Parse(TotalCount().Match(pager).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"共 (\d+) 条")]
    private static partial Regex TotalCount();

    [GeneratedRegex(@"学籍号 (\S+)")]
    private static partial Regex StudentNumberShown();
}
