using EduCounty.Common;
using EduCounty.Registry;
using EduCounty.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace EduCounty.Web.Tests.Browser;

/// <summary>
/// Issue 6 "Done when": a browser test shows a school user only their own school in every list, search and export.
/// The user is 学校管理员 of 阜康市第三小学 (no teaching points: its scope is that one school, checked below).
/// </summary>
public sealed class SchoolUserBrowserTests : BrowserTest
{
    [Fact]
    public async Task A_school_user_sees_only_the_own_school_in_lists_search_and_export()
    {
        const string own = "阜康市第三小学";
        int ownId;
        string otherStudent, otherStaff;
        await using (var db = Database.Open(App.Database))
        {
            ownId = await db.Schools.Where(s => s.Name == own).Select(s => s.Id).SingleAsync();
            Assert.False(await db.Schools.AnyAsync(s => s.ParentSchoolId == ownId));
            var ownStudentNames = await db.Students.Where(s => s.SchoolId == ownId).Select(s => s.Name).ToListAsync();
            var ownStaffNames = await db.Staff.Where(s => s.SchoolId == ownId).Select(s => s.Name).ToListAsync();
            otherStudent = (await db.Students.Where(s => s.SchoolId != ownId).OrderBy(s => s.Id).Select(s => s.Name).Take(500).ToListAsync()).First(n => !ownStudentNames.Contains(n));
            otherStaff = (await db.Staff.Where(s => s.SchoolId != ownId).OrderBy(s => s.Id).Select(s => s.Name).Take(500).ToListAsync()).First(n => !ownStaffNames.Contains(n));
        }
        var password = await App.EnsureUserAsync("b-school", Roles.SchoolAdmin, schoolId: ownId);
        var page = await NewPageAsync();
        await SignInAsync(page, "b-school", password);
        await page.WaitForURLAsync(BaseUrl + "/");

        // Schools: exactly one row, the own school.
        await page.GotoAsync(BaseUrl + "/schools");
        var schoolNames = await page.Locator("#schools tbody tr td:nth-child(2)").AllInnerTextsAsync();
        Assert.Equal([own], schoolNames.Select(n => n.Trim()));

        // Students and staff: every row of the first page names the own school (column 学校).
        await page.GotoAsync(BaseUrl + "/students");
        var studentSchools = await page.Locator("#students tbody tr td:nth-child(5)").AllInnerTextsAsync();
        Assert.NotEmpty(studentSchools);
        Assert.All(studentSchools, s => Assert.Equal(own, s.Trim()));
        await page.GotoAsync(BaseUrl + "/staff");
        var staffSchools = await page.Locator("#staff tbody tr td:nth-child(4)").AllInnerTextsAsync();
        Assert.NotEmpty(staffSchools);
        Assert.All(staffSchools, s => Assert.Equal(own, s.Trim()));

        // Search by another school's student's name: nothing.
        await page.GotoAsync(BaseUrl + "/students");
        await page.FillAsync("input[name=name]", otherStudent);
        await page.ClickAsync("form.filters button[type=submit]");
        await Assertions.Expect(page.Locator(".empty")).ToContainTextAsync("没有符合条件的学生");
        Assert.Equal(0, await page.Locator("#students tbody tr").CountAsync());

        // Export (CSV) of the unfiltered list: only the own school's rows.
        await page.GotoAsync(BaseUrl + "/students");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#exports a[href='/exports/students.csv']"));
        var path = await download.PathAsync();
        var csv = await File.ReadAllTextAsync(path!);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Contains(own, l, StringComparison.Ordinal));
        Assert.DoesNotContain(otherStudent, csv, StringComparison.Ordinal);
        await page.GotoAsync(BaseUrl + "/staff");
        var staffDownload = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#exports a[href='/exports/staff.csv']"));
        var staffCsv = await File.ReadAllTextAsync((await staffDownload.PathAsync())!);
        Assert.DoesNotContain(otherStaff, staffCsv, StringComparison.Ordinal);
        Assert.All(staffCsv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1), l => Assert.Contains(own, l, StringComparison.Ordinal));
        Directory.CreateDirectory(BrowserOptions.Screenshots);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserOptions.Screenshots, "school-user-staff.png"), FullPage = true });
    }
}
