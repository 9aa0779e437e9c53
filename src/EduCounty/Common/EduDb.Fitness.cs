using EduCounty.Fitness;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Common;

public abstract partial class EduDb
{
    public DbSet<FitnessTest> FitnessTests => Set<FitnessTest>();
    public DbSet<VisionScreening> VisionScreenings => Set<VisionScreening>();

    private static void OnModelCreatingFitness(ModelBuilder b)
    {
        b.Entity<FitnessTest>(e =>
        {
            e.Property(x => x.Grade).HasMaxLength(4);
            e.Property(x => x.Provenance).HasMaxLength(400);
            e.Property(x => x.Source).HasMaxLength(200);
            // One 学年 record per student: a re-import of the same student and year updates it.
            e.HasIndex(x => new { x.StudentId, x.Year }).IsUnique();
            e.HasIndex(x => new { x.Year, x.SchoolId, x.Grade });
            e.HasOne<Registry.Student>().WithMany().HasForeignKey(x => x.StudentId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Registry.School>().WithMany().HasForeignKey(x => x.SchoolId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<VisionScreening>(e =>
        {
            e.Property(x => x.Grade).HasMaxLength(4);
            e.Property(x => x.Source).HasMaxLength(200);
            e.HasIndex(x => new { x.StudentId, x.Year }).IsUnique();
            e.HasIndex(x => new { x.Year, x.SchoolId, x.Grade });
            e.HasOne<Registry.Student>().WithMany().HasForeignKey(x => x.StudentId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Registry.School>().WithMany().HasForeignKey(x => x.SchoolId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
