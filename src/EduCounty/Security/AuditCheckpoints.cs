using System.Globalization;
using EduCounty.Common;
using EduCounty.Common.Audit;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Security;

/// <summary>
/// Writes a signed checkpoint of the audit chain (issue 13 §14, docs/adr/0013): periodically (the web host, every
/// EduCounty:AuditCheckpointMinutes) and on every verification. The newest checkpoint is also written to an anchor file
/// beside the key ring, outside the database, so deleting the newest checkpoints together with the newest entries is
/// found too.
/// </summary>
public static class AuditCheckpoints
{
    /// <summary>The anchor file's one line: sequence, entry id, entry hash, MAC.</summary>
    public sealed record Anchor(long Sequence, long LastEntryId, string LastHash, string Mac);

    /// <summary>Writes a checkpoint of the newest entry unless the newest checkpoint already names it; returns the checkpoint (null: empty trail).</summary>
    public static async Task<AuditCheckpoint?> WriteAsync(EduDb db, AuditSeal seal, string? anchorFile, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(seal);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (db.IsPostgres)
        {
            // The chain's writers' lock: the newest entry cannot move while the checkpoint is made.
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(727001)", ct);
        }
        var last = await db.AuditEntries.AsNoTracking().OrderByDescending(a => a.Id).Select(a => new { a.Id, a.Hash }).FirstOrDefaultAsync(ct);
        if (last is null)
        {
            return null;
        }
        var previous = await db.AuditCheckpoints.AsNoTracking().OrderByDescending(c => c.Sequence).FirstOrDefaultAsync(ct);
        if (previous is not null && previous.LastEntryId == last.Id)
        {
            await tx.CommitAsync(ct);
            WriteAnchor(anchorFile, previous);
            return previous;
        }
        var sequence = (previous?.Sequence ?? 0) + 1;
        var checkpoint = new AuditCheckpoint
        {
            Sequence = sequence,
            At = db.Clock.GetUtcNow(),
            LastEntryId = last.Id,
            LastHash = last.Hash,
            Mac = seal.Mac(sequence, last.Id, last.Hash),
        };
        db.AuditCheckpoints.Add(checkpoint);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        WriteAnchor(anchorFile, checkpoint);
        return checkpoint;
    }

    private static void WriteAnchor(string? file, AuditCheckpoint c)
    {
        if (file is null)
        {
            return;
        }
        var tmp = file + ".new";
        OwnerOnlyFiles.WriteAllText(tmp, string.Join(' ', c.Sequence.ToString(CultureInfo.InvariantCulture), c.LastEntryId.ToString(CultureInfo.InvariantCulture), c.LastHash, c.Mac) + "\n");
        File.Move(tmp, file, overwrite: true);
    }

    /// <summary>The anchor file's checkpoint, or null when there is none (or it cannot be read).</summary>
    public static Anchor? ReadAnchor(string? file)
    {
        if (file is null || !File.Exists(file))
        {
            return null;
        }
        var parts = File.ReadAllText(file).Trim().Split(' ');
        return parts.Length == 4 && long.TryParse(parts[0], CultureInfo.InvariantCulture, out var seq) && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var id)
            ? new Anchor(seq, id, parts[2], parts[3])
            : null;
    }

    /// <summary>
    /// What the checkpoints say about the chain: each checkpoint's MAC, no gap in their
    /// sequence, the checkpointed entry present with the same hash, and the anchor file not newer than the table.
    /// Checkpoints of entries removed by a purge are skipped.
    /// </summary>
    internal static async Task<List<VerifyAudit.Finding>> CheckAsync(EduDb db, AuditSeal seal, string? anchorFile, long? firstEntryId, CancellationToken ct)
    {
        var findings = new List<VerifyAudit.Finding>();
        var checkpoints = await db.AuditCheckpoints.AsNoTracking().OrderBy(c => c.Sequence).ToListAsync(ct);
        var hashes = await db.AuditEntries.AsNoTracking().Where(a => checkpoints.Select(c => c.LastEntryId).Contains(a.Id))
            .ToDictionaryAsync(a => a.Id, a => a.Hash, ct);
        AuditCheckpoint? previous = null;
        foreach (var c in checkpoints)
        {
            if (previous is not null && c.Sequence != previous.Sequence + 1)
            {
                findings.Add(new(c.LastEntryId, "checkpoint-deleted", $"审计检查点 #{previous.Sequence + 1}–#{c.Sequence - 1} 已被删除"));
            }
            if (!seal.Verify(c))
            {
                findings.Add(new(c.LastEntryId, "checkpoint-forged", $"审计检查点 #{c.Sequence} 的签名不符：检查点被修改或伪造"));
            }
            else if (firstEntryId is { } first && c.LastEntryId < first)
            {
                // Covers entries a purge removed (re-anchored by the purge entry).
            }
            else if (!hashes.TryGetValue(c.LastEntryId, out var hash))
            {
                findings.Add(new(c.LastEntryId, "truncated", $"审计条目 #{c.LastEntryId} 已被删除：签名检查点 #{c.Sequence} 记录了它（其后的条目被截断或删除）"));
            }
            else if (hash != c.LastHash)
            {
                findings.Add(new(c.LastEntryId, "rewritten", $"审计条目 #{c.LastEntryId} 的哈希与签名检查点 #{c.Sequence} 不符：此前的条目被改写并重算了哈希"));
            }
            previous = c;
        }
        if (ReadAnchor(anchorFile) is { } anchor)
        {
            var same = checkpoints.FirstOrDefault(c => c.Sequence == anchor.Sequence);
            if (same is null || same.Mac != anchor.Mac)
            {
                findings.Add(new(anchor.LastEntryId, "checkpoint-deleted",
                    $"数据库外的锚点记录了检查点 #{anchor.Sequence}（条目 #{anchor.LastEntryId}），数据库中{(same is null ? "没有它" : "的它已被改写")}：检查点和审计条目被删除或改写"));
            }
        }
        return findings;
    }
}
