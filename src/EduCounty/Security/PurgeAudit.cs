using System.Text.Json;
using EduCounty.Common;
using EduCounty.Common.Audit;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Security;

/// <summary>
/// Removes audit entries older than the retention period. 等保 2.0 三级 requires audit records to be kept at least
/// 6 months (网络安全法 第二十一条: 留存相关的网络日志不少于六个月), so the retention is never under 180 days.
/// The chain is re-anchored: a purge entry (itself in the chain) records the hash of the last removed entry,
/// which the first remaining entry links to (docs/adr/0013-audit-trail.md).
/// </summary>
public static class PurgeAudit
{
    public const string Action = "audit-purge";
    public const int MinimumRetentionDays = 180;

    public sealed record Command(int RetentionDays);

    public sealed record Result(int Removed, long? ThroughId, DateOnly Cutoff);

    public static async Task<Result> HandleAsync(EduDb db, Command command, CancellationToken ct = default)
    {
        if (command.RetentionDays < MinimumRetentionDays)
        {
            throw new RuleException($"审计记录保存期不得少于 {MinimumRetentionDays} 天（等保 2.0 三级、网络安全法第二十一条：不少于六个月），给定 {command.RetentionDays} 天");
        }
        var now = db.Clock.GetUtcNow();
        var cutoff = now.AddDays(-command.RetentionDays);
        var cutoffDay = DateOnly.FromDateTime(cutoff.UtcDateTime);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (db.IsPostgres)
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(727001)", ct);
        }
        // Only a prefix of the chain is removed: entries are appended in time order under the chain lock, so the
        // entries older than the cutoff are the first ones by id. (Read in order and compared here: SQLite stores
        // DateTimeOffset as text and cannot compare it in SQL.)
        (long Id, string Hash)? last = null;
        await foreach (var a in db.AuditEntries.AsNoTracking().OrderBy(a => a.Id).Select(a => new { a.Id, a.At, a.Hash }).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (a.At >= cutoff)
            {
                break;
            }
            last = (a.Id, a.Hash);
        }
        if (last is null)
        {
            await tx.CommitAsync(ct);
            return new Result(0, null, cutoffDay);
        }
        var through = last.Value.Id;
        var removed = await db.AuditEntries.Where(a => a.Id <= through).ExecuteDeleteAsync(ct);
        var detail = JsonSerializer.Serialize(new Anchor(last.Value.Hash, through, removed, cutoffDay.ToString("yyyy-MM-dd"), command.RetentionDays));
        await db.AuditAsync(Action, nameof(AuditEntry), through.ToString(System.Globalization.CultureInfo.InvariantCulture), detail, ct);
        await tx.CommitAsync(ct);
        return new Result(removed, through, cutoffDay);
    }

    internal sealed record Anchor(string Hash, long ThroughId, int Removed, string Cutoff, int RetentionDays);

    internal static string? AnchorOf(string? detail)
    {
        if (string.IsNullOrEmpty(detail))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<Anchor>(detail)?.Hash;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
