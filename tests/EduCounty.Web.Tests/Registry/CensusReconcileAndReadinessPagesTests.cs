using System.Text.RegularExpressions;
using EduCounty.Common;
using EduCounty.Registry;
using EduCounty.Security;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace EduCounty.Web.Tests.Registry;

/// <summary>学籍与统计核对 (/census/reconcile and its xlsx) and 数据完整度 (/data/readiness) through the real app, on SQLite and PostgreSQL.</summary>
public sealed partial class CensusReconcileAndReadinessPagesTests
{
    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task The_reconciliation_page_and_its_export_hold_the_school_grades_in_the_users_scope(string provider)
    {
        await using var app = await EduWebFactory.StartAsync(provider);
        var leader = await app.SignInAsync("leader-rec", await app.EnsureUserAsync("leader-rec", Roles.Leader));
        await using var db = Database.Open(await WebTestDatabases.DemoAsync(provider));
        // The demo's census is its 学籍 counted (DemoCountyTests): every school × grade agrees.
        var pairs = await db.StudentYears.Where(s => s.Year == 2025).Select(s => new { s.SchoolId, s.Grade }).Distinct().CountAsync();
        var html = await leader.GetStringAsync("/census/reconcile?year=2025-2026");
        Assert.Contains($"{pairs} 个学校年级中 0 个超出容差", html, StringComparison.Ordinal);
        Assert.Equal(pairs, Rows().Count(html[html.IndexOf("id=\"reconcile\"", StringComparison.Ordinal)..]));

        var xlsx = await leader.GetAsync("/census/reconcile.xlsx?year=2025-2026&persons=0&percent=0");
        Assert.True(xlsx.IsSuccessStatusCode);
        using (var ms = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()))
        {
            var rows = ms.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
            Assert.Equal(pairs, rows.Count);
            Assert.All(rows, r => Assert.Equal("否", r.Single(c => c.Key.StartsWith("超出容差", StringComparison.Ordinal)).Value));
        }

        // A school user: only their school's grades, on the page and in the file.
        var own = await db.Schools.Where(s => s.Name.EndsWith("第三小学")).Select(s => new { s.Id, s.Code }).SingleAsync();
        var school = await app.SignInAsync("school-rec", await app.EnsureUserAsync("school-rec", Roles.SchoolAdmin, schoolId: own.Id));
        var ownGrades = await db.StudentYears.Where(s => s.Year == 2025 && s.SchoolId == own.Id).Select(s => s.Grade).Distinct().CountAsync();
        var page = await school.GetStringAsync("/census/reconcile?year=2025-2026");
        Assert.Contains($"{ownGrades} 个学校年级中 0 个超出容差", page, StringComparison.Ordinal);
        using (var ms = new MemoryStream(await school.GetByteArrayAsync("/census/reconcile.xlsx?year=2025-2026")))
        {
            var rows = ms.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
            Assert.Equal(ownGrades, rows.Count);
            Assert.All(rows, r => Assert.Equal(own.Code, r["学校标识码"]?.ToString()));
        }

        // A negative tolerance is refused with its reason, on the page and at the export.
        Assert.Contains("容差无效", await leader.GetStringAsync("/census/reconcile?year=2025-2026&persons=-1"), StringComparison.Ordinal);
        var refused = await leader.GetAsync("/census/reconcile.xlsx?year=2025-2026&persons=-1");
        Assert.False(refused.IsSuccessStatusCode);
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task Readiness_is_complete_for_the_demo_and_an_empty_county_is_sent_there_from_every_empty_page(string provider)
    {
        await using (var app = await EduWebFactory.StartAsync(provider))
        {
            var leader = await app.SignInAsync("leader-ready", await app.EnsureUserAsync("leader-ready", Roles.Leader));
            var html = await leader.GetStringAsync("/data/readiness?year=2025-2026");
            // The demo computes all 15 plan indicators for 2025-2026 (NationalDataPathTests).
            var plan = PlanRows().Matches(html).Select(m => m.Groups[1].Value).ToList();
            Assert.Equal(15, plan.Count);
            Assert.All(plan, s => Assert.Equal("ready", s));
        }

        await using var empty = await EduWebFactory.StartEmptyAsync(provider, "readiness-web");
        var client = await empty.SignInAsync("leader-empty", await empty.EnsureUserAsync("leader-empty", Roles.Leader));
        var page = await client.GetStringAsync("/data/readiness?year=2025-2026");
        Assert.Contains("2025-2026 学年：0 / ", page, StringComparison.Ordinal);
        Assert.Contains("data-code=\"compulsory.enrolment\" data-status=\"missing\"", page, StringComparison.Ordinal);
        Assert.Contains("义务教育在校生数 ← <a href=\"/imports?kind=census\">", page, StringComparison.Ordinal);
        foreach (var url in new[] { "/", "/plan", "/balance", "/census/reconcile" })
        {
            Assert.Contains("<a href=\"/data/readiness", await client.GetStringAsync(url), StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task The_import_page_lists_the_valid_statistic_keys_and_the_recommended_order(string provider)
    {
        await using var app = await EduWebFactory.StartAsync(provider);
        var client = await app.SignInAsync("planner-keys", await app.EnsureUserAsync("planner-keys", Roles.Planning));
        var html = await client.GetStringAsync("/imports?kind=census");
        Assert.All(StatisticKeys.All, k => Assert.Contains($"<code>{k.Key}</code></td><td>{k.Name}</td>", html, StringComparison.Ordinal));
        Assert.Contains("行政区划 → 学校基本信息 → 班级 → 学生学籍", html, StringComparison.Ordinal);
        Assert.Matches("<option value=\"census\" selected", html);
    }

    [GeneratedRegex("<tr[^>]*>\\s*<td>\\d{10}</td>")]
    private static partial Regex Rows();

    [GeneratedRegex("<tr[^>]* data-code=\"[a-z_.]+\" data-status=\"(ready|missing)\">\\s*<td>规划指标</td>")]
    private static partial Regex PlanRows();
}
