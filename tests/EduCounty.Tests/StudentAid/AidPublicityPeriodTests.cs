using EduCounty.Common;
using EduCounty.StudentAid;
using EduCounty.Tests.DropoutPrevention;
using EduCounty.Tests.Imports;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Tests.StudentAid;

/// <summary>
/// The 公示 period as a record (issue 17 item 2; student-aid.md §5: 拟资助名单 公示 ≥ 5 个工作日, then withdrawn), with a
/// moved clock on both databases: generating the list records it per school; a payment inside the period is refused (or
/// warned under a county's <c>publicity.beforeEnd = warn</c>); after it the list shows 公示期满应撤下 and can be withdrawn.
/// </summary>
public sealed class AidPublicityPeriodTests
{
    private static readonly SchoolYear Y2024 = new(2024);

    [Fact]
    public void The_period_ends_five_working_days_after_the_start_day_weekends_skipped()
    {
        // 2024-10-09 is a Wednesday: Thu 10, Fri 11, (Sat 12, Sun 13), Mon 14, Tue 15, Wed 16.
        Assert.Equal(new DateOnly(2024, 10, 16), AidPublicity.EndOf(new DateOnly(2024, 10, 9), 5));
        // Friday 2026-12-04: Mon 7 … Fri 11; a Saturday start (12-05) ends the same day.
        Assert.Equal(new DateOnly(2026, 12, 11), AidPublicity.EndOf(new DateOnly(2026, 12, 4), 5));
        Assert.Equal(new DateOnly(2026, 12, 11), AidPublicity.EndOf(new DateOnly(2026, 12, 5), 5));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_payment_inside_the_period_is_refused_and_the_list_is_withdrawn_after_it(string provider)
    {
        var (db, _) = await AidCounty.CreateAsync(provider, "aid-notice");
        await using var _db = db;
        AidCounty.Student(db, 1, 5, "S1", "张三明", FinancialHardship.Dibao);
        AidCounty.Student(db, 2, 5, "S1", "李四", FinancialHardship.Dibao);
        await db.SaveChangesAsync();
        var start = new DateOnly(2024, 10, 9);
        var ids = new List<int>();
        for (var n = 1; n <= 2; n++)
        {
            await AssessHardship.HandleAsync(db, AidCounty.Rules, DropoutCounty.Protector, new AssessHardship.Command(AidCounty.Number(n), Y2024, HardshipLevel.Hard, null),
                AidCounty.School1, start);
            var id = await ApplyForAid.HandleAsync(db, AidCounty.Rules, DropoutCounty.Protector, new ApplyForAid.Command(AidCounty.Number(n), "SeniorGrant", Y2024, AidTerm.Autumn),
                AidCounty.Clerk1, start);
            await ReviewAidApplication.SchoolReviewAsync(db, id, AidCounty.School1, start);
            await ReviewAidApplication.ApproveAsync(db, id, AidCounty.Aid, start);
            ids.Add(id);
        }

        // The list generated on Wednesday 2024-10-09: one record for 学校5, 2 students, to Wednesday 2024-10-16.
        db.Clock = new FixedClock(new DateTimeOffset(2024, 10, 9, 4, 0, 0, TimeSpan.Zero));
        db.Actor = "资助中心";
        var rows = await GetAidPublicity.HandleAsync(db, AidCounty.Rules, "SeniorGrant", Y2024, AidTerm.Autumn);
        using (var ms = new MemoryStream())
        {
            await GetAidPublicity.WriteXlsxAsync(db, AidCounty.Rules, rows, "SeniorGrant", Y2024, AidTerm.Autumn, ms);
            await GetAidPublicity.WriteXlsxAsync(db, AidCounty.Rules, rows, "SeniorGrant", Y2024, AidTerm.Autumn, ms); // again: no second period
        }
        var notice = await db.AidPublicNotices.AsNoTracking().SingleAsync();
        Assert.Equal((5, 2, start, new DateOnly(2024, 10, 16), (AidTerm?)AidTerm.Autumn), (notice.SchoolId, notice.Students, notice.StartsOn, notice.EndsOn, notice.Term));

        // On the last day of the period: the payment is refused, the list is 公示中 and cannot be withdrawn.
        var last = new DateOnly(2024, 10, 16);
        var refused = await Assert.ThrowsAsync<RuleException>(() => ReviewAidApplication.PayAsync(db, AidCounty.Rules, ids[0], last, null, AidCounty.Aid, last));
        Assert.Contains("公示期至 2024-10-16", refused.Message, StringComparison.Ordinal);
        Assert.Contains("不能登记发放", refused.Message, StringComparison.Ordinal);
        Assert.Equal(AidStatus.Approved, (await db.AidApplications.AsNoTracking().SingleAsync(a => a.Id == ids[0])).Status);
        var during = Assert.Single(await AidPublicity.ListAsync(db, AidCounty.Rules, Y2024, last));
        Assert.Equal(("公示中", false), (during.State, during.Overdue));
        await Assert.ThrowsAsync<RuleException>(() => AidPublicity.WithdrawAsync(db, notice.Id, AidCounty.School1, last));

        // A county whose rule is "warn": the same payment is recorded, with the warning.
        var warn = AidRules.WithOverride("""{ "publicity": { "beforeEnd": "warn" } }""");
        var warning = await ReviewAidApplication.PayAsync(db, warn, ids[1], last, null, AidCounty.Aid, last);
        Assert.StartsWith("提示：", warning, StringComparison.Ordinal);
        Assert.Equal(AidStatus.Paid, (await db.AidApplications.AsNoTracking().SingleAsync(a => a.Id == ids[1])).Status);

        // The day after: paid without a word; the list shows 公示期满应撤下 until withdrawn.
        var after = new DateOnly(2024, 10, 17);
        Assert.Null(await ReviewAidApplication.PayAsync(db, AidCounty.Rules, ids[0], after, null, AidCounty.Aid, after));
        var over = Assert.Single(await AidPublicity.ListAsync(db, AidCounty.Rules, Y2024, after));
        Assert.Equal(("公示期满应撤下", true), (over.State, over.Overdue));
        await AidPublicity.WithdrawAsync(db, notice.Id, AidCounty.School1, after);
        var withdrawn = Assert.Single(await AidPublicity.ListAsync(db, AidCounty.Rules, Y2024, after));
        Assert.Equal(("已于 2024-10-17 撤下", false), (withdrawn.State, withdrawn.Overdue));
    }
}
