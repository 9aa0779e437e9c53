using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EduCounty.Common.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace EduCounty.Common;

public abstract partial class EduDb
{
    /// <summary>
    /// Detail written into the audit entries of entity changes saved while it is set (an import writes
    /// "import:&lt;batch id&gt;" so that every change names the import it came from; issue 5 §3).
    /// </summary>
    public string? AuditDetail { get; set; }

    /// <summary>Saving is asynchronous only: the audit chain is appended with async I/O in the same transaction.</summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new NotSupportedException("EduDb 只支持 SaveChangesAsync（审计链在同一事务中异步写入）");

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        ChangeTracker.DetectChanges();
        // A locked 学年 × form refuses every write, whatever the path (issue 22 §4).
        await PeriodGuard.CheckTrackedAsync(this, cancellationToken);
        var audited = ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && EntityConventions.For(e.Metadata.ClrType).Audited)
            .ToList();
        var pending = PendingAudit.Count > 0 || audited.Count > 0;
        // A change to business data bumps the data version in the same transaction (cached evaluations: Caching/).
        var versioned = ChangeTracker.Entries().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
            && EntityConventions.For(e.Metadata.ClrType).Versioned);
        if (!pending && !versioned)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        // The audit rows are written in the same transaction as the change (issue 6 §4).
        var own = Database.CurrentTransaction is null;
        await using var tx = own ? await Database.BeginTransactionAsync(cancellationToken) : null;
        if (versioned)
        {
            MarkDataChanged();
        }
        var added = audited.Where(e => e.State == EntityState.Added).ToList();
        var before = audited.Where(e => e.State != EntityState.Added).Select(e => Describe(e, e.State) with { Detail = AuditDetail }).ToList();
        var addedEntities = added.Select(e => e.Entity).ToList();
        // Added rows get their keys on save, so they are described afterwards (values before accepting).
        var count = await base.SaveChangesAsync(acceptAllChangesOnSuccess: false, cancellationToken);
        var items = before.Concat(addedEntities.Select(en => Describe(Entry(en), EntityState.Added) with { Detail = AuditDetail })).Concat(PendingAudit).ToList();
        PendingAudit.Clear();
        ChangeTracker.AcceptAllChanges();
        await AppendAuditAsync(items, cancellationToken);
        await base.SaveChangesAsync(acceptAllChangesOnSuccess: true, cancellationToken);
        if (tx is not null)
        {
            await tx.CommitAsync(cancellationToken);
        }
        return count;
    }

    /// <summary>Entries (views, exports, sign-ins…) to write with the next save.</summary>
    internal List<AuditItem> PendingAudit { get; } = [];

    /// <summary>Records an action that is not an entity change (a view, an export, a sign-in) and saves it.</summary>
    public async Task AuditAsync(string action, string? entity, string? entityId, string? detail, CancellationToken ct = default)
    {
        PendingAudit.Add(new AuditItem(action, entity, entityId, null, detail));
        await SaveChangesAsync(ct);
    }

    private AuditItem Describe(EntityEntry e, EntityState state)
    {
        var key = string.Join(",", e.Metadata.FindPrimaryKey()!.Properties.Select(p => e.Property(p.Name).CurrentValue?.ToString()));
        var convention = EntityConventions.For(e.Metadata.ClrType);
        var changes = new SortedDictionary<string, object?[]>(StringComparer.Ordinal);
        foreach (var p in e.Properties)
        {
            var name = p.Metadata.Name;
            if (state == EntityState.Modified && !p.IsModified)
            {
                continue;
            }
            // Secrets never, ciphertexts as a mark, personal fields encrypted (issue 13 §2, §7).
            object? Shown(object? v) => convention.Secret.Contains(name) ? "(保密)"
                : convention.Encrypted.Contains(name) ? (v is null ? null : "(已加密)")
                : convention.Personal.Contains(name) ? AuditPersonal.Protect(v, AuditProtector) : v;
            var oldV = state == EntityState.Added ? null : Shown(p.OriginalValue);
            var newV = state == EntityState.Deleted ? null : Shown(p.CurrentValue);
            if (state == EntityState.Modified && (convention.Personal.Contains(name) ? Equals(p.OriginalValue, p.CurrentValue) : Equals(oldV, newV)))
            {
                continue;
            }
            changes[name] = [oldV, newV];
        }
        var action = state switch
        {
            EntityState.Added => "create",
            EntityState.Deleted => "delete",
            _ => "update",
        };
        return new AuditItem(action, e.Metadata.ClrType.Name, key, JsonSerializer.Serialize(changes, AuditJson), null);
    }

    private static readonly JsonSerializerOptions AuditJson = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private async Task AppendAuditAsync(List<AuditItem> items, CancellationToken ct)
    {
        if (IsPostgres)
        {
            // Serialise writers of the hash chain (released at commit).
            await Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(727001)", ct);
        }
        var previous = await AuditEntries.OrderByDescending(a => a.Id).Select(a => a.Hash).FirstOrDefaultAsync(ct);
        // Whole milliseconds in UTC: both providers store them exactly, so the hash recomputes.
        var now = Clock.GetUtcNow();
        now = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        foreach (var item in items)
        {
            var entry = new AuditEntry
            {
                At = now,
                UserName = Actor,
                Action = item.Action,
                Entity = item.Entity,
                EntityId = item.EntityId,
                Changes = item.Changes,
                Detail = item.Detail,
                PreviousHash = previous,
                Hash = "",
            };
            entry.Hash = AuditHash(entry);
            previous = entry.Hash;
            AuditEntries.Add(entry);
        }
    }

    /// <summary>SHA-256 over the previous hash and every field of the entry.</summary>
    public static string AuditHash(AuditEntry e)
    {
        var text = string.Join('\u001f', e.PreviousHash ?? "", e.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ"),
            e.UserName ?? "", e.Action, e.Entity ?? "", e.EntityId ?? "", e.Changes ?? "", e.Detail ?? "");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}

internal sealed record AuditItem(string Action, string? Entity, string? EntityId, string? Changes, string? Detail);
