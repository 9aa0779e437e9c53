using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EduCounty.Common.Files;

/// <summary>
/// A file kept with one school's record (a hazard's photos and 销号 evidence, a visit's photos, a rectification report's
/// evidence): <see cref="Owner"/> names the record kind and <see cref="OwnerId"/> its id, <see cref="Purpose"/> what the
/// file shows. The metadata row is audited; the bytes live in <see cref="StoredFileContent"/>, out of the audit trail
/// (the SHA-256 here stands for them).
/// </summary>
[SchoolScoped]
public sealed class StoredFile
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    /// <summary>The owning record's kind, e.g. "SafetyHazard", "SupervisionVisit", "SupervisionFinding".</summary>
    public required string Owner { get; set; }
    public int OwnerId { get; set; }
    /// <summary>What the file is (现场照片, 整改证据, 验收材料, 督导意见书…).</summary>
    public required string Purpose { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long SizeBytes { get; set; }
    public required string Sha256 { get; set; }
    public required string UploadedBy { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
    public StoredFileContent? Content { get; set; }

    /// <summary>A new stored file from a checked upload.</summary>
    public static StoredFile From(UploadedFile f, int schoolId, string owner, int ownerId, string purpose, string by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(f);
        return new StoredFile
        {
            SchoolId = schoolId,
            Owner = owner,
            OwnerId = ownerId,
            Purpose = purpose,
            FileName = f.FileName,
            ContentType = f.ContentType,
            SizeBytes = f.Bytes.Length,
            Sha256 = f.Sha256,
            UploadedBy = by,
            UploadedAt = at,
            Content = new StoredFileContent { Bytes = f.Bytes },
        };
    }
}

/// <summary>The bytes of a <see cref="StoredFile"/> (same id).</summary>
[NotAudited("文件字节：被审计的 StoredFile 行记录其 SHA-256")]
public sealed class StoredFileContent
{
    public int Id { get; set; }
    public byte[] Bytes { get; set; } = [];
}

/// <summary>The stored files' sets (docs/adr/0020).</summary>
public static class FileSets
{
    extension(EduDb db)
    {
        public DbSet<StoredFile> StoredFiles => db.Set<StoredFile>();
    }
}

internal sealed class StoredFileConfiguration : IEntityTypeConfiguration<StoredFile>
{
    public void Configure(EntityTypeBuilder<StoredFile> e)
    {
        e.ToTable("StoredFiles");
        e.Property(x => x.Owner).HasMaxLength(40);
        e.Property(x => x.Purpose).HasMaxLength(40);
        e.Property(x => x.FileName).HasMaxLength(200);
        e.Property(x => x.ContentType).HasMaxLength(120);
        e.Property(x => x.Sha256).HasMaxLength(64);
        e.Property(x => x.UploadedBy).HasMaxLength(100);
        e.HasIndex(x => new { x.Owner, x.OwnerId });
        e.HasIndex(x => x.SchoolId);
        e.HasOne(x => x.Content).WithOne().HasForeignKey<StoredFileContent>(x => x.Id).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class StoredFileContentConfiguration : IEntityTypeConfiguration<StoredFileContent>
{
    public void Configure(EntityTypeBuilder<StoredFileContent> e)
    {
        e.ToTable("StoredFileContents");
        e.Property(x => x.Id).ValueGeneratedNever();
    }
}

/// <summary>One unit of work over several saves (a record, then its files keyed by the record's new id).</summary>
public static class Atomically
{
    /// <summary>Runs <paramref name="work"/> in a transaction of its own, or in the caller's when one is open.</summary>
    public static async Task<T> RunAsync<T>(EduDb db, Func<Task<T>> work, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(work);
        if (db.Database.CurrentTransaction is not null)
        {
            return await work();
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var result = await work();
        await tx.CommitAsync(ct);
        return result;
    }
}
