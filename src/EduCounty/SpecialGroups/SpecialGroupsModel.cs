using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EduCounty.SpecialGroups;

/// <summary>The special groups' sets (docs/adr/0020).</summary>
public static class SpecialGroupsSets
{
    extension(EduDb db)
    {
        public DbSet<HomeTeachingPlan> HomeTeachingPlans => db.Set<HomeTeachingPlan>();
        public DbSet<HomeTeachingVisit> HomeTeachingVisits => db.Set<HomeTeachingVisit>();
        public DbSet<ResourceRoom> ResourceRooms => db.Set<ResourceRoom>();
        public DbSet<LeftBehindCare> LeftBehindCares => db.Set<LeftBehindCare>();
        public DbSet<CareRecord> CareRecords => db.Set<CareRecord>();
        public DbSet<PurchasedPlaces> PurchasedPlaces => db.Set<PurchasedPlaces>();
    }
}

internal sealed class HomeTeachingPlanConfiguration : IEntityTypeConfiguration<HomeTeachingPlan>
{
    public void Configure(EntityTypeBuilder<HomeTeachingPlan> e)
    {
        e.ToTable("HomeTeachingPlans");
        e.Property(x => x.Teacher).HasMaxLength(100);
        e.Property(x => x.PlannedHours).HasPrecision(7, 1);
        e.HasIndex(x => new { x.StudentId, x.Year }).IsUnique();
        e.HasIndex(x => new { x.SchoolId, x.Year });
        e.HasOne<School>().WithMany().HasForeignKey(x => x.SchoolId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Student>().WithMany().HasForeignKey(x => x.StudentId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(x => x.Visits).WithOne().HasForeignKey(x => x.PlanId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class HomeTeachingVisitConfiguration : IEntityTypeConfiguration<HomeTeachingVisit>
{
    public void Configure(EntityTypeBuilder<HomeTeachingVisit> e)
    {
        e.ToTable("HomeTeachingVisits");
        e.Property(x => x.Teacher).HasMaxLength(100);
        e.Property(x => x.RecordedBy).HasMaxLength(100);
        e.Property(x => x.Hours).HasPrecision(5, 1);
        e.HasIndex(x => new { x.PlanId, x.Date });
    }
}

internal sealed class ResourceRoomConfiguration : IEntityTypeConfiguration<ResourceRoom>
{
    public void Configure(EntityTypeBuilder<ResourceRoom> e)
    {
        e.ToTable("ResourceRooms");
        e.Property(x => x.Teacher).HasMaxLength(100);
        e.Property(x => x.Area).HasPrecision(8, 1);
        e.HasIndex(x => x.SchoolId).IsUnique();
        e.HasOne<School>().WithMany().HasForeignKey(x => x.SchoolId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LeftBehindCareConfiguration : IEntityTypeConfiguration<LeftBehindCare>
{
    public void Configure(EntityTypeBuilder<LeftBehindCare> e)
    {
        e.ToTable("LeftBehindCares");
        e.Property(x => x.ContactTeacher).HasMaxLength(100);
        e.HasIndex(x => x.StudentId).IsUnique();
        e.HasIndex(x => x.SchoolId);
        e.HasOne<School>().WithMany().HasForeignKey(x => x.SchoolId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Student>().WithMany().HasForeignKey(x => x.StudentId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(x => x.Records).WithOne().HasForeignKey(x => x.CareId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CareRecordConfiguration : IEntityTypeConfiguration<CareRecord>
{
    public void Configure(EntityTypeBuilder<CareRecord> e)
    {
        e.ToTable("CareRecords");
        e.Property(x => x.Kind).HasMaxLength(20);
        e.Property(x => x.RecordedBy).HasMaxLength(100);
        e.HasIndex(x => new { x.CareId, x.Date });
    }
}

internal sealed class PurchasedPlacesConfiguration : IEntityTypeConfiguration<PurchasedPlaces>
{
    public void Configure(EntityTypeBuilder<PurchasedPlaces> e)
    {
        e.ToTable("PurchasedPlaces");
        e.Property(x => x.Document).HasMaxLength(200);
        e.Property(x => x.RecordedBy).HasMaxLength(100);
        e.HasIndex(x => new { x.SchoolId, x.Year, x.Stage }).IsUnique();
        e.HasIndex(x => x.Year);
        e.HasOne<School>().WithMany().HasForeignKey(x => x.SchoolId).OnDelete(DeleteBehavior.Restrict);
    }
}
