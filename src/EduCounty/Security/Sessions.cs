using System.Security.Cryptography;
using EduCounty.Common;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Security;

/// <summary>
/// A signed-in session, kept on the server (issue 13 §8): the sign-in cookie names it, and every request checks it, so
/// signing out, disabling or locking the account, changing its roles or its password end it at once — a replayed cookie
/// is refused — and it ends at the policy's absolute lifetime whatever the activity.
/// </summary>
[NotAudited("登录会话：登录、退出、结束各有专门的审计条目（signin、signout、sessions-ended）")]
[OutsideDataVersion("登录会话（每次请求可能更新活动时间）不是评估读取的业务数据")]
public sealed class UserSession
{
    /// <summary>Random 128-bit id (hex), carried in the encrypted sign-in cookie.</summary>
    public required string Id { get; set; }
    public required string UserId { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    /// <summary>signout / disabled / locked / roles / password / limit / lifetime.</summary>
    public string? EndReason { get; set; }
    public string? Ip { get; set; }
}

/// <summary>Starting, checking and ending <see cref="UserSession"/>s (the web's sign-in manager and cookie validation call these).</summary>
public static class Sessions
{
    /// <summary>
    /// Starts a session for the account; when it would exceed the policy's concurrent sessions the oldest open ones end
    /// (reason "limit"), so the newest sign-in always works and the count never exceeds the limit.
    /// </summary>
    public static async Task<string> StartAsync(EduDb db, string userId, string? ip, SecurityPolicyValues policy, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(policy);
        var now = db.Clock.GetUtcNow();
        // Compared in memory: SQLite stores DateTimeOffset as text and EF does not compare it in SQL there.
        var open = (await db.UserSessions.Where(s => s.UserId == userId && s.EndedAt == null).ToListAsync(ct))
            .Where(s => s.StartedAt + policy.SessionLifetime > now).OrderBy(s => s.StartedAt).ToList();
        var ending = open.Take(Math.Max(0, open.Count - (policy.MaxConcurrentSessions - 1))).ToList();
        foreach (var s in ending)
        {
            s.EndedAt = now;
            s.EndReason = "limit";
        }
        var session = new UserSession { Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), UserId = userId, StartedAt = now, Ip = ip };
        db.UserSessions.Add(session);
        if (ending.Count > 0)
        {
            db.PendingAudit.Add(new AuditItem("sessions-ended", "User", userId, null,
                $"同时在线会话超过 {policy.MaxConcurrentSessions} 个，结束最早的 {ending.Count} 个"));
        }
        await db.SaveChangesAsync(ct);
        return session.Id;
    }

    /// <summary>Whether the session is open for this account now: it exists, has not ended and is within the absolute lifetime.</summary>
    public static async Task<bool> IsOpenAsync(EduDb db, string? sessionId, string? userId, SecurityPolicyValues policy, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(policy);
        if (string.IsNullOrEmpty(sessionId) || string.IsNullOrEmpty(userId))
        {
            return false;
        }
        var s = await db.UserSessions.AsNoTracking().Where(x => x.Id == sessionId).Select(x => new { x.UserId, x.EndedAt, x.StartedAt }).FirstOrDefaultAsync(ct);
        return s is not null && s.UserId == userId && s.EndedAt is null && s.StartedAt + policy.SessionLifetime > db.Clock.GetUtcNow();
    }

    /// <summary>Ends one session (sign-out).</summary>
    public static Task<int> EndAsync(EduDb db, string sessionId, string reason, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var now = db.Clock.GetUtcNow();
        return db.UserSessions.Where(s => s.Id == sessionId && s.EndedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, now).SetProperty(s => s.EndReason, reason), ct);
    }

    /// <summary>Ends every open session of the account at once (disable, lock, role or password change); audited when any ended.</summary>
    public static async Task<int> EndAllAsync(EduDb db, string userId, string reason, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var now = db.Clock.GetUtcNow();
        var n = await db.UserSessions.Where(s => s.UserId == userId && s.EndedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, now).SetProperty(s => s.EndReason, reason), ct);
        if (n > 0)
        {
            await db.AuditAsync("sessions-ended", "User", userId, $"结束该账号的全部 {n} 个会话（{reason}）", ct);
        }
        return n;
    }
}
