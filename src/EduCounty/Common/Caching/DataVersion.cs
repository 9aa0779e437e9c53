using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EduCounty.Common.Caching;

/// <summary>
/// The database's data version: one row, bumped in the same transaction by every write to business data — every
/// <see cref="EduDb.SaveChangesAsync(bool, CancellationToken)"/> that changes an entity not marked
/// <see cref="OutsideDataVersionAttribute"/>, every bulk write (<see cref="BulkWriter"/>: imports, the demo, fitness
/// results), an import's commit and its rollback. Cached results (<see cref="VersionedCache"/>) are keyed by it, so a
/// result is reused exactly until the data under it changes, in this process or any other (the CLI, a second web
/// server) sharing the database — and a standby serves the version that matches its own replayed data.
/// </summary>
[NotAudited("版本计数器：随被审计的写入一同改变")]
[OutsideDataVersion("版本计数器本身")]
public sealed class DataVersion
{
    /// <summary>Always 1.</summary>
    public int Id { get; set; }

    /// <summary>Incremented by every write to business data.</summary>
    public long Version { get; set; }

    /// <summary>The current version (0 when the row is missing).</summary>
    public static Task<long> CurrentAsync(EduDb db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Set<DataVersion>().AsNoTracking().Where(v => v.Id == 1).Select(v => v.Version).FirstOrDefaultAsync(ct);
    }

    /// <summary>Bumps the version (inside the caller's transaction when there is one).</summary>
    public static Task BumpAsync(EduDb db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Database.ExecuteSqlRawAsync("UPDATE \"DataVersions\" SET \"Version\" = \"Version\" + 1 WHERE \"Id\" = 1", ct);
    }
}

internal sealed class DataVersionConfiguration : IEntityTypeConfiguration<DataVersion>
{
    public void Configure(EntityTypeBuilder<DataVersion> e)
    {
        e.ToTable("DataVersions");
        e.Property(x => x.Id).ValueGeneratedNever();
        e.HasData(new DataVersion { Id = 1, Version = 0 });
    }
}
