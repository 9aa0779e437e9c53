using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EduCounty.Fitness;

internal sealed class FitnessTestConfiguration : IEntityTypeConfiguration<FitnessTest>
{
    public void Configure(EntityTypeBuilder<FitnessTest> e)
    {
        e.ToTable("FitnessTests");
        e.Property(x => x.Grade).HasMaxLength(4);
        e.Property(x => x.Provenance).HasMaxLength(400);
        e.Property(x => x.Source).HasMaxLength(200);
        // One 学年 record per student: a re-import of the same student and year updates it.
        e.HasIndex(x => new { x.StudentId, x.Year }).IsUnique();
        e.HasIndex(x => new { x.Year, x.SchoolId, x.Grade });
        e.HasOne<Student>().WithMany().HasForeignKey(x => x.StudentId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<School>().WithMany().HasForeignKey(x => x.SchoolId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class VisionScreeningConfiguration : IEntityTypeConfiguration<VisionScreening>
{
    public void Configure(EntityTypeBuilder<VisionScreening> e)
    {
        e.ToTable("VisionScreenings");
        e.Property(x => x.Grade).HasMaxLength(4);
        e.Property(x => x.Source).HasMaxLength(200);
        e.HasIndex(x => new { x.StudentId, x.Year }).IsUnique();
        e.HasIndex(x => new { x.Year, x.SchoolId, x.Grade });
        e.HasOne<Student>().WithMany().HasForeignKey(x => x.StudentId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<School>().WithMany().HasForeignKey(x => x.SchoolId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>This feature's tables on the one context (docs/adr/0020: a feature owns its sets and configurations).</summary>
public static class FitnessSets
{
    extension(EduDb db)
    {
        public DbSet<FitnessTest> FitnessTests => db.Set<FitnessTest>();
        public DbSet<VisionScreening> VisionScreenings => db.Set<VisionScreening>();
    }
}
