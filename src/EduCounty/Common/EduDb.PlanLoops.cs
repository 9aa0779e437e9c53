using EduCounty.Plan.Progress;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Common;

public abstract partial class EduDb
{
    public DbSet<PlanTaskRecord> PlanTasks => Set<PlanTaskRecord>();
    public DbSet<PlanTaskMilestone> PlanTaskMilestones => Set<PlanTaskMilestone>();
    public DbSet<PlanProjectRecord> PlanProjects => Set<PlanProjectRecord>();
    public DbSet<PlanProgressUpdate> PlanProgressUpdates => Set<PlanProgressUpdate>();
    public DbSet<PlanAttachment> PlanAttachments => Set<PlanAttachment>();
    public DbSet<PlanAttachmentContent> PlanAttachmentContents => Set<PlanAttachmentContent>();
    public DbSet<IssueLedgerItem> IssueLedger => Set<IssueLedgerItem>();

    private static void OnModelCreatingPlanLoops(ModelBuilder b)
    {
        b.Entity<PlanTaskRecord>(e =>
        {
            e.Property(x => x.PlanCode).HasMaxLength(60);
            e.Property(x => x.Title).HasMaxLength(200);
            e.Property(x => x.ResponsibleUnits).HasMaxLength(500);
            e.HasIndex(x => new { x.PlanCode, x.Number }).IsUnique();
            e.HasMany(x => x.Milestones).WithOne().HasForeignKey(x => x.TaskId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.Updates).WithOne().HasForeignKey(x => x.TaskId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<PlanTaskMilestone>(e =>
        {
            e.Property(x => x.Text).HasMaxLength(500);
            e.HasIndex(x => new { x.TaskId, x.Year });
        });
        b.Entity<PlanProjectRecord>(e =>
        {
            e.Property(x => x.PlanCode).HasMaxLength(60);
            e.Property(x => x.Code).HasMaxLength(80);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Schools).HasMaxLength(500);
            e.Property(x => x.AreaM2).HasPrecision(18, 2);
            e.Property(x => x.InvestmentWan).HasPrecision(18, 2);
            e.Property(x => x.SpentWan).HasPrecision(18, 2);
            e.HasIndex(x => new { x.PlanCode, x.Code }).IsUnique();
            e.HasOne<Registry.School>().WithMany().HasForeignKey(x => x.SchoolId).OnDelete(DeleteBehavior.SetNull);
            e.HasMany(x => x.Updates).WithOne().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<PlanProgressUpdate>(e =>
        {
            e.Property(x => x.Author).HasMaxLength(100);
            e.Property(x => x.Text).HasMaxLength(4000);
            e.Property(x => x.SpentWan).HasPrecision(18, 2);
            e.HasMany(x => x.Attachments).WithOne().HasForeignKey(x => x.UpdateId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<PlanAttachment>(e =>
        {
            e.Property(x => x.FileName).HasMaxLength(200);
            e.Property(x => x.ContentType).HasMaxLength(120);
            e.Property(x => x.Sha256).HasMaxLength(64);
            e.HasOne(x => x.Content).WithOne().HasForeignKey<PlanAttachmentContent>(x => x.Id).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<PlanAttachmentContent>(e => e.Property(x => x.Id).ValueGeneratedNever());
        b.Entity<IssueLedgerItem>(e =>
        {
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
        });
    }
}
