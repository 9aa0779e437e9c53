using EduCounty.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EduCounty.Safety;

/// <summary>校园安全's sets (docs/adr/0020).</summary>
public static class SafetySets
{
    extension(EduDb db)
    {
        public DbSet<SafetyHazard> SafetyHazards => db.Set<SafetyHazard>();
        public DbSet<SafetyInspectionReport> SafetyInspectionReports => db.Set<SafetyInspectionReport>();
        public DbSet<SafetyFacility> SafetyFacilities => db.Set<SafetyFacility>();
    }
}

internal sealed class SafetyHazardConfiguration : IEntityTypeConfiguration<SafetyHazard>
{
    public void Configure(EntityTypeBuilder<SafetyHazard> e)
    {
        e.ToTable("SafetyHazards");
        e.Property(x => x.Location).HasMaxLength(200);
        e.Property(x => x.Category).HasMaxLength(40);
        e.Property(x => x.Description).HasMaxLength(2000);
        e.Property(x => x.FoundBy).HasMaxLength(100);
        e.Property(x => x.InspectionKind).HasMaxLength(40);
        e.Property(x => x.ReportedBy).HasMaxLength(100);
        e.Property(x => x.Grade).HasMaxLength(40);
        e.Property(x => x.RiskLevel).HasMaxLength(40);
        e.Property(x => x.ResponsibleUnit).HasMaxLength(200);
        e.Property(x => x.ResponsiblePerson).HasMaxLength(100);
        e.Property(x => x.Measures).HasMaxLength(4000);
        e.Property(x => x.FundsWan).HasPrecision(12, 2);
        e.Property(x => x.EmergencyPlan).HasMaxLength(4000);
        e.Property(x => x.InterimMeasures).HasMaxLength(4000);
        e.Property(x => x.SupervisingUnit).HasMaxLength(100);
        e.Property(x => x.SupervisionDocument).HasMaxLength(100);
        e.Property(x => x.VerifiedBy).HasMaxLength(100);
        e.Property(x => x.ClosedBy).HasMaxLength(100);
        e.Property(x => x.ClosedAs).HasMaxLength(40);
        e.Property(x => x.Log).HasMaxLength(20000);
        e.HasOne<EduCounty.Registry.School>().WithMany().HasForeignKey(x => x.SchoolId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => new { x.SchoolId, x.State });
        e.HasIndex(x => x.FoundOn);
    }
}

internal sealed class SafetyInspectionReportConfiguration : IEntityTypeConfiguration<SafetyInspectionReport>
{
    public void Configure(EntityTypeBuilder<SafetyInspectionReport> e)
    {
        e.ToTable("SafetyInspectionReports");
        e.Property(x => x.Summary).HasMaxLength(4000);
        e.Property(x => x.SubmittedBy).HasMaxLength(100);
        e.HasOne<EduCounty.Registry.School>().WithMany().HasForeignKey(x => x.SchoolId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => new { x.SchoolId, x.Year, x.Month }).IsUnique();
    }
}

internal sealed class SafetyFacilityConfiguration : IEntityTypeConfiguration<SafetyFacility>
{
    public void Configure(EntityTypeBuilder<SafetyFacility> e)
    {
        e.ToTable("SafetyFacilities");
        e.Property(x => x.Code).HasMaxLength(40);
        e.Property(x => x.Note).HasMaxLength(500);
        e.Property(x => x.RecordedBy).HasMaxLength(100);
        e.HasOne<EduCounty.Registry.School>().WithMany().HasForeignKey(x => x.SchoolId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => new { x.SchoolId, x.Code }).IsUnique();
    }
}
