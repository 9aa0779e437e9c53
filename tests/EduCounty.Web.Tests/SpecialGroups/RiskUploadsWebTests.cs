using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using EduCounty.Common;
using EduCounty.DropoutPrevention;
using EduCounty.Registry;
using EduCounty.Security;
using EduCounty.SpecialGroups;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace EduCounty.Web.Tests.SpecialGroups;

/// <summary>
/// Issue 17's uploads over HTTP on both databases, on a private copy of the demo county: the /dropout 台账 upload (只检查,
/// then written; a school user's row for another school's student refused) and the 月度统计表 download holding the new
/// case; the /groups upload of 送教上门 visits (检查 then 确认导入, errors named by row and column, a re-upload with nothing
/// new, a school user refused for another school's student, a reader without the write role offered no upload).
/// </summary>
public sealed class RiskUploadsWebTests
{
    private static MultipartFormDataContent Form(string page, string fileName, string csv, params (string Key, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        foreach (var (k, v) in EduWebFactory.HiddenFields(page).Where(f => f.Key != "back"))
        {
            form.Add(new StringContent(v), k);
        }
        foreach (var (k, v) in fields)
        {
            form.Add(new StringContent(v), k);
        }
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", fileName);
        return form;
    }

    private static string Message(HttpResponseMessage r) => Uri.UnescapeDataString(EduWebFactory.PathOf(r));

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task The_dropout_ledger_upload_writes_once_and_the_monthly_xlsx_counts_the_new_case(string provider)
    {
        await using var app = await EduWebFactory.StartPristineAsync(provider, "dropout-upload");
        int own;
        string number, name, otherNumber, otherName;
        await using (var db = Database.Open(app.Database))
        {
            var open = await db.DropoutCases.Where(k => !k.Closed).Select(k => k.StudentId).ToListAsync();
            var pupils = db.Students.Where(s => s.Status == StudentStatus.Enrolled && EF.Functions.Like(s.Grade, "P%") && !open.Contains(s.Id))
                .OrderBy(s => s.Id).Select(s => new { s.SchoolId, s.Name, s.StudentNumberCipher });
            var a = await pupils.FirstAsync();
            var b = await pupils.Where(p => p.SchoolId != a.SchoolId).FirstAsync();
            (own, name, number) = (a.SchoolId, a.Name, WebTestDatabases.Protector.Decrypt(a.StudentNumberCipher!));
            (otherName, otherNumber) = (b.Name, WebTestDatabases.Protector.Decrypt(b.StudentNumberCipher!));
        }
        const string head = "学籍号,姓名,台账类型,发现途径,离校日期,第1次劝返日期,第1次劝返方式,第1次参与人,第1次劝返结果";
        var ledger = $"{head}\n{number},{name},疑似辍学,摸排,2026-11-02,2026-11-10,电话,班主任,未接通\n";

        var county = await app.SignInAsync("ru-basic", await app.EnsureUserAsync("ru-basic", Roles.BasicEducation));
        async Task<List<IDictionary<string, object?>>> MonthlyAsync()
        {
            var file = await county.GetAsync("/dropout/monthly?year=2026-2027");
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
            Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", file.Content.Headers.ContentType?.MediaType);
            using var ms = new MemoryStream(await file.Content.ReadAsByteArrayAsync());
            return [.. MiniExcel.Query(ms, useHeaderRow: false).Cast<IDictionary<string, object?>>()];
        }
        // 疑似辍学 of 全县 at November's end (column I).
        static int Suspected(List<IDictionary<string, object?>> rows) =>
            Convert.ToInt32((rows.SingleOrDefault(r => r["A"]?.ToString() == "2026年11月" && r["B"]?.ToString() is "全县" or "阜康市")
                ?? throw new InvalidOperationException(string.Join("\n", rows.Select(r => $"{r["A"]}|{r["B"]}|{r["I"]}"))))["I"], CultureInfo.InvariantCulture);
        var before = await MonthlyAsync();
        Assert.Contains("控辍保学工作月度统计表", before[0]["A"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal(ExportDropoutMonthly.Heads, before[2].Values.Select(v => v?.ToString()));

        var page = await county.GetStringAsync("/dropout");
        Assert.Contains("id=\"import-form\"", page, StringComparison.Ordinal);
        // A new case's first 劝返 attempt comes with the case: 0 added steps.
        var dry = await county.PostAsync("/dropout/import", Form(page, "台账.csv", ledger, ("dryRun", "on")));
        Assert.Contains("检查通过（未写入）：1 行，新建个案 1 个，新增劝返记录 0 条", Message(dry), StringComparison.Ordinal);
        var done = await county.PostAsync("/dropout/import", Form(page, "台账.csv", ledger));
        Assert.Contains("台账已导入：1 行，新建个案 1 个，新增劝返记录 0 条", Message(done), StringComparison.Ordinal);
        var again = await county.PostAsync("/dropout/import", Form(page, "台账.csv", ledger));
        Assert.Contains("台账无变化", Message(again), StringComparison.Ordinal);
        // One suspected case opened on 2026-11-02 and open at the month's end: November's 全县 疑似辍学 one more.
        Assert.Equal(Suspected(before) + 1, Suspected(await MonthlyAsync()));

        // A school user: another school's student is not found in its scope, the file is refused with file, row and column.
        var school = await app.SignInAsync("ru-school", await app.EnsureUserAsync("ru-school", Roles.SchoolAdmin, schoolId: own));
        var schoolPage = await school.GetStringAsync("/dropout");
        var refused = await school.PostAsync("/dropout/import", Form(schoolPage, "越权台账.csv",
            $"{head}\n{otherNumber},{otherName},疑似辍学,摸排,2026-11-02,2026-11-10,电话,班主任,未接通\n"));
        Assert.Contains("越权台账.csv 第2行“学籍号”列", Message(refused), StringComparison.Ordinal);
        Assert.Contains("不在您的管理范围内", Message(refused), StringComparison.Ordinal);
        await using (var db = Database.Open(app.Database))
        {
            Assert.Equal(1, await db.DropoutCases.CountAsync(k => k.Kind == CaseKind.SuspectedDropout && k.LeftOn == new DateOnly(2026, 11, 2)));
        }
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task The_groups_upload_checks_then_imports_in_the_users_scope(string provider)
    {
        await using var app = await EduWebFactory.StartPristineAsync(provider, "groups-upload");
        int own, planId, visitsBefore;
        string number, name, otherNumber, otherName;
        SchoolYear year;
        await using (var db = Database.Open(app.Database))
        {
            var plans = await db.HomeTeachingPlans.OrderBy(p => p.Id).Select(p => new { p.Id, p.StudentId, p.SchoolId, p.Year }).ToListAsync();
            var plan = plans[0];
            var other = plans.First(p => p.SchoolId != plan.SchoolId);
            var a = await db.Students.Where(s => s.Id == plan.StudentId).Select(s => new { s.Name, s.StudentNumberCipher }).SingleAsync();
            var b = await db.Students.Where(s => s.Id == other.StudentId).Select(s => new { s.Name, s.StudentNumberCipher }).SingleAsync();
            (own, planId, year) = (plan.SchoolId, plan.Id, new SchoolYear(plan.Year));
            (name, number) = (a.Name, WebTestDatabases.Protector.Decrypt(a.StudentNumberCipher!));
            (otherName, otherNumber) = (b.Name, WebTestDatabases.Protector.Decrypt(b.StudentNumberCipher!));
            visitsBefore = await db.HomeTeachingVisits.CountAsync(v => v.PlanId == planId);
        }
        // A summer day of the plan's 学年: the demo has no visit then (its visits stop by 06-30).
        var day = new DateOnly(year.EndYear, 7, 15).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        const string head = "学籍号,姓名,送教日期,课时,送教教师,送教内容";
        var visits = $"{head}\n{number},{name},{day},2.5,王老师,生活自理训练\n";

        var special = await app.SignInAsync("ru-special", await app.EnsureUserAsync("ru-special", Roles.SpecialEducation));
        var page = await special.GetStringAsync("/groups");
        Assert.Contains("id=\"groups-upload\"", page, StringComparison.Ordinal);

        // A bad file: every error named by row and column, no 确认导入.
        var bad = await special.PostAsync("/groups/import/check", Form(page, "送教.csv", $"{head}\n{number},{name},{day},12,王老师,\n{number},{name},2099-01-01,2,王老师,\n",
            ("kind", nameof(GroupsImportKind.Visits))));
        var badPage = await special.GetStringAsync(EduWebFactory.PathOf(bad));
        Assert.Contains("第2行“课时”列", badPage, StringComparison.Ordinal);
        Assert.Contains("应为大于 0、不超过 8 的数", badPage, StringComparison.Ordinal);
        Assert.Contains("第3行“送教日期”列", badPage, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"commit\"", badPage, StringComparison.Ordinal);

        // 检查 shows one new visit and nothing is written; 确认导入 writes it.
        var check = await special.PostAsync("/groups/import/check", Form(page, "送教.csv", visits, ("kind", nameof(GroupsImportKind.Visits))));
        Assert.Equal(HttpStatusCode.Redirect, check.StatusCode);
        var checkedPage = await special.GetStringAsync(EduWebFactory.PathOf(check));
        Assert.Contains("1 行：将新增 1 条，已有 0 条，错误 0 处", checkedPage, StringComparison.Ordinal);
        var commitUrl = System.Text.RegularExpressions.Regex.Match(checkedPage, "action=\"(/groups/import/commit/[0-9A-F]+)\"").Groups[1].Value;
        Assert.NotEmpty(commitUrl);
        await using (var db = Database.Open(app.Database))
        {
            Assert.Equal(visitsBefore, await db.HomeTeachingVisits.CountAsync(v => v.PlanId == planId));
        }
        var commit = await special.PostAsync(commitUrl, new FormUrlEncodedContent(EduWebFactory.HiddenFields(checkedPage)));
        Assert.Contains("已导入送教上门记录：1 行，新增 1，已有 0", Message(commit), StringComparison.Ordinal);
        await using (var db = Database.Open(app.Database))
        {
            var v = await db.HomeTeachingVisits.Where(x => x.PlanId == planId).OrderByDescending(x => x.Id).FirstAsync();
            Assert.Equal((visitsBefore + 1, 2.5m, day), (await db.HomeTeachingVisits.CountAsync(x => x.PlanId == planId), v.Hours, v.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "import" && e.Entity == nameof(HomeTeachingVisit)));
        }
        // The same file again: nothing new, nothing to confirm.
        var same = await special.PostAsync("/groups/import/check", Form(page, "送教.csv", visits, ("kind", nameof(GroupsImportKind.Visits))));
        var samePage = await special.GetStringAsync(EduWebFactory.PathOf(same));
        Assert.Contains("1 行：将新增 0 条，已有 1 条", samePage, StringComparison.Ordinal);
        Assert.Contains("文件中的记录均已登记，无需导入", samePage, StringComparison.Ordinal);

        // The plan's school: a row for another school's 送教 child is not found in its scope; the file is refused.
        var school = await app.SignInAsync("ru-gschool", await app.EnsureUserAsync("ru-gschool", Roles.SchoolAdmin, schoolId: own));
        var schoolPage = await school.GetStringAsync("/groups");
        Assert.Contains("id=\"groups-upload\"", schoolPage, StringComparison.Ordinal);
        var refused = await school.PostAsync("/groups/import/check", Form(schoolPage, "越权送教.csv", $"{head}\n{otherNumber},{otherName},{day},2,李老师,\n",
            ("kind", nameof(GroupsImportKind.Visits))));
        var refusedPage = await school.GetStringAsync(EduWebFactory.PathOf(refused));
        Assert.Contains("第2行“学籍号”列", refusedPage, StringComparison.Ordinal);
        Assert.Contains("没有此学籍号的学生（或不在您的管理范围内）", refusedPage, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"commit\"", refusedPage, StringComparison.Ordinal);

        // 局领导 reads /groups but is offered no upload and may not post one.
        var leader = await app.SignInAsync("ru-leader", await app.EnsureUserAsync("ru-leader", Roles.Leader));
        var leaderPage = await leader.GetStringAsync("/groups");
        Assert.DoesNotContain("id=\"groups-upload\"", leaderPage, StringComparison.Ordinal);
        var forbidden = await leader.PostAsync("/groups/import/check", Form(leaderPage, "送教.csv", visits, ("kind", nameof(GroupsImportKind.Visits))));
        Assert.DoesNotContain("/groups?t=", EduWebFactory.PathOf(forbidden), StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, forbidden.StatusCode);
    }
}
