using EduCounty.Common;
using EduCounty.Periods;
using EduCounty.Registry;
using EduCounty.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace EduCounty.Web.Tests.Browser;

/// <summary>
/// Issue 22 "Done when": a school enters and submits its census at phone width (390 × 844, touch), the 乡镇 returns it
/// with a comment at a field, and the school sees the comment at that field.
/// </summary>
public sealed class CensusEntryPhoneBrowserTests : BrowserTest
{
    [Fact]
    public async Task A_school_enters_and_submits_its_census_on_a_phone_and_the_township_returns_it_with_a_field_comment()
    {
        var year = SchoolYear.Current(TimeProvider.System).StartYear;
        int schoolId;
        string township;
        SchoolType type;
        await using (var db = Database.Open(App.Database))
        {
            db.Actor = "test";
            (schoolId, township, type) = await db.Schools.Where(s => s.Name == "阜康市第三小学").Select(s => ValueTuple.Create(s.Id, s.TownshipCode, s.Type)).SingleAsync();
            if (!await db.ReportingPeriods.AnyAsync(p => p.Year == year && p.Form == PeriodForms.Census))
            {
                await ManagePeriod.OpenAsync(db, year, PeriodForms.Census, null);
            }
        }
        var clerk = await App.EnsureUserAsync("b-tianbao", Roles.SchoolClerk, schoolId: schoolId);
        var reviewer = await App.EnsureUserAsync("b-xiangzhen", Roles.Township, divisionCode: township);
        var phone = new BrowserNewContextOptions { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true };
        var url = $"{BaseUrl}/periods/census/{schoolId}?year={new SchoolYear(year)}";

        await using var school = await Browser.NewContextAsync(phone);
        var page = await school.NewPageAsync();
        await SignInAsync(page, "b-tianbao", clerk);
        await page.WaitForURLAsync(u => !u.Contains("/account/login", StringComparison.Ordinal));
        await page.GotoAsync(url);
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 390);
        // 10 boys and 10 girls in one class per grade; the entry grade all entrants, the last grade 5 + 5 graduates.
        var grades = Grades.For(type);
        foreach (var g in grades)
        {
            await page.FillAsync($"input[name='{g}.StudentsMale']", "10");
            await page.FillAsync($"input[name='{g}.StudentsFemale']", "10");
            await page.FillAsync($"input[name='{g}.Classes']", "1");
        }
        await page.FillAsync($"input[name='{grades[0]}.EntrantsMale']", "10");
        await page.FillAsync($"input[name='{grades[0]}.EntrantsFemale']", "10");
        await page.FillAsync($"input[name='{grades[^1]}.GraduatesMale']", "5");
        await page.FillAsync($"input[name='{grades[^1]}.GraduatesFemale']", "5");
        // 合计 by hand: n grades × 10.
        var n = grades.Length;
        foreach (var (col, v) in new[] { ("StudentsMale", 10 * n), ("StudentsFemale", 10 * n), ("Classes", n), ("EntrantsMale", 10), ("EntrantsFemale", 10), ("GraduatesMale", 5), ("GraduatesFemale", 5) })
        {
            await page.FillAsync($"input[name='total.{col}']", v.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        await page.ClickAsync("#save");
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("已保存");
        var submit = await page.Locator("#submit").BoundingBoxAsync();
        Assert.True(submit is { X: >= 0 } b && b.X + b.Width <= 390, $"提交按钮超出屏幕：{submit?.X} + {submit?.Width}");
        await page.ClickAsync("#submit");
        await Assertions.Expect(page.Locator("#state")).ToHaveTextAsync("已提交");

        await using var town = await Browser.NewContextAsync(phone);
        var review = await town.NewPageAsync();
        await SignInAsync(review, "b-xiangzhen", reviewer);
        await review.WaitForURLAsync(u => !u.Contains("/account/login", StringComparison.Ordinal));
        await review.GotoAsync(url);
        await review.FillAsync($"input[name='c.{grades[0]}.StudentsMale']", "学籍为 11 人，请核对");
        await review.FillAsync("textarea[name=comment]", "一年级人数与学籍不符");
        await review.ClickAsync("#return");
        await Assertions.Expect(review.Locator("#state")).ToHaveTextAsync("退回");

        await page.GotoAsync(url);
        await Assertions.Expect(page.Locator($"td[data-field='{grades[0]}.StudentsMale'] .field-comment")).ToHaveTextAsync("学籍为 11 人，请核对");
        await Assertions.Expect(page.Locator("#return-comment")).ToContainTextAsync("一年级人数与学籍不符");
        Assert.Equal("10", await page.InputValueAsync($"input[name='{grades[0]}.StudentsMale']"));
    }
}
