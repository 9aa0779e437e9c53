using System.Net;
using EduCounty.Common;
using EduCounty.Registry;
using EduCounty.Security;
using EduCounty.StudentAid;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace EduCounty.Web.Tests.StudentAid;

/// <summary>
/// /aid over the demo county on both databases: 资助 reads the overview, reconciliation and the 认定 (audited); the 公示
/// download has no 学籍号; a school administrator sees and reviews its own school's applications only; a 填报员 sees the
/// 认定 masked.
/// </summary>
public sealed class AidPagesTests
{
    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task County_and_school_users_see_what_their_role_and_scope_allow(string provider)
    {
        await using var app = await EduWebFactory.StartPristineAsync(provider, "aidpages");
        int ownSchool, pending, otherPending, ownCount, year;
        string ownName;
        await using (var db = Database.Open(app.Database))
        {
            var first = await db.AidApplications.Where(a => a.Status == AidStatus.Submitted).OrderBy(a => a.Id).FirstAsync();
            (ownSchool, pending, year) = (first.SchoolId, first.Id, first.Year);
            otherPending = await db.AidApplications.Where(a => a.Status == AidStatus.Submitted && a.SchoolId != ownSchool).OrderBy(a => a.Id).Select(a => a.Id).FirstAsync();
            ownCount = await db.AidApplications.CountAsync(a => a.SchoolId == ownSchool && a.Year == year);
            ownName = await db.Schools.Where(s => s.Id == ownSchool).Select(s => s.Name).SingleAsync();
        }
        var y = new SchoolYear(year).ToString();

        var aid = await app.SignInAsync("w-aid", await app.EnsureUserAsync("w-aid", Roles.Aid));
        foreach (var (url, marker) in new[] { ("/aid", "id=\"reconciliation\""), ("/aid", "营养改善计划"), ($"/aid/applications?year={y}", "id=\"applications\""),
            ($"/aid/hardship?year={y}", "建档立卡"), ("/", "id=\"aid-reminders\"") })
        {
            var response = await aid.GetAsync(url);
            var html = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
            Assert.Contains(marker, html, StringComparison.Ordinal);
        }
        Assert.True(await CountAsync(app, db => db.AuditEntries.CountAsync(e => e.Action == ListHardshipAssessments.Viewed)) >= 1);

        // A reader (局领导) neither sees the 公示 download nor starts a 公示 through its address: downloading it starts the
        // schools' 公示 and blocks their 发放 for the period (review 6 found the link on every reader's page).
        var notYet = await CountAsync(app, db => db.AidPublicNotices.CountAsync());
        var leader = await app.SignInAsync("w-aid-leader", await app.EnsureUserAsync("w-aid-leader", Roles.Leader));
        var leaderPage = await leader.GetStringAsync("/aid");
        Assert.Contains("营养改善计划", leaderPage, StringComparison.Ordinal);
        Assert.DoesNotContain("/aid/publicity", leaderPage, StringComparison.Ordinal);
        Assert.Contains("/aid/publicity", await aid.GetStringAsync("/aid"), StringComparison.Ordinal);
        var leaderFile = await leader.GetAsync($"/aid/publicity?programme=Nutrition&year={y}");
        Assert.NotEqual(HttpStatusCode.OK, leaderFile.StatusCode);
        Assert.Equal(notYet, await CountAsync(app, db => db.AidPublicNotices.CountAsync()));

        var file = await aid.GetAsync($"/aid/publicity?programme=Nutrition&year={y}");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", file.Content.Headers.ContentType?.MediaType);
        using (var ms = new MemoryStream(await file.Content.ReadAsByteArrayAsync()))
        {
            var rows = MiniExcel.Query(ms, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
            Assert.Equal(["序号", "姓名", "学校", "年级", "资助项目", "金额（元）"], rows[0].Keys);
            Assert.All(rows, r => Assert.Contains("*", r["姓名"]?.ToString() ?? "", StringComparison.Ordinal));
        }

        // The download started one 公示 per school on the list (student-aid.md §5), listed on /aid/notices as running; the
        // list cannot be withdrawn before its period ends.
        var noticeSchools = await CountAsync(app, db => db.AidPublicNotices.Where(n => n.Programme == "Nutrition" && n.Year == year).Select(n => n.SchoolId).ToListAsync());
        Assert.NotEmpty(noticeSchools);
        Assert.Equal(noticeSchools.Count, noticeSchools.Distinct().Count());
        var notices = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await aid.GetStringAsync($"/aid/notices?year={y}"));
        var noticeRows = notices.QuerySelectorAll("#notices tbody tr");
        Assert.Equal(noticeSchools.Count, noticeRows.Length);
        Assert.All(noticeRows, tr => Assert.Equal("公示中", tr.QuerySelector(".notice-state")!.TextContent.Trim()));
        var running = await CountAsync(app, db => db.AidPublicNotices.Where(n => n.Programme == "Nutrition" && n.Year == year).OrderBy(n => n.Id).Select(n => n.Id).FirstAsync());
        var aidForm = EduWebFactory.HiddenFields(await aid.GetStringAsync($"/aid/applications?year={y}"));
        var early = await aid.PostAsync($"/aid/notices/{running}/withdraw", new FormUrlEncodedContent(aidForm));
        Assert.Contains(Uri.EscapeDataString("期满后才能撤下"), EduWebFactory.PathOf(early), StringComparison.Ordinal);
        Assert.Null(await CountAsync(app, db => db.AidPublicNotices.Where(n => n.Id == running).Select(n => n.WithdrawnOn).SingleAsync()));

        // The school's administrator: its own applications only (the scope is the data layer's), reviews its own, not another's.
        var school = await app.SignInAsync("w-aid-school", await app.EnsureUserAsync("w-aid-school", Roles.SchoolAdmin, schoolId: ownSchool));
        var page = await school.GetStringAsync($"/aid/applications?year={y}");
        var listed = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(page).QuerySelectorAll("#applications tbody tr");
        Assert.Equal(Math.Min(ownCount, 500), listed.Length);
        Assert.All(listed, tr => Assert.Equal(ownName, tr.Children[2].TextContent));
        var form = EduWebFactory.HiddenFields(page);
        var ok = await school.PostAsync($"/aid/applications/{pending}/review", new FormUrlEncodedContent(form));
        Assert.Contains(Uri.EscapeDataString("学校审核通过"), EduWebFactory.PathOf(ok), StringComparison.Ordinal);
        var refused = await school.PostAsync($"/aid/applications/{otherPending}/review", new FormUrlEncodedContent(form));
        Assert.Contains(Uri.EscapeDataString("不在您的管理范围内"), EduWebFactory.PathOf(refused), StringComparison.Ordinal);
        Assert.Equal((AidStatus.SchoolReviewed, AidStatus.Submitted), await CountAsync(app, async db =>
            (await db.AidApplications.Where(a => a.Id == pending).Select(a => a.Status).SingleAsync(), await db.AidApplications.Where(a => a.Id == otherPending).Select(a => a.Status).SingleAsync())));

        // Its own school's 公示 only.
        var ownNotices = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await school.GetStringAsync($"/aid/notices?year={y}"))
            .QuerySelectorAll("#notices tbody tr");
        Assert.Equal(noticeSchools.Count(id => id == ownSchool), ownNotices.Length);
        Assert.All(ownNotices, tr => Assert.Equal(ownName, tr.Children[2].TextContent));

        // A 学校填报员 sees the 认定 masked, and nothing is audited for it.
        var before = await CountAsync(app, db => db.AuditEntries.CountAsync(e => e.Action == ListHardshipAssessments.Viewed));
        var clerk = await app.SignInAsync("w-aid-clerk", await app.EnsureUserAsync("w-aid-clerk", Roles.SchoolClerk, schoolId: ownSchool));
        var masked = await clerk.GetStringAsync($"/aid/hardship?year={y}");
        Assert.Contains("已遮蔽", masked, StringComparison.Ordinal);
        Assert.DoesNotContain("建档立卡</td>", masked, StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync(app, db => db.AuditEntries.CountAsync(e => e.Action == ListHardshipAssessments.Viewed)));
    }

    private static async Task<T> CountAsync<T>(EduWebFactory app, Func<EduDb, Task<T>> query)
    {
        await using var db = Database.Open(app.Database);
        return await query(db);
    }
}
