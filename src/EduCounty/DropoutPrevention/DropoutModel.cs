using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EduCounty.DropoutPrevention;

/// <summary>控辍保学's sets (docs/adr/0020).</summary>
public static class DropoutSets
{
    extension(EduDb db)
    {
        public DbSet<DropoutCase> DropoutCases => db.Set<DropoutCase>();
        public DbSet<PersuasionStep> PersuasionSteps => db.Set<PersuasionStep>();
    }
}

internal sealed class DropoutCaseConfiguration : IEntityTypeConfiguration<DropoutCase>
{
    public void Configure(EntityTypeBuilder<DropoutCase> e)
    {
        e.ToTable("DropoutCases");
        e.Property(x => x.Grade).HasMaxLength(4);
        e.Property(x => x.Causes).HasMaxLength(200);
        e.Property(x => x.SchoolResponsible).HasMaxLength(100);
        e.Property(x => x.TownshipResponsible).HasMaxLength(100);
        e.Property(x => x.VillageResponsible).HasMaxLength(100);
        e.Property(x => x.ClosedBy).HasMaxLength(100);
        e.Property(x => x.ClosureEvidence).HasMaxLength(2000);
        e.HasIndex(x => x.StatusChangeId).IsUnique();
        e.HasIndex(x => new { x.SchoolId, x.LeftOn });
        e.HasOne<School>().WithMany().HasForeignKey(x => x.SchoolId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Student>().WithMany().HasForeignKey(x => x.StudentId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<StatusChange>().WithMany().HasForeignKey(x => x.StatusChangeId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(x => x.Steps).WithOne().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PersuasionStepConfiguration : IEntityTypeConfiguration<PersuasionStep>
{
    public void Configure(EntityTypeBuilder<PersuasionStep> e)
    {
        e.ToTable("PersuasionSteps");
        e.Property(x => x.Method).HasMaxLength(20);
        e.Property(x => x.Participants).HasMaxLength(200);
        e.Property(x => x.Result).HasMaxLength(1000);
        e.Property(x => x.Evidence).HasMaxLength(2000);
        e.Property(x => x.RecordedBy).HasMaxLength(100);
        e.HasIndex(x => new { x.CaseId, x.Date });
    }
}
