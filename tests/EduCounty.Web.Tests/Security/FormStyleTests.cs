using System.Net;
using EduCounty.Security;

namespace EduCounty.Web.Tests.Security;

/// <summary>
/// The web's one form and query style (docs/adr/0019) through the real app on both databases: every form command
/// needs its antiforgery token (also those that bind nothing from the form), a refusal nobody showed is a 400 with its
/// Chinese message, and a school year in a URL is ?year=2025-2026 (the start year alone still reads).
/// </summary>
public sealed class FormStyleTests
{
    private static FormUrlEncodedContent Form(Dictionary<string, string> fields) => new(fields);

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task Form_commands_without_the_antiforgery_token_are_refused_before_they_run(string provider)
    {
        await using var app = await EduWebFactory.StartAsync(provider);
        var client = await app.SignInAsync("fs-planner", await app.EnsureUserAsync("fs-planner", Roles.Planning));
        var token = EduWebFactory.HiddenFields(await client.GetStringAsync("/imports"))["__RequestVerificationToken"];

        // Roll back a batch that does not exist: without the token 400 and the handler never runs; with it, the
        // handler answers with its message on the page.
        var forged = await client.PostAsync("/imports/rollback/999999", Form([]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("防伪令牌无效", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var real = await client.PostAsync("/imports/rollback/999999", Form(new() { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, real.StatusCode);
        Assert.StartsWith("/imports?msg=", EduWebFactory.PathOf(real), StringComparison.Ordinal);

        // A plan command that reads its form by hand: 400, not a server error.
        var plan = await client.PostAsync("/plan/tasks/1/milestones", Form(new() { ["year"] = "2024", ["text"] = "伪造" }));
        Assert.Equal(HttpStatusCode.BadRequest, plan.StatusCode);

        // Signing out needs the token too (a cross-site form cannot sign the user out).
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/account/logout", Form([]))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/imports")).StatusCode);
        var logout = await client.PostAsync("/account/logout", Form(new() { ["__RequestVerificationToken"] = token }));
        Assert.Equal("/account/login", EduWebFactory.PathOf(logout));
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task A_refusal_is_a_400_with_its_chinese_message(string provider)
    {
        await using var app = await EduWebFactory.StartAsync(provider);
        var client = await app.SignInAsync("fs-leader", await app.EnsureUserAsync("fs-leader", Roles.Leader));
        var r = await client.GetAsync("/fitness/retest.xlsx?year=" + Uri.EscapeDataString("明年"));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("学年“明年”无效，应为 2024-2025 的形式（前后两年相连）", await r.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task Pages_take_and_link_the_school_year_as_2025_2026(string provider)
    {
        await using var app = await EduWebFactory.StartAsync(provider);
        var client = await app.SignInAsync("fs-reader", await app.EnsureUserAsync("fs-reader", Roles.Leader));

        // 体质健康: the new form and the old start year show the same year; links and the select use the new form.
        var fitness = await client.GetStringAsync("/fitness?year=2024-2025");
        Assert.Contains("2024-2025 学年各校", fitness, StringComparison.Ordinal);
        Assert.Contains("href=\"/fitness/retest?year=2024-2025\"", fitness, StringComparison.Ordinal);
        Assert.Contains("<option value=\"2024-2025\" selected", fitness, StringComparison.Ordinal);
        Assert.Contains("2024-2025 学年各校", await client.GetStringAsync("/fitness?year=2024"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/fitness/retest.xlsx?year=2024-2025")).StatusCode);

        // 优质均衡: the filters' select and chips carry year=2020-2021.
        var balance = await client.GetStringAsync("/balance?year=2020-2021");
        Assert.Contains("<option value=\"2020-2021\" selected", balance, StringComparison.Ordinal);
        Assert.Contains("/balance/cv?county=652302&amp;year=2020-2021", balance, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/balance/export?year=2020-2021")).StatusCode);

        // A school's page: the census year select.
        var schools = await client.GetStringAsync("/schools");
        var id = System.Text.RegularExpressions.Regex.Match(schools, "href=\"/schools/(\\d+)\"").Groups[1].Value;
        var school = await client.GetStringAsync($"/schools/{id}?year=2020-2021");
        Assert.Contains("在校生（2020-2021 学年，人）", school, StringComparison.Ordinal);
        Assert.Contains("<option value=\"2020-2021\" selected", school, StringComparison.Ordinal);
    }
}
