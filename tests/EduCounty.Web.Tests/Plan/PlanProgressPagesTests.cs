using System.Net;
using System.Text.RegularExpressions;
using EduCounty.Common;
using EduCounty.Plan.Progress;
using EduCounty.Registry;
using EduCounty.Security;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Web.Tests.Plan;

/// <summary>Tasks, projects and the 问题台账 through the real app on SQLite and PostgreSQL: reading, writing, authorization.</summary>
public sealed partial class PlanProgressPagesTests
{
    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"(?<v>[^\"]+)\"")]
    private static partial Regex TokenInput();

    /// <summary>Posts a form to <paramref name="action"/> with the antiforgery token of <paramref name="page"/> (as a browser would).</summary>
    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string page, string action, Dictionary<string, string> values, (string Name, byte[] Bytes)? file = null)
    {
        // Users refused the page get no token; their post is then refused by authorization first anyway.
        var html = await (await client.GetAsync(page)).Content.ReadAsStringAsync();
        var token = WebUtility.HtmlDecode(TokenInput().Match(html).Groups["v"].Value);
        var content = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        foreach (var (k, v) in values) content.Add(new StringContent(v), k);
        if (file is { } f) content.Add(new ByteArrayContent(f.Bytes), "file", f.Name);
        return await client.PostAsync(action, content);
    }

    private static string Message(HttpResponseMessage r)
    {
        AssertRedirect(r);
        var q = r.Headers.Location!.OriginalString;
        return Uri.UnescapeDataString(q[(q.IndexOf("msg=", StringComparison.Ordinal) + 4)..]);
    }

    private static void AssertRedirect(HttpResponseMessage r)
    {
        if (r.StatusCode != HttpStatusCode.Redirect)
        {
            var body = r.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            Assert.Fail($"{r.RequestMessage?.RequestUri} → {(int)r.StatusCode}: {body[..Math.Min(body.Length, 3000)]}");
        }
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task A_leader_reads_tasks_projects_and_the_ledger_without_write_forms(string provider)
    {
        await using var app = await EduWebFactory.StartAsync(provider);
        var client = await app.SignInAsync("pp-leader", await app.EnsureUserAsync("pp-leader", Roles.Leader));

        var tasks = await client.GetStringAsync("/plan/tasks");
        Assert.Contains("重点任务推进情况", tasks, StringComparison.Ordinal);
        Assert.Contains("data-task=\"58\"", tasks, StringComparison.Ordinal);
        Assert.Contains("四、推进基础教育均衡发展", tasks, StringComparison.Ordinal);

        var t21 = await client.GetStringAsync("/plan/tasks/21");
        Assert.Contains("促进义务教育优质均衡发展", t21, StringComparison.Ordinal);
        Assert.Contains("年度目标", t21, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"update-form\"", t21, StringComparison.Ordinal);

        // 专栏5: 城南幼儿园、城北幼儿园 4230 万元, 720 学位 (plan text); the demo reports 4185 万元 spent, 720 delivered.
        var projects = await client.GetStringAsync("/plan/projects");
        var row = projects[projects.IndexOf("data-project=\"infra.preschool.new\"", StringComparison.Ordinal)..];
        row = row[..row.IndexOf("</tr>", StringComparison.Ordinal)];
        Assert.Contains(">4230<", row, StringComparison.Ordinal);
        Assert.Contains("720 / 720", row, StringComparison.Ordinal);
        Assert.DoesNotContain("/plan/projects/infra.preschool.expansion/updates", projects, StringComparison.Ordinal);

        var issues = await client.GetStringAsync("/plan/issues?overdue=true");
        Assert.Contains("部分乡村学校生均体育运动场地面积未达标", issues, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"issue-form\"", issues, StringComparison.Ordinal);

        // The dashboard: overdue reminder in red at the top, panels, charts with 数据截至.
        var dash = await client.GetStringAsync("/plan?year=2020-2021");
        var reminder = dash.IndexOf("id=\"overdue-issues\"", StringComparison.Ordinal);
        Assert.True(reminder > 0 && reminder < dash.IndexOf("id=\"plan-indicators\"", StringComparison.Ordinal));
        Assert.Contains("id=\"panel-tasks\"", dash, StringComparison.Ordinal);
        Assert.Contains("id=\"chart-trend\" data-chart=", dash, StringComparison.Ordinal);
        Assert.Contains("data-chart=", dash[dash.IndexOf("id=\"chart-investment\"", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.Contains("数据截至", dash[dash.IndexOf("id=\"chart-investment\"", StringComparison.Ordinal)..], StringComparison.Ordinal);

        // Drill-down by township: 学前 gross enrolment per 乡镇, with the county line.
        var drill = await client.GetStringAsync("/plan/drill/preschool.gross_enrolment_rate?year=2020-2021");
        Assert.Contains("分乡镇", drill, StringComparison.Ordinal);
        Assert.Contains("data-place=", drill, StringComparison.Ordinal);
        Assert.Contains(">5669<", drill, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task Planning_writes_progress_with_evidence_and_the_download_is_audited(string provider)
    {
        await using var app = await EduWebFactory.StartAsync(provider);
        await using var db = Database.Open(app.Database);
        var n = await db.PlanTasks.Where(t => t.State != PlanWorkState.Done).OrderBy(t => t.Number).Select(t => t.Number).FirstAsync();
        var client = await app.SignInAsync("pp-plan", await app.EnsureUserAsync("pp-plan", Roles.Planning));
        var text = "网页测试进展 " + Guid.NewGuid().ToString("N")[..8];
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0];
        var r = await PostAsync(client, $"/plan/tasks/{n}", $"/plan/tasks/{n}/updates",
            new() { ["text"] = text, ["percent"] = "85" }, ("现场照片.png", png));
        Assert.Equal("进展已保存", Message(r));
        var page = await client.GetStringAsync($"/plan/tasks/{n}");
        Assert.Contains(text, page, StringComparison.Ordinal);
        var link = Regex.Match(page, "/plan/attachments/(\\d+)\">现场照片.png").Groups[1].Value;
        var download = await client.GetAsync($"/plan/attachments/{link}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(png, await download.Content.ReadAsByteArrayAsync());
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "download" && a.Entity == nameof(PlanAttachment) && a.EntityId == link && a.UserName == "pp-plan"));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Entity == nameof(PlanProgressUpdate) && a.UserName == "pp-plan"));

        // Refusals come back as Chinese messages: a renamed executable, an illegal move.
        var bad = await PostAsync(client, $"/plan/tasks/{n}", $"/plan/tasks/{n}/updates", new() { ["text"] = "x" }, ("报告.pdf", "MZ\u0090"u8.ToArray()));
        Assert.Contains("内容与扩展名不符", Message(bad), StringComparison.Ordinal);
        var move = await PostAsync(client, $"/plan/tasks/{n}", $"/plan/tasks/{n}/state", new() { ["target"] = "NotStarted" });
        Assert.Contains("不能改为“未启动”", Message(move), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task Planning_reassigns_a_tasks_deadline_and_units_and_a_leader_cannot(string provider)
    {
        // Its own copy of the demo: a moved deadline changes what is overdue on the shared one's pages.
        await using var app = await EduWebFactory.StartPristineAsync(provider, "plan-assign");
        var planner = await app.SignInAsync("pa-plan", await app.EnsureUserAsync("pa-plan", Roles.Planning));
        Assert.Contains("id=\"assignment-form\"", await planner.GetStringAsync("/plan/tasks/30"), StringComparison.Ordinal);
        var r = await PostAsync(planner, "/plan/tasks/30", "/plan/tasks/30/assignment", new() { ["deadline"] = "2025-06-30", ["units"] = "市教育局、 市人社局，市教育局" });
        Assert.Equal("任务30的完成期限和责任单位已调整", Message(r));
        var page = await planner.GetStringAsync("/plan/tasks/30");
        Assert.Contains("<dt>责任单位</dt><dd>市教育局、市人社局</dd>", page, StringComparison.Ordinal);
        Assert.Contains("<dt>完成期限</dt><dd>2025-06-30</dd>", page, StringComparison.Ordinal);
        Assert.Contains("完成期限 2019-01-01 早于规划期开始", Message(await PostAsync(planner, "/plan/tasks/30", "/plan/tasks/30/assignment",
            new() { ["deadline"] = "2019-01-01", ["units"] = "市教育局" })), StringComparison.Ordinal);
        Assert.Equal("请填写完成期限（yyyy-MM-dd）", Message(await PostAsync(planner, "/plan/tasks/30", "/plan/tasks/30/assignment",
            new() { ["deadline"] = "明年", ["units"] = "市教育局" })));

        // A leader reads the task without the form, and a post of theirs is refused.
        var leader = await app.SignInAsync("pa-leader", await app.EnsureUserAsync("pa-leader", Roles.Leader));
        Assert.DoesNotContain("id=\"assignment-form\"", await leader.GetStringAsync("/plan/tasks/30"), StringComparison.Ordinal);
        var denied = await PostAsync(leader, "/plan/tasks/30", "/plan/tasks/30/assignment", new() { ["deadline"] = "2030-01-01", ["units"] = "越权" });
        Assert.StartsWith("/account/denied", denied.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        await using var db = Database.Open(app.Database);
        var t30 = await db.PlanTasks.AsNoTracking().SingleAsync(t => t.Number == 30);
        Assert.Equal(("市教育局、市人社局", new DateOnly(2025, 6, 30)), (t30.ResponsibleUnits, t30.Deadline!.Value));
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Entity == nameof(PlanTaskRecord) && a.Action == "update" && a.UserName == "pa-plan"
            && a.Changes!.Contains("市人社局")));
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task Only_planning_writes_tasks_and_planning_or_supervision_the_ledger(string provider)
    {
        await using var app = await EduWebFactory.StartAsync(provider);
        await using var db = Database.Open(app.Database);
        var schoolId = await db.Schools.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
        var updatesBefore = await db.PlanProgressUpdates.CountAsync();
        var issue = new Dictionary<string, string>
        {
            ["problem"] = "网页测试问题 " + Guid.NewGuid().ToString("N")[..8],
            ["source"] = "督导",
            ["unit"] = "督导室",
            ["deadline"] = "2099-12-31",
        };
        foreach (var (user, role, school) in new[] { ("pp-school", Roles.SchoolAdmin, (int?)schoolId), ("pp-audit", Roles.AuditAdmin, null), ("pp-leader2", Roles.Leader, null) })
        {
            var c = await app.SignInAsync(user, await app.EnsureUserAsync(user, role, school));
            foreach (var (page, action, values) in new[]
            {
                ("/", "/plan/tasks/1/updates", new Dictionary<string, string> { ["text"] = "越权" }),
                ("/", "/plan/projects/infra.vocational/state", new Dictionary<string, string> { ["target"] = "Done" }),
                ("/", "/plan/issues/new", issue),
            })
            {
                var r = await PostAsync(c, page, action, values);
                AssertRedirect(r);
                Assert.StartsWith("/account/denied", r.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
            }
            if (role != Roles.Leader)
            {
                // Reading the plan's progress is for county readers only.
                var g = await c.GetAsync("/plan/tasks");
                Assert.StartsWith("/account/denied", g.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
            }
        }
        Assert.Equal(updatesBefore, await db.PlanProgressUpdates.CountAsync());
        Assert.False(await db.IssueLedger.AnyAsync(i => i.Problem == issue["problem"]));

        // 督导 registers, starts and closes a ledger item, but cannot report task progress.
        var sup = await app.SignInAsync("pp-sup", await app.EnsureUserAsync("pp-sup", Roles.Supervision));
        Assert.StartsWith("问题已登记", Message(await PostAsync(sup, "/plan/issues", "/plan/issues/new", issue)), StringComparison.Ordinal);
        var id = await db.IssueLedger.Where(i => i.Problem == issue["problem"]).Select(i => i.Id).SingleAsync();
        Assert.Contains("尚未开始整改", Message(await PostAsync(sup, "/plan/issues", $"/plan/issues/{id}/close", new() { ["text"] = "已整改" })), StringComparison.Ordinal);
        Assert.Contains("已开始整改", Message(await PostAsync(sup, "/plan/issues", $"/plan/issues/{id}/start", new() { ["text"] = "制定整改方案" })), StringComparison.Ordinal);
        Assert.Contains("已销号", Message(await PostAsync(sup, "/plan/issues", $"/plan/issues/{id}/close", new() { ["text"] = "整改到位" })), StringComparison.Ordinal);
        var closed = await db.IssueLedger.AsNoTracking().SingleAsync(i => i.Id == id);
        Assert.Equal((IssueState.Closed, "pp-sup"), (closed.State, closed.ClosedBy!));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Entity == nameof(IssueLedgerItem) && a.EntityId == id.ToString() && a.UserName == "pp-sup" && a.Action == "update"));
        var denied = await PostAsync(sup, "/plan/tasks/1", "/plan/tasks/1/updates", new() { ["text"] = "越权" });
        Assert.StartsWith("/account/denied", denied.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }
}
