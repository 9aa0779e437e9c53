using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EduCounty.StudentAid;

/// <summary>学生资助's sets (docs/adr/0020).</summary>
public static class AidSets
{
    extension(EduDb db)
    {
        public DbSet<HardshipAssessment> HardshipAssessments => db.Set<HardshipAssessment>();
        public DbSet<AidApplication> AidApplications => db.Set<AidApplication>();
        public DbSet<AidFunding> AidFundings => db.Set<AidFunding>();
        public DbSet<AidPublicNotice> AidPublicNotices => db.Set<AidPublicNotice>();
    }
}

internal sealed class HardshipAssessmentConfiguration : IEntityTypeConfiguration<HardshipAssessment>
{
    public void Configure(EntityTypeBuilder<HardshipAssessment> e)
    {
        e.ToTable("HardshipAssessments");
        e.Property(x => x.AssessedBy).HasMaxLength(100);
        e.HasIndex(x => new { x.StudentId, x.Year }).IsUnique();
        e.HasIndex(x => new { x.SchoolId, x.Year });
        e.HasOne<School>().WithMany().HasForeignKey(x => x.SchoolId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Student>().WithMany().HasForeignKey(x => x.StudentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AidApplicationConfiguration : IEntityTypeConfiguration<AidApplication>
{
    public void Configure(EntityTypeBuilder<AidApplication> e)
    {
        e.ToTable("AidApplications");
        e.Ignore(x => x.Number);
        e.Property(x => x.Grade).HasMaxLength(4);
        e.Property(x => x.Programme).HasMaxLength(40);
        e.Property(x => x.StackGroup).HasMaxLength(40);
        e.Property(x => x.Amount).HasPrecision(12, 2);
        e.Property(x => x.PaidAmount).HasPrecision(12, 2);
        e.Property(x => x.SubmittedBy).HasMaxLength(100);
        e.Property(x => x.SchoolReviewedBy).HasMaxLength(100);
        e.Property(x => x.ApprovedBy).HasMaxLength(100);
        e.Property(x => x.PaidBy).HasMaxLength(100);
        e.Property(x => x.PaidVia).HasMaxLength(20);
        e.Property(x => x.RejectReason).HasMaxLength(500);
        e.HasIndex(x => new { x.StudentId, x.Programme, x.Year, x.Term }).IsUnique();
        e.HasIndex(x => new { x.Year, x.Programme, x.Status });
        e.HasIndex(x => new { x.SchoolId, x.Year });
        e.HasOne<School>().WithMany().HasForeignKey(x => x.SchoolId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Student>().WithMany().HasForeignKey(x => x.StudentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AidFundingConfiguration : IEntityTypeConfiguration<AidFunding>
{
    public void Configure(EntityTypeBuilder<AidFunding> e)
    {
        e.ToTable("AidFundings");
        e.Property(x => x.Programme).HasMaxLength(40);
        e.Property(x => x.ReceivedWan).HasPrecision(14, 4);
        e.Property(x => x.Document).HasMaxLength(200);
        e.Property(x => x.RecordedBy).HasMaxLength(100);
        e.HasIndex(x => new { x.Programme, x.Year, x.Term }).IsUnique();
    }
}

internal sealed class AidPublicNoticeConfiguration : IEntityTypeConfiguration<AidPublicNotice>
{
    public void Configure(EntityTypeBuilder<AidPublicNotice> e)
    {
        e.ToTable("AidPublicNotices");
        e.Property(x => x.Programme).HasMaxLength(40);
        e.Property(x => x.CreatedBy).HasMaxLength(100);
        e.Property(x => x.WithdrawnBy).HasMaxLength(100);
        e.HasIndex(x => new { x.Programme, x.Year, x.Term, x.SchoolId });
        e.HasIndex(x => new { x.SchoolId, x.Year });
        e.HasOne<School>().WithMany().HasForeignKey(x => x.SchoolId).OnDelete(DeleteBehavior.Restrict);
    }
}
