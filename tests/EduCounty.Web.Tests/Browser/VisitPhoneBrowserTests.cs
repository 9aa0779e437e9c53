using System.Text.RegularExpressions;
using EduCounty.Common;
using EduCounty.Registry;
using EduCounty.Security;
using EduCounty.Supervision;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace EduCounty.Web.Tests.Browser;

/// <summary>
/// Issue 18 "Done when": a 督学 fills a visit on a phone (390 × 844, touch) and the form survives a lost connection: the
/// autosaved draft is on the server, a submit while offline keeps the page, the draft fills the form again on another
/// page, a submit whose answer is dropped (the server saved it, the phone never heard back) and is repeated gives one visit.
/// </summary>
public sealed partial class VisitPhoneBrowserTests : BrowserTest
{
    [Fact]
    public async Task A_supervisor_fills_a_visit_at_phone_width_and_it_survives_a_lost_connection()
    {
        int schoolId;
        await using (var db = Database.Open(App.Database))
        {
            schoolId = await db.Schools.Where(s => s.Name == "阜康市第三小学").Select(s => s.Id).SingleAsync();
        }
        var password = await App.EnsureUserAsync("b-duxue", Roles.SchoolSupervisor, schoolId: schoolId);
        await using var context = await NewContextAsync(new() { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        var page = await context.NewPageAsync();
        await SignInAsync(page, "b-duxue", password);
        await page.WaitForURLAsync(u => !u.Contains("/account/login", StringComparison.Ordinal));
        await page.GotoAsync(BaseUrl + "/supervision/visit");

        // The page fits the phone: nothing wider than 390 px, the submit button within the width.
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 390);
        var box = await page.Locator("#visit-submit").BoundingBoxAsync();
        Assert.True(box is { X: >= 0 } b && b.X + b.Width <= 390, $"提交按钮超出屏幕：{box?.X} + {box?.Width}");
        // Only the 督学's own school is offered.
        Assert.Equal([schoolId.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            await page.Locator("select[name=school] option").EvaluateAllAsync<string[]>("o => o.map(x => x.value)"));

        await page.FillAsync("input[name=hours]", "3.5");
        await page.CheckAsync("input[name=methods][value=patrol]");
        await page.CheckAsync("input[name=methods][value=documents]");
        await page.CheckAsync("input[name='check_1.1'][value=Conforming]");
        await page.CheckAsync("input[name='check_4.1'][value=NonConforming]");
        await page.FillAsync("textarea[name=situation]", "巡视校园，查阅五年级作业记录（手机填写）");
        await page.SelectOptionAsync("select[name=finding_item_0]", "4");
        await page.FillAsync("textarea[name=finding_desc_0]", "五年级书面作业量超过规定时长");
        await page.FillAsync("textarea[name=feedback]", "请学校压减作业总量，两周内报整改情况");
        await Assertions.Expect(page.Locator("#draft-status")).ToContainTextAsync("草稿已保存", new() { Timeout = 15000 });
        await Assertions.Expect(page).ToHaveURLAsync(DraftUrl());
        var draftUrl = page.Url;

        // The connection drops: the submit fails, the page and what was typed stay.
        await context.SetOfflineAsync(true);
        await page.ClickAsync("#visit-submit");
        await Assertions.Expect(page.Locator("#draft-status")).ToContainTextAsync("网络中断");
        Assert.Equal("五年级书面作业量超过规定时长", await page.InputValueAsync("textarea[name=finding_desc_0]"));
        await context.SetOfflineAsync(false);

        // Another page (the phone closed the tab): the server's draft fills the form again.
        var again = await context.NewPageAsync();
        await again.GotoAsync(draftUrl);
        Assert.Equal("五年级书面作业量超过规定时长", await again.InputValueAsync("textarea[name=finding_desc_0]"));
        Assert.Equal("3.5", await again.InputValueAsync("input[name=hours]"));
        Assert.True(await again.IsCheckedAsync("input[name='check_4.1'][value=NonConforming]"));
        Assert.True(await again.IsCheckedAsync("input[name=methods][value=documents]"));

        // The answer to the submit is dropped after the server saved it; the repeated submit gives the same visit.
        await again.RouteAsync("**/supervision/visits", async route =>
        {
            await route.FetchAsync(new() { MaxRedirects = 0 });
            await route.AbortAsync();
        });
        await again.ClickAsync("#visit-submit");
        await Assertions.Expect(again.Locator("#draft-status")).ToContainTextAsync("网络中断");
        await again.UnrouteAsync("**/supervision/visits");
        await again.ClickAsync("#visit-submit");
        await again.WaitForURLAsync(VisitUrl());
        await Assertions.Expect(again.Locator("#message")).ToContainTextAsync("此前已提交");
        await Assertions.Expect(again.Locator("#notice")).ToContainTextAsync("五年级书面作业量超过规定时长");
        Directory.CreateDirectory(BrowserOptions.Screenshots);
        await again.ScreenshotAsync(new() { Path = Path.Combine(BrowserOptions.Screenshots, "supervision-visit-390.png"), FullPage = true });
        // The 督导意见书 downloads from the phone as a Word file named after the school and the day.
        var download = await again.RunAndWaitForDownloadAsync(() => again.ClickAsync("#notice-docx"));
        Assert.Matches(@"^督导意见书_阜康市第三小学_\d{4}-\d{2}-\d{2}\.docx$", download.SuggestedFilename);
        Assert.True(new FileInfo(await download.PathAsync()).Length > 1000);

        await using var check = Database.Open(App.Database);
        Assert.Equal(1, await check.SupervisionVisits.CountAsync(v => v.Situation == "巡视校园，查阅五年级作业记录（手机填写）"));
        Assert.False(await check.VisitDrafts.AnyAsync(d => d.FormJson.Contains("五年级书面作业量")));
    }

    [GeneratedRegex(@"/supervision/visit\?draft=[0-9a-f]{32}$")]
    private static partial Regex DraftUrl();

    [GeneratedRegex(@"/supervision/visits/\d+")]
    private static partial Regex VisitUrl();
}
