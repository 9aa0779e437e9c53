using System.Net;
using System.Net.Http.Headers;
using System.Text;
using EduCounty.Common;
using EduCounty.Registry;
using EduCounty.Security;
using EduCounty.Teachers;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Web.Tests.Teachers;

/// <summary>
/// The one-record forms and the upload of /teachers over HTTP on both databases: a school user writes its own teacher
/// (audited) and cannot write another school's teacher — the use case finds no such teacher through the scoped data
/// layer — nor import one by file; a reader without the write policy cannot post at all.
/// </summary>
public sealed class TeachersFormsTests
{
    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task A_school_user_writes_its_own_teachers_only(string provider)
    {
        await using var app = await EduWebFactory.StartAsync(provider);
        int own, ownTeacher, otherTeacher;
        string otherNumber;
        await using (var db = Database.Open(app.Database))
        {
            own = await db.Schools.Where(s => s.Name == "阜康市第三小学").Select(s => s.Id).SingleAsync();
            ownTeacher = await db.Staff.Where(s => s.SchoolId == own && s.PostType == PostType.FullTimeTeacher && s.LeftOn == null).OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
            var other = await db.Staff.Where(s => s.SchoolId != own && s.PostType == PostType.FullTimeTeacher && s.LeftOn == null).OrderBy(s => s.Id)
                .Select(s => new { s.Id, s.StaffNumber }).FirstAsync();
            (otherTeacher, otherNumber) = (other.Id, other.StaffNumber);
        }
        var school = await app.SignInAsync("tf-school", await app.EnsureUserAsync("tf-school", Roles.SchoolAdmin, schoolId: own));
        var page = await school.GetStringAsync($"/teachers/{ownTeacher}");
        Assert.Contains("id=\"training-form\"", page, StringComparison.Ordinal);
        var token = EduWebFactory.HiddenFields(page);

        Task<HttpResponseMessage> Post(HttpClient c, int teacher, string course) => c.PostAsync($"/teachers/{teacher}/training", new FormUrlEncodedContent(
            new Dictionary<string, string>(token)
            {
                ["course"] = course,
                ["level"] = "县级",
                ["mode"] = "集中培训",
                ["start"] = "2024-10-08",
                ["end"] = "2024-10-10",
                ["hours"] = "24",
            }));

        // Another school's teacher: refused with the scope message, nothing written.
        var refused = await Post(school, otherTeacher, "越权培训");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("不在您的管理范围", Uri.UnescapeDataString(EduWebFactory.PathOf(refused)), StringComparison.Ordinal);
        // Its own teacher: saved and audited.
        var saved = await Post(school, ownTeacher, "本校培训");
        Assert.Contains("培训记录已保存", Uri.UnescapeDataString(EduWebFactory.PathOf(saved)), StringComparison.Ordinal);
        // 校长任职 on the form (a 届 long before the demo's terms): saved at the teacher's school; 双师型 for a primary teacher
        // is refused with the rule (认定对象 are 中职 专业课 teachers, teachers.md §8).
        Assert.Contains("id=\"principal-form\"", page, StringComparison.Ordinal);
        var term = await school.PostAsync($"/teachers/{ownTeacher}/principal", new FormUrlEncodedContent(new Dictionary<string, string>(token)
        {
            ["post"] = "副校长",
            ["start"] = "1995-09-01",
            ["end"] = "1998-08-31",
        }));
        Assert.Contains("校长任职已登记", Uri.UnescapeDataString(EduWebFactory.PathOf(term)), StringComparison.Ordinal);
        var dual = await school.PostAsync($"/teachers/{ownTeacher}/dual", new FormUrlEncodedContent(new Dictionary<string, string>(token)
        {
            ["level"] = "中级",
            ["date"] = "2020-06-01",
        }));
        Assert.Contains("不是中职专业课教师", Uri.UnescapeDataString(EduWebFactory.PathOf(dual)), StringComparison.Ordinal);
        await using (var db = Database.Open(app.Database))
        {
            Assert.Equal(own, (await db.PrincipalTerms.SingleAsync(t => t.StaffId == ownTeacher && t.StartDate == new DateOnly(1995, 9, 1))).SchoolId);
        }

        // By file: the other school's teacher is not found (the same scope), nothing imported.
        var importPage = await school.GetStringAsync("/teachers/import");
        using var form = new MultipartFormDataContent();
        foreach (var (k, v) in EduWebFactory.HiddenFields(importPage))
        {
            form.Add(new StringContent(v), k);
        }
        form.Add(new StringContent(nameof(TeacherImportKind.Title)), "kind");
        var csv = new ByteArrayContent(Encoding.UTF8.GetBytes($"工号,职称,聘任日期\n{otherNumber},高级,2020-09-01\n"));
        csv.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(csv, "file", "职称.csv");
        var check = await school.PostAsync("/teachers/import/check", form);
        Assert.Equal(HttpStatusCode.Redirect, check.StatusCode);
        var result = await school.GetStringAsync(EduWebFactory.PathOf(check));
        Assert.Contains("没有此工号的教职工（或不在您的管理范围内）", result, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"commit\"", result, StringComparison.Ordinal);

        // A county reader (局领导) may read but not write.
        var leader = await app.SignInAsync("tf-leader", await app.EnsureUserAsync("tf-leader", Roles.Leader));
        var leaderPage = await leader.GetStringAsync($"/teachers/{otherTeacher}");
        Assert.DoesNotContain("id=\"training-form\"", leaderPage, StringComparison.Ordinal);
        token = EduWebFactory.HiddenFields(leaderPage);
        await Post(leader, otherTeacher, "领导培训");

        await using (var db = Database.Open(app.Database))
        {
            Assert.False(await db.TrainingRecords.IgnoreQueryFilters().AnyAsync(r => r.Course == "越权培训" || r.Course == "领导培训"));
            var mine = await db.TrainingRecords.SingleAsync(r => r.Course == "本校培训");
            Assert.Equal((ownTeacher, 24.0), (mine.StaffId, mine.Hours));
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Entity == nameof(TrainingRecord) && a.EntityId == mine.Id.ToString()));
            Assert.False(await db.TeacherTitleAppointments.AnyAsync());
        }
    }
}
