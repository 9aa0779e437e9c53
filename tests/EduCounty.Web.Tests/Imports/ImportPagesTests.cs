using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using EduCounty.Imports;
using EduCounty.Registry;
using EduCounty.Security;
using EduCounty.Web.Components.Imports;
using Microsoft.Extensions.DependencyInjection;

namespace EduCounty.Web.Tests.Imports;

/// <summary>
/// The /imports upload (its dry run runs in the background: progress, cancel), the chosen 学年, the confirmed commit (rolled
/// back or on a database of its own: the demo database is shared) and a registry export, through the real app.
/// </summary>
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
        var reportUrl = post.Headers.Location!.OriginalString;
        // The check runs off the request: the progress endpoint answers until it is done. The CSV has 3 lines, one the
        // header: the estimate (exact for a file this small) is 2 data rows.
        var last = await PollAsync(client, TokenOf(reportUrl), "dry-run");
        Assert.Equal("done", last.GetProperty("state").GetString());
        Assert.Equal(2, last.GetProperty("estimated").GetInt32());
        Assert.Equal(2, last.GetProperty("rows").GetInt32());
        var report = await client.GetStringAsync(reportUrl);
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
            (schoolId, schoolCode) = db.Schools.Where(s => db.Set<Student>().Any(x => x.SchoolId == s.Id && x.IdNumberCipher != null))
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
        var uploadToken = TokenOf(reportUrl);
        Assert.Equal("done", (await PollAsync(client, uploadToken, "dry-run")).GetProperty("state").GetString());

        var commit = await ConfirmAsync(client, uploadToken);
        Assert.Equal(HttpStatusCode.Redirect, commit.StatusCode);

        // The progress endpoint answers JSON until the commit is done; its total is the dry run's row count (1).
        var last = await PollAsync(client, uploadToken, "commit", p => Assert.Equal(1, p.GetProperty("total").GetInt32()));
        Assert.Equal("done", last.GetProperty("state").GetString());
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
            schoolId = db.Schools.Where(s => db.Set<Student>().Any(x => x.SchoolId == s.Id && x.Grade == "P3")).OrderBy(s => s.Id).Select(s => s.Id).First();
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

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task Cancelling_a_queued_or_running_dry_run_discards_the_upload_and_writes_nothing(string provider)
    {
        await using var app = await EduWebFactory.StartAsync(provider);
        var password = await app.EnsureUserAsync("planner-dry-cancel", Roles.Planning);
        var client = await app.SignInAsync("planner-dry-cancel", password);
        var uploads = app.Services.GetRequiredService<Web.Components.Imports.ImportUploads>();
        int batchesBefore, schoolsBefore;
        string primary;
        await using (var db = EduCounty.Common.Database.Open(app.Database))
        {
            (batchesBefore, schoolsBefore) = (db.ImportBatches.Count(), db.Schools.Count());
            // A real 小学 of the demo: rows naming an unknown school stop at the first error and skip the costly checks.
            primary = db.Schools.Where(x => x.Type == EduCounty.Common.SchoolType.Primary).OrderBy(x => x.Id).Select(x => x.Code).First();
        }
        // A long file keeps the single worker busy for seconds, so the small file uploaded right after it waits in the
        // queue (jobs run one at a time): 300,000 学籍 rows, each checked with two keyed hashes and two encryptions (a
        // file of schools, with no personal data, was checked in about 2 s on a quiet machine: too quick for this test).
        var big = new StringBuilder("学籍号,姓名,身份证号,性别,出生日期,民族,户口性质,学校标识码,年级,入学日期\n");
        for (var i = 0; i < 300_000; i++)
        {
            var birth = new DateOnly(2016, 1, 1).AddDays(i / 900);
            var id = EduCounty.Common.IdNumber.Compose("652302", birth, i % 900);
            var sex = EduCounty.Common.IdNumber.SexOf(id) == EduCounty.Common.Sex.Male ? "男" : "女";
            big.Append(CultureInfo.InvariantCulture, $"G{id},取消测试{i},{id},{sex},{birth:yyyy-MM-dd},01,农业,{primary},P3,2022-09-01\n");
        }
        var longToken = TokenOf(PathOf(await UploadAsync(client, "students", "long.csv", Encoding.UTF8.GetBytes(big.ToString()))));
        var queuedToken = TokenOf(PathOf(await UploadAsync(client, "schools", "queued.csv",
            Encoding.UTF8.GetBytes(SchoolHeader + "\n2165099921,排队小学,211,公办,111,652302,652302001\n"))));
        var longPath = uploads.Get(longToken, "planner-dry-cancel")!.Path;
        var queuedPath = uploads.Get(queuedToken, "planner-dry-cancel")!.Path;
        Assert.True(File.Exists(longPath) && File.Exists(queuedPath));

        // Both cancelled straight away (the long one must still be running when its cancel arrives; the checks of the
        // queued one below take requests of their own).
        Assert.Equal(HttpStatusCode.Redirect, (await CancelAsync(client, queuedToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await CancelAsync(client, longToken)).StatusCode);

        // The queued dry run: cancelled at once, its upload and file gone.
        var queued = await ProgressAsync(client, queuedToken);
        Assert.Equal(("cancelled", "dry-run"), (queued.GetProperty("state").GetString(), queued.GetProperty("mode").GetString()));
        Assert.Null(uploads.Get(queuedToken, "planner-dry-cancel"));
        Assert.False(File.Exists(queuedPath));
        var page = await client.GetStringAsync("/imports?r=" + queuedToken);
        Assert.Contains("已取消校验：上传的文件“queued.csv”已删除，未写入任何数据", page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"commit\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/imports/errors/{queuedToken}.xlsx")).StatusCode);

        // The running one: it stops at its next row; then the same.
        var running = await PollAsync(client, longToken, "dry-run");
        Assert.Equal("cancelled", running.GetProperty("state").GetString());
        Assert.True(running.GetProperty("rows").GetInt32() < 300_000);
        Assert.Null(uploads.Get(longToken, "planner-dry-cancel"));
        Assert.False(File.Exists(longPath));
        // A confirm of the discarded upload finds nothing.
        Assert.Contains("上传已过期", Uri.UnescapeDataString(PathOf(await ConfirmAsync(client, longToken))), StringComparison.Ordinal);

        await using var check = EduCounty.Common.Database.Open(app.Database);
        Assert.Equal((batchesBefore, schoolsBefore), (check.ImportBatches.Count(), check.Schools.Count()));
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task The_chosen_school_year_reaches_the_batch_and_the_students_year_snapshots(string provider)
    {
        // A database of its own: this test commits.
        await using var app = await EduWebFactory.StartEmptyAsync(provider, "web-import-year");
        var password = await app.EnsureUserAsync("jj-import-year", Roles.BasicEducation);
        var client = await app.SignInAsync("jj-import-year", password);

        // The school first, without a year: the form's default, the school year containing today (1 September starts one).
        var today = DateOnly.FromDateTime(DateTime.Now);
        var current = today.Month >= 9 ? today.Year : today.Year - 1;
        var schools = TokenOf(PathOf(await UploadAsync(client, "schools", "year-schools.csv",
            Encoding.UTF8.GetBytes(SchoolHeader + "\n2165000001,阜康市第一小学,211,公办,111,652302,652302001\n"), year: null)));
        Assert.Equal("done", (await PollAsync(client, schools, "dry-run")).GetProperty("state").GetString());
        await ConfirmAsync(client, schools);
        Assert.Equal("done", (await PollAsync(client, schools, "commit")).GetProperty("state").GetString());

        // Two P1 pupils for 2024-2025: born 2018-03-01, so 6 on 2024-09-01 (the typical P1 age: no warning).
        var birth = new DateOnly(2018, 3, 1);
        var lines = new StringBuilder("学籍号,姓名,身份证号,性别,出生日期,民族,户口性质,学校标识码,年级,入学日期\n");
        foreach (var seq in new[] { 11, 12 })
        {
            var id = EduCounty.Common.IdNumber.Compose("652302", birth, seq);
            var sex = EduCounty.Common.IdNumber.SexOf(id) == EduCounty.Common.Sex.Male ? "男" : "女";
            lines.Append(CultureInfo.InvariantCulture, $"G{id},学年学生{seq},{id},{sex},2018-03-01,01,农业,2165000001,P1,2024-09-01\n");
        }
        var students = TokenOf(PathOf(await UploadAsync(client, "students", "year-students.csv", Encoding.UTF8.GetBytes(lines.ToString()), year: "2024")));
        Assert.Equal("done", (await PollAsync(client, students, "dry-run")).GetProperty("state").GetString());
        var report = await client.GetStringAsync("/imports?r=" + students);
        Assert.Contains("<span id=\"report-year\">2024-2025学年</span>", report, StringComparison.Ordinal);
        Assert.Contains("id=\"created\">2<", report, StringComparison.Ordinal);
        Assert.Contains("id=\"error-rows\">0<", report, StringComparison.Ordinal);
        await ConfirmAsync(client, students);
        Assert.Equal("done", (await PollAsync(client, students, "commit")).GetProperty("state").GetString());
        Assert.Contains("已导入（批次", await client.GetStringAsync("/imports?r=" + students), StringComparison.Ordinal);

        await using var db = EduCounty.Common.Database.Open(app.Database);
        Assert.Equal(current, db.ImportBatches.Single(b => b.FileName == "year-schools.csv").Year);
        Assert.Equal(2024, db.ImportBatches.Single(b => b.FileName == "year-students.csv").Year);
        var ids = db.Students.Where(s => s.Name.StartsWith("学年学生")).Select(s => s.Id).ToList();
        Assert.Equal(2, ids.Count);
        var snaps = db.StudentYears.Where(y => ids.Contains(y.StudentId)).Select(y => new { y.Year, y.Grade }).ToList();
        Assert.Equal(2, snaps.Count);
        Assert.All(snaps, y => Assert.Equal((2024, "P1"), (y.Year, y.Grade)));
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task A_school_year_outside_the_offered_range_is_refused(string provider)
    {
        await using var app = await EduWebFactory.StartAsync(provider);
        var password = await app.EnsureUserAsync("planner-bad-year", Roles.Planning);
        var client = await app.SignInAsync("planner-bad-year", password);
        // Offered: the current school year and the 5 before it.
        var today = DateOnly.FromDateTime(DateTime.Now);
        var current = today.Month >= 9 ? today.Year : today.Year - 1;
        var form = await client.GetStringAsync("/imports");
        Assert.Contains($"<option value=\"{current}\">{current}-{current + 1}学年</option>", form, StringComparison.Ordinal);
        Assert.Contains($"<option value=\"{current - 5}\">{current - 5}-{current - 4}学年</option>", form, StringComparison.Ordinal);
        Assert.DoesNotContain($"<option value=\"{current - 6}\">", form, StringComparison.Ordinal);
        var csv = Encoding.UTF8.GetBytes(SchoolHeader + "\n2165099931,学年小学,211,公办,111,652302,652302001\n");

        foreach (var bad in new[] { (current + 1).ToString(CultureInfo.InvariantCulture), $"{current - 6}-{current - 5}", "明年" })
        {
            var post = await UploadAsync(client, "schools", "bad-year.csv", csv, year: bad);

            var to = PathOf(post);
            Assert.StartsWith("/imports?msg=", to, StringComparison.Ordinal);
            var msg = Uri.UnescapeDataString(to["/imports?msg=".Length..]);
            Assert.Equal($"学年“{bad}”不可选：只能导入 {current - 5}-{current - 4}学年 至 {current}-{current + 1}学年 的数据", msg);
        }
    }

    [Fact]
    public void Uploads_older_than_two_hours_are_dropped_with_their_files()
    {
        var clock = new MovableClock(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
        var uploads = new Web.Components.Imports.ImportUploads(clock, Path.Combine(Path.GetTempPath(), "educounty-upload-expiry", Guid.NewGuid().ToString("N")));
        uploads.SweepAll();
        var oldPath = Path.Combine(uploads.Folder, Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(oldPath, "x");
        var old = uploads.Add("u", "schools", oldPath, "old.csv", new EduCounty.Common.SchoolYear(2025));

        clock.Now = clock.Now.AddHours(2).AddMinutes(-1);
        var newPath = Path.Combine(uploads.Folder, Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(newPath, "y");
        var young = uploads.Add("u", "schools", newPath, "new.csv", new EduCounty.Common.SchoolYear(2025));
        Assert.True(File.Exists(oldPath)); // 1 h 59 min: kept

        clock.Now = clock.Now.AddMinutes(2);
        var third = uploads.Add("u", "schools", Path.Combine(uploads.Folder, "none.csv"), "third.csv", new EduCounty.Common.SchoolYear(2025));

        Assert.Null(uploads.Get(old.Token, "u"));
        Assert.False(File.Exists(oldPath)); // 2 h 1 min: dropped, file deleted
        Assert.NotNull(uploads.Get(young.Token, "u"));
        Assert.True(File.Exists(newPath));
        uploads.Discard(young.Token);
        uploads.Discard(third.Token);
        Assert.False(File.Exists(newPath));
    }

    private sealed class MovableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private const string SchoolHeader = "学校标识码,学校名称,办学类型,举办者,城乡分类,县级区划代码,乡镇区划代码";

    private static string TokenOf(string reportUrl) => reportUrl[(reportUrl.IndexOf("r=", StringComparison.Ordinal) + 2)..];

    private static string PathOf(HttpResponseMessage r) => EduWebFactory.PathOf(r);

    /// <summary>Posts the upload form (antiforgery token from the page) with a file and, unless null, a 学年.</summary>
    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string kind, string fileName, byte[] content, string? year = null)
    {
        var token = Token().Match(await client.GetStringAsync("/imports")).Groups[1].Value;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(kind), "kind" },
            { new StringContent(token), "__RequestVerificationToken" },
        };
        if (year is not null)
        {
            form.Add(new StringContent(year), "year");
        }
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", fileName);
        var r = await client.PostAsync("/imports/upload", form);
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        return r;
    }

    private static async Task<HttpResponseMessage> ConfirmAsync(HttpClient client, string uploadToken)
    {
        var formToken = Token().Match(await client.GetStringAsync("/imports")).Groups[1].Value;
        using var fields = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = formToken });
        return await client.PostAsync($"/imports/commit/{uploadToken}", fields);
    }

    private static async Task<HttpResponseMessage> CancelAsync(HttpClient client, string uploadToken)
    {
        var formToken = Token().Match(await client.GetStringAsync("/imports")).Groups[1].Value;
        using var fields = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = formToken });
        return await client.PostAsync($"/imports/cancel/{uploadToken}", fields);
    }

    private static async Task<JsonElement> ProgressAsync(HttpClient client, string uploadToken)
    {
        using var json = JsonDocument.Parse(await client.GetStringAsync($"/imports/progress/{uploadToken}"));
        return json.RootElement.Clone();
    }

    /// <summary>Polls /imports/progress until the job of the given mode leaves "running" (at most 2 minutes); the last answer.</summary>
    private static async Task<JsonElement> PollAsync(HttpClient client, string uploadToken, string mode, Action<JsonElement>? each = null)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var p = await ProgressAsync(client, uploadToken);
            Assert.Equal(mode, p.GetProperty("mode").GetString());
            each?.Invoke(p);
            if (p.GetProperty("state").GetString() != "running" || DateTime.UtcNow > deadline)
            {
                return p;
            }
            await Task.Delay(100);
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
