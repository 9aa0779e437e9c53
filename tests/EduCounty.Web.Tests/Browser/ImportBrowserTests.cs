using System.Globalization;
using EduCounty.Common;
using EduCounty.Imports;
using EduCounty.Registry;
using EduCounty.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using MiniExcelLibs;

namespace EduCounty.Web.Tests.Browser;

/// <summary>
/// Issue 5 in headless Chromium: a county office uploads a small 学生学籍 workbook for a chosen 学年, the background
/// check's progress panel gives way to the report, and the confirmed import shows its batch. The demo database is
/// shared: the batch is rolled back at the end.
/// </summary>
public sealed class ImportBrowserTests : BrowserTest
{
    [Fact]
    public async Task A_county_user_uploads_students_sees_the_report_after_the_progress_and_confirms_the_import()
    {
        const string fileName = "browser-students.xlsx";
        var dir = Path.Combine(Path.GetTempPath(), "educounty-browser-import", Guid.NewGuid().ToString("N"));
        var path = await WriteStudentsAsync(dir, fileName, [21, 22], "浏览器学生");

        var password = await App.EnsureUserAsync("b-import", Roles.BasicEducation);
        var page = await NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        try
        {
            await SignInAsync(page, "b-import", password);
            await page.WaitForURLAsync(BaseUrl + "/");
            await UploadAsync(page, path);
            Directory.CreateDirectory(BrowserOptions.Screenshots);
            if (await page.Locator("#progress").IsVisibleAsync())
            {
                await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserOptions.Screenshots, "import-progress.png"), FullPage = true });
            }

            // The page polls the background check and reloads when it is done: the report replaces the panel.
            await Assertions.Expect(page.Locator("#counts")).ToBeVisibleAsync(new() { Timeout = 60_000 });
            Assert.Equal(0, await page.Locator("#progress").CountAsync());
            await Assertions.Expect(page.Locator("h2:has(#report-year)")).ToContainTextAsync("browser-students.xlsx（2025-2026学年）：校验结果（尚未写入）");
            await Assertions.Expect(page.Locator("#created")).ToHaveTextAsync("2");
            await Assertions.Expect(page.Locator("#error-rows")).ToHaveTextAsync("0");
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserOptions.Screenshots, "import-report.png"), FullPage = true });

            await page.ClickAsync("#commit button[type=submit]");
            var heading = page.Locator("h2:has(#report-year)");
            await Assertions.Expect(heading).ToContainTextAsync("已导入（批次", new() { Timeout = 60_000 });
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserOptions.Screenshots, "import-done.png"), FullPage = true });

            await using var check = Database.Open(App.Database);
            var batch = await check.ImportBatches.Where(b => b.FileName == fileName && b.UserName == "b-import").OrderByDescending(b => b.Id)
                .Select(b => new { b.Id, b.Year, b.Created }).FirstAsync();
            await Assertions.Expect(heading).ToContainTextAsync($"已导入（批次 {batch.Id}）");
            Assert.Equal((2025, 2), (batch.Year, batch.Created));
        }
        finally
        {
            // The demo database is shared by the other web tests: roll back whatever this test imported.
            await using var db = Database.Open(App.Database);
            foreach (var id in await db.ImportBatches.Where(b => b.FileName == fileName && b.UserName == "b-import" && b.RolledBackAt == null)
                .Select(b => b.Id).ToListAsync())
            {
                Assert.Empty(await Importer.RollbackAsync(db, id));
            }
            Assert.False(await db.Students.AnyAsync(s => s.Name.StartsWith("浏览器学生")));
            await page.CloseAsync();
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The 数据导入 form: 学生学籍 for 2025-2026, the file, 上传并校验; waits for the page of the upload.</summary>
    private async Task UploadAsync(IPage page, string path)
    {
        await page.GotoAsync(BaseUrl + "/imports");
        await page.SelectOptionAsync("select[name=kind]", "students");
        await page.SelectOptionAsync("select[name=year]", "2025");
        await page.SetInputFilesAsync("input[name=file]", path);
        await page.ClickAsync("#upload button[type=submit]");
        await page.WaitForURLAsync("**/imports?r=*");
    }

    /// <summary>
    /// A 学生学籍 workbook of P1 pupils for 2025-2026 in a 小学 (办学类型 211) that has P1 pupils, born 2019-03-01 (6 on
    /// 2025-09-01, the typical P1 age), with 身份证号 of a 110101 address code, which no 阜康市 (652302) demo pupil has, so
    /// every row is new.
    /// </summary>
    private async Task<string> WriteStudentsAsync(string dir, string fileName, int[] seqs, string namePrefix)
    {
        string schoolCode;
        await using (var db = Database.Open(App.Database))
        {
            schoolCode = await db.Schools.Where(s => s.Type == SchoolType.Primary && db.Set<Student>().Any(x => x.SchoolId == s.Id && x.Grade == "P1"))
                .OrderBy(s => s.Id).Select(s => s.Code).FirstAsync();
        }
        var birth = new DateOnly(2019, 3, 1);
        var rows = seqs.Select(seq =>
        {
            var id = IdNumber.Compose("110101", birth, seq);
            return new Dictionary<string, object?>
            {
                ["学籍号"] = "G" + id,
                ["姓名"] = namePrefix + seq.ToString(CultureInfo.InvariantCulture),
                ["身份证号"] = id,
                ["性别"] = IdNumber.SexOf(id) == Sex.Male ? "男" : "女",
                ["出生日期"] = "2019-03-01",
                ["民族"] = "01",
                ["户口性质"] = "农业",
                ["学校标识码"] = schoolCode,
                ["年级"] = "P1",
                ["入学日期"] = "2025-09-01",
            };
        });
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, fileName);
        await MiniExcel.SaveAsAsync(path, rows);
        return path;
    }

    /// <summary>
    /// Issue 12 §9: the two races of the import page (a finished check shown as “校验没有完成”, a finished commit shown
    /// as the unconfirmed report) came from the page reading the upload before the job. The whole flow five times:
    /// every check ends in its report, every confirmation in its batch; each batch is rolled back before the next round.
    /// </summary>
    [Fact]
    public async Task Upload_check_and_confirm_repeated_always_end_in_the_report_and_then_the_batch()
    {
        const string fileName = "browser-repeat.xlsx";
        var dir = Path.Combine(Path.GetTempPath(), "educounty-browser-import", Guid.NewGuid().ToString("N"));
        var path = await WriteStudentsAsync(dir, fileName, [31, 32], "浏览器重复");
        var password = await App.EnsureUserAsync("b-repeat", Roles.BasicEducation);
        var page = await NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        try
        {
            await SignInAsync(page, "b-repeat", password);
            await page.WaitForURLAsync(BaseUrl + "/");
            for (var round = 1; round <= 5; round++)
            {
                await UploadAsync(page, path);
                var heading = page.Locator("h2:has(#report-year)");
                await Assertions.Expect(heading).ToContainTextAsync("校验结果（尚未写入）", new() { Timeout = 60_000 });
                Assert.Equal(0, await page.Locator("#failed").CountAsync());
                await Assertions.Expect(page.Locator("#created")).ToHaveTextAsync("2");

                await page.ClickAsync("#commit button[type=submit]");
                await Assertions.Expect(heading).ToContainTextAsync("已导入（批次", new() { Timeout = 60_000 });
                Assert.Equal(0, await page.Locator("#commit").CountAsync());

                await using var db = Database.Open(App.Database);
                var id = await db.ImportBatches.Where(b => b.FileName == fileName && b.UserName == "b-repeat" && b.RolledBackAt == null).Select(b => b.Id).SingleAsync();
                await Assertions.Expect(heading).ToContainTextAsync($"已导入（批次 {id}）");
                Assert.Empty(await Importer.RollbackAsync(db, id));
            }
        }
        finally
        {
            await using var db = Database.Open(App.Database);
            foreach (var id in await db.ImportBatches.Where(b => b.FileName == fileName && b.UserName == "b-repeat" && b.RolledBackAt == null)
                .Select(b => b.Id).ToListAsync())
            {
                Assert.Empty(await Importer.RollbackAsync(db, id));
            }
            Assert.False(await db.Students.AnyAsync(s => s.Name.StartsWith("浏览器重复")));
            await page.CloseAsync();
            Directory.Delete(dir, recursive: true);
        }
    }
}
