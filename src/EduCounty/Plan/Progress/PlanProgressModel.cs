using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EduCounty.Plan.Progress;

internal sealed class PlanTaskRecordConfiguration : IEntityTypeConfiguration<PlanTaskRecord>
{
    public void Configure(EntityTypeBuilder<PlanTaskRecord> e)
    {
        e.ToTable("PlanTasks");
        e.Property(x => x.PlanCode).HasMaxLength(60);
        e.Property(x => x.Title).HasMaxLength(200);
        e.Property(x => x.ResponsibleUnits).HasMaxLength(500);
        e.HasIndex(x => new { x.PlanCode, x.Number }).IsUnique();
        e.HasMany(x => x.Milestones).WithOne().HasForeignKey(x => x.TaskId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(x => x.Updates).WithOne().HasForeignKey(x => x.TaskId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(x => x.History).WithOne().HasForeignKey(x => x.TaskId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PlanTaskMilestoneConfiguration : IEntityTypeConfiguration<PlanTaskMilestone>
{
    public void Configure(EntityTypeBuilder<PlanTaskMilestone> e)
    {
        e.ToTable("PlanTaskMilestones");
        e.Property(x => x.Text).HasMaxLength(500);
        e.HasIndex(x => new { x.TaskId, x.Year });
    }
}

internal sealed class PlanProjectRecordConfiguration : IEntityTypeConfiguration<PlanProjectRecord>
{
    public void Configure(EntityTypeBuilder<PlanProjectRecord> e)
    {
        e.ToTable("PlanProjects");
        e.Property(x => x.PlanCode).HasMaxLength(60);
        e.Property(x => x.Code).HasMaxLength(80);
        e.Property(x => x.Name).HasMaxLength(200);
        e.Property(x => x.Schools).HasMaxLength(500);
        e.Property(x => x.AreaM2).HasPrecision(18, 2);
        e.Property(x => x.InvestmentWan).HasPrecision(18, 2);
        e.Property(x => x.SpentWan).HasPrecision(18, 2);
        e.HasIndex(x => new { x.PlanCode, x.Code }).IsUnique();
        e.HasOne<School>().WithMany().HasForeignKey(x => x.SchoolId).OnDelete(DeleteBehavior.SetNull);
        e.HasMany(x => x.Updates).WithOne().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(x => x.History).WithOne().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PlanProgressUpdateConfiguration : IEntityTypeConfiguration<PlanProgressUpdate>
{
    public void Configure(EntityTypeBuilder<PlanProgressUpdate> e)
    {
        e.ToTable("PlanProgressUpdates");
        e.Property(x => x.Author).HasMaxLength(100);
        e.Property(x => x.Text).HasMaxLength(4000);
        e.Property(x => x.SpentWan).HasPrecision(18, 2);
        e.HasMany(x => x.Attachments).WithOne().HasForeignKey(x => x.UpdateId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PlanAttachmentConfiguration : IEntityTypeConfiguration<PlanAttachment>
{
    public void Configure(EntityTypeBuilder<PlanAttachment> e)
    {
        e.ToTable("PlanAttachments");
        e.Property(x => x.FileName).HasMaxLength(200);
        e.Property(x => x.ContentType).HasMaxLength(120);
        e.Property(x => x.Sha256).HasMaxLength(64);
        e.HasOne(x => x.Content).WithOne().HasForeignKey<PlanAttachmentContent>(x => x.Id).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PlanAttachmentContentConfiguration : IEntityTypeConfiguration<PlanAttachmentContent>
{
    public void Configure(EntityTypeBuilder<PlanAttachmentContent> e)
    {
        e.ToTable("PlanAttachmentContents");
        e.Property(x => x.Id).ValueGeneratedNever();
    }
}

internal sealed class IssueLedgerItemConfiguration : IEntityTypeConfiguration<IssueLedgerItem>
{
    public void Configure(EntityTypeBuilder<IssueLedgerItem> e)
    {
        e.ToTable("IssueLedger");
        e.Property(x => x.PlanCode).HasMaxLength(60);
        e.Property(x => x.Problem).HasMaxLength(1000);
        e.Property(x => x.Source).HasMaxLength(30);
        e.Property(x => x.IndicatorCode).HasMaxLength(80);
        e.Property(x => x.ResponsibleUnit).HasMaxLength(200);
        e.Property(x => x.ResponsiblePerson).HasMaxLength(100);
        e.Property(x => x.Measures).HasMaxLength(4000);
        e.Property(x => x.Situation).HasMaxLength(4000);
        e.Property(x => x.ClosedBy).HasMaxLength(100);
        e.HasIndex(x => new { x.PlanCode, x.State });
        e.HasMany(x => x.History).WithOne().HasForeignKey(x => x.IssueId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PlanStateChangeConfiguration : IEntityTypeConfiguration<PlanStateChange>
{
    public void Configure(EntityTypeBuilder<PlanStateChange> e)
    {
        e.ToTable("PlanStateChanges");
        e.Property(x => x.Note).HasMaxLength(1000);
        e.HasIndex(x => new { x.TaskId, x.On });
        e.HasIndex(x => new { x.ProjectId, x.On });
        e.HasIndex(x => new { x.IssueId, x.On });
    }
}

/// <summary>This feature's tables on the one context (docs/adr/0020: a feature owns its sets and configurations).</summary>
public static class PlanProgressSets
{
    extension(EduDb db)
    {
        public DbSet<PlanTaskRecord> PlanTasks => db.Set<PlanTaskRecord>();
        public DbSet<PlanTaskMilestone> PlanTaskMilestones => db.Set<PlanTaskMilestone>();
        public DbSet<PlanProjectRecord> PlanProjects => db.Set<PlanProjectRecord>();
        public DbSet<PlanProgressUpdate> PlanProgressUpdates => db.Set<PlanProgressUpdate>();
        public DbSet<PlanAttachment> PlanAttachments => db.Set<PlanAttachment>();
        public DbSet<PlanAttachmentContent> PlanAttachmentContents => db.Set<PlanAttachmentContent>();
        public DbSet<IssueLedgerItem> IssueLedger => db.Set<IssueLedgerItem>();
        public DbSet<PlanStateChange> PlanStateChanges => db.Set<PlanStateChange>();
    }
}
