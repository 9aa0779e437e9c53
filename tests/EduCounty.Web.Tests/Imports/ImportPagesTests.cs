using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using EduCounty.Security;

namespace EduCounty.Web.Tests.Imports;

/// <summary>The /imports upload (dry run only: the demo database is shared) and a registry export, through the real app.</summary>
public sealed partial class ImportPagesTests
{
    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task An_uploaded_file_is_checked_and_the_report_shows_counts_and_errors(string provider)
    {
        await using var app = await EduWebFactory.StartAsync(provider);
        var password = await app.EnsureUserAsync("planner-import", Roles.Planning);
        var client = await app.SignInAsync("planner-import", password);
        var page = await client.GetStringAsync("/imports");
        var token = Token().Match(page).Groups[1].Value;
        // One new school (小学 211 → 类别码 21) and one with a 类别码 that does not fit 初级中学 (311 → 31).
        var csv = "学校标识码,学校名称,办学类型,举办者,城乡分类,县级区划代码,乡镇区划代码\n" +
                  "2165099901,测试小学,211,公办,111,652302,652302001\n" +
                  "2165099902,测试中学,311,公办,111,652302,652302001\n";
        using var form = new MultipartFormDataContent
        {
            { new StringContent("schools"), "kind" },
            { new StringContent(token), "__RequestVerificationToken" },
        };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "schools.csv");

        var post = await client.PostAsync("/imports/upload", form);

        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        var report = await client.GetStringAsync(post.Headers.Location!.OriginalString);
        Assert.Contains("校验结果（尚未写入）", report, StringComparison.Ordinal);
        Assert.Contains("id=\"created\">1<", report, StringComparison.Ordinal);
        Assert.Contains("id=\"error-rows\">1<", report, StringComparison.Ordinal);
        Assert.Contains("类别码 21 与办学类型“初级中学”（应为 31）不符", report, StringComparison.Ordinal);
        var errors = Regex.Match(report, "href=\"(/imports/errors/[0-9a-f]+\\.xlsx)\"").Groups[1].Value;
        var xlsx = await client.GetAsync(errors);
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal("PK"u8.ToArray(), (await xlsx.Content.ReadAsByteArrayAsync())[..2]);
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task A_school_user_exports_only_their_school_with_masked_id_numbers(string provider)
    {
        await using var app = await EduWebFactory.StartAsync(provider);
        int schoolId;
        string schoolCode;
        await using (var db = EduCounty.Common.Database.Open(app.Database))
        {
            (schoolId, schoolCode) = db.Schools.Where(s => db.Students.Any(x => x.SchoolId == s.Id && x.IdNumberCipher != null))
                .OrderBy(s => s.Id).Select(s => new ValueTuple<int, string>(s.Id, s.Code)).First();
        }
        var password = await app.EnsureUserAsync("clerk-export", Roles.SchoolAdmin, schoolId: schoolId);
        var client = await app.SignInAsync("clerk-export", password);

        var r = await client.GetAsync("/exports/students.csv");

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var text = Encoding.UTF8.GetString(await r.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("学籍号,姓名,身份证号", lines[0], StringComparison.Ordinal);
        Assert.True(lines.Length > 1);
        Assert.All(lines.Skip(1), l => Assert.Equal(schoolCode, l.Split(',')[6]));
        Assert.All(lines.Skip(1), l => Assert.Matches("^[0-9]{4}\\*{10}[0-9]{3}[0-9X]$", l.Split(',')[2]));
        await using var check = EduCounty.Common.Database.Open(app.Database);
        Assert.Contains(check.AuditEntries.Where(a => a.Action == "export" && a.UserName == "clerk-export").Select(a => a.Detail).ToList(),
            d => d!.Contains("身份证号已遮蔽", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task A_confirmed_import_runs_in_the_background_with_progress_and_then_shows_its_batch(string provider)
    {
        await using var app = await EduWebFactory.StartAsync(provider);
        var password = await app.EnsureUserAsync("planner-progress", Roles.Planning);
        var client = await app.SignInAsync("planner-progress", password);
        var token = Token().Match(await client.GetStringAsync("/imports")).Groups[1].Value;
        var csv = "学校标识码,学校名称,办学类型,举办者,城乡分类,县级区划代码,乡镇区划代码\n" +
                  "2165099911,进度小学,211,公办,111,652302,652302001\n";
        using var form = new MultipartFormDataContent
        {
            { new StringContent("schools"), "kind" },
            { new StringContent(token), "__RequestVerificationToken" },
        };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "progress.csv");
        var upload = await client.PostAsync("/imports/upload", form);
        var reportUrl = upload.Headers.Location!.OriginalString;
        var uploadToken = reportUrl[(reportUrl.IndexOf("r=", StringComparison.Ordinal) + 2)..];
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/imports/progress/{uploadToken}")).StatusCode); // nothing running yet

        var report = await client.GetStringAsync(reportUrl);
        var formToken = Token().Match(report).Groups[1].Value;
        using var fields = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = formToken });
        var commit = await client.PostAsync($"/imports/commit/{uploadToken}", fields);
        Assert.Equal(HttpStatusCode.Redirect, commit.StatusCode);

        // The progress endpoint answers JSON until the job is done (a one-row file: quickly).
        string state = "running";
        for (var i = 0; i < 100 && state == "running"; i++)
        {
            using var json = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync($"/imports/progress/{uploadToken}"));
            state = json.RootElement.GetProperty("state").GetString()!;
            Assert.Equal(1, json.RootElement.GetProperty("total").GetInt32());
            if (state == "running")
            {
                await Task.Delay(100);
            }
        }
        Assert.Equal("done", state);
        var done = await client.GetStringAsync(reportUrl);
        Assert.Contains("已导入（批次", done, StringComparison.Ordinal);
        await using var db = EduCounty.Common.Database.Open(app.Database);
        Assert.Equal("进度小学", db.Schools.Single(s => s.Code == "2165099911").Name);
        // The demo database is shared by the other web tests (48 schools): roll the import back.
        var batch = db.ImportBatches.Where(b => b.FileName == "progress.csv" && b.UserName == "planner-progress").Max(b => b.Id);
        Assert.Empty(await EduCounty.Imports.Importer.RollbackAsync(db, batch));
        Assert.False(db.Schools.Any(s => s.Code == "2165099911"));
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task The_list_export_link_carries_the_filters_and_the_file_holds_only_matching_rows(string provider)
    {
        await using var app = await EduWebFactory.StartAsync(provider);
        var password = await app.EnsureUserAsync("planner-expfilter", Roles.Planning);
        var client = await app.SignInAsync("planner-expfilter", password);
        int schoolId, expected;
        await using (var db = EduCounty.Common.Database.Open(app.Database))
        {
            schoolId = db.Schools.Where(s => db.Students.Any(x => x.SchoolId == s.Id && x.Grade == "P3")).OrderBy(s => s.Id).Select(s => s.Id).First();
            expected = db.Students.Count(s => s.SchoolId == schoolId && s.Grade == "P3"
                && (s.Status == EduCounty.Common.StudentStatus.Enrolled || s.Status == EduCounty.Common.StudentStatus.Suspended));
        }

        var page = await client.GetStringAsync($"/students?school={schoolId}&grade=P3&page=2");
        Assert.Contains($"/exports/students.csv?school={schoolId}&amp;grade=P3\"", page, StringComparison.Ordinal);

        var text = Encoding.UTF8.GetString(await client.GetByteArrayAsync($"/exports/students.csv?school={schoolId}&grade=P3")).TrimStart('\uFEFF');
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1).ToList();
        Assert.Equal(expected, lines.Count);
        Assert.All(lines, l => Assert.Equal("三年级", l.Split(',')[8]));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
