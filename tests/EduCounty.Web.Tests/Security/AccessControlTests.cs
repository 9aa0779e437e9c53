using System.Net;
using EduCounty.Common;
using EduCounty.Common.Identity;
using EduCounty.Registry;
using EduCounty.Security;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EduCounty.Web.Tests.Security;

/// <summary>Deny by default and the access matrix (issue 6 §2; the DHIS2 CVE-2023-32060 lesson: the API must not return what the UI hides).</summary>
public sealed class AccessControlTests
{
    /// <summary>The only endpoints that may be reached without signing in.</summary>
    private static readonly string[] Anonymous = ["account/login", "account/denied", "error", "not-found"];

    [Fact]
    public async Task Every_endpoint_declares_its_authorization()
    {
        await using var app = await EduWebFactory.StartAsync(WebTestDatabases.Sqlite);
        var endpoints = app.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>().ToList();
        Assert.NotEmpty(endpoints);
        var missing = new List<string>();
        var anonymous = new List<string>();
        foreach (var e in endpoints)
        {
            var route = e.RoutePattern.RawText?.Trim('/') ?? "";
            if (route.Contains(":file}", StringComparison.Ordinal))
            {
                // MapStaticAssets' development fallback for files ({**path:file}): static assets only.
                continue;
            }
            var allow = e.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var authorize = e.Metadata.GetOrderedMetadata<IAuthorizeData>().Count > 0 || e.Metadata.GetMetadata<AuthorizationPolicy>() is not null;
            if (allow)
            {
                anonymous.Add(route);
            }
            else if (!authorize)
            {
                missing.Add(route + " " + e.DisplayName);
            }
        }
        Assert.True(missing.Count == 0, string.Join("\n", missing));
        // Static assets (files with an extension, mapped by MapStaticAssets) and the four pages; nothing else.
        var unexpected = anonymous.Where(r => !Anonymous.Contains(r) && !Path.HasExtension(r)).Distinct().ToList();
        Assert.True(unexpected.Count == 0, string.Join("\n", unexpected));
        Assert.Contains("account/login", anonymous);
    }

    private sealed record Target(int SchoolId, int StudentId, string StudentName, int StaffId, string StaffName, string StudentNumber = "");

    /// <summary>A student and a staff member of <paramref name="schoolId"/> whose names no school of <paramref name="visible"/> also has.</summary>
    private static async Task<Target> TargetAsync(EduDb db, int schoolId, IReadOnlyCollection<int> visible)
    {
        var visibleStudents = await db.Students.Where(s => visible.Contains(s.SchoolId)).Select(s => s.Name).ToListAsync();
        var visibleStaff = await db.Staff.Where(s => visible.Contains(s.SchoolId)).Select(s => s.Name).ToListAsync();
        var student = (await db.Students.Where(s => s.SchoolId == schoolId).OrderBy(s => s.Id).Select(s => new { s.Id, s.Name }).ToListAsync())
            .First(s => !visibleStudents.Contains(s.Name));
        var staff = (await db.Staff.Where(s => s.SchoolId == schoolId).OrderBy(s => s.Id).Select(s => new { s.Id, s.Name }).ToListAsync())
            .First(s => !visibleStaff.Contains(s.Name));
        var cipher = await db.Students.Where(s => s.Id == student.Id).Select(s => s.StudentNumberCipher).SingleAsync();
        var number = cipher is null ? "" : EduCounty.Web.Tests.Infrastructure.WebTestDatabases.Protector.Decrypt(cipher);
        return new Target(schoolId, student.Id, student.Name, staff.Id, staff.Name, number);
    }

    private static string[] Urls(Target t) =>
    [
        $"/students/{t.StudentId}",
        $"/staff/{t.StaffId}",
        $"/schools/{t.SchoolId}",
        $"/students?school={t.SchoolId}",
        $"/students?name={Uri.EscapeDataString(t.StudentName)}",
        $"/staff?school={t.SchoolId}",
        $"/staff?name={Uri.EscapeDataString(t.StaffName)}",
        // Search by the full 学籍号 (looked up through its keyed hash).
        $"/students?number={Uri.EscapeDataString(t.StudentNumber)}",
        // Exports (the lists as files).
        "/exports/students.csv",
        "/exports/staff.csv",
        "/exports/schools.csv",
    ];

    /// <summary>Refused (403/404/redirect) or an empty list — and in every case neither name appears.</summary>
    private static async Task AssertNoDataAsync(HttpClient client, Target t, string who)
    {
        foreach (var url in Urls(t))
        {
            var r = await client.GetAsync(url);
            // The search form echoes the typed name back into its input; that is the user's own input, not data.
            var body = (await r.Content.ReadAsStringAsync())
                .Replace($"value=\"{t.StudentName}\"", "", StringComparison.Ordinal).Replace($"value=\"{t.StaffName}\"", "", StringComparison.Ordinal);
            Assert.True(r.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.Redirect or HttpStatusCode.OK,
                $"{who} {url}: {r.StatusCode}");
            if (url.Contains('?', StringComparison.Ordinal) || url.StartsWith("/exports/", StringComparison.Ordinal))
            {
                // Lists and searches answer 200 for users who may use them, but with none of the other school's rows.
                Assert.DoesNotContain($"/students/{t.StudentId}\"", body, StringComparison.Ordinal);
                Assert.DoesNotContain($"/staff/{t.StaffId}\"", body, StringComparison.Ordinal);
            }
            else
            {
                Assert.True(r.StatusCode is not HttpStatusCode.OK, $"{who} {url}: {r.StatusCode}");
            }
            Assert.False(body.Contains(t.StudentName, StringComparison.Ordinal), $"{who} {url}: 出现了 {t.StudentName}");
            Assert.False(body.Contains(t.StaffName, StringComparison.Ordinal), $"{who} {url}: 出现了 {t.StaffName}");
        }
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task No_role_sees_another_schools_people_by_id_list_or_search(string provider)
    {
        await using var app = await EduWebFactory.StartAsync(provider);
        await using var db = Database.Open(app.Database);
        var schoolA = await db.Schools.Where(s => s.Name == "阜康市第三小学").Select(s => new { s.Id, s.TownshipCode }).SingleAsync();
        // Another 乡镇's schools are outside both the school user's and the township user's scope.
        var township = await db.Schools.Where(s => s.Name == "阜康市滋泥泉子小学").Select(s => s.TownshipCode).SingleAsync();
        var otherId = await db.Schools.Where(s => s.Name == "阜康市第一小学").Select(s => s.Id).SingleAsync();
        Assert.NotEqual(township, await db.Schools.Where(s => s.Id == otherId).Select(s => s.TownshipCode).SingleAsync());
        var townshipSchools = await db.Schools.Where(s => s.TownshipCode.StartsWith(township)).Select(s => s.Id).ToListAsync();
        var target = await TargetAsync(db, otherId, [schoolA.Id, .. townshipSchools]);

        var school = await app.SignInAsync("m-school", await app.EnsureUserAsync("m-school", Roles.SchoolAdmin, schoolId: schoolA.Id));
        await AssertNoDataAsync(school, target, "学校管理员");
        var town = await app.SignInAsync("m-town", await app.EnsureUserAsync("m-town", Roles.Township, divisionCode: township));
        await AssertNoDataAsync(town, target, "乡镇");
        // The 三员 hold no business data at all (系统管理员: accounts; 审计管理员: the audit trail only).
        foreach (var (user, role) in new[] { ("m-sys", Roles.SystemAdmin), ("m-audit", Roles.AuditAdmin), ("m-sec", Roles.SecurityAdmin) })
        {
            var c = await app.SignInAsync(user, await app.EnsureUserAsync(user, role));
            await AssertNoDataAsync(c, target, role);
            foreach (var url in Urls(target))
            {
                var r = await c.GetAsync(url);
                Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
                Assert.StartsWith("/account/denied", r.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
            }
        }
        // Positive control: 局领导 reads the county, so the same requests do show the people.
        var leader = await app.SignInAsync("m-leader", await app.EnsureUserAsync("m-leader", Roles.Leader));
        Assert.Contains(target.StudentName, await leader.GetStringAsync($"/students/{target.StudentId}"), StringComparison.Ordinal);
        Assert.Contains(target.StaffName, await leader.GetStringAsync($"/staff/{target.StaffId}"), StringComparison.Ordinal);
        Assert.Contains($"/students/{target.StudentId}\"", await leader.GetStringAsync($"/students?name={Uri.EscapeDataString(target.StudentName)}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_business_read_policy_excludes_the_three_administrators()
    {
        // Checked on the registered policy, not on a copy of the list.
        await using var app = await EduWebFactory.StartAsync(WebTestDatabases.Sqlite);
        var options = app.Services.GetRequiredService<IOptions<AuthorizationOptions>>().Value;
        var policy = options.GetPolicy("registry.read")!;
        var roles = policy.Requirements.OfType<Microsoft.AspNetCore.Authorization.Infrastructure.RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles).ToList();
        Assert.NotEmpty(roles);
        Assert.DoesNotContain(Roles.SystemAdmin, roles);
        Assert.DoesNotContain(Roles.SecurityAdmin, roles);
        Assert.DoesNotContain(Roles.AuditAdmin, roles);
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task Security_headers_are_on_every_response(string provider)
    {
        await using var app = await EduWebFactory.StartAsync(provider);
        var anonymous = app.CreateClient(new() { AllowAutoRedirect = false });
        var leader = await app.SignInAsync("h-leader", await app.EnsureUserAsync("h-leader", Roles.Leader));
        foreach (var (client, url) in new[] { (anonymous, "/account/login"), (anonymous, "/students"), (anonymous, "/no-such-page"), (anonymous, "/app.css"), (leader, "/"), (leader, "/students/999999999") })
        {
            var r = await client.GetAsync(url);
            string One(string name)
            {
                var values = r.Headers.GetValues(name).ToList();
                Assert.True(values.Count == 1, $"{url} {name}: {string.Join(" | ", values)}");
                return values[0];
            }
            Assert.Equal("nosniff", One("X-Content-Type-Options"));
            Assert.Contains("frame-ancestors 'none'", One("Content-Security-Policy"), StringComparison.Ordinal);
            Assert.Equal("same-origin", One("Referrer-Policy"));
            Assert.Equal("DENY", One("X-Frame-Options"));
        }
    }

    [Fact]
    public async Task The_sign_in_cookie_is_http_only_strict_and_expires_after_30_idle_minutes()
    {
        await using var app = await EduWebFactory.StartAsync(WebTestDatabases.Sqlite);
        var o = app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme);
        Assert.Equal(TimeSpan.FromMinutes(30), o.ExpireTimeSpan);
        Assert.True(o.SlidingExpiration);
        Assert.True(o.Cookie.HttpOnly);
        Assert.Equal(Microsoft.AspNetCore.Http.SameSiteMode.Strict, o.Cookie.SameSite);
        var password = await app.EnsureUserAsync("c-leader", Roles.Leader);
        var r = await EduWebFactory.PostFormAsync(app.CreateClient(new() { AllowAutoRedirect = false }), "/account/login",
            new() { ["Input.UserName"] = "c-leader", ["Input.Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var cookie = r.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("educounty.auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
    }
}

public sealed class SeparationOfDutiesWebTests
{
    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task An_administrator_account_holds_its_one_role_and_no_other(string provider)
    {
        // Issue 13 §3: 审计管理员 + 基教 read and exported all students. The user manager (every path that assigns roles)
        // refuses a second administrator role and any business role beside one.
        await using var app = await EduWebFactory.StartEmptyAsync(provider, "sod-web");
        await app.EnsureUserAsync("sod-audit", Roles.AuditAdmin);
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
        var user = (await users.FindByNameAsync("sod-audit"))!;
        foreach (var role in new[] { Roles.SystemAdmin, Roles.BasicEducation, Roles.Leader, Roles.RevealIdNumber })
        {
            var r = await users.AddToRoleAsync(user, role);
            Assert.False(r.Succeeded, role);
            Assert.Contains("三员分立", Assert.Single(r.Errors).Description, StringComparison.Ordinal);
        }
        Assert.Equal([Roles.AuditAdmin], await users.GetRolesAsync(user));
        var plain = await app.EnsureUserAsync("sod-plain", Roles.BasicEducation);
        var p = (await users.FindByNameAsync("sod-plain"))!;
        Assert.False((await users.AddToRoleAsync(p, Roles.AuditAdmin)).Succeeded);
        Assert.True((await users.AddToRoleAsync(p, Roles.Leader)).Succeeded);

        // An account mixing them anyway (written past the library, as old data could be) signs in with no role at all:
        // neither the audit trail nor the students are reachable.
        var mixed = await app.EnsureUserAsync("sod-mixed", Roles.AuditAdmin);
        await using (var db = Database.Open(app.Database))
        {
            var uid = await db.Users.Where(u => u.UserName == "sod-mixed").Select(u => u.Id).SingleAsync();
            var rid = await db.Roles.Where(r => r.Name == Roles.BasicEducation).Select(r => r.Id).SingleAsync();
            db.UserRoles.Add(new Microsoft.AspNetCore.Identity.IdentityUserRole<string> { UserId = uid, RoleId = rid });
            await db.SaveChangesAsync();
        }
        var c = await app.SignInAsync("sod-mixed", mixed);
        foreach (var url in new[] { "/admin/audit", "/students", "/exports/students.csv" })
        {
            var r = await c.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
            Assert.StartsWith("/account/denied", EduWebFactory.PathOf(r), StringComparison.Ordinal);
        }
        _ = plain;
    }
}
