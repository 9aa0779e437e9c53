using System.Net;
using EduCounty.Common;
using EduCounty.Registry;
using EduCounty.Security;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Web.Tests.Registry;

/// <summary>Each registry page through the real app (WebApplicationFactory) on SQLite and PostgreSQL.</summary>
public sealed class RegistryPagesTests
{
    private static async Task<(EduWebFactory App, HttpClient Client)> LeaderAsync(string provider)
    {
        var app = await EduWebFactory.StartAsync(provider);
        var password = await app.EnsureUserAsync("leader-test", Roles.Leader);
        return (app, await app.SignInAsync("leader-test", password));
    }

    private static async Task<int> SchoolIdAsync(string provider, string nameEnd)
    {
        await using var db = Database.Open(await WebTestDatabases.DemoAsync(provider));
        return await db.Schools.Where(s => s.Name.EndsWith(nameEnd)).Select(s => s.Id).SingleAsync();
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task Anonymous_visitors_are_sent_to_the_sign_in_page(string provider)
    {
        await using var app = await EduWebFactory.StartAsync(provider);
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        foreach (var url in new[] { "/", "/schools", "/students", "/staff", "/schools/1" })
        {
            var r = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
            Assert.StartsWith("/account/login", r.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
        var login = await client.GetStringAsync("/account/login");
        Assert.Contains("登录", login, StringComparison.Ordinal); // Chinese served as characters, not &#x…; entities
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task The_home_page_shows_the_census_of_every_year(string provider)
    {
        var (app, client) = await LeaderAsync(provider);
        await using var _ = app;
        var html = await client.GetStringAsync("/");
        Assert.Contains("阜康市教育概况", html, StringComparison.Ordinal);
        // The 2020-2021 row carries the plan's 2020 figures (主要指标 table).
        var row = html[html.IndexOf("<td>2020-2021</td>", StringComparison.Ordinal)..];
        row = row[..row.IndexOf("</tr>", StringComparison.Ordinal)];
        foreach (var n in new[] { "5669", "15083", "4119", "86" })
        {
            Assert.Contains($">{n}</td>", row, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task The_school_list_filters_by_type_and_township(string provider)
    {
        var (app, client) = await LeaderAsync(provider);
        await using var _ = app;
        var all = await client.GetStringAsync("/schools");
        // 48 = 32 schools of 2020 + 12 教学点 + 4 schools the plan's projects open (paged 20 a page).
        Assert.Contains("共 48 条", all, StringComparison.Ordinal);
        Assert.Contains("阜康市第一幼儿园", all, StringComparison.Ordinal);
        var primaries = await client.GetStringAsync($"/schools?type={(int)SchoolType.Primary}");
        Assert.Contains(">阜康市第一小学</a>", primaries, StringComparison.Ordinal);
        Assert.DoesNotContain(">阜康市第二中学</a>", primaries, StringComparison.Ordinal);
        var zinin = await client.GetStringAsync("/schools?township=652302103");  // 滋泥泉子镇
        Assert.Contains(">阜康市滋泥泉子小学</a>", zinin, StringComparison.Ordinal);
        Assert.DoesNotContain(">阜康市第一小学</a>", zinin, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task A_school_page_shows_its_census_classes_staff_and_facilities(string provider)
    {
        var (app, client) = await LeaderAsync(provider);
        await using var _ = app;
        var id = await SchoolIdAsync(provider, "第一小学");
        var html = await client.GetStringAsync($"/schools/{id}?year=2020");
        Assert.Contains("2020-2021 学年", html, StringComparison.Ordinal);
        Assert.Contains("id=\"enrolment\"", html, StringComparison.Ordinal);
        Assert.Contains("一年级", html, StringComparison.Ordinal);
        // 第一小学 is one of the demo's schools with classes over the 小学 standard of 45 (task 21).
        Assert.Contains("超过标准班额", html, StringComparison.Ordinal);
        Assert.Contains("id=\"facilities\"", html, StringComparison.Ordinal);
        Assert.Contains("专任教师", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/schools/999999")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task Student_search_and_detail_show_the_masked_id_and_the_status_history(string provider)
    {
        var (app, client) = await LeaderAsync(provider);
        await using var _ = app;
        await using var db = Database.Open(await WebTestDatabases.DemoAsync(provider));
        // A student with a transfer in their history, found through the search page by school and grade.
        var change = await db.StatusChanges.Where(c => c.Type == StatusChangeType.Promotion).OrderBy(c => c.Id).FirstAsync();
        var student = await db.Students.SingleAsync(s => s.Id == change.StudentId);
        var search = await client.GetStringAsync($"/students?school={student.SchoolId}&grade={student.Grade}&name={Uri.EscapeDataString(student.Name)}");
        Assert.Contains($"/students/{student.Id}", search, StringComparison.Ordinal);
        var detail = await client.GetStringAsync($"/students/{student.Id}");
        var id = WebTestDatabases.Protector.Decrypt(student.IdNumberCipher!);
        Assert.Contains(IdNumber.Mask(id), detail, StringComparison.Ordinal);
        Assert.DoesNotContain(id, detail, StringComparison.Ordinal);
        Assert.Contains("升学", detail, StringComparison.Ordinal);
        Assert.Contains("id=\"changes\"", detail, StringComparison.Ordinal);
        // Viewing personal data is audited.
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "view" && a.Entity == "Student" && a.EntityId == student.Id.ToString()));
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task Staff_list_and_detail(string provider)
    {
        var (app, client) = await LeaderAsync(provider);
        await using var _ = app;
        await using var db = Database.Open(await WebTestDatabases.DemoAsync(provider));
        var rotated = await db.StaffAssignments.Where(a => a.Reason == "交流轮岗").Select(a => a.StaffId).FirstAsync();
        var staff = await db.Staff.SingleAsync(s => s.Id == rotated);
        var list = await client.GetStringAsync($"/staff?name={Uri.EscapeDataString(staff.Name)}");
        Assert.Contains($"/staff/{staff.Id}", list, StringComparison.Ordinal);
        var detail = await client.GetStringAsync($"/staff/{staff.Id}");
        Assert.Contains("交流轮岗", detail, StringComparison.Ordinal);
        Assert.Contains("**********", detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task A_school_user_sees_only_their_school(string provider)
    {
        await using var app = await EduWebFactory.StartAsync(provider);
        var own = await SchoolIdAsync(provider, "第三小学");
        var other = await SchoolIdAsync(provider, "第一小学");
        var password = await app.EnsureUserAsync("school3", Roles.SchoolAdmin, schoolId: own);
        var client = await app.SignInAsync("school3", password);
        var schools = await client.GetStringAsync("/schools");
        Assert.Contains(">阜康市第三小学</a>", schools, StringComparison.Ordinal);
        Assert.DoesNotContain(">阜康市第一小学</a>", schools, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/schools/{other}")).StatusCode);
        await using var db = Database.Open(await WebTestDatabases.DemoAsync(provider));
        var otherStudent = await db.Students.Where(s => s.SchoolId == other).Select(s => new { s.Id, s.Name }).FirstAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/students/{otherStudent.Id}")).StatusCode);
        var search = await client.GetStringAsync($"/students?name={Uri.EscapeDataString(otherStudent.Name)}&school={other}");
        Assert.DoesNotContain($"/students/{otherStudent.Id}\"", search, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_and_audited()
    {
        await using var app = await EduWebFactory.StartAsync(WebTestDatabases.Sqlite);
        await app.EnsureUserAsync("wrongpw", Roles.Leader);
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        var r = await EduWebFactory.PostFormAsync(client, "/account/login", new() { ["Input.UserName"] = "wrongpw", ["Input.Password"] = "Nope-12345" });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("用户名或密码错误", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var db = Database.Open(app.Database);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "signin-failed" && a.UserName == "wrongpw"));
    }
}
