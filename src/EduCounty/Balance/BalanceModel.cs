using EduCounty.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EduCounty.Balance;

internal sealed class BalanceAssessmentConfiguration : IEntityTypeConfiguration<BalanceAssessment>
{
    public void Configure(EntityTypeBuilder<BalanceAssessment> e)
    {
        e.ToTable("BalanceAssessments");
        e.Property(x => x.CountyCode).HasMaxLength(12);
        e.Property(x => x.Code).HasMaxLength(8);
        e.Property(x => x.Evidence).HasMaxLength(2000);
        e.Property(x => x.Attachment).HasMaxLength(260);
        e.Property(x => x.RecordedBy).HasMaxLength(100);
        e.HasIndex(x => new { x.CountyCode, x.Year, x.Code }).IsUnique();
    }
}

internal sealed class SatisfactionSurveyConfiguration : IEntityTypeConfiguration<SatisfactionSurvey>
{
    public void Configure(EntityTypeBuilder<SatisfactionSurvey> e)
    {
        e.ToTable("SatisfactionSurveys");
        e.Property(x => x.CountyCode).HasMaxLength(12);
        e.Property(x => x.Group).HasMaxLength(30);
        e.Property(x => x.Source).HasMaxLength(260);
        e.HasIndex(x => new { x.CountyCode, x.Year, x.Group }).IsUnique();
    }
}

/// <summary>This feature's tables on the one context (docs/adr/0020: a feature owns its sets and configurations).</summary>
public static class BalanceSets
{
    extension(EduDb db)
    {
        public DbSet<BalanceAssessment> BalanceAssessments => db.Set<BalanceAssessment>();
        public DbSet<SatisfactionSurvey> SatisfactionSurveys => db.Set<SatisfactionSurvey>();
    }
}
