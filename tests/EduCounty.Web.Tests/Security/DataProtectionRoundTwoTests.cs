using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using EduCounty.Common;
using EduCounty.Common.Identity;
using EduCounty.Common.Protection;
using EduCounty.Imports;
using EduCounty.Registry;
using EduCounty.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EduCounty.Web.Tests.Security;

/// <summary>
/// Issue 13 §4, §5, §6, §7, §10–§13 and the low items of the data side, through the real app on both databases.
/// </summary>
public sealed partial class DataProtectionRoundTwoTests
{
    private static HttpClient Client(EduWebFactory app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static string Path(HttpResponseMessage r) => EduWebFactory.PathOf(r);

    /// <summary>A file's or folder's Unix mode (the tests run on Linux).</summary>
    private static UnixFileMode Mode(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException();
        }
        return File.GetUnixFileMode(path);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex Token();

    private static async Task<string> TokenAsync(HttpClient c, string page) => WebUtility.HtmlDecode(Token().Match(await c.GetStringAsync(page)).Groups[1].Value);

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task The_system_administrator_creates_accounts_and_only_the_security_administrator_grants_roles(string provider)
    {
        // Issue 13 §4: 系统管理员 created accounts of any role (and got their one-time passwords); 安全管理员 had no function.
        await using var app = await EduWebFactory.StartEmptyAsync(provider, "three-admins");
        var sys = await app.SignInAsync("sys", await app.EnsureUserAsync("sys", Roles.SystemAdmin));
        var sec = await app.SignInAsync("sec", await app.EnsureUserAsync("sec", Roles.SecurityAdmin));

        // 系统管理员 creates: roles posted with the form are not taken; the account has none, and no password either —
        // the 系统管理员 sees none (docs/adr/0029).
        var created = await EduWebFactory.PostNamedFormAsync(sys, "/admin/users", "user-create", ("UserName", "newbie"), ("DisplayName", "新人"), ("Roles", Roles.BasicEducation));
        var createdPage = await created.Content.ReadAsStringAsync();
        Assert.Contains("已创建账号 newbie", createdPage, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"one-time-password\"", createdPage, StringComparison.Ordinal);
        string id;
        await using (var db = Database.Open(app.Database))
        {
            id = await db.Users.Where(u => u.UserName == "newbie").Select(u => u.Id).SingleAsync();
            Assert.Empty(await db.UserRoles.Where(r => r.UserId == id).ToListAsync());
        }
        // Neither reaches the other's page.
        Assert.StartsWith("/account/denied", Path(await sys.GetAsync("/admin/security")), StringComparison.Ordinal);
        Assert.StartsWith("/account/denied", Path(await sec.GetAsync("/admin/users")), StringComparison.Ordinal);

        // 安全管理员 grants 基教; the entry names both.
        var granted = await EduWebFactory.PostNamedFormAsync(sec, "/admin/security", "grant", ("Account", id), ("GrantRoles", Roles.BasicEducation));
        var grantedPage = await granted.Content.ReadAsStringAsync();
        Assert.Contains("已更新 newbie 的角色和数据范围", grantedPage, StringComparison.Ordinal);
        // …and, the account having no password yet, its one-time password is issued to her, once.
        Assert.Contains("id=\"one-time-password\"", grantedPage, StringComparison.Ordinal);
        // …and sets the policy (password age here).
        var policy = await EduWebFactory.PostNamedFormAsync(sec, "/admin/security", "policy", ("MaxAge", "60"), ("Threshold", "5"), ("LockMinutes", "15"),
            ("RevealRoles", "人事,基教"), ("SensitiveRoles", "资助,特教,基教"), ("SessionHours", "8"), ("Sessions", "3"), ("ExportRows", "5000"));
        Assert.Contains("安全策略已保存", await policy.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // A 三员 role with a business role is refused on the page too.
        var mixed = await EduWebFactory.PostNamedFormAsync(sec, "/admin/security", "grant", ("Account", id), ("GrantRoles", Roles.AuditAdmin), ("GrantRoles", Roles.BasicEducation));
        Assert.Contains("三员分立", await mixed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using (var db = Database.Open(app.Database))
        {
            var grant = await db.AuditEntries.Where(a => a.Action == "user-grant").SingleAsync();
            Assert.Equal(("sec", "newbie"), (grant.UserName, grant.EntityId));
            Assert.Contains("安全管理员 sec 为账号 newbie（新人）授权", grant.Detail, StringComparison.Ordinal);
            Assert.Equal(60, await db.SecurityPolicies.Select(p => p.PasswordMaxAgeDays).SingleAsync());
            Assert.Contains(await db.AuditEntries.Where(a => a.Action == "policy-set").Select(a => a.UserName).ToListAsync(), u => u == "sec");
        }
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task Every_state_changing_endpoint_refuses_a_post_without_its_antiforgery_token(string provider)
    {
        // Issue 13 §10: /imports/rollback/{id} checked no token. Every POST endpoint, enumerated from the app: without
        // the token it is answered 400 (or refused before, for a user it is not for); and each declares the check.
        await using var app = await EduWebFactory.StartAsync(provider);
        var posts = app.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Any(m => m is "POST" or "PUT" or "DELETE" or "PATCH") == true)
            .ToList();
        Assert.True(posts.Count > 20, $"{posts.Count}");
        var undeclared = posts.Where(e => e.Metadata.GetMetadata<IAntiforgeryMetadata>() is not { RequiresValidation: true })
            .Select(e => e.RoutePattern.RawText).ToList();
        Assert.True(undeclared.Count == 0, string.Join("\n", undeclared));

        var users = new List<HttpClient> { Client(app) };
        foreach (var (name, role) in new[] { ("af-plan", Roles.Planning), ("af-jj", Roles.BasicEducation), ("af-hr", Roles.Personnel), ("af-sup", Roles.Supervision),
            ("af-sys", Roles.SystemAdmin), ("af-sec", Roles.SecurityAdmin), ("af-aud", Roles.AuditAdmin) })
        {
            users.Add(await app.SignInAsync(name, await app.EnsureUserAsync(name, role)));
        }
        // 安全 (the hazard register) and a school's own user (整改, hazard reports, monthly 排查 reports: issue 18).
        users.Add(await app.SignInAsync("af-safety", await app.EnsureUserAsync("af-safety", Roles.Safety)));
        users.Add(await app.SignInAsync("af-school", await app.EnsureUserAsync("af-school", Roles.SchoolAdmin, schoolId: 1)));
        // A browser between the password and the code (the second step's policy).
        var pending = Client(app);
        var tfa = await app.EnsureUserAsync("af-2fa", Roles.Leader, twoFactor: true);
        await EduWebFactory.PostFormAsync(pending, "/account/login", new() { ["Input.UserName"] = "af-2fa", ["Input.Password"] = tfa });
        users.Add(pending);
        var wrong = new List<string>();
        foreach (var e in posts)
        {
            var url = "/" + Regex.Replace(e.RoutePattern.RawText!.TrimStart('/'), @"\{\*{0,2}(?<n>[A-Za-z]+)(:[^}]*)?\??\}", m => m.Groups["n"].Value switch
            {
                "list" => "students",
                "format" => "csv",
                _ => "1",
            });
            var tried = false;
            foreach (var c in users)
            {
                var r = await c.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string> { ["x"] = "1" }));
                if (r.StatusCode == HttpStatusCode.Redirect && Path(r) is var to && (to.StartsWith("/account/denied", StringComparison.Ordinal) || to.StartsWith("/account/login", StringComparison.Ordinal)))
                {
                    continue;
                }
                tried = true;
                if (r.StatusCode != HttpStatusCode.BadRequest)
                {
                    wrong.Add($"{url}: {(int)r.StatusCode} {Path(r)}");
                }
                break;
            }
            if (!tried)
            {
                wrong.Add($"{url}: 没有可用的测试账号");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task Only_the_importer_rolls_an_import_back_on_the_web(string provider)
    {
        // Issue 13 §10: any holder of import rights could roll back anyone's batch.
        await using var app = await EduWebFactory.StartEmptyAsync(provider, "rollback-owner");
        int batch;
        await using (var db = Database.Open(app.Database))
        {
            var b = new ImportBatch { Kind = "schools", FileName = "a.csv", Sha256 = new string('0', 64), UserName = "rb-owner", Entity = "School", At = DateTimeOffset.UtcNow };
            db.ImportBatches.Add(b);
            await db.SaveChangesAsync();
            batch = b.Id;
        }
        var other = await app.SignInAsync("rb-other", await app.EnsureUserAsync("rb-other", Roles.BasicEducation));
        var owner = await app.SignInAsync("rb-owner", await app.EnsureUserAsync("rb-owner", Roles.Planning));
        async Task<string> RollbackAsync(HttpClient c)
        {
            var r = await c.PostAsync($"/imports/rollback/{batch}", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = await TokenAsync(c, "/imports") }));
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
            return Uri.UnescapeDataString(Path(r)[(Path(r).IndexOf("msg=", StringComparison.Ordinal) + 4)..]);
        }
        Assert.Equal($"导入批次 {batch} 由 rb-owner 导入，只有导入人可以在网页上回滚（其他情况请由管理员在服务器上用命令行回滚）", await RollbackAsync(other));
        Assert.Equal($"导入批次 {batch} 已回滚", await RollbackAsync(owner));
        await using var check = Database.Open(app.Database);
        Assert.Equal("rb-owner", await check.ImportBatches.Where(b => b.Id == batch).Select(b => b.RolledBackBy).SingleAsync());
        Assert.Single(await check.AuditEntries.Where(a => a.Action == "rollback-refused" && a.UserName == "rb-other").ToListAsync());
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string kind, string fileName, byte[] content)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(kind), "kind" },
            { new StringContent(await TokenAsync(client, "/imports")), "__RequestVerificationToken" },
        };
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", fileName);
        return await client.PostAsync("/imports/upload", form);
    }

    private static async Task<string> WaitAsync(HttpClient c, string token, string mode)
    {
        for (var i = 0; i < 600; i++)
        {
            using var json = JsonDocument.Parse(await c.GetStringAsync($"/imports/progress/{token}"));
            var p = json.RootElement;
            if (p.GetProperty("mode").GetString() == mode && p.GetProperty("state").GetString() != "running")
            {
                return p.GetProperty("state").GetString()!;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException();
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task Uploads_live_in_a_private_folder_and_are_deleted_on_commit_abandon_refusal_and_at_start(string provider)
    {
        // Issue 13 §5: uploads sat in a world-readable folder of the system temp directory, committed and refused ones too,
        // and outlived restarts (one held 200,000 plaintext 身份证号).
        var db = await WebTestDatabases.CreateEmptyAsync(provider, "uploads-private");
        var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "educounty-uploads-test", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var stale = System.IO.Path.Combine(folder, "left-from-last-run.csv");
        await File.WriteAllTextAsync(stale, "姓名,身份证号\n");
        await using var app = new EduWebFactory(db, settings: new Dictionary<string, string> { ["EduCounty:UploadsFolder"] = folder });
        var c = await app.SignInAsync("up-plan", await app.EnsureUserAsync("up-plan", Roles.Planning));
        for (var i = 0; i < 50 && File.Exists(stale); i++)
        {
            await Task.Delay(100);
        }
        Assert.False(File.Exists(stale)); // swept at start
        Assert.Equal(OwnerOnlyFiles.FolderMode, Mode(folder));

        var csv = "学校标识码,学校名称,办学类型,举办者,城乡分类,县级区划代码,乡镇区划代码\n2165099911,上传小学,211,公办,111,652302,652302001\n";
        var up = await UploadAsync(c, "schools", "s.csv", Encoding.UTF8.GetBytes(csv));
        var token = Path(up)[(Path(up).IndexOf("r=", StringComparison.Ordinal) + 2)..];
        Assert.Equal("done", await WaitAsync(c, token, "dry-run"));
        var file = Assert.Single(Directory.GetFiles(folder));
        Assert.Equal(OwnerOnlyFiles.FileMode, Mode(file));
        var commit = await c.PostAsync($"/imports/commit/{token}", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = await TokenAsync(c, "/imports") }));
        Assert.Equal(HttpStatusCode.Redirect, commit.StatusCode);
        Assert.Equal("done", await WaitAsync(c, token, "commit"));
        Assert.Empty(Directory.GetFiles(folder)); // committed: gone

        // A checked upload the user abandons instead of confirming goes at once (not only at expiry), and cannot be
        // committed afterwards.
        var second = await UploadAsync(c, "schools", "s2.csv", Encoding.UTF8.GetBytes(csv.Replace("2165099911", "2165099912", StringComparison.Ordinal)));
        var secondToken = Path(second)[(Path(second).IndexOf("r=", StringComparison.Ordinal) + 2)..];
        Assert.Equal("done", await WaitAsync(c, secondToken, "dry-run"));
        var report = await c.GetStringAsync("/imports?r=" + secondToken);
        Assert.Contains("id=\"abandon\"", report, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(folder));
        var abandon = await c.PostAsync($"/imports/cancel/{secondToken}", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = await TokenAsync(c, "/imports") }));
        Assert.Equal(HttpStatusCode.Redirect, abandon.StatusCode);
        Assert.Empty(Directory.GetFiles(folder)); // abandoned: gone
        var late = await c.PostAsync($"/imports/commit/{secondToken}", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = await TokenAsync(c, "/imports") }));
        Assert.Contains("/imports?msg=", Path(late), StringComparison.Ordinal);

        // A refused file (not a table at all) goes at once.
        var bad = await UploadAsync(c, "schools", "bad.xlsx", Encoding.UTF8.GetBytes("这不是表格"));
        var badToken = Path(bad)[(Path(bad).IndexOf("r=", StringComparison.Ordinal) + 2)..];
        await WaitAsync(c, badToken, "dry-run");
        Assert.Empty(Directory.GetFiles(folder));
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task The_table_check_runs_a_limited_number_at_a_time(string provider)
    {
        // Issue 13 §6: three checks in parallel ran the server out of memory. Besides the reader's per-file guards
        // (BalanceCheckGuardTests), at most EduCounty:Tabular:SchoolTable:MaxConcurrent checks run at once; the rest are
        // answered 503 in Chinese before their body is read. A first check whose body stops half-way holds the only
        // slot once it has it (the server waits for the rest); checks sent meanwhile go through until it does, then
        // meet a busy server.
        await using var app = await EduWebFactory.StartAsync(provider, settings: new Dictionary<string, string> { ["EduCounty:Tabular:SchoolTable:MaxConcurrent"] = "1" });
        var c = await app.SignInAsync("bc-sup", await app.EnsureUserAsync("bc-sup", Roles.Supervision));
        var hidden = EduWebFactory.HiddenFields(await c.GetStringAsync("/balance/check"));
        MultipartFormDataContent Form()
        {
            var form = new MultipartFormDataContent();
            foreach (var (k, v) in hidden)
            {
                form.Add(new StringContent(v), k);
            }
            form.Add(new StringContent("2017"), "method");
            var f = new ByteArrayContent(Encoding.UTF8.GetBytes("学校名称,办学类型,小学学生数,专任教师数\n学校1,小学,320,21\n学校2,小学,305,22\n"));
            f.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            form.Add(f, "file", "t.csv");
            return form;
        }

        using var whole = Form();
        var bytes = await whole.ReadAsByteArrayAsync();
        // Sends a check whose body stops half-way: once it has the slot it keeps it until the rest comes.
        async Task<(Task<HttpResponseMessage> Response, System.IO.Pipelines.Pipe Body)> HoldAsync()
        {
            var pipe = new System.IO.Pipelines.Pipe();
            var content = new StreamContent(pipe.Reader.AsStream());
            content.Headers.ContentType = whole.Headers.ContentType;
            var response = c.PostAsync("/balance/check", content);
            await pipe.Writer.WriteAsync(bytes.AsMemory(0, bytes.Length / 2));
            return (response, pipe);
        }

        var held = await HoldAsync();
        HttpResponseMessage? busy = null;
        for (var until = DateTime.UtcNow.AddSeconds(60); busy is null && DateTime.UtcNow < until;)
        {
            if (held.Response.IsCompleted)
            {
                // A check sent meanwhile had the slot when it arrived: it was refused at once. Hold another.
                Assert.Equal(HttpStatusCode.ServiceUnavailable, (await held.Response).StatusCode);
                held = await HoldAsync();
            }
            using var next = Form();
            var r = await c.PostAsync("/balance/check", next);
            if (r.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                busy = r;
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, r.StatusCode); // sent before the held check took the slot
                await Task.Delay(100);
            }
        }
        Assert.NotNull(busy);
        Assert.Equal(EduCounty.Web.Infrastructure.RequestLimits.BusyMessage, await busy.Content.ReadAsStringAsync());
        Assert.False(held.Response.IsCompleted);

        await held.Body.Writer.WriteAsync(bytes.AsMemory(bytes.Length / 2));
        await held.Body.Writer.CompleteAsync();
        var done = await held.Response;
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Contains("学校1", await done.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The slot is free again: the next check runs.
        using var third = Form();
        Assert.Equal(HttpStatusCode.OK, (await c.PostAsync("/balance/check", third)).StatusCode);
    }


    /// <summary>One school and one student (number L1, 民族 05, grade P5) in it; returns the student's id.</summary>
    private static async Task<int> AddStudentAsync(EduDb db, string name, DateOnly birth, string numberHash, Action<Student> more)
    {
        var school = new School { Code = "2100000001", Name = "阜康市第三小学", CountyCode = "652302", TownshipCode = "652302001" };
        db.Schools.Add(school);
        await db.SaveChangesAsync();
        var st = new Student
        {
            StudentNumber = "L1",
            StudentNumberHash = numberHash,
            Name = name,
            BirthDate = birth,
            EthnicityCode = "05",
            SchoolId = school.Id,
            Grade = "P5",
            EnrolledOn = new DateOnly(2019, 9, 1),
        };
        more(st);
        db.Students.Add(st);
        await db.SaveChangesAsync();
        return st.Id;
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task The_audit_administrator_sees_personal_fields_masked(string provider)
    {
        // Issue 13 §7: /admin/audit showed minors' names, ethnicity and birth dates in clear.
        await using var app = await EduWebFactory.StartEmptyAsync(provider, "audit-masked");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EduDb>();
            db.Actor = "clerk";
            await AddStudentAsync(db, "古丽娜尔", new DateOnly(2013, 5, 6), "h1", _ => { });
        }
        var auditor = await app.SignInAsync("aud", await app.EnsureUserAsync("aud", Roles.AuditAdmin));
        var page = await auditor.GetStringAsync("/admin/audit?entity=Student");
        Assert.Contains("古***", page, StringComparison.Ordinal);
        Assert.Contains("2013-**-**", page, StringComparison.Ordinal);
        Assert.DoesNotContain("古丽娜尔", page, StringComparison.Ordinal);
        Assert.DoesNotContain("2013-05-06", page, StringComparison.Ordinal);
        await using var check = Database.Open(app.Database);
        Assert.DoesNotContain(await check.AuditEntries.Select(a => a.Changes ?? "").ToListAsync(), x => x.Contains("古丽娜尔", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task A_key_rotation_while_the_web_runs_is_picked_up_without_a_restart(string provider)
    {
        // Issue 13 §11: after `keys rotate` every student page answered 500 until the app was restarted.
        var setting = await WebTestDatabases.CreateEmptyAsync(provider, "rotate-live");
        var keys = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "educounty-rotate-" + Guid.NewGuid().ToString("N") + ".keys");
        var ring = KeyRing.Generate();
        ring.Save(keys);
        var protector = PersonalDataProtector.FromKeyRing(ring);
        int id;
        const string idNumber = "652302201203040016";
        await using (var db = Database.Open(setting))
        {
            id = await AddStudentAsync(db, "轮换学生", new DateOnly(2012, 3, 4), protector.LookupHash("L1"), st =>
            {
                st.IdNumberCipher = protector.Encrypt(idNumber);
                st.IdNumberHash = protector.LookupHash(idNumber);
                st.SetDisability(protector, DisabilityType.Visual);
            });
        }
        await using var app = new EduWebFactory(setting, settings: new Dictionary<string, string> { ["EduCounty:KeysFile"] = keys });
        var c = await app.SignInAsync("rot-jj", await app.EnsureUserAsync("rot-jj", Roles.BasicEducation));
        Assert.Contains("视力残疾", await c.GetStringAsync($"/students/{id}"), StringComparison.Ordinal);

        // `keys rotate`, as the command line does it (the ring file replaced, every ciphertext re-encrypted), beside the running app.
        await using (var db = Database.Open(setting))
        {
            db.Actor = "cli:test";
            var result = await RotateKeys.HandleAsync(db, ring, (next, _) => { next.Save(keys); return Task.CompletedTask; });
            Assert.Equal(2, result.KeyId);
        }
        var page = await c.GetAsync($"/students/{id}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("视力残疾", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var export = await c.PostAsync("/exports/students.csv", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await TokenAsync(c, "/students"),
            ["purpose"] = "核对轮换后的学籍",
        }));
        Assert.Contains(idNumber, await export.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task An_unmasked_export_needs_a_purpose_stays_within_the_days_rows_and_carries_a_watermark(string provider)
    {
        // Issue 13 §12: a 基教 user exported all 67,778 clear 身份证号 with no reason, limit or trace in the file.
        await using var app = await EduWebFactory.StartAsync(provider, settings: new Dictionary<string, string> { ["EduCounty:UnmaskedExportRowsPerDay"] = "120" });
        var hr = await app.SignInAsync("ux-hr", await app.EnsureUserAsync("ux-hr", Roles.Personnel));
        async Task<HttpResponseMessage> PostAsync(string url, string? purpose)
        {
            var fields = new Dictionary<string, string> { ["__RequestVerificationToken"] = await TokenAsync(hr, "/staff") };
            if (purpose is not null)
            {
                fields["purpose"] = purpose;
            }
            return await hr.PostAsync(url, new FormUrlEncodedContent(fields));
        }
        string Msg(HttpResponseMessage r) => Uri.UnescapeDataString(Path(r)[(Path(r).IndexOf("msg=", StringComparison.Ordinal) + 4)..]);

        var none = await PostAsync("/exports/staff.csv", null);
        Assert.Equal("导出身份证号明文须写明用途（4–200 字），用途将记入审计", Msg(none));
        // Every staff member (2,000+ rows) is over the day's 120: refused, nothing written.
        var all = await PostAsync("/exports/staff.csv", "全员信息核对");
        Assert.StartsWith("/staff?msg=", Path(all), StringComparison.Ordinal);
        Assert.StartsWith("本次导出超过今天剩余的身份证号明文导出额度（120 行）", Msg(all), StringComparison.Ordinal);

        // One school's staff fits: in clear, with the watermark, recorded with its purpose.
        int school, count;
        await using (var db = Database.Open(app.Database))
        {
            var bySchool = await db.Staff.Where(x => x.LeftOn == null && x.IdNumberCipher != null).GroupBy(x => x.SchoolId)
                .Select(g => new { g.Key, N = g.Count() }).Where(g => g.N >= 30 && g.N <= 100).OrderBy(g => g.Key).FirstAsync();
            (school, count) = (bySchool.Key, bySchool.N);
        }
        var ok = await PostAsync($"/exports/staff.csv?school={school}", "教师资格年度核验");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var text = await ok.Content.ReadAsStringAsync();
        var first = text.Split('\n')[0];
        Assert.Contains("导出人：ux-hr", first, StringComparison.Ordinal);
        Assert.Contains("用途：教师资格年度核验", first, StringComparison.Ordinal);
        Assert.Matches(@"导出时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}（北京时间）", first);
        Assert.Matches(@"\d{17}[\dX]", text);
        // What is left today (120 − count) is less than the same export again.
        if (2 * count > 120)
        {
            Assert.StartsWith("/staff?msg=", Path(await PostAsync($"/exports/staff.csv?school={school}", "再次核验")), StringComparison.Ordinal);
        }
        // Without the right: 403, audited.
        var leader = await app.SignInAsync("ux-leader", await app.EnsureUserAsync("ux-leader", Roles.Leader));
        var refused = await leader.PostAsync("/exports/staff.csv", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await TokenAsync(leader, "/staff"),
            ["purpose"] = "想看看",
        }));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        await using var check = Database.Open(app.Database);
        Assert.Contains(await check.AuditEntries.Where(a => a.Action == "export" && a.UserName == "ux-hr").Select(a => a.Detail!).ToListAsync(),
            d => d.Contains("含身份证号明文，用途：教师资格年度核验", StringComparison.Ordinal));
        Assert.Equal(count, await check.Set<EduCounty.Exports.UnmaskedExport>().Where(x => x.UserName == "ux-hr").SumAsync(x => x.Rows));
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task Disability_and_hardship_are_encrypted_and_shown_only_to_aid_special_and_basic_education(string provider)
    {
        // Issue 13 §13: 残疾类别 and 家庭经济困难 were plaintext and shown to every reader.
        await using var app = await EduWebFactory.StartAsync(provider);
        int id;
        DisabilityType category;
        await using (var db = Database.Open(app.Database))
        {
            Assert.Null(db.Model.FindEntityType(typeof(Student))!.FindProperty("Disability"));
            Assert.Null(db.Model.FindEntityType(typeof(Student))!.FindProperty("Hardship"));
            var st = await db.Students.Where(s => s.Disabled).OrderBy(s => s.Id).FirstAsync();
            (id, category) = (st.Id, st.DisabilityOf(WebTestDatabases.Protector)!.Value);
            // Every disabled student's category is a ciphertext; every demo student has a hardship ciphertext (presence tells
            // nothing). Students other tests imported into the shared demo database (the browser import test's file has no
            // 家庭经济困难 column) are left out by their batches' id ranges.
            Assert.Equal(await db.Students.CountAsync(s => s.Disabled), await db.Students.CountAsync(s => s.DisabilityCipher != null));
            var imported = await db.ImportBatches.Where(b => b.Kind == "students" && b.FirstCreatedId != null)
                .Select(b => new { First = b.FirstCreatedId!.Value, Last = b.LastCreatedId!.Value }).ToListAsync();
            var withoutHardship = await db.Students.Where(s => s.HardshipCipher == null).Select(s => s.Id).ToListAsync();
            Assert.DoesNotContain(withoutHardship, sid => !imported.Any(b => sid >= b.First && sid <= b.Last));
            Assert.True(await db.Students.CountAsync(s => s.HardshipCipher != null) > 30000, "演示县学生应都有家庭经济困难密文");
        }
        var label = Labels.Of(category);
        foreach (var (user, role, sees) in new[] { ("sa-leader", Roles.Leader, false), ("sa-plan", Roles.Planning, false), ("sa-jj", Roles.BasicEducation, true), ("sa-aid", Roles.Aid, true), ("sa-spe", Roles.SpecialEducation, true) })
        {
            var c = await app.SignInAsync(user, await app.EnsureUserAsync(user, role));
            var page = await c.GetStringAsync($"/students/{id}");
            Assert.Equal(sees, page.Contains($"<dd id=\"disability\">{label}</dd>", StringComparison.Ordinal));
            Assert.Equal(!sees, page.Contains("已遮蔽，仅资助、特教、基教可见", StringComparison.Ordinal));
        }
    }

    /// <summary>Issue 13, low items: one test each, so that each can be seen failing on its own on the code before the fix.</summary>
    /// <param name="madeByTheProduct">SQLite: the file is created by the product's own open and migrate at a new path (the
    /// test helper copies a migrated template, which says nothing about the file mode the product gives).</param>
    private static async Task<(EduWebFactory App, HttpClient Leader, string Database, string Keys)> LowAsync(string provider, string name, bool madeByTheProduct = false)
    {
        string db;
        if (madeByTheProduct && provider == WebTestDatabases.Sqlite)
        {
            db = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "educounty-low-" + Guid.NewGuid().ToString("N"), name + ".db");
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(db)!);
            await using var created = EduCounty.Common.Database.Open(db);
            await EduCounty.Common.Database.MigrateAsync(created);
        }
        else
        {
            db = await WebTestDatabases.CreateEmptyAsync(provider, name);
        }
        var keys = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "educounty-low-" + Guid.NewGuid().ToString("N"), "educounty.keys");
        var app = new EduWebFactory(db, settings: new Dictionary<string, string> { ["EduCounty:KeysFile"] = keys });
        var c = await app.SignInAsync("low-leader", await app.EnsureUserAsync("low-leader", Roles.Leader));
        return (app, c, db, keys);
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task The_content_security_policy_allows_no_inline_script_nor_eval(string provider)
    {
        var low = await LowAsync(provider, "low-csp");
        await using var app = low.App;
        var c = low.Leader;
        var csp = (await c.GetAsync("/")).Headers.GetValues("Content-Security-Policy").Single();
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task The_key_ring_and_a_new_sqlite_database_are_created_owner_only(string provider)
    {
        var low = await LowAsync(provider, "low-files", madeByTheProduct: true);
        await using var app = low.App;
        var (db, keys) = (low.Database, low.Keys);
        Assert.Equal(OwnerOnlyFiles.FileMode, Mode(keys));
        if (provider == WebTestDatabases.Sqlite)
        {
            Assert.Equal(OwnerOnlyFiles.FileMode, Mode(db));
        }
    }

    [Fact]
    public void The_web_host_runs_on_the_aspnet_patch_its_packages_were_built_for()
    {
        // No database involved: the assemblies loaded by the test host are those of the web app.
        var identity = System.Diagnostics.FileVersionInfo.GetVersionInfo(typeof(IdentityUserToken<>).Assembly.Location);
        var framework = System.Diagnostics.FileVersionInfo.GetVersionInfo(typeof(Microsoft.AspNetCore.Builder.WebApplication).Assembly.Location);
        Assert.Equal((framework.FileMajorPart, framework.FileMinorPart, framework.FileBuildPart), (identity.FileMajorPart, identity.FileMinorPart, identity.FileBuildPart));
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task Odd_query_values_answer_in_chinese_never_a_blank_500(string provider)
    {
        var low = await LowAsync(provider, "low-odd");
        await using var app = low.App;
        var c = low.Leader;
        var wrong = new List<string>();
        foreach (var url in new[] { "/students?page=abc", "/students?school=abc", "/admin/audit?page=-1", "/plan/drill/%E4%B8%8D%E5%AD%98%E5%9C%A8", "/schools/2147483648", "/students?grade=%00", "/plan?year=99999-100000" })
        {
            var r = await c.GetAsync(url);
            if ((int)r.StatusCode >= 500 || (r.StatusCode == HttpStatusCode.BadRequest && !Regex.IsMatch(await r.Content.ReadAsStringAsync(), @"\p{IsCJKUnifiedIdeographs}")))
            {
                wrong.Add($"{url}: {(int)r.StatusCode}");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }
}
