using EduCounty.Security;
using Microsoft.Playwright;

namespace EduCounty.Web.Tests.Browser;

/// <summary>The 驾驶舱 in headless Chromium: charts render, the 2020 values show, an explanation shows its counts.</summary>
public sealed class PlanDashboardBrowserTests : BrowserTest
{
    [Fact]
    public async Task A_leader_opens_the_dashboard_sees_charts_and_2020_values_and_an_explanation()
    {
        var password = await App.EnsureUserAsync("dash-leader", Roles.Leader);
        var page = await Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        await SignInAsync(page, "dash-leader", password);
        await page.WaitForURLAsync(BaseUrl + "/");

        await page.GotoAsync(BaseUrl + "/plan?year=2020-2021");
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
