using EduCounty.Security;
using EduCounty.Web.Components.Plan;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace EduCounty.Web.Tests.Browser;

/// <summary>The 驾驶舱 in headless Chromium: charts render, the 2020 values show, an explanation shows its counts.</summary>
public sealed class PlanDashboardBrowserTests : BrowserTest
{
    [Fact]
    public async Task A_leader_opens_the_dashboard_sees_charts_and_2020_values_and_an_explanation()
    {
        var password = await App.EnsureUserAsync("dash-leader", Roles.Leader);
        var page = await NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        await SignInAsync(page, "dash-leader", password);
        await page.WaitForURLAsync(BaseUrl + "/");

        await page.GotoAsync(BaseUrl + "/plan?year=2020-2021");
        // ECharts renders SVG into each chart container.
        await Assertions.Expect(page.Locator("#chart-trend svg")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#chart-investment svg")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#chart-trend")).ToContainTextAsync("数据截至");
        // The plan's 2020 column, computed from the demo records: 在园幼儿 0.5669 万人, 巩固率 109.98 % — published as 100 with
        // a 注 beneath the table giving 109.98 and why (docs/adr/0039).
        await Assertions.Expect(page.Locator("tr[data-code='preschool.enrolment'] td.value")).ToHaveTextAsync("0.5669");
        await Assertions.Expect(page.Locator("tr[data-code='compulsory.retention'] td.value")).ToHaveTextAsync("100注");
        await Assertions.Expect(page.Locator("p.cap-note[data-code='compulsory.retention']")).ToContainTextAsync("按统计口径计算为109.98%");
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

    /// <summary>
    /// Issue 20 item 4: a PDF asked for while the pool's two pages are busy and others wait shows its place in line
    /// beside the link (from /plan/pdf-queue), then is saved as a PDF under the server's file name.
    /// </summary>
    [Fact]
    public async Task A_pdf_download_waiting_for_the_pool_shows_its_place_in_line_then_saves_the_file()
    {
        var password = await App.EnsureUserAsync("pdfq-leader", Roles.Leader);
        var page = await NewPageAsync(new() { AcceptDownloads = true });
        await SignInAsync(page, "pdfq-leader", password);
        await page.WaitForURLAsync(BaseUrl + "/");
        await page.GotoAsync(BaseUrl + "/plan?year=2020-2021");
        await page.EvaluateAsync("() => { window.pdfStates = []; new MutationObserver(() => document.querySelectorAll('[data-pdf-status]')" +
            ".forEach(s => window.pdfStates.push(s.textContent))).observe(document.body, { subtree: true, childList: true, characterData: true }); }");

        // Eight downloads ahead of the page's: two print, the others wait in line.
        var pool = App.Services.GetRequiredService<PdfPool>();
        var ahead = Enumerable.Range(0, 8)
            .Select(i => page.Context.APIRequest.GetAsync($"{BaseUrl}/plan/report.pdf?kind=midterm&ticket=ahead{i}", new() { Timeout = 300_000 })).ToList();
        for (var i = 0; i < 1200 && pool.State().Waiting == 0; i++) await Task.Delay(50);
        Assert.True(pool.State().Waiting > 0, "八份下载应有排队");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#pdf-midterm"), new() { Timeout = 300_000 });
        Assert.EndsWith("规划中期评估报告.pdf", download.SuggestedFilename, StringComparison.Ordinal);
        var path = await download.PathAsync();
        Assert.Equal("%PDF"u8.ToArray(), (await File.ReadAllBytesAsync(path))[..4]);
        await Assertions.Expect(page.Locator("[data-pdf-status]")).ToHaveTextAsync("已下载");
        var states = await page.EvaluateAsync<string[]>("() => window.pdfStates");
        Assert.Contains(states, s => s.StartsWith("排队中：第 ", StringComparison.Ordinal));
        foreach (var r in await Task.WhenAll(ahead)) Assert.True(r.Ok);
    }
}
