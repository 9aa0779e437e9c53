using EduCounty.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EduCounty.Imports;

internal sealed class ImportBatchConfiguration : IEntityTypeConfiguration<ImportBatch>
{
    public void Configure(EntityTypeBuilder<ImportBatch> e)
    {
        e.ToTable("ImportBatches");
        e.Property(x => x.Kind).HasMaxLength(20);
        e.Property(x => x.FileName).HasMaxLength(260);
        e.Property(x => x.Sha256).HasMaxLength(64);
        e.Property(x => x.UserName).HasMaxLength(100);
        e.Property(x => x.RolledBackBy).HasMaxLength(100);
        e.Property(x => x.Entity).HasMaxLength(60);
        e.HasIndex(x => x.At);
    }
}

internal sealed class ImportChangeConfiguration : IEntityTypeConfiguration<ImportChange>
{
    public void Configure(EntityTypeBuilder<ImportChange> e)
    {
        e.ToTable("ImportChanges");
        e.Property(x => x.Entity).HasMaxLength(60);
        e.HasIndex(x => x.BatchId);
    }
}

/// <summary>This feature's tables on the one context (docs/adr/0020: a feature owns its sets and configurations).</summary>
public static class ImportSets
{
    extension(EduDb db)
    {
        public DbSet<ImportBatch> ImportBatches => db.Set<ImportBatch>();
        public DbSet<ImportChange> ImportChanges => db.Set<ImportChange>();
    }
}
