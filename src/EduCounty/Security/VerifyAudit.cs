using EduCounty.Common;
using EduCounty.Common.Audit;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Security;

/// <summary>
/// Recomputes the audit hash chain (issue 6 §4; GB/T 22239-2019 8.1.4.3 安全审计 c: records protected against
/// unexpected deletion, modification or overwriting) and reports every entry that was edited, inserted or deleted.
/// </summary>
public static class VerifyAudit
{
    /// <summary>edited: content no longer matches its hash; inserted: not linked to its predecessor but to an earlier one;
    /// deleted: the successor links to an entry that is gone; broken: the link is wrong without a clearer reading.</summary>
    public sealed record Finding(long Id, string Kind, string Message);

    public sealed record Result(long Checked, long? FirstId, long? LastId, IReadOnlyList<Finding> Findings)
    {
        public bool Intact => Findings.Count == 0;
    }

    /// <param name="seal">The checkpoint key (from the key ring): with it the signed checkpoints are checked and a new one
    /// is written after the check (issue 13 §14); without it only the hash chain is.</param>
    /// <param name="anchorFile">The anchor file outside the database (the newest checkpoint).</param>
    public static async Task<Result> HandleAsync(EduDb db, AuditSeal? seal = null, string? anchorFile = null, CancellationToken ct = default)
    {
        var result = await ChainAsync(db, ct);
        if (seal is null)
        {
            return result;
        }
        var findings = result.Findings.Concat(await AuditCheckpoints.CheckAsync(db, seal, anchorFile, result.FirstId, ct)).ToList();
        if (findings.Count == 0)
        {
            // Checkpointed on every verification: the state just verified is signed.
            await AuditCheckpoints.WriteAsync(db, seal, anchorFile, ct);
        }
        return result with { Findings = findings };
    }

    private static async Task<Result> ChainAsync(EduDb db, CancellationToken ct)
    {
        // Anchors left by purges (PurgeAudit): the first remaining entry may link to the last purged one.
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        foreach (var detail in await db.AuditEntries.AsNoTracking().Where(a => a.Action == PurgeAudit.Action).Select(a => a.Detail).ToListAsync(ct))
        {
            if (PurgeAudit.AnchorOf(detail) is { } anchor)
            {
                anchors.Add(anchor);
            }
        }

        var findings = new List<Finding>();
        // Stored hash → id of every entry seen so far, to tell an inserted entry (its successor links further back).
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        var order = new List<long>();
        string? previousHash = null;
        long? previousId = null;
        long count = 0;
        long? first = null;
        await foreach (var e in db.AuditEntries.AsNoTracking().OrderBy(a => a.Id).AsAsyncEnumerable().WithCancellation(ct))
        {
            count++;
            first ??= e.Id;
            if (EduDb.AuditHash(e) != e.Hash)
            {
                findings.Add(new Finding(e.Id, "edited", $"审计条目 #{e.Id} 内容与其哈希不符：已被修改（或为伪造插入的条目）"));
            }
            if (previousId is null)
            {
                if (e.PreviousHash is not null && !anchors.Contains(e.PreviousHash))
                {
                    findings.Add(new Finding(e.Id, "deleted", $"审计条目 #{e.Id} 之前的条目已被删除（首条目指向的前一条目不存在，且没有清理记录）"));
                }
            }
            else if (e.PreviousHash != previousHash)
            {
                if (e.PreviousHash is not null && seen.TryGetValue(e.PreviousHash, out var linkedId))
                {
                    // The entry links to an earlier one: everything between was slipped in.
                    var slipped = order.SkipWhile(id => id != linkedId).Skip(1).ToList();
                    foreach (var id in slipped)
                    {
                        findings.Add(new Finding(id, "inserted", $"审计条目 #{id} 为插入的条目：其后的条目 #{e.Id} 链接到 #{linkedId}"));
                    }
                }
                else if (e.Id != previousId + 1)
                {
                    findings.Add(new Finding(e.Id, "deleted",
                        $"审计条目 #{previousId + 1}–#{e.Id - 1} 中有条目被删除：#{e.Id} 指向的前一条目不存在"));
                }
                else
                {
                    findings.Add(new Finding(previousId.Value, "broken",
                        $"审计条目 #{previousId} 与 #{e.Id} 之间链接断开：#{previousId} 被修改并重算哈希，或被替换"));
                }
            }
            seen[e.Hash] = e.Id;
            order.Add(e.Id);
            previousHash = e.Hash;
            previousId = e.Id;
        }
        return new Result(count, first, previousId, findings);
    }
}
