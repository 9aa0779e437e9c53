using EduCounty.Common;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Security;

/// <summary>
/// Failed sign-ins counted atomically in the database (issue 6 §3, issue 13 §9: lockout after 5 failures within 15
/// minutes, for 15 minutes; at most 5 password checks however many requests arrive together — the Moodle
/// CVE-2022-30600 lesson). An attempt <em>reserves</em> its place in the count before the password is verified
/// (<see cref="ReserveAsync"/>: one conditional UPDATE, refused once the window's count reached the threshold), so
/// parallel attempts cannot all read "not yet locked" and all be verified; a wrong password keeps its place and locks
/// the account at the threshold (<see cref="FailAsync"/>), a right one clears the count (<see cref="SucceedAsync"/>) or,
/// before a second factor, gives its place back (<see cref="ReleaseAsync"/>). The threshold and duration are the
/// security policy's (<see cref="SecurityPolicyValues"/>).
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
    /// Reserves one check: counts it (a window older than 15 minutes starts again at 1) unless the window already holds
    /// <paramref name="threshold"/> attempts. One UPDATE whose condition and SET expressions both read the row as it is
    /// (PostgreSQL re-evaluates them on the newest version under its row lock; SQLite has one writer), so of any number
    /// of parallel attempts at most <paramref name="threshold"/> are admitted. False: refuse without verifying. A lock set
    /// by an administrator or an earlier window is checked by the caller first (<see cref="ReadAsync"/>).
    /// </summary>
    public static async Task<bool> ReserveAsync(EduDb db, string userId, DateTimeOffset now, int threshold = MaxFailures, CancellationToken ct = default)
    {
        var nowUtc = now.UtcDateTime;
        var cutoff = nowUtc - Window;
        var n = await db.Users
            .Where(u => u.Id == userId && (u.FirstFailureAtUtc == null || u.FirstFailureAtUtc < cutoff || u.AccessFailedCount < threshold))
            .ExecuteUpdateAsync(s => s
                .SetProperty(u => u.AccessFailedCount,
                    u => u.FirstFailureAtUtc == null || u.FirstFailureAtUtc < cutoff ? 1 : u.AccessFailedCount + 1)
                .SetProperty(u => u.FirstFailureAtUtc,
                    u => u.FirstFailureAtUtc == null || u.FirstFailureAtUtc < cutoff ? nowUtc : u.FirstFailureAtUtc), ct);
        return n == 1;
    }

    /// <summary>A reserved check failed: it stays counted, and the account locks for <paramref name="duration"/> once the count reached the threshold.</summary>
    public static async Task<State> FailAsync(EduDb db, string userId, DateTimeOffset now, int threshold = MaxFailures, TimeSpan? duration = null, CancellationToken ct = default)
    {
        DateTimeOffset? lockUntil = now + (duration ?? Duration);
        await db.Users.Where(u => u.Id == userId && u.LockoutEnabled && u.AccessFailedCount >= threshold)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LockoutEnd, lockUntil), ct);
        return await ReadAsync(db, userId, now, ct);
    }

    /// <summary>A reserved check succeeded but sign-in goes on (a second factor follows): its place is given back.</summary>
    public static Task<int> ReleaseAsync(EduDb db, string userId, CancellationToken ct = default) =>
        db.Users.Where(u => u.Id == userId && u.AccessFailedCount > 0)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessFailedCount, u => u.AccessFailedCount - 1), ct);

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
