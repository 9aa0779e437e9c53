using EduCounty.Common;
using EduCounty.Common.Audit;
using EduCounty.Registry;
using EduCounty.Security;
using EduCounty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Tests.Security;

/// <summary>
/// Issue 13 §14: deleting the newest audit entries, or rewriting an entry and recomputing every later hash, passed
/// `audit verify`. Signed checkpoints (HMAC with a key derived from the key ring, outside the database) and an anchor
/// file beside the key ring catch both.
/// </summary>
public sealed class AuditAnchoringTests
{
    private static readonly AuditSeal Seal = AuditSeal.FromKeyRing(TestDatabases.Keys);

    /// <summary>Eight entries (8 divisions created), verified once (which writes checkpoint #1 at entry 8), then two more.</summary>
    private static async Task<(string Setting, string Anchor)> CheckpointedAsync(string provider, string name)
    {
        var setting = await TestDatabases.CreateEmptyAsync(provider, name);
        var anchor = Path.Combine(Path.GetTempPath(), "educounty-anchor-" + Guid.NewGuid().ToString("N"));
        await using var db = Database.Open(setting);
        db.Actor = "tester";
        for (var i = 1; i <= 10; i++)
        {
            db.Divisions.Add(new Division { Code = $"65230200{i:D2}", Name = $"乡镇{i}", Level = 4, ParentCode = "652302" });
            await db.SaveChangesAsync();
            if (i == 8)
            {
                Assert.True((await VerifyAudit.HandleAsync(db, Seal, anchor)).Intact);
            }
        }
        return (setting, anchor);
    }

    /// <summary>Recomputes every entry's hash from <paramref name="fromId"/> on, as someone with write access to the database can.</summary>
    private static async Task RehashFromAsync(EduDb db, long fromId)
    {
        var entries = await db.AuditEntries.OrderBy(a => a.Id).ToListAsync();
        string? previous = entries.Where(e => e.Id < fromId).Select(e => e.Hash).LastOrDefault();
        foreach (var e in entries.Where(e => e.Id >= fromId))
        {
            e.PreviousHash = previous;
            e.Hash = EduDb.AuditHash(e);
            previous = e.Hash;
            await db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"PreviousHash\" = {0}, \"Hash\" = {1} WHERE \"Id\" = {2}",
                e.PreviousHash!, e.Hash, e.Id);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Deleting_the_newest_entries_is_found(string provider)
    {
        var (setting, anchor) = await CheckpointedAsync(provider, "anchor-truncate");
        await using var db = Database.Open(setting);
        // Entries 6–10 deleted: the chain alone is intact (what is left still links), the checkpoint at #8 is not.
        await db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditEntries\" WHERE \"Id\" >= 6");
        Assert.True((await VerifyAudit.HandleAsync(db)).Intact);
        var result = await VerifyAudit.HandleAsync(db, Seal, anchor);
        var f = Assert.Single(result.Findings);
        Assert.Equal((8L, "truncated"), (f.Id, f.Kind));
        Assert.Contains("审计条目 #8 已被删除", f.Message, StringComparison.Ordinal);

        // The checkpoints deleted too: the anchor file outside the database still names checkpoint #1.
        await db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditCheckpoints\"");
        var again = await VerifyAudit.HandleAsync(db, Seal, anchor);
        Assert.Contains(again.Findings, x => x.Kind == "checkpoint-deleted" && x.Message.Contains("检查点 #1", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Rewriting_an_entry_and_recomputing_the_later_hashes_is_found(string provider)
    {
        var (setting, anchor) = await CheckpointedAsync(provider, "anchor-rewrite");
        await using var db = Database.Open(setting);
        await db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"Detail\" = '改写' WHERE \"Id\" = 3");
        var rewritten = await db.AuditEntries.AsNoTracking().SingleAsync(a => a.Id == 3);
        rewritten.Detail = "改写";
        await RehashFromAsync(db, 3);
        // The chain recomputes: nothing to see without the checkpoint.
        Assert.True((await VerifyAudit.HandleAsync(db)).Intact);
        var result = await VerifyAudit.HandleAsync(db, Seal, anchor);
        var f = Assert.Single(result.Findings);
        Assert.Equal((8L, "rewritten"), (f.Id, f.Kind));

        // A checkpoint made up to match needs the key: one signed with another key is found forged.
        var forger = AuditSeal.FromKeyRing(EduCounty.Common.Protection.KeyRing.Generate());
        var hash8 = await db.AuditEntries.Where(a => a.Id == 8).Select(a => a.Hash).SingleAsync();
        await db.Database.ExecuteSqlRawAsync("UPDATE \"AuditCheckpoints\" SET \"LastHash\" = {0}, \"Mac\" = {1} WHERE \"Sequence\" = 1",
            hash8, forger.Mac(1, 8, hash8));
        Assert.Contains((await VerifyAudit.HandleAsync(db, Seal, anchor)).Findings, x => x.Kind == "checkpoint-forged");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task An_untouched_chain_with_checkpoints_verifies_and_each_verification_signs_it(string provider)
    {
        var (setting, anchor) = await CheckpointedAsync(provider, "anchor-ok");
        await using var db = Database.Open(setting);
        var result = await VerifyAudit.HandleAsync(db, Seal, anchor);
        Assert.True(result.Intact, string.Join("\n", result.Findings.Select(x => x.Message)));
        var checkpoints = await db.AuditCheckpoints.OrderBy(c => c.Sequence).Select(c => new { c.Sequence, c.LastEntryId }).ToListAsync();
        Assert.Equal([(1L, 8L), (2L, 10L)], checkpoints.Select(c => (c.Sequence, c.LastEntryId)));
        Assert.Equal(2, AuditCheckpoints.ReadAnchor(anchor)!.Sequence);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(OwnerOnlyFiles.FileMode, File.GetUnixFileMode(anchor));
        }
    }
}
