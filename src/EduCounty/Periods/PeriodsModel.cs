using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EduCounty.Periods;

public static class PeriodSets
{
    extension(EduDb db)
    {
        public DbSet<ReportingPeriod> ReportingPeriods => db.Set<ReportingPeriod>();
        public DbSet<PeriodEvent> PeriodEvents => db.Set<PeriodEvent>();
        public DbSet<PeriodSubmission> PeriodSubmissions => db.Set<PeriodSubmission>();
        public DbSet<SubmissionStep> SubmissionSteps => db.Set<SubmissionStep>();
    }
}

internal sealed class ReportingPeriodConfiguration : IEntityTypeConfiguration<ReportingPeriod>
{
    public void Configure(EntityTypeBuilder<ReportingPeriod> e)
    {
        e.ToTable("ReportingPeriods");
        e.Property(x => x.Form).HasMaxLength(32);
        e.Property(x => x.OpenedBy).HasMaxLength(100);
        e.Property(x => x.LockedBy).HasMaxLength(100);
        e.HasIndex(x => new { x.Year, x.Form }).IsUnique();
        e.HasMany(x => x.Events).WithOne().HasForeignKey(x => x.PeriodId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PeriodEventConfiguration : IEntityTypeConfiguration<PeriodEvent>
{
    public void Configure(EntityTypeBuilder<PeriodEvent> e)
    {
        e.ToTable("PeriodEvents");
        e.Property(x => x.Action).HasMaxLength(16);
        e.Property(x => x.Actor).HasMaxLength(100);
        e.Property(x => x.Reason).HasMaxLength(500);
    }
}

internal sealed class PeriodSubmissionConfiguration : IEntityTypeConfiguration<PeriodSubmission>
{
    public void Configure(EntityTypeBuilder<PeriodSubmission> e)
    {
        e.ToTable("PeriodSubmissions");
        e.HasIndex(x => new { x.PeriodId, x.SchoolId }).IsUnique();
        e.HasOne<ReportingPeriod>().WithMany().HasForeignKey(x => x.PeriodId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<School>().WithMany().HasForeignKey(x => x.SchoolId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(x => x.Steps).WithOne().HasForeignKey(x => x.SubmissionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SubmissionStepConfiguration : IEntityTypeConfiguration<SubmissionStep>
{
    public void Configure(EntityTypeBuilder<SubmissionStep> e)
    {
        e.ToTable("SubmissionSteps");
        e.Property(x => x.Actor).HasMaxLength(100);
        e.Property(x => x.Comment).HasMaxLength(1000);
        e.Property(x => x.FieldComments).HasMaxLength(8000);
    }
}
