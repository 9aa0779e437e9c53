using System.Net;
using EduCounty.Common;
using EduCounty.Registry;
using EduCounty.Safety;
using EduCounty.Security;
using EduCounty.Supervision;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Web.Tests.Supervision;

/// <summary>
/// /supervision and /safety over the demo county on both databases: who reads what, who may write, a 督学 refused another
/// school's visit, a school seeing its own hazards only, and the audited view of a sensitive hazard.
/// </summary>
public sealed class SupervisionPagesTests
{
    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task Roles_read_and_write_what_they_may(string provider)
    {
        await using var app = await EduWebFactory.StartAsync(provider);
        int ownSchool, otherVisit;
        await using (var db = Database.Open(app.Database))
        {
            ownSchool = await db.Schools.Where(s => s.Name == "阜康市第三小学").Select(s => s.Id).SingleAsync();
            otherVisit = await db.SupervisionVisits.Where(v => v.SchoolId != ownSchool).OrderBy(v => v.Id).Select(v => v.Id).FirstAsync();
        }
        var safety = await app.SignInAsync("w-safety", await app.EnsureUserAsync("w-safety", Roles.Safety));
        foreach (var (url, marker) in new[] { ("/safety", "id=\"by-school\""), ("/safety/hazards?open=true", "id=\"hazards\""), ("/safety/inspections", "id=\"compliance\""),
            ("/supervision?year=2025-2026", "id=\"cadence\""), ("/supervision/findings", "id=\"findings\""), ("/supervision/campaigns/1", "id=\"campaign-summary\"") })
        {
            var response = await safety.GetAsync(url);
            var html = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {html[..Math.Min(html.Length, 2000)]}");
            Assert.Contains(marker, html, StringComparison.Ordinal);
        }
        // 局领导 reads but may not write.
        var leader = await app.SignInAsync("w-leader", await app.EnsureUserAsync("w-leader", Roles.Leader));
        Assert.Equal(HttpStatusCode.OK, (await leader.GetAsync("/safety")).StatusCode);
        var form = EduWebFactory.HiddenFields(await leader.GetStringAsync("/safety"));
        var post = await leader.PostAsync("/safety/hazards/new", new FormUrlEncodedContent(form));
        Assert.StartsWith("/account/denied", EduWebFactory.PathOf(post), StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(app, db => db.SafetyHazards.CountAsync(h => h.ReportedBy == "w-leader")));

        // A 督学 of one school: another school's visit is not found, and a visit for it is refused.
        var sup = await app.SignInAsync("w-duxue", await app.EnsureUserAsync("w-duxue", Roles.SchoolSupervisor, schoolId: ownSchool));
        Assert.Contains("不在你的管理范围", await sup.GetStringAsync($"/supervision/visits/{otherVisit}"), StringComparison.Ordinal);
        var visitForm = EduWebFactory.HiddenFields(await sup.GetStringAsync("/supervision/visit"));
        int otherSchool;
        await using (var db = Database.Open(app.Database))
        {
            otherSchool = await db.SupervisionVisits.Where(v => v.Id == otherVisit).Select(v => v.SchoolId).SingleAsync();
        }
        visitForm["school"] = otherSchool.ToString(System.Globalization.CultureInfo.InvariantCulture);
        visitForm["date"] = "2026-10-10";
        visitForm["hours"] = "2";
        visitForm["methods"] = "patrol";
        visitForm["check_1.1"] = "Conforming";
        visitForm["situation"] = "越权尝试";
        var refused = await sup.PostAsync("/supervision/visits", new FormUrlEncodedContent(visitForm));
        Assert.Contains(Uri.EscapeDataString("不在你的管理范围"), EduWebFactory.PathOf(refused), StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(app, db => db.SupervisionVisits.CountAsync(v => v.Situation == "越权尝试")));
        // A 督学 may not use the school's rectification form nor the office's assignment.
        Assert.StartsWith("/account/denied", EduWebFactory.PathOf(await sup.PostAsync("/supervision/supervisors/assign", new FormUrlEncodedContent(visitForm))), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task A_school_sees_its_own_hazards_and_a_sensitive_view_is_audited(string provider)
    {
        await using var app = await EduWebFactory.StartAsync(provider);
        int ownSchool, sensitive;
        await using (var db = Database.Open(app.Database))
        {
            ownSchool = await db.Schools.Where(s => s.Name == "阜康市第三小学").Select(s => s.Id).SingleAsync();
            var own = new ReportHazard.Command(ownSchool, "操场", "Bullying", "课间发现高年级学生欺负低年级学生", "班主任", new DateOnly(2026, 10, 9), "Routine");
            db.Actor = "test";
            sensitive = await ReportHazard.HandleAsync(db, SafetyRules.Default(), own, new EduCounty.Common.Identity.ActingUser("t", "测试", [Roles.Safety]), new DateOnly(2026, 10, 10));
        }
        var school = await app.SignInAsync("w-school", await app.EnsureUserAsync("w-school", Roles.SchoolAdmin, schoolId: ownSchool));
        var list = await school.GetStringAsync("/safety/hazards?open=true");
        var names = System.Text.RegularExpressions.Regex.Matches(list, "<tr[^>]*data-hazard=\"\\d+\">\\s*<td><a[^>]*>YH\\d+</a></td><td>([^<]+)</td>").Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Equal(["阜康市第三小学"], names);
        // 首页 reminds the school of its hazards awaiting assessment (the one just reported among them), counted from the database.
        var found = await CountAsync(app, db => db.SafetyHazards.CountAsync(h => h.SchoolId == ownSchool && h.State == HazardState.Found));
        Assert.True(found >= 1);
        var home = await school.GetStringAsync("/");
        Assert.Contains("id=\"work-reminders\"", home, StringComparison.Ordinal);
        Assert.Contains($"本校待评估的隐患 {found} 项", home, StringComparison.Ordinal);
        var detail = await school.GetStringAsync($"/safety/hazards/{sensitive}");
        Assert.Contains("课间发现高年级学生欺负低年级学生", detail, StringComparison.Ordinal);
        // The monthly 排查 report form posts to its endpoint and comes back with the message.
        var form = EduWebFactory.HiddenFields(await school.GetStringAsync("/safety/inspections"));
        form["school"] = ownSchool.ToString(System.Globalization.CultureInfo.InvariantCulture);
        form["month"] = "2026-10";
        form["inspectedOn"] = "2026-10-09";
        form["checks"] = "2";
        form["found"] = "1";
        form["summary"] = "排查两次，发现欺凌隐患一项已登记";
        var sent = await school.PostAsync("/safety/inspections/report", new FormUrlEncodedContent(form));
        Assert.Equal("/safety/inspections?msg=" + Uri.EscapeDataString("2026 年 10 月排查报告已报送"), EduWebFactory.PathOf(sent));
        Assert.Equal(1, await CountAsync(app, db => db.SafetyInspectionReports.CountAsync(r => r.SchoolId == ownSchool && r.Year == 2026 && r.Month == 10)));
        Assert.Equal(1, await CountAsync(app, db => db.AuditEntries.CountAsync(a => a.Action == "view" && a.Entity == nameof(SafetyHazard)
            && a.EntityId == sensitive.ToString(System.Globalization.CultureInfo.InvariantCulture) && a.UserName == "w-school")));
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task The_notice_downloads_as_docx_and_pdf_for_those_who_read_the_visit_and_is_audited(string provider)
    {
        await using var app = await EduWebFactory.StartAsync(provider);
        int ownSchool, otherSchool, visitId;
        string number;
        await using (var db = Database.Open(app.Database))
        {
            ownSchool = await db.Schools.Where(s => s.Name == "阜康市第三小学").Select(s => s.Id).SingleAsync();
            otherSchool = await db.Schools.Where(s => s.Id != ownSchool).OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
            db.Actor = "test";
            var day = new DateOnly(2026, 10, 12);
            var visit = new SubmitVisit.Command(Guid.NewGuid().ToString("N"), ownSchool, day, 2, ["patrol"], "routine",
                [new SubmitVisit.Check("6.1", CheckResult.NonConforming, null)], "巡视校园", "请限期整改",
                [new SubmitVisit.Finding("6", "Serious", "实验室消防器材过期")]);
            var outcome = await SubmitVisit.HandleAsync(db, SupervisionRules.Default(), visit,
                new EduCounty.Common.Identity.ActingUser("t", "督导室", [Roles.Supervision]), day);
            (visitId, number) = (outcome.VisitId, outcome.NoticeNumber!);
        }
        var url = $"/supervision/visits/{visitId}/notice.docx";
        // The school's 督学: the page links the download; the .docx is the notice of that visit.
        var sup = await app.SignInAsync("w-duxue-n", await app.EnsureUserAsync("w-duxue-n", Roles.SchoolSupervisor, schoolId: ownSchool));
        Assert.Contains($"href=\"{url}\"", await sup.GetStringAsync($"/supervision/visits/{visitId}"), StringComparison.Ordinal);
        var response = await sup.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", response.Content.Headers.ContentType?.MediaType);
        using (var ms = new MemoryStream(await response.Content.ReadAsByteArrayAsync()))
        using (var doc = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(ms, false))
        {
            var text = doc.MainDocumentPart!.Document!.Body!.InnerText;
            Assert.Contains(number, text, StringComparison.Ordinal);
            Assert.Contains("阜康市第三小学：", text, StringComparison.Ordinal);
            Assert.Contains("实验室消防器材过期", text, StringComparison.Ordinal);
        }
        // The same notice printed as PDF by the Chromium pool.
        var pdf = await sup.GetAsync(url.Replace(".docx", ".pdf", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.Equal("%PDF"u8.ToArray(), (await pdf.Content.ReadAsByteArrayAsync())[..4]);
        Assert.Equal(2, await CountAsync(app, db => db.AuditEntries.CountAsync(a => a.Action == "export" && a.Entity == nameof(SupervisionVisit)
            && a.EntityId == visitId.ToString(System.Globalization.CultureInfo.InvariantCulture) && a.UserName == "w-duxue-n")));
        // Another school's administrator does not get it (not found in their scope), nor a 督学 of another school; the leader reads it.
        var other = await app.SignInAsync("w-school-n", await app.EnsureUserAsync("w-school-n", Roles.SchoolAdmin, schoolId: otherSchool));
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(url.Replace(".docx", ".pdf", StringComparison.Ordinal))).StatusCode);
        var otherSup = await app.SignInAsync("w-duxue-o", await app.EnsureUserAsync("w-duxue-o", Roles.SchoolSupervisor, schoolId: otherSchool));
        Assert.Equal(HttpStatusCode.NotFound, (await otherSup.GetAsync(url)).StatusCode);
        var leader = await app.SignInAsync("w-leader-n", await app.EnsureUserAsync("w-leader-n", Roles.Leader));
        Assert.Equal(HttpStatusCode.OK, (await leader.GetAsync(url)).StatusCode);
        Assert.Equal(0, await CountAsync(app, db => db.AuditEntries.CountAsync(a => a.Action == "export" && a.Entity == nameof(SupervisionVisit)
            && (a.UserName == "w-school-n" || a.UserName == "w-duxue-o"))));
    }

    private static async Task<int> CountAsync(EduWebFactory app, Func<EduDb, Task<int>> count)
    {
        await using var db = Database.Open(app.Database);
        return await count(db);
    }
}
