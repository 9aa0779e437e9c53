using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EduCounty.Supervision;

/// <summary>责任督学 挂牌督导's sets (docs/adr/0020).</summary>
public static class SupervisionSets
{
    extension(EduDb db)
    {
        public DbSet<SchoolSupervisor> SchoolSupervisors => db.Set<SchoolSupervisor>();
        public DbSet<SupervisionVisit> SupervisionVisits => db.Set<SupervisionVisit>();
        public DbSet<SupervisionCheck> SupervisionChecks => db.Set<SupervisionCheck>();
        public DbSet<SupervisionFinding> SupervisionFindings => db.Set<SupervisionFinding>();
        public DbSet<SupervisionCampaign> SupervisionCampaigns => db.Set<SupervisionCampaign>();
        public DbSet<SupervisionCampaignSchool> SupervisionCampaignSchools => db.Set<SupervisionCampaignSchool>();
        public DbSet<VisitDraft> VisitDrafts => db.Set<VisitDraft>();
    }
}

internal sealed class SchoolSupervisorConfiguration : IEntityTypeConfiguration<SchoolSupervisor>
{
    public void Configure(EntityTypeBuilder<SchoolSupervisor> e)
    {
        e.ToTable("SchoolSupervisors");
        e.Property(x => x.UserId).HasMaxLength(450);
        e.Property(x => x.Name).HasMaxLength(50);
        e.Property(x => x.Contact).HasMaxLength(50);
        e.Property(x => x.CertificateNumber).HasMaxLength(50);
        e.HasIndex(x => x.UserId).IsUnique();
    }
}

internal sealed class SupervisionVisitConfiguration : IEntityTypeConfiguration<SupervisionVisit>
{
    public void Configure(EntityTypeBuilder<SupervisionVisit> e)
    {
        e.ToTable("SupervisionVisits");
        e.Property(x => x.SupervisorUserId).HasMaxLength(450);
        e.Property(x => x.SupervisorName).HasMaxLength(50);
        e.Property(x => x.Checklist).HasMaxLength(40);
        e.Property(x => x.Hours).HasPrecision(5, 1);
        e.Property(x => x.Methods).HasMaxLength(200);
        e.Property(x => x.Situation).HasMaxLength(4000);
        e.Property(x => x.Feedback).HasMaxLength(4000);
        e.Property(x => x.NoticeNumber).HasMaxLength(60);
        e.Property(x => x.ClientKey).HasMaxLength(40);
        e.HasIndex(x => x.ClientKey).IsUnique();
        e.HasIndex(x => new { x.SchoolId, x.VisitDate });
        e.HasOne<School>().WithMany().HasForeignKey(x => x.SchoolId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<SupervisionCampaign>().WithMany().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(x => x.Checks).WithOne().HasForeignKey(x => x.VisitId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(x => x.Findings).WithOne().HasForeignKey(x => x.VisitId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SupervisionCheckConfiguration : IEntityTypeConfiguration<SupervisionCheck>
{
    public void Configure(EntityTypeBuilder<SupervisionCheck> e)
    {
        e.ToTable("SupervisionChecks");
        e.Property(x => x.Code).HasMaxLength(20);
        e.Property(x => x.Note).HasMaxLength(1000);
    }
}

internal sealed class SupervisionFindingConfiguration : IEntityTypeConfiguration<SupervisionFinding>
{
    public void Configure(EntityTypeBuilder<SupervisionFinding> e)
    {
        e.ToTable("SupervisionFindings");
        e.Property(x => x.Item).HasMaxLength(20);
        e.Property(x => x.Description).HasMaxLength(2000);
        e.Property(x => x.Grade).HasMaxLength(40);
        e.Property(x => x.Measures).HasMaxLength(4000);
        e.Property(x => x.ReportedBy).HasMaxLength(100);
        e.Property(x => x.ReviewedBy).HasMaxLength(100);
        e.Property(x => x.Log).HasMaxLength(20000);
        e.HasIndex(x => new { x.SchoolId, x.State });
    }
}

internal sealed class SupervisionCampaignConfiguration : IEntityTypeConfiguration<SupervisionCampaign>
{
    public void Configure(EntityTypeBuilder<SupervisionCampaign> e)
    {
        e.ToTable("SupervisionCampaigns");
        e.Property(x => x.Title).HasMaxLength(200);
        e.Property(x => x.Checklist).HasMaxLength(40);
        e.Property(x => x.Description).HasMaxLength(4000);
        e.Property(x => x.CreatedBy).HasMaxLength(100);
        e.HasMany(x => x.Schools).WithOne().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SupervisionCampaignSchoolConfiguration : IEntityTypeConfiguration<SupervisionCampaignSchool>
{
    public void Configure(EntityTypeBuilder<SupervisionCampaignSchool> e)
    {
        e.ToTable("SupervisionCampaignSchools");
        e.HasIndex(x => new { x.CampaignId, x.SchoolId }).IsUnique();
        e.HasOne<School>().WithMany().HasForeignKey(x => x.SchoolId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class VisitDraftConfiguration : IEntityTypeConfiguration<VisitDraft>
{
    public void Configure(EntityTypeBuilder<VisitDraft> e)
    {
        e.ToTable("VisitDrafts");
        e.Property(x => x.UserId).HasMaxLength(450);
        e.Property(x => x.DraftKey).HasMaxLength(40);
        e.Property(x => x.FormJson).HasMaxLength(65536);
        e.HasIndex(x => new { x.UserId, x.DraftKey }).IsUnique();
    }
}
