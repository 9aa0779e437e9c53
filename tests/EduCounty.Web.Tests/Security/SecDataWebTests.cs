using System.Net;
using System.Text.RegularExpressions;
using EduCounty.Common;
using EduCounty.Common.Audit;
using EduCounty.Common.Identity;
using EduCounty.Registry;
using EduCounty.Security;
using EduCounty.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EduCounty.Web.Tests.Security;

/// <summary>Data protection and administration on the web (issue 6 §1, §4, §5, §6; docs/adr/0016).</summary>
public sealed partial class SecDataWebTests
{
    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*name=\"(?<name>[^\"]+)\"[^>]*value=\"(?<value>[^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenInput();

    [GeneratedRegex("(?<![0-9A-Fa-f])[0-9]{17}[0-9Xx](?![0-9A-Fa-f])")]
    private static partial Regex Candidate();

    /// <summary>Distinct valid 身份证号 (GB 11643 check character) in a text, as in PlaintextScanTests.</summary>
    private static List<string> ValidIdNumbers(string text) =>
        Candidate().Matches(text).Select(m => m.Value.ToUpperInvariant()).Where(v => IdNumber.ComputeCheckChar(v.AsSpan(0, 17)) == v[17]).Distinct().ToList();

    private static async Task<List<AuditEntry>> AuditAsync(EduWebFactory app, string action, string? entityId = null)
    {
        await using var db = Database.Open(app.Database);
        return await db.AuditEntries.Where(a => a.Action == action && (entityId == null || a.EntityId == entityId)).ToListAsync();
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task A_holder_of_the_right_reveals_an_id_number_audited_others_get_403_audited(string provider)
    {
        await using var app = await EduWebFactory.StartAsync(provider);
        int studentId, staffId, otherStudent;
        string full, staffFull;
        int ownSchool;
        await using (var db = Database.Open(app.Database))
        {
            ownSchool = await db.Schools.Where(s => s.Name == "阜康市第三小学").Select(s => s.Id).SingleAsync();
            var s = await db.Students.Where(x => x.IdNumberCipher != null && x.SchoolId == ownSchool).OrderBy(x => x.Id).FirstAsync();
            studentId = s.Id;
            full = WebTestDatabases.Protector.Decrypt(s.IdNumberCipher!);
            var st = await db.Staff.Where(x => x.IdNumberCipher != null).OrderBy(x => x.Id).FirstAsync();
            staffId = st.Id;
            staffFull = WebTestDatabases.Protector.Decrypt(st.IdNumberCipher!);
            otherStudent = await db.Students.Where(x => x.IdNumberCipher != null && x.SchoolId != ownSchool).OrderBy(x => x.Id).Select(x => x.Id).FirstAsync();
        }
        Assert.True(IdNumber.IsValid(full));

        // 人事 holds the right by the default configuration (EduCounty:IdNumberRevealRoles = 人事,基教).
        var hr = await app.SignInAsync("r-hr", await app.EnsureUserAsync("r-hr", Roles.Personnel));
        var page = await hr.GetStringAsync($"/students/{studentId}");
        Assert.Contains(IdNumber.Mask(full), page, StringComparison.Ordinal);
        Assert.DoesNotContain(full, page, StringComparison.Ordinal);
        Assert.Contains("id=\"reveal-id-number\"", page, StringComparison.Ordinal);
        var before = (await AuditAsync(app, RevealIdNumber.Action, studentId.ToString())).Count;
        var r = await EduWebFactory.PostNamedFormAsync(hr, $"/students/{studentId}", "reveal-id-number", ("Reveal", "1"));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains(full, await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var reveals = await AuditAsync(app, RevealIdNumber.Action, studentId.ToString());
        Assert.Equal(before + 1, reveals.Count);
        Assert.Equal("Student", reveals[^1].Entity);
        Assert.Equal("r-hr", reveals[^1].UserName);
        var rs = await EduWebFactory.PostNamedFormAsync(hr, $"/staff/{staffId}", "reveal-id-number", ("Reveal", "1"));
        Assert.Contains(staffFull, await rs.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(await AuditAsync(app, RevealIdNumber.Action, staffId.ToString()), a => a.Entity == "Staff" && a.UserName == "r-hr");

        // 局领导 reads the county but does not hold the right: no button, and a crafted POST is 403 and audited.
        var leader = await app.SignInAsync("r-leader", await app.EnsureUserAsync("r-leader", Roles.Leader));
        Assert.DoesNotContain("id=\"reveal-id-number\"", await leader.GetStringAsync($"/students/{studentId}"), StringComparison.Ordinal);
        var refused = await EduWebFactory.PostNamedFormAsync(leader, $"/students/{studentId}", "reveal-id-number", ("Reveal", "1"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain(full, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(await AuditAsync(app, RevealIdNumber.RefusedAction, studentId.ToString()), a => a.UserName == "r-leader");

        // The 查看身份证号 role given to a school user reveals only inside the school's scope: another school's student is not found.
        var school = await app.SignInAsync("r-school", await app.EnsureUserAsync("r-school", Roles.SchoolAdmin, schoolId: ownSchool));
        await using (var db = Database.Open(app.Database))
        {
            // Second role through the store, as an administrator would add it.
            using var scope = app.Services.CreateScope();
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
            var u = (await users.FindByNameAsync("r-school"))!;
            if (!await users.IsInRoleAsync(u, Roles.RevealIdNumber))
            {
                Assert.True((await users.AddToRoleAsync(u, Roles.RevealIdNumber)).Succeeded);
            }
        }
        school = await app.SignInAsync("r-school", await app.EnsureUserAsync("r-school", Roles.SchoolAdmin, schoolId: ownSchool));
        var own = await EduWebFactory.PostNamedFormAsync(school, $"/students/{studentId}", "reveal-id-number", ("Reveal", "1"));
        Assert.Contains(full, await own.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var other = await school.GetAsync($"/students/{otherStudent}");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.DoesNotContain(await AuditAsync(app, RevealIdNumber.Action, otherStudent.ToString()), a => a.Entity == "Student");
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task Exports_are_masked_unless_the_user_holds_the_right_and_an_unmasked_export_is_audited(string provider)
    {
        await using var app = await EduWebFactory.StartAsync(provider);
        var leader = await app.SignInAsync("x-leader", await app.EnsureUserAsync("x-leader", Roles.Leader));
        var masked = await leader.GetStringAsync("/exports/staff.csv");
        Assert.Contains("**********", masked, StringComparison.Ordinal);
        Assert.Empty(ValidIdNumbers(masked));
        var hr = await app.SignInAsync("x-hr", await app.EnsureUserAsync("x-hr", Roles.Personnel));
        // A holder of the right downloads masked too; in clear only with a stated purpose (issue 13 §12).
        Assert.Empty(ValidIdNumbers(await hr.GetStringAsync("/exports/staff.csv")));
        var token = HiddenInput().Matches(await hr.GetStringAsync("/staff")).First(m => m.Groups["name"].Value == "__RequestVerificationToken").Groups["value"].Value;
        var clear = await (await hr.PostAsync("/exports/staff.csv", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["purpose"] = "年度教师资格核验",
        }))).Content.ReadAsStringAsync();
        await using var db = Database.Open(app.Database);
        // The export holds what the staff list shows: staff still in post (LeftOn empty).
        var staff = await db.Staff.CountAsync(s => s.IdNumberCipher != null && s.LeftOn == null);
        // Every such staff member with an ID number appears once in clear.
        Assert.Equal(staff, ValidIdNumbers(clear).Count);
        var exports = await db.AuditEntries.Where(a => a.Action == "export" && a.Entity == "Staff").ToListAsync();
        Assert.Contains(exports, a => a.UserName == "x-hr" && a.Detail!.Contains("含身份证号明文", StringComparison.Ordinal));
        Assert.Contains(exports, a => a.UserName == "x-leader" && a.Detail!.Contains("身份证号已遮蔽", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task The_system_administrator_manages_accounts_and_sees_no_business_data_nor_the_audit_trail(string provider)
    {
        await using var app = await EduWebFactory.StartAsync(provider);
        int schoolId;
        string schoolName, otherName;
        await using (var db = Database.Open(app.Database))
        {
            schoolId = await db.Schools.Where(s => s.Name == "阜康市第三小学").Select(s => s.Id).SingleAsync();
            schoolName = "阜康市第三小学";
            otherName = "阜康市第一小学";
        }
        var sys = await app.SignInAsync("a-sys", await app.EnsureUserAsync("a-sys", Roles.SystemAdmin));
        var users = await sys.GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.OK, users.StatusCode);
        Assert.Contains("a-sys", await users.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // 首页 shows no business data to the 系统管理员: it sends them on to their own page (issue 21 §8).
        var home = await sys.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.EndsWith("/admin/users", home.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.DoesNotContain("在校生", await home.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        foreach (var url in new[] { "/admin/audit", "/students", "/staff", "/schools", "/plan", "/balance", "/fitness", "/imports", "/exports/students.csv" })
        {
            var r = await sys.GetAsync(url);
            Assert.True(r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location!.OriginalString.Contains("/account/denied", StringComparison.Ordinal),
                $"系统管理员 {url}: {r.StatusCode} {r.Headers.Location}");
        }

        // Create a school user, audited: no password and no role, whatever the creation form posts; its role and scope are
        // granted by the 安全管理员, whose page shows its one-time password once (issue 13 §4, docs/adr/0029).
        var name = "a-new-" + provider;
        var created = await EduWebFactory.PostNamedFormAsync(sys, "/admin/users", "user-create",
            ("UserName", name), ("DisplayName", "新校管"), ("Roles", Roles.SchoolAdmin), ("Schools", schoolId.ToString()));
        Assert.DoesNotContain("id=\"one-time-password\"", await created.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(await AuditAsync(app, "user-create", name), a => a.UserName == "a-sys");
        string password;
        var sec = await app.SignInAsync("a-sec", await app.EnsureUserAsync("a-sec", Roles.SecurityAdmin));
        await using (var db = Database.Open(app.Database))
        {
            var nid = await db.Users.Where(u => u.UserName == name).Select(u => u.Id).SingleAsync();
            Assert.Empty(await db.UserRoles.Where(r => r.UserId == nid).ToListAsync());
            Assert.Empty(await db.UserScopes.Where(r => r.UserId == nid).ToListAsync());
            var granted = await EduWebFactory.PostNamedFormAsync(sec, "/admin/security", "grant", ("Account", nid), ("GrantRoles", Roles.SchoolAdmin), ("Schools", schoolId.ToString()));
            var body = await granted.Content.ReadAsStringAsync();
            Assert.Contains("已更新", body, StringComparison.Ordinal);
            password = WebUtility.HtmlDecode(Regex.Match(body, "id=\"one-time-password\".*?<code[^>]*>(?<p>[^<]+)</code>", RegexOptions.Singleline).Groups["p"].Value);
            Assert.True(password.Length >= 8, body.Length > 2000 ? body[..2000] : body);
        }
        // The new user signs in, must change the password, and after that sees only the own school.
        var newbie = await app.SignInAsync(name, password);
        var gate = await newbie.GetAsync("/schools");
        Assert.EndsWith("/account/change-password", gate.Headers.Location!.OriginalString, StringComparison.Ordinal);
        await using (var db = Database.Open(app.Database))
        {
            var id = await db.Users.Where(u => u.UserName == name).Select(u => u.Id).SingleAsync();
            Assert.Equal([schoolId], await db.UserScopes.Where(s => s.UserId == id).Select(s => s.SchoolId!.Value).ToListAsync());
        }
        Assert.NotEqual(schoolName, otherName);

        // Reset, lock, unlock, disable, enable: each changes the account and is audited.
        string userId;
        await using (var db = Database.Open(app.Database))
        {
            userId = await db.Users.Where(u => u.UserName == name).Select(u => u.Id).SingleAsync();
        }
        var reset = await EduWebFactory.PostNamedFormAsync(sys, "/admin/users", "user-op", ("Op", "reset:" + userId));
        Assert.DoesNotContain("id=\"one-time-password\"", await reset.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var issued = await EduWebFactory.PostNamedFormAsync(sec, "/admin/security", "issue", ("IssueAccount", userId));
        var second = WebUtility.HtmlDecode(Regex.Match(await issued.Content.ReadAsStringAsync(), "id=\"one-time-password\".*?<code[^>]*>(?<p>[^<]+)</code>", RegexOptions.Singleline).Groups["p"].Value);
        Assert.True(second.Length >= 8);
        Assert.NotEqual(password, second);
        Assert.Single(await AuditAsync(app, "user-reset-password", name));
        await app.SignInAsync(name, second);
        // The one-time password is not shown again on the next visit.
        Assert.DoesNotContain(second, await sec.GetStringAsync("/admin/security"), StringComparison.Ordinal);

        await EduWebFactory.PostNamedFormAsync(sys, "/admin/users", "user-op", ("Op", "lock:" + userId));
        await AssertSignInRefusedAsync(app, name, second);
        await EduWebFactory.PostNamedFormAsync(sys, "/admin/users", "user-op", ("Op", "unlock:" + userId));
        await app.SignInAsync(name, second);
        await EduWebFactory.PostNamedFormAsync(sys, "/admin/users", "user-op", ("Op", "disable:" + userId));
        Assert.Contains("停用", await sys.GetStringAsync("/admin/users"), StringComparison.Ordinal);
        await AssertSignInRefusedAsync(app, name, second);
        await EduWebFactory.PostNamedFormAsync(sys, "/admin/users", "user-op", ("Op", "enable:" + userId));
        await app.SignInAsync(name, second);
        foreach (var action in new[] { "user-lock", "user-unlock", "user-disable", "user-enable" })
        {
            Assert.Single(await AuditAsync(app, action, name));
        }
    }

    private static async Task AssertSignInRefusedAsync(EduWebFactory app, string user, string password)
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        var r = await EduWebFactory.PostFormAsync(client, "/account/login", new() { ["Input.UserName"] = user, ["Input.Password"] = password });
        Assert.NotEqual(HttpStatusCode.Redirect, r.StatusCode);
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task The_audit_administrator_reads_filters_and_verifies_the_trail_and_nothing_else(string provider)
    {
        await using var app = await EduWebFactory.StartAsync(provider);
        var auditor = await app.SignInAsync("a-audit", await app.EnsureUserAsync("a-audit", Roles.AuditAdmin));
        foreach (var url in new[] { "/admin/users", "/students", "/schools", "/exports/staff.csv" })
        {
            var r = await auditor.GetAsync(url);
            Assert.True(r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location!.OriginalString.Contains("/account/denied", StringComparison.Ordinal),
                $"审计管理员 {url}: {r.StatusCode} {r.Headers.Location}");
        }
        // An entry to find, written as a page view would write it.
        await using (var db = Database.Open(app.Database))
        {
            db.Actor = "a-someone";
            await db.AuditAsync("view", "Student", "424242", "测试条目");
        }
        var today = LocalTime.Text(DateTimeOffset.UtcNow, LocalTime.DateOnlyFormat);
        var page = await auditor.GetStringAsync($"/admin/audit?from={today}&to={today}&user=a-someone&action=view&entity=Student");
        Assert.Contains("424242", page, StringComparison.Ordinal);
        Assert.Contains("测试条目", page, StringComparison.Ordinal);
        // Another day's range does not show it; a bad date is answered in Chinese.
        Assert.DoesNotContain("424242", await auditor.GetStringAsync("/admin/audit?from=2020-01-01&to=2020-01-02&user=a-someone"), StringComparison.Ordinal);
        Assert.Contains("不是有效的日期", await auditor.GetStringAsync("/admin/audit?from=2026-13-45"), StringComparison.Ordinal);
        var verify = await auditor.GetStringAsync("/admin/audit?verify=1");
        Assert.Contains("id=\"verify-result\"", verify, StringComparison.Ordinal);
        Assert.Contains("审计链完整", verify, StringComparison.Ordinal);
        Assert.NotEmpty(await AuditAsync(app, "audit-verify"));
        // Paging: 50 rows a page.
        var all = await auditor.GetStringAsync("/admin/audit");
        Assert.Contains("共 ", all, StringComparison.Ordinal);
    }

    [Fact]
    public void Https_is_recognised_from_urls_kestrel_endpoints_or_the_public_url()
    {
        IConfiguration Config(params (string, string)[] pairs) => new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Item1, p.Item2))).Build();
        Assert.False(WebHardening.ServesHttps(Config()));
        Assert.False(WebHardening.ServesHttps(Config(("urls", "http://0.0.0.0:5000"))));
        Assert.True(WebHardening.ServesHttps(Config(("urls", "http://0.0.0.0:5000;https://0.0.0.0:5001"))));
        Assert.True(WebHardening.ServesHttps(Config(("Kestrel:Endpoints:Main:Url", "https://*:443"))));
        Assert.True(WebHardening.ServesHttps(Config(("EduCounty:PublicUrl", "https://edu.fukang.example"))));
        Assert.Equal(100L * 1024 * 1024, WebHardening.MaxUploadBytes(Config()));
        Assert.Equal(5L * 1024 * 1024, WebHardening.MaxUploadBytes(Config(("EduCounty:MaxUploadMegabytes", "5"))));
    }

    [Fact]
    public async Task Over_tls_responses_carry_hsts_http_is_redirected_and_cookies_are_secure_only()
    {
        await using var tls = await EduWebFactory.StartAsync(WebTestDatabases.Sqlite, settings: new Dictionary<string, string> { ["EduCounty:PublicUrl"] = "https://edu.fukang.example" });
        var https = tls.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("https://edu.fukang.example") });
        var r = await https.GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        // One year, sub-domains included.
        Assert.Equal("max-age=31536000; includeSubDomains", Assert.Single(r.Headers.GetValues("Strict-Transport-Security")));
        var http = tls.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("http://edu.fukang.example") });
        var redirect = await http.GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.TemporaryRedirect, redirect.StatusCode);
        Assert.Equal("https", redirect.Headers.Location!.Scheme);
        var cookie = tls.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme);
        Assert.Equal(Microsoft.AspNetCore.Http.CookieSecurePolicy.Always, cookie.Cookie.SecurePolicy);

        // Plain http (an intranet install): no HSTS, no redirect, cookies follow the request.
        await using var plain = await EduWebFactory.StartAsync(WebTestDatabases.Sqlite);
        var p = await plain.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("http://edu.fukang.example") }).GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.OK, p.StatusCode);
        Assert.False(p.Headers.Contains("Strict-Transport-Security"));
        var plainCookie = plain.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme);
        Assert.Equal(Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest, plainCookie.Cookie.SecurePolicy);
    }

    [Fact]
    public async Task An_upload_over_the_configured_limit_is_refused_in_chinese()
    {
        await using var app = await EduWebFactory.StartAsync(WebTestDatabases.Sqlite, settings: new Dictionary<string, string> { ["EduCounty:MaxUploadMegabytes"] = "1" });
        var client = await app.SignInAsync("u-basic", await app.EnsureUserAsync("u-basic", Roles.BasicEducation));
        using var content = new MultipartFormDataContent
        {
            { new StringContent("students"), "kind" },
            // 1 MB limit + 1 MB allowance for the form: a 3 MB file is over.
            { new ByteArrayContent(new byte[3 * 1024 * 1024]), "file", "big.csv" },
        };
        var r = await client.PostAsync("/imports/upload", content);
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Contains("文件超过网页上传上限 1 MB", Uri.UnescapeDataString(r.Headers.Location!.OriginalString), StringComparison.Ordinal);
        Assert.Contains("最大 1 MB", await client.GetStringAsync("/imports"), StringComparison.Ordinal);
    }
}
