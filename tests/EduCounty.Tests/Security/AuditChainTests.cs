using EduCounty.Common;
using EduCounty.Common.Audit;
using EduCounty.Registry;
using EduCounty.Security;
using EduCounty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Tests.Security;

public sealed class AuditChainTests
{
    /// <summary>Five changes through EduDb: 3 creates, 1 update, 1 delete → five audit entries, ids 1–5.</summary>
    private static async Task<string> ChangedDatabaseAsync(string provider, string name, TimeProvider? clock = null)
    {
        var setting = await TestDatabases.CreateEmptyAsync(provider, name);
        await using var db = Database.Open(setting);
        if (clock is not null)
        {
            db.Clock = clock;
        }
        db.Actor = "tester";
        foreach (var (code, n) in new[] { ("652302001", "城关镇"), ("652302002", "滋泥泉子镇"), ("652302003", "上户沟乡") })
        {
            db.Divisions.Add(new Division { Code = code, Name = n, Level = 4, ParentCode = "652302" });
            await db.SaveChangesAsync();
        }
        var d = await db.Divisions.SingleAsync(x => x.Code == "652302002");
        d.Name = "滋泥泉子镇（改）";
        await db.SaveChangesAsync();
        db.Divisions.Remove(await db.Divisions.SingleAsync(x => x.Code == "652302003"));
        await db.SaveChangesAsync();
        return setting;
    }

    private static async Task<long[]> IdsAsync(EduDb db) => await db.AuditEntries.OrderBy(a => a.Id).Select(a => a.Id).ToArrayAsync();

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task An_untouched_chain_verifies(string provider)
    {
        await using var db = Database.Open(await ChangedDatabaseAsync(provider, "audit-ok"));
        var result = await VerifyAudit.HandleAsync(db);
        Assert.Equal(5, result.Checked);
        Assert.Empty(result.Findings);
        var actions = await db.AuditEntries.OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
        Assert.Equal(["create", "create", "create", "update", "delete"], actions);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task An_entry_edited_with_sql_is_reported(string provider)
    {
        await using var db = Database.Open(await ChangedDatabaseAsync(provider, "audit-edit"));
        var ids = await IdsAsync(db);
        await db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"UserName\" = 'someone-else' WHERE \"Id\" = {0}", ids[3]);
        var result = await VerifyAudit.HandleAsync(db);
        var f = Assert.Single(result.Findings);
        Assert.Equal((ids[3], "edited"), (f.Id, f.Kind));
        Assert.Contains($"#{ids[3]}", f.Message);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task An_edit_with_a_recomputed_hash_breaks_the_next_link(string provider)
    {
        await using var db = Database.Open(await ChangedDatabaseAsync(provider, "audit-rehash"));
        var ids = await IdsAsync(db);
        var e = await db.AuditEntries.AsNoTracking().SingleAsync(a => a.Id == ids[1]);
        e.Changes = "{}";
        var forgedHash = EduDb.AuditHash(e);
        await db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"Changes\" = {0}, \"Hash\" = {1} WHERE \"Id\" = {2}", "{}", forgedHash, ids[1]);
        var f = Assert.Single((await VerifyAudit.HandleAsync(db)).Findings);
        Assert.Equal((ids[1], "broken"), (f.Id, f.Kind));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_deleted_entry_is_reported(string provider)
    {
        await using var db = Database.Open(await ChangedDatabaseAsync(provider, "audit-delete"));
        var ids = await IdsAsync(db);
        await db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditEntries\" WHERE \"Id\" = {0}", ids[2]);
        var f = Assert.Single((await VerifyAudit.HandleAsync(db)).Findings);
        Assert.Equal("deleted", f.Kind);
        Assert.Contains($"#{ids[2]}", f.Message);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_forged_entry_is_reported(string provider)
    {
        await using var db = Database.Open(await ChangedDatabaseAsync(provider, "audit-forge"));
        var ids = await IdsAsync(db);
        var lastId = ids[^1];
        var last = await db.AuditEntries.AsNoTracking().SingleAsync(a => a.Id == lastId);
        // A forger who knows the format links to the last entry, but cannot hide that the hash is made up.
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO \"AuditEntries\" (\"At\", \"UserName\", \"Action\", \"Entity\", \"EntityId\", \"PreviousHash\", \"Hash\") VALUES ({0}, 'tester', 'delete', 'Division', '652302001', {1}, {2})",
            last.At, last.Hash, new string('a', 64));
        var forgedId = (await IdsAsync(db))[^1];
        var f = Assert.Single((await VerifyAudit.HandleAsync(db)).Findings);
        Assert.Equal((forgedId, "edited"), (f.Id, f.Kind));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task An_entry_slipped_into_the_middle_is_reported_as_inserted(string provider)
    {
        await using var db = Database.Open(await ChangedDatabaseAsync(provider, "audit-insert"));
        var ids = await IdsAsync(db);
        // Make room in the middle: move the last two entries up by 100 (their content and links are unchanged).
        await db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"Id\" = \"Id\" + 100 WHERE \"Id\" >= {0}", ids[3]);
        var previous = await db.AuditEntries.AsNoTracking().SingleAsync(a => a.Id == ids[2]);
        var forged = new AuditEntry { At = previous.At, UserName = "tester", Action = "view", Entity = "Student", EntityId = "1", PreviousHash = previous.Hash, Hash = "" };
        forged.Hash = EduDb.AuditHash(forged);
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO \"AuditEntries\" (\"Id\", \"At\", \"UserName\", \"Action\", \"Entity\", \"EntityId\", \"PreviousHash\", \"Hash\") VALUES ({0}, {1}, 'tester', 'view', 'Student', '1', {2}, {3})",
            ids[2] + 50, forged.At, forged.PreviousHash, forged.Hash);
        var f = Assert.Single((await VerifyAudit.HandleAsync(db)).Findings);
        Assert.Equal((ids[2] + 50, "inserted"), (f.Id, f.Kind));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Purge_keeps_180_days_and_reanchors_the_chain(string provider)
    {
        var clock = new ManualClock(new DateTimeOffset(2025, 1, 1, 8, 0, 0, TimeSpan.Zero));
        var setting = await ChangedDatabaseAsync(provider, "audit-purge", clock);
        await using var db = Database.Open(setting);
        db.Clock = clock;
        db.Actor = "tester";
        await Assert.ThrowsAsync<RuleException>(() => PurgeAudit.HandleAsync(db, new PurgeAudit.Command(179)));
        clock.Advance(TimeSpan.FromDays(200));
        db.Divisions.Add(new Division { Code = "652302004", Name = "九运街镇", Level = 4, ParentCode = "652302" });
        await db.SaveChangesAsync();
        // 2025-01-01 entries are 200 days old: removed with 180 days' retention, kept with 365.
        Assert.Equal(0, (await PurgeAudit.HandleAsync(db, new PurgeAudit.Command(365))).Removed);
        var result = await PurgeAudit.HandleAsync(db, new PurgeAudit.Command(180));
        Assert.Equal(5, result.Removed);
        var verified = await VerifyAudit.HandleAsync(db);
        Assert.Empty(verified.Findings);
        Assert.Equal(2, verified.Checked); // the new change and the purge record
        Assert.Equal(["create", PurgeAudit.Action], await db.AuditEntries.OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_cli_reports_the_edited_entry_and_fails(string provider)
    {
        var setting = await ChangedDatabaseAsync(provider, "audit-cli");
        await using (var db = Database.Open(setting))
        {
            var ids = await IdsAsync(db);
            await db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"Detail\" = 'x' WHERE \"Id\" = {0}", ids[0]);
        }
        var entry = System.Reflection.Assembly.Load("educounty").EntryPoint!;
        var exit = (int)entry.Invoke(null, [new[] { "audit", "verify", "--db", setting }])!;
        Assert.Equal(2, exit);
    }
}

internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
