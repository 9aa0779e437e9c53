using System.Net;
using EduCounty.Common;
using EduCounty.Registry;
using EduCounty.Security;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Web.Tests.Teachers;

/// <summary>/teachers and a teacher's record over the demo county on both databases: the county sees every school, a school its own teachers only.</summary>
public sealed class TeachersPagesTests
{
    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task A_school_sees_its_own_teachers_only(string provider)
    {
        await using var app = await EduWebFactory.StartAsync(provider);
        int own, ownTeacher, otherTeacher;
        string otherSchool;
        await using (var db = Database.Open(app.Database))
        {
            own = await db.Schools.Where(s => s.Name == "阜康市第三小学").Select(s => s.Id).SingleAsync();
            ownTeacher = await db.StaffYears.Where(t => t.Year == 2024 && t.SchoolId == own && t.PostType == PostType.FullTimeTeacher).OrderBy(t => t.StaffId).Select(t => t.StaffId).FirstAsync();
            var other = await db.StaffYears.Where(t => t.Year == 2024 && t.SchoolId != own && t.PostType == PostType.FullTimeTeacher && db.Set<Staff>().Any(s => s.Id == t.StaffId && s.SchoolId == t.SchoolId))
                .OrderBy(t => t.StaffId).Select(t => new { t.StaffId, t.SchoolId }).FirstAsync();
            otherTeacher = other.StaffId;
            otherSchool = await db.Schools.Where(s => s.Id == other.SchoolId).Select(s => s.Name).SingleAsync();
        }
        var leader = await app.SignInAsync("t-leader", await app.EnsureUserAsync("t-leader", Roles.Leader));
        var county = await leader.GetAsync("/teachers?year=2024-2025");
        var html = await county.Content.ReadAsStringAsync();
        Assert.True(county.StatusCode == HttpStatusCode.OK, html[..Math.Min(html.Length, 2000)]);
        foreach (var id in new[] { "id=\"kpi-training\"", "id=\"rotation-years\"", "id=\"qualifications\"", "id=\"supply\"", "id=\"ladder\"" })
        {
            Assert.Contains(id, html, StringComparison.Ordinal);
        }
        Assert.Contains(otherSchool, html, StringComparison.Ordinal);
        Assert.Contains("id=\"cycle\"", await leader.GetStringAsync($"/teachers/{otherTeacher}?year=2024-2025"), StringComparison.Ordinal);

        var school = await app.SignInAsync("t-school", await app.EnsureUserAsync("t-school", Roles.SchoolAdmin, schoolId: own));
        var mine = await school.GetStringAsync("/teachers?year=2024-2025");
        Assert.Contains("阜康市第三小学", mine, StringComparison.Ordinal);
        Assert.DoesNotContain(otherSchool, mine, StringComparison.Ordinal);
        Assert.Contains("id=\"cycle\"", await school.GetStringAsync($"/teachers/{ownTeacher}?year=2024-2025"), StringComparison.Ordinal);
        var refused = await school.GetStringAsync($"/teachers/{otherTeacher}?year=2024-2025");
        Assert.Contains("不在您的管理范围", refused, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"cycle\"", refused, StringComparison.Ordinal);
    }
}
