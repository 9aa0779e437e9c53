using EduCounty.Common;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Security;

/// <summary>
/// Failed sign-ins counted atomically in the database (issue 6 §3: lockout after 5 failures within 15 minutes, for
/// 15 minutes; 20 parallel wrong attempts must lock the account — the Moodle CVE-2022-30600 lesson).
/// Identity's AccessFailedAsync reads the count, adds one in memory and writes it back, so parallel attempts
/// overwrite each other's increments; here each failure is one UPDATE statement evaluated by the database.
/// </summary>
public static class AccountLockout
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan Duration = TimeSpan.FromMinutes(15);

    /// <summary>The account's counter as stored now (read without tracking, past any stale tracked copy).</summary>
    public sealed record State(int Failures, DateTimeOffset? LockedUntil);

    public static async Task<State> ReadAsync(EduDb db, string userId, DateTimeOffset now, CancellationToken ct = default)
    {
        var s = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.AccessFailedCount, u.LockoutEnabled, u.LockoutEnd }).SingleAsync(ct);
        return new State(s.AccessFailedCount, s.LockoutEnabled && s.LockoutEnd > now ? s.LockoutEnd : null);
    }

    /// <summary>
    /// Counts one failure and locks the account when it is the fifth within the window. One UPDATE: every SET
    /// expression reads the row as it was before this statement, and both databases serialise UPDATEs of one row
    /// (PostgreSQL holds the row lock and, under READ COMMITTED, re-evaluates the expressions on the newest
    /// version; SQLite admits one writer at a time), so no failure is lost however many arrive together.
    /// </summary>
    public static async Task<State> RecordFailureAsync(EduDb db, string userId, DateTimeOffset now, CancellationToken ct = default)
    {
        var nowUtc = now.UtcDateTime;
        var cutoff = nowUtc - Window;
        DateTimeOffset? lockUntil = now + Duration;
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s
            // A failure older than the window starts a new count at this failure.
            .SetProperty(u => u.AccessFailedCount,
                u => u.FirstFailureAtUtc == null || u.FirstFailureAtUtc < cutoff ? 1 : u.AccessFailedCount + 1)
            .SetProperty(u => u.LockoutEnd,
                u => u.LockoutEnabled && u.FirstFailureAtUtc != null && u.FirstFailureAtUtc >= cutoff && u.AccessFailedCount + 1 >= MaxFailures
                    ? lockUntil : u.LockoutEnd)
            .SetProperty(u => u.FirstFailureAtUtc,
                u => u.FirstFailureAtUtc == null || u.FirstFailureAtUtc < cutoff ? nowUtc : u.FirstFailureAtUtc), ct);
        return await ReadAsync(db, userId, now, ct);
    }

    /// <summary>
    /// After a correct password (or code): clears the counter unless the account is locked. The clear is a
    /// compare-and-set on the count just read, so a failure that lands in between (and may have locked the account)
    /// makes it retry on the new state instead of being wiped out. Returns false when the account is locked.
    /// </summary>
    public static async Task<bool> SucceedAsync(EduDb db, string userId, DateTimeOffset now, CancellationToken ct = default)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var state = await ReadAsync(db, userId, now, ct);
            if (state.LockedUntil is not null)
            {
                return false;
            }
            var seen = state.Failures;
            var cleared = await db.Users.Where(u => u.Id == userId && u.AccessFailedCount == seen).ExecuteUpdateAsync(s => s
                .SetProperty(u => u.AccessFailedCount, 0)
                .SetProperty(u => u.FirstFailureAtUtc, (DateTime?)null)
                .SetProperty(u => u.LockoutEnd, (DateTimeOffset?)null), ct);
            if (cleared == 1)
            {
                return true;
            }
        }
        return false;
    }
}
