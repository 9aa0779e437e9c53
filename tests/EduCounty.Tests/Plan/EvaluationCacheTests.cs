using EduCounty.Common;
using EduCounty.Common.Caching;
using EduCounty.Imports;
using EduCounty.Plan.Evaluation;
using EduCounty.Registry;
using EduCounty.Tests.Imports;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Tests.Plan;

/// <summary>
/// Issue 20 item 1: evaluations cached per (plan, 学年, scope, data version). A cached result is reused until a write
/// to the records bumps the version — by every kind of write — and a context restricted to some schools never gets a
/// result computed for another scope. Figures from <see cref="SmallCounty"/>: 双师型 1 of 2 中职专任教师 = 50.00 %;
/// 在园幼儿 30 + 20 + 10 + 7 + 5 = 72 (county), school 1 alone 30 + 20 = 50.
/// </summary>
public sealed class EvaluationCacheTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_cached_evaluation_is_reused_until_a_record_edit_bumps_the_version(string provider)
    {
        await using var db = await SmallCounty.CreateAsync(provider, "cache-edit");
        var plan = SmallCounty.Plan();
        var first = await PlanEvaluationCache.GetAsync(db, plan, 2020);
        var version = await DataVersion.CurrentAsync(db);
        var again = await PlanEvaluationCache.GetAsync(db, plan, 2020);
        Assert.Same(first, again);
        Assert.Equal(50m, first.Find("vocational.dual")!.Shown);

        // The second vocational teacher becomes 双师型: 2 of 2 = 100.00 %.
        var t2 = await db.StaffYears.SingleAsync(s => s.StaffId == 2 && s.Year == 2020);
        t2.DualQualified = true;
        await db.SaveChangesAsync();
        Assert.Equal(version + 1, await DataVersion.CurrentAsync(db));
        var after = await PlanEvaluationCache.GetAsync(db, plan, 2020);
        Assert.NotSame(first, after);
        Assert.Equal(100m, after.Find("vocational.dual")!.Shown);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Audit_entries_and_account_changes_do_not_bump_the_version(string provider)
    {
        await using var db = await SmallCounty.CreateAsync(provider, "cache-audit");
        var version = await DataVersion.CurrentAsync(db);
        await db.AuditAsync("view", "Student", "1", "查看学生");
        var user = new EduCounty.Common.Identity.AppUser { Id = "u1", UserName = "u1", NormalizedUserName = "U1", DisplayName = "校长" };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        db.UserScopes.Add(new EduCounty.Common.Identity.UserScope { UserId = "u1", SchoolId = 5 });
        user.AccessFailedCount = 1;
        await db.SaveChangesAsync();
        Assert.Equal(version, await DataVersion.CurrentAsync(db));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_bulk_write_bumps_the_version_when_its_transaction_commits_and_not_when_it_rolls_back(string provider)
    {
        await using var db = await SmallCounty.CreateAsync(provider, "cache-bulk");
        var version = await DataVersion.CurrentAsync(db);
        AgePopulation Row(int id) => new() { Id = 1000 + id, DivisionCode = SmallCounty.County, Year = 2021, Age = id, Count = 10 };

        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            await BulkWriter.WriteAsync(db, [Row(3)]);
            await tx.RollbackAsync();
        }
        Assert.Equal(version, await DataVersion.CurrentAsync(db));

        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            await BulkWriter.WriteAsync(db, [Row(4)]);
            // Inside the transaction the counter has not moved yet: it moves with the data, at the commit.
            await using var other = Reopen(db);
            Assert.Equal(version, await DataVersion.CurrentAsync(other));
            await tx.CommitAsync();
        }
        Assert.Equal(version + 1, await DataVersion.CurrentAsync(db));

        // Outside a transaction a bulk write bumps at once.
        await BulkWriter.WriteAsync(db, [Row(5)]);
        Assert.Equal(version + 2, await DataVersion.CurrentAsync(db));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task An_import_its_rollback_and_a_freeze_each_bump_the_version_and_the_evaluation_is_recomputed(string provider)
    {
        await using var db = await SmallCounty.CreateAsync(provider, "cache-import");
        var plan = SmallCounty.Plan();
        var cached = await PlanEvaluationCache.GetAsync(db, plan, 2020);

        var v0 = await DataVersion.CurrentAsync(db);
        var import = await ImportTestFiles.RunAsync(db, "population", ImportTestFiles.Csv("pop.csv",
        [
            ["区划代码", "年份", "年龄", "人数"],
            [SmallCounty.County, "2021", "3", "25"],
        ]));
        Assert.True(import.Committed, string.Join("\n", import.Issues.Select(i => i.Message)));
        var v1 = await DataVersion.CurrentAsync(db);
        Assert.True(v1 > v0, $"导入后版本 {v1} 应大于 {v0}");
        var afterImport = await PlanEvaluationCache.GetAsync(db, plan, 2020);
        Assert.NotSame(cached, afterImport);

        Assert.Empty(await Importer.RollbackAsync(db, import.BatchId!.Value));
        var v2 = await DataVersion.CurrentAsync(db);
        Assert.True(v2 > v1, $"回滚后版本 {v2} 应大于 {v1}");
        Assert.False(await db.AgePopulations.AnyAsync(p => p.Year == 2021));
        var afterRollback = await PlanEvaluationCache.GetAsync(db, plan, 2020);
        Assert.NotSame(afterImport, afterRollback);

        await FreezePlanYear.HandleAsync(db, plan, 2020, "张科长");
        Assert.True(await DataVersion.CurrentAsync(db) > v2);
        var afterFreeze = await PlanEvaluationCache.GetAsync(db, plan, 2020);
        Assert.True(afterFreeze.Find("vocational.dual")!.Frozen);
        Assert.Equal("张科长", afterFreeze.Frozen!.FrozenBy);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_demo_county_is_written_with_a_bumped_version(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        Assert.True(await DataVersion.CurrentAsync(db) > 0);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_school_user_never_gets_the_county_result_nor_the_county_user_a_school_result(string provider)
    {
        await using var county = await SmallCounty.CreateAsync(provider, "cache-scope");
        var plan = SmallCounty.Plan();
        await using var school = Reopen(county);
        school.SchoolScope = [1];

        // The school-scoped context asks first; its context sees only school 1: 30 + 20 = 50 在园幼儿.
        var mine = await PlanEvaluationCache.GetAsync(school, plan, 2020);
        Assert.Equal(50m, mine.Find("preschool.enrolment")!.Shown);
        var whole = await PlanEvaluationCache.GetAsync(county, plan, 2020);
        Assert.NotSame(mine, whole);
        Assert.Equal(72m, whole.Find("preschool.enrolment")!.Shown);
        Assert.Same(mine, await PlanEvaluationCache.GetAsync(school, plan, 2020));
        Assert.Same(whole, await PlanEvaluationCache.GetAsync(county, plan, 2020));

        // The county-wide drill-down is cached for the county user; the school user is still refused.
        var drill = new DrillDownIndicator.Query(plan, "preschool.enrolment", new SchoolYear(2020));
        Assert.Equal(72m, (await PlanEvaluationCache.DrillAsync(county, drill)).County.Value);
        await Assert.ThrowsAsync<RuleException>(() => PlanEvaluationCache.DrillAsync(school, drill));
    }

    /// <summary>A second context on the same database.</summary>
    private static EduDb Reopen(EduDb db) =>
        Database.Open(db.IsPostgres ? db.Database.GetConnectionString()! : db.Database.GetDbConnection().DataSource);
}
