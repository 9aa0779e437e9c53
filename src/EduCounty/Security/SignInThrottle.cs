using System.Security.Cryptography;
using System.Text;
using EduCounty.Common;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Security;

/// <summary>
/// One typed user name's password checks in the current one-minute window (issue 13 §9: an attacker from many
/// addresses). Keyed by a hash of the normalised name, existing or not, so the table neither tells nor stores which
/// names exist. Kept in the database, not in a process, so that web servers behind a load balancer share one count.
/// </summary>
[NotAudited("登录尝试另有一条显式的登录审计记录（含用户名与 IP）；本表只是每个用户名一分钟内的计数")]
[OutsideDataVersion("登录频率计数不是评估读取的业务数据")]
public sealed class SignInThrottle
{
    /// <summary>SHA-256 (hex) of the upper-case user name as typed.</summary>
    public required string NameKey { get; set; }
    public DateTime WindowStartUtc { get; set; }
    public int Checks { get; set; }
}

/// <summary>
/// The per-user-name limit of password checks (issue 13 §9), beside the per-address limit of the web's request
/// limiter and the per-account lockout: however many addresses an attacker spreads a burst over, one user name gets at
/// most <c>limit</c> password checks a minute. Unknown names are counted the same way (the dummy hash costs the same),
/// so the answer tells nothing about which names exist.
/// </summary>
public static class SignInThrottles
{
    public const int DefaultChecksPerMinute = 10;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>The same words for every user name, existing or not.</summary>
    public const string Message = "此用户名的登录尝试过于频繁，请 1 分钟后再试";

    public static string KeyOf(string userName) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(userName.Trim().ToUpperInvariant())));

    /// <summary>
    /// Reserves one password check for the user name: true while the current minute's window holds fewer than
    /// <paramref name="limit"/> checks (a window older than a minute starts again at 1). The row is made first
    /// (INSERT … ON CONFLICT DO NOTHING, the same words on SQLite and PostgreSQL); then one conditional UPDATE counts the
    /// check — its condition and SET read the row as it is (PostgreSQL re-evaluates them on the newest version under the
    /// row lock; SQLite has one writer), so of any number of parallel attempts at most <paramref name="limit"/> a minute
    /// are admitted (as <see cref="AccountLockout.ReserveAsync"/>).
    /// </summary>
    public static async Task<bool> ReserveAsync(EduDb db, string userName, DateTimeOffset now, int limit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var key = KeyOf(userName);
        var nowUtc = now.UtcDateTime;
        var cutoff = nowUtc - Window;
        var made = await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO \"SignInThrottles\" (\"NameKey\", \"WindowStartUtc\", \"Checks\") VALUES ({0}, {1}, 0) ON CONFLICT (\"NameKey\") DO NOTHING",
            [key, cutoff.AddMinutes(-1)], ct);
        if (made == 1)
        {
            // A new name: sweep the windows long past (kept small however many names are tried).
            var old = nowUtc.AddHours(-1);
            await db.Set<SignInThrottle>().Where(t => t.WindowStartUtc < old).ExecuteDeleteAsync(ct);
        }
        var n = await db.Set<SignInThrottle>()
            .Where(t => t.NameKey == key && (t.WindowStartUtc < cutoff || t.Checks < limit))
            .ExecuteUpdateAsync(s => s
                .SetProperty(t => t.Checks, t => t.WindowStartUtc < cutoff ? 1 : t.Checks + 1)
                .SetProperty(t => t.WindowStartUtc, t => t.WindowStartUtc < cutoff ? nowUtc : t.WindowStartUtc), ct);
        return n == 1;
    }
}
