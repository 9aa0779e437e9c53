using System.Globalization;
using System.Net;
using System.Text;
using EduCounty.Fitness;
using EduCounty.Imports;
using EduCounty.Registry;
using EduCounty.Security;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Web.Tests.Imports;

/// <summary>
/// Issue 12 item 7: 体质健康 on the 数据导入 page like the other kinds — the dry run's report (a bad row named by file, row
/// and column), 确认导入, the batch, 撤销 (rollback) — and a school's user importing for its own school only (docs/adr/0032).
/// </summary>
public sealed partial class ImportPagesTests
{
    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task Fitness_is_uploaded_checked_confirmed_and_rolled_back_on_the_page(string provider)
    {
        await using var app = await EduWebFactory.StartEmptyAsync(provider, "web-import-fitness");
        var client = await app.SignInAsync("jj-fitness", await app.EnsureUserAsync("jj-fitness", Roles.BasicEducation));
        Assert.Contains("<option value=\"fitness\"", await client.GetStringAsync("/imports"), StringComparison.Ordinal);
        await CommitAsync(client, "schools", "fit-schools.csv", SchoolHeader + "\n2165000001,阜康市第一小学,211,公办,111,652302,652302001\n", null);

        // Two P1 pupils for 2024-2025 (born 2018-03-01), then their 体质健康 rows (一年级: BMI, 肺活量, 50米, 坐位体前屈, 跳绳).
        var students = new StringBuilder("学籍号,姓名,身份证号,性别,出生日期,民族,户口性质,学校标识码,年级,入学日期\n");
        var fitness = new StringBuilder("年级编号,学籍号,性别,身高,体重,肺活量,50米跑,坐位体前屈,一分钟跳绳\n");
        foreach (var seq in new[] { 21, 22 })
        {
            var id = EduCounty.Common.IdNumber.Compose("652302", new DateOnly(2018, 3, 1), seq);
            var sex = EduCounty.Common.IdNumber.SexOf(id) == EduCounty.Common.Sex.Male ? "男" : "女";
            students.Append(CultureInfo.InvariantCulture, $"G{id},体测学生{seq},{id},{sex},2018-03-01,01,农业,2165000001,P1,2024-09-01\n");
            fitness.Append(CultureInfo.InvariantCulture, $"11,G{id},{sex},120,22,1000,11.0,9,100\n");
        }
        await CommitAsync(client, "students", "fit-students.csv", students.ToString(), "2024");

        // A bad row first: the report names the file, the row and the column; nothing can be written.
        var bad = TokenOf(PathOf(await UploadAsync(client, "fitness", "体测-错.csv", Encoding.UTF8.GetBytes(fitness.ToString() + "11,G000000000000000009,男,120,22,1000,慢,9,100\n"), "2024")));
        Assert.Equal("done", (await PollAsync(client, bad, "dry-run")).GetProperty("state").GetString());
        var badReport = WebUtility.HtmlDecode(await client.GetStringAsync("/imports?r=" + bad));
        // The report's table: row, column, value, reason (the file is named in its heading).
        Assert.Contains("体测-错.csv", badReport, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">4</td><td>50米跑</td><td class=\"mono\">慢</td>", badReport, StringComparison.Ordinal);
        Assert.Contains("id=\"error-rows\">1<", badReport, StringComparison.Ordinal);

        var good = TokenOf(PathOf(await UploadAsync(client, "fitness", "体测.csv", Encoding.UTF8.GetBytes(fitness.ToString()), "2024")));
        Assert.Equal("done", (await PollAsync(client, good, "dry-run")).GetProperty("state").GetString());
        var report = await client.GetStringAsync("/imports?r=" + good);
        Assert.Contains("id=\"created\">2<", report, StringComparison.Ordinal);
        await using (var db = EduCounty.Common.Database.Open(app.Database))
        {
            Assert.Equal(0, await db.FitnessTests.CountAsync()); // the dry run wrote nothing
        }
        await ConfirmAsync(client, good);
        Assert.Equal("done", (await PollAsync(client, good, "commit")).GetProperty("state").GetString());
        Assert.Contains("已导入（批次", await client.GetStringAsync("/imports?r=" + good), StringComparison.Ordinal);

        int batch;
        await using (var db = EduCounty.Common.Database.Open(app.Database))
        {
            Assert.Equal([2024, 2024], await db.FitnessTests.Select(t => t.Year).ToListAsync());
            batch = (await db.ImportBatches.SingleAsync(b => b.Kind == "fitness")).Id;
        }
        var formToken = WebUtility.HtmlDecode(Token().Match(await client.GetStringAsync("/imports")).Groups[1].Value);
        var undo = await client.PostAsync($"/imports/rollback/{batch}", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = formToken }));
        Assert.Equal(HttpStatusCode.Redirect, undo.StatusCode);
        await using (var db = EduCounty.Common.Database.Open(app.Database))
        {
            Assert.Equal(0, await db.FitnessTests.CountAsync());
            Assert.NotNull((await db.ImportBatches.SingleAsync(b => b.Id == batch)).RolledBackAt);
        }

        // A second school with one pupil of its own, imported by the county office.
        await CommitAsync(client, "schools", "fit-schools-2.csv", SchoolHeader + "\n2165000002,阜康市第二小学,211,公办,111,652302,652302001\n", null);
        var otherId = EduCounty.Common.IdNumber.Compose("652302", new DateOnly(2018, 3, 1), 23);
        var otherSex = EduCounty.Common.IdNumber.SexOf(otherId) == EduCounty.Common.Sex.Male ? "男" : "女";
        await CommitAsync(client, "students", "fit-students-2.csv",
            $"学籍号,姓名,身份证号,性别,出生日期,民族,户口性质,学校标识码,年级,入学日期\nG{otherId},体测学生23,{otherId},{otherSex},2018-03-01,01,农业,2165000002,P1,2024-09-01\n", "2024");

        // A school's user (docs/adr/0032): the page offers only 体质健康 and 视力筛查, other kinds are refused, and the
        // upload reads and writes only the user's school — the other school's pupil is an unknown 学籍号 to it.
        int schoolId;
        await using (var db = EduCounty.Common.Database.Open(app.Database))
        {
            schoolId = (await db.Schools.SingleAsync(s => s.Code == "2165000001")).Id;
        }
        var clerk = await app.SignInAsync("fit-clerk", await app.EnsureUserAsync("fit-clerk", Roles.SchoolAdmin, schoolId: schoolId));
        var clerkPage = await clerk.GetStringAsync("/imports");
        Assert.Contains("<option value=\"fitness\"", clerkPage, StringComparison.Ordinal);
        Assert.Contains("<option value=\"vision\"", clerkPage, StringComparison.Ordinal);
        Assert.DoesNotContain("<option value=\"students\"", clerkPage, StringComparison.Ordinal);
        Assert.DoesNotContain("fit-students.csv", clerkPage, StringComparison.Ordinal); // the county's import history is not shown
        var refused = await UploadAsync(clerk, "students", "学籍.csv", Encoding.UTF8.GetBytes(students.ToString()), "2024");
        Assert.Contains(Uri.EscapeDataString("您的角色不能导入"), refused.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await clerk.GetAsync("/imports/template/students.xlsx")).StatusCode);

        var mixed = TokenOf(PathOf(await UploadAsync(clerk, "fitness", "本校体测.csv",
            Encoding.UTF8.GetBytes(fitness.ToString() + $"11,G{otherId},{otherSex},120,22,1000,11.0,9,100\n"), "2024")));
        Assert.Equal("done", (await PollAsync(clerk, mixed, "dry-run")).GetProperty("state").GetString());
        var mixedReport = WebUtility.HtmlDecode(await clerk.GetStringAsync("/imports?r=" + mixed));
        Assert.Contains("id=\"created\">2<", mixedReport, StringComparison.Ordinal);
        Assert.Contains("id=\"error-rows\">1<", mixedReport, StringComparison.Ordinal);
        Assert.Contains("该生不在您管理的学校", mixedReport, StringComparison.Ordinal);

        await CommitAsync(clerk, "fitness", "本校体测-2.csv", fitness.ToString(), "2024");
        await using (var db = EduCounty.Common.Database.Open(app.Database))
        {
            Assert.Equal([schoolId, schoolId], await db.FitnessTests.Select(t => t.SchoolId).ToListAsync());
            Assert.Equal("fit-clerk", (await db.ImportBatches.Where(b => b.Kind == "fitness").OrderBy(b => b.Id).LastAsync()).UserName);
        }
        Assert.Contains("本校体测-2.csv", await clerk.GetStringAsync("/imports"), StringComparison.Ordinal);

        // The 体卫艺 office: the two screening kinds for the whole county, nothing else.
        var tiwei = await app.SignInAsync("fit-twy", await app.EnsureUserAsync("fit-twy", Roles.HealthSportsArts));
        var tiweiPage = await tiwei.GetStringAsync("/imports");
        Assert.Contains("<option value=\"vision\"", tiweiPage, StringComparison.Ordinal);
        Assert.DoesNotContain("<option value=\"schools\"", tiweiPage, StringComparison.Ordinal);
        // 资助: its two kinds (家庭经济困难认定, 资助发放; docs/adr/0035), nothing else.
        var aid = await app.SignInAsync("fit-aid", await app.EnsureUserAsync("fit-aid", Roles.Aid));
        var aidPage = await aid.GetStringAsync("/imports");
        Assert.Contains("<option value=\"aid-recognition\"", aidPage, StringComparison.Ordinal);
        Assert.Contains("<option value=\"aid-disbursement\"", aidPage, StringComparison.Ordinal);
        Assert.DoesNotContain("<option value=\"schools\"", aidPage, StringComparison.Ordinal);
        // A role with no import right at all still has no page.
        var safety = await app.SignInAsync("fit-safety", await app.EnsureUserAsync("fit-safety", Roles.Safety));
        var denied = await safety.GetAsync("/imports");
        Assert.True(denied.StatusCode == HttpStatusCode.Redirect && denied.Headers.Location!.OriginalString.Contains("/account/denied", StringComparison.Ordinal),
            $"{denied.StatusCode} {denied.Headers.Location}");
    }

    /// <summary>Uploads, waits for the dry run, confirms and waits for the commit.</summary>
    private static async Task CommitAsync(HttpClient client, string kind, string file, string csv, string? year)
    {
        var token = TokenOf(PathOf(await UploadAsync(client, kind, file, Encoding.UTF8.GetBytes(csv), year)));
        Assert.Equal("done", (await PollAsync(client, token, "dry-run")).GetProperty("state").GetString());
        await ConfirmAsync(client, token);
        Assert.Equal("done", (await PollAsync(client, token, "commit")).GetProperty("state").GetString());
    }
}
