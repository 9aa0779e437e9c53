using EduCounty.Imports;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Common;

public abstract partial class EduDb
{
    public DbSet<ImportBatch> ImportBatches => Set<ImportBatch>();
    public DbSet<ImportChange> ImportChanges => Set<ImportChange>();

    /// <summary>
    /// Detail written into the audit entries of entity changes saved while it is set (an import writes
    /// "import:&lt;batch id&gt;" so that every change names the import it came from; issue 5 §3).
    /// </summary>
    public string? AuditDetail { get; set; }

    private static void OnModelCreatingImports(ModelBuilder b)
    {
        b.Entity<ImportBatch>(e =>
        {
            e.Property(x => x.Kind).HasMaxLength(20);
            e.Property(x => x.FileName).HasMaxLength(260);
            e.Property(x => x.Sha256).HasMaxLength(64);
            e.Property(x => x.UserName).HasMaxLength(100);
            e.Property(x => x.RolledBackBy).HasMaxLength(100);
            e.Property(x => x.Entity).HasMaxLength(60);
            e.HasIndex(x => x.At);
        });
        b.Entity<ImportChange>(e =>
        {
            e.Property(x => x.Entity).HasMaxLength(60);
            e.HasIndex(x => x.BatchId);
        });
    }
}
