using EduCounty.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EduCounty.Plan.Evaluation;

internal sealed class PlanYearFreezeConfiguration : IEntityTypeConfiguration<PlanYearFreeze>
{
    public void Configure(EntityTypeBuilder<PlanYearFreeze> e)
    {
        e.ToTable("PlanYearFreezes");
        e.Property(x => x.PlanCode).HasMaxLength(60);
        e.Property(x => x.DivisionCode).HasMaxLength(12);
        e.Property(x => x.FrozenBy).HasMaxLength(100);
        e.Property(x => x.DataVersions).HasMaxLength(500);
        e.HasIndex(x => new { x.PlanCode, x.DivisionCode, x.Year }).IsUnique();
        e.HasMany(x => x.Values).WithOne().HasForeignKey(x => x.FreezeId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FrozenIndicatorValueConfiguration : IEntityTypeConfiguration<FrozenIndicatorValue>
{
    public void Configure(EntityTypeBuilder<FrozenIndicatorValue> e)
    {
        e.ToTable("FrozenIndicatorValues");
        e.Property(x => x.IndicatorCode).HasMaxLength(80);
        e.Property(x => x.Expression).HasMaxLength(500);
        e.Property(x => x.Description).HasMaxLength(1000);
        e.Property(x => x.MissingReason).HasMaxLength(500);
        e.Property(x => x.StatusReason).HasMaxLength(500);
        e.Property(x => x.ProjectionMethod).HasMaxLength(300);
        e.Property(x => x.Numerator).HasPrecision(18, 6);
        e.Property(x => x.Denominator).HasPrecision(18, 6);
        e.Property(x => x.Value).HasPrecision(28, 12);
        e.Property(x => x.RoundedValue).HasPrecision(18, 6);
        e.Property(x => x.PathValue).HasPrecision(18, 6);
        e.Property(x => x.Projection).HasPrecision(18, 6);
        e.HasIndex(x => new { x.FreezeId, x.IndicatorCode }).IsUnique();
    }
}

/// <summary>This feature's tables on the one context (docs/adr/0020: a feature owns its sets and configurations).</summary>
public static class PlanEvaluationSets
{
    extension(EduDb db)
    {
        public DbSet<PlanYearFreeze> PlanYearFreezes => db.Set<PlanYearFreeze>();
        public DbSet<FrozenIndicatorValue> FrozenIndicatorValues => db.Set<FrozenIndicatorValue>();
    }
}
