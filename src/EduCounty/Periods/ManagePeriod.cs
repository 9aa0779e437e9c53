using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Periods;

/// <summary>
/// The county's operations on a 学年 × form: open (with a deadline), lock (approve the year: read-only for every write
/// path, Common/PeriodGuard) and unlock (with a reason: the next version). Each writes a <see cref="PeriodEvent"/> and
/// the audit trail.
/// </summary>
public static class ManagePeriod
{
    public sealed record Result(int Year, string Form, PeriodState State, int Version, DateOnly Deadline);

    /// <summary>Opens a period; the deadline defaults to 9月20日 of the 学年's start (shared/reference/census.md).</summary>
    public static async Task<Result> OpenAsync(EduDb db, int year, string form, DateOnly? deadline, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        form = PeriodForms.Parse(form);
        if (await db.ReportingPeriods.AnyAsync(p => p.Year == year && p.Form == form, ct))
        {
            throw new RuleException($"{new SchoolYear(year)} 学年{PeriodForms.Label(form)}的填报期已经开启") { Field = "year" };
        }
        var d = deadline ?? new DateOnly(year, 9, 20);
        if (d < new SchoolYear(year).FirstDay.AddMonths(-3) || d > new SchoolYear(year).LastDay)
        {
            throw new RuleException($"截止日期 {d:yyyy-MM-dd} 不在 {new SchoolYear(year)} 学年内") { Field = "deadline" };
        }
        var now = db.Clock.GetUtcNow();
        var p = new ReportingPeriod { Year = year, Form = form, Deadline = d, State = PeriodState.Open, Version = 1, OpenedAt = now, OpenedBy = db.Actor };
        p.Events.Add(new PeriodEvent { Action = "开启", Version = 1, Actor = PeriodStore.Actor(db, null), At = now });
        db.ReportingPeriods.Add(p);
        await db.SaveChangesAsync(ct);
        return Of(p);
    }

    /// <summary>
    /// Locks (县级审核锁定): refused while a school's form is still in review (已提交 / 乡镇已审核), naming them; the
    /// county-approved and the imported figures of that 学年 become read-only.
    /// </summary>
    public static async Task<Result> LockAsync(EduDb db, int year, string form, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var p = await PeriodStore.FindAsync(db, year, form, ct);
        if (p.State == PeriodState.Locked)
        {
            throw new RuleException($"{new SchoolYear(year)} 学年{PeriodForms.Label(p.Form)}已经锁定（第 {p.Version} 版）") { Field = "state" };
        }
        var pending = await (from s in db.PeriodSubmissions.IgnoreQueryFilters()
                             join school in db.Schools.IgnoreQueryFilters() on s.SchoolId equals school.Id
                             where s.PeriodId == p.Id && (s.State == SubmissionState.Submitted || s.State == SubmissionState.TownshipApproved)
                             orderby school.Code
                             select school.Name).ToListAsync(ct);
        if (pending.Count > 0)
        {
            throw new RuleException($"还有 {pending.Count} 所学校的填报在审核中，不能锁定：{string.Join("、", pending.Take(10))}{(pending.Count > 10 ? " 等" : "")}") { Field = "state" };
        }
        var now = db.Clock.GetUtcNow();
        p.State = PeriodState.Locked;
        p.LockedAt = now;
        p.LockedBy = db.Actor;
        db.PeriodEvents.Add(new PeriodEvent { PeriodId = p.Id, Action = "锁定", Version = p.Version, Actor = PeriodStore.Actor(db, null), At = now });
        await db.SaveChangesAsync(ct);
        return Of(p);
    }

    /// <summary>Unlocks for a correction: a reason is required; the period becomes the next version, open again.</summary>
    public static async Task<Result> UnlockAsync(EduDb db, int year, string form, string? reason, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var p = await PeriodStore.FindAsync(db, year, form, ct);
        if (p.State != PeriodState.Locked)
        {
            throw new RuleException($"{new SchoolYear(year)} 学年{PeriodForms.Label(p.Form)}未锁定，无需解锁") { Field = "state" };
        }
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length < 4)
        {
            throw new RuleException("解锁须写明原因（至少 4 个字），原因记入审计") { Field = "reason" };
        }
        var now = db.Clock.GetUtcNow();
        p.State = PeriodState.Open;
        p.Version++;
        p.LockedAt = null;
        p.LockedBy = null;
        db.PeriodEvents.Add(new PeriodEvent { PeriodId = p.Id, Action = "解锁", Version = p.Version, Actor = PeriodStore.Actor(db, null), At = now, Reason = reason.Trim() });
        await db.SaveChangesAsync(ct);
        return Of(p);
    }

    private static Result Of(ReportingPeriod p) => new(p.Year, p.Form, p.State, p.Version, p.Deadline);
}
