using EduCounty.Common;
using EduCounty.Fitness;
using EduCounty.Registry;
using EduCounty.Security;
using EduCounty.Web.Tests.Browser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace EduCounty.Web.Tests.Fitness;

/// <summary>The /fitness pages through the real app on both databases (demo county).</summary>
public sealed class FitnessPagesTests
{
    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task The_overview_shows_every_year_and_the_myopia_target(string provider)
    {
        await using var app = await EduWebFactory.StartAsync(provider);
        var password = await app.EnsureUserAsync("fitness-leader", Roles.Leader);
        var client = await app.SignInAsync("fitness-leader", password);
        int tested2020;
        await using (var db = Database.Open(await WebTestDatabases.DemoAsync(provider)))
        {
            // Every 小学/初中/高中 student of 2020 was tested (counted from the 学籍 snapshots, not from the tests).
            string[] graded = [.. Grades.Primary, .. Grades.Junior, .. Grades.Senior];
            tested2020 = await db.StudentYears.CountAsync(y => y.Year == 2020 && graded.Contains(y.Grade));
        }
        var html = await client.GetStringAsync("/fitness?year=2025");
        Assert.Contains("学生体质健康与近视防控", html, StringComparison.Ordinal);
        var row = html[html.IndexOf("<td>2020-2021</td>", StringComparison.Ordinal)..];
        row = row[..row.IndexOf("</tr>", StringComparison.Ordinal)];
        Assert.Contains($">{tested2020}</td>", row, StringComparison.Ordinal);
        // The demo's myopia rate falls by 0.62, 0.38, 0.55, 0.31, 0.58 points: 达标 是/否 alternating from 2021-2022.
        var years = html[html.IndexOf("id=\"fitness-years\"", StringComparison.Ordinal)..];
        years = years[..years.IndexOf("</table>", StringComparison.Ordinal)];
        Assert.Equal(3, CountOf(years, "<td>是</td>"));
        Assert.Equal(2, CountOf(years, "<td>否</td>"));
        Assert.Contains("阜康市第一小学</a>", html, StringComparison.Ordinal);

        var home = await client.GetStringAsync("/");
        Assert.Contains("id=\"kpi-myopia\"", home, StringComparison.Ordinal);
        Assert.Contains("id=\"kpi-fitness\"", home, StringComparison.Ordinal);

        var export = await client.GetAsync("/fitness/retest.xlsx?year=2025");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", export.Content.Headers.ContentType!.MediaType);
    }

    private static int CountOf(string text, string what)
    {
        var n = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + 1, StringComparison.Ordinal))
        {
            n++;
        }
        return n;
    }
}

/// <summary>Headless Chromium opens a student's 体质健康档案 from the retest list.</summary>
public sealed class FitnessBrowserTests : BrowserTest
{
    [Fact]
    public async Task A_leader_opens_a_students_fitness_record()
    {
        var password = await App.EnsureUserAsync("fitness-browser", Roles.Leader);
        var page = await NewPageAsync();
        await SignInAsync(page, "fitness-browser", password);
        await page.WaitForURLAsync(BaseUrl + "/");

        await page.GotoAsync(BaseUrl + "/fitness/retest?year=2025");
        await page.ClickAsync("#retest tbody tr:first-child a");
        await page.WaitForURLAsync("**/fitness/students/*");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("体质健康档案");
        await Assertions.Expect(page.Locator("#fitness-record")).ToContainTextAsync("2025-2026");
        await Assertions.Expect(page.Locator("#fitness-record")).ToContainTextAsync("不及格");
        // Each item names, in words, the table row its score came from (issue 21 §7: no "scores.csv 第…行" on the page);
        // 肺活量 weighs 15% in every primary grade (《国家学生体质健康标准（2014年修订）》 weights).
        await Assertions.Expect(page.Locator("#items-2025")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"肺活量.*生小学.年级：≥ \d+ 毫升得 \d+ 分；权重 15%"));
        await Assertions.Expect(page.Locator("#items-2025")).Not.ToContainTextAsync("scores.csv");
        Directory.CreateDirectory(BrowserOptions.Screenshots);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserOptions.Screenshots, "fitness-record.png"), FullPage = true });
    }
}
