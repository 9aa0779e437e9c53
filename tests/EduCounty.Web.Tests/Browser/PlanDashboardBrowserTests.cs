using EduCounty.Security;
using Microsoft.Playwright;

namespace EduCounty.Web.Tests.Browser;

/// <summary>The 驾驶舱 in headless Chromium: charts render, the 2020 values show, an explanation shows its counts.</summary>
public sealed class PlanDashboardBrowserTests : IAsyncLifetime
{
    private EduWebFactory _app = default!;
    private IPlaywright _pw = default!;
    private IBrowser _browser = default!;
    private string _base = "";

    public async Task InitializeAsync()
    {
        _app = await EduWebFactory.StartAsync(WebTestDatabases.Sqlite, kestrel: true);
        using var c = _app.CreateClient();
        _base = c.BaseAddress!.ToString().TrimEnd('/');
        _pw = await Playwright.CreateAsync();
        _browser = await _pw.Chromium.LaunchAsync(BrowserOptions.Launch);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _pw.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_leader_opens_the_dashboard_sees_charts_and_2020_values_and_an_explanation()
    {
        var password = await _app.EnsureUserAsync("dash-leader", Roles.Leader);
        var page = await _browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        await page.GotoAsync(_base + "/account/login");
        await page.FillAsync("input[name='Input.UserName']", "dash-leader");
        await page.FillAsync("input[name='Input.Password']", password);
        await page.ClickAsync("#login-form button[type=submit]");
        await page.WaitForURLAsync(_base + "/");

        await page.GotoAsync(_base + "/plan?year=2020-2021");
        // ECharts renders SVG into each chart container.
        await Assertions.Expect(page.Locator("#chart-trend svg")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#chart-investment svg")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#chart-trend")).ToContainTextAsync("数据截至");
        // The plan's 2020 column, computed from the demo records: 在园幼儿 0.5669 万人, 巩固率 109.98 %.
        await Assertions.Expect(page.Locator("tr[data-code='preschool.enrolment'] td.value")).ToHaveTextAsync("0.5669");
        await Assertions.Expect(page.Locator("tr[data-code='compulsory.retention'] td.value")).ToHaveTextAsync("109.98");
        await Assertions.Expect(page.Locator("#overdue-issues")).ToContainTextAsync("逾期未销号问题");
        Directory.CreateDirectory(BrowserOptions.Screenshots);
        await page.ScreenshotAsync(new() { Path = "/tmp/plan-dashboard.png", FullPage = true });

        // 学前三年毛入园率 99: 在园幼儿 5669 ÷ 3–5 周岁人口 5726 = 99.005 % → 99.00.
        await page.ClickAsync("tr[data-code='preschool.gross_enrolment_rate'] a:has-text('怎么算的')");
        await page.WaitForURLAsync("**/plan/explain/preschool.gross_enrolment_rate**");
        var body = page.Locator("body");
        await Assertions.Expect(body).ToContainTextAsync("5669");
        await Assertions.Expect(body).ToContainTextAsync("5726");
        await page.ScreenshotAsync(new() { Path = "/tmp/plan-explain.png", FullPage = true });
    }
}
