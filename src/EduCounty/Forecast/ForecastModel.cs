using EduCounty.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EduCounty.Forecast;

/// <summary>学位预测's sets (docs/adr/0020): births and the housing pipeline; enrolment history is the Registry's.</summary>
public static class ForecastSets
{
    extension(EduDb db)
    {
        public DbSet<Birth> Births => db.Set<Birth>();
        public DbSet<HousingProject> HousingProjects => db.Set<HousingProject>();
    }
}

internal sealed class BirthConfiguration : IEntityTypeConfiguration<Birth>
{
    public void Configure(EntityTypeBuilder<Birth> e)
    {
        e.ToTable("Births");
        e.Property(x => x.DivisionCode).HasMaxLength(12);
        e.HasIndex(x => new { x.DivisionCode, x.Year, x.Source }).IsUnique();
    }
}

internal sealed class HousingProjectConfiguration : IEntityTypeConfiguration<HousingProject>
{
    public void Configure(EntityTypeBuilder<HousingProject> e)
    {
        e.ToTable("HousingProjects");
        e.Property(x => x.Name).HasMaxLength(100);
        e.Property(x => x.DivisionCode).HasMaxLength(12);
        e.HasOne<Registry.School>().WithMany().HasForeignKey(x => x.SchoolId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => new { x.DivisionCode, x.Name }).IsUnique();
    }
}
