using EduCounty.Common;
using EduCounty.Plan.Evaluation;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Tests.Plan;

public sealed class PlanFreezeTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_frozen_year_keeps_its_figures_after_records_change(string provider)
    {
        await using var db = await SmallCounty.CreateAsync(provider, "freeze");
        var plan = SmallCounty.Plan();
        var clock = new FixedClock(new DateTimeOffset(2021, 10, 15, 9, 0, 0, TimeSpan.FromHours(8)));

        // 双师型 1 of 2 中职专任教师 = 50.00 %.
        var before = await EvaluatePlan.HandleAsync(db, plan, 2020, clock: clock);
        Assert.Equal(50m, before.Find("vocational.dual")!.Shown);

        var freeze = await FreezePlanYear.HandleAsync(db, plan, 2020, "张科长", clock);
        Assert.Equal(2, freeze.Values.Count);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Entity == nameof(PlanYearFreeze)));

        // A record edit after the freeze: the second vocational teacher becomes 双师型 (live value would be 100 %).
        var t2 = await db.StaffYears.SingleAsync(s => s.StaffId == 2 && s.Year == 2020);
        t2.DualQualified = true;
        await db.SaveChangesAsync();

        db.ChangeTracker.Clear();
        var after = await EvaluatePlan.HandleAsync(db, plan, 2020, clock: clock);
        var dual = after.Find("vocational.dual")!;
        Assert.True(dual.Frozen);
        Assert.Equal(50m, dual.Shown);
        Assert.Equal((1m, 2m), (dual.Value.Numerator!.Value, dual.Value.Denominator!.Value));
        Assert.Equal("张科长", after.Frozen!.FrozenBy);
        Assert.Contains(dual.Inputs, i => i.Code == "teachers.vocational" && i.Value == 2m);

        var again = await Assert.ThrowsAsync<RuleException>(() => FreezePlanYear.HandleAsync(db, plan, 2020, "李四", clock));
        Assert.Contains("张科长", again.Message, StringComparison.Ordinal);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
    }
}
