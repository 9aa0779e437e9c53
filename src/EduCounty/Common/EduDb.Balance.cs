using EduCounty.Balance;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Common;

public abstract partial class EduDb
{
    public DbSet<BalanceAssessment> BalanceAssessments => Set<BalanceAssessment>();
    public DbSet<SatisfactionSurvey> SatisfactionSurveys => Set<SatisfactionSurvey>();

    private static void OnModelCreatingBalance(ModelBuilder b)
    {
        b.Entity<BalanceAssessment>(e =>
        {
            e.Property(x => x.CountyCode).HasMaxLength(12);
            e.Property(x => x.Code).HasMaxLength(8);
            e.Property(x => x.Evidence).HasMaxLength(2000);
            e.Property(x => x.Attachment).HasMaxLength(260);
            e.Property(x => x.RecordedBy).HasMaxLength(100);
            e.HasIndex(x => new { x.CountyCode, x.Year, x.Code }).IsUnique();
        });
        b.Entity<SatisfactionSurvey>(e =>
        {
            e.Property(x => x.CountyCode).HasMaxLength(12);
            e.Property(x => x.Group).HasMaxLength(30);
            e.Property(x => x.Source).HasMaxLength(260);
            e.HasIndex(x => new { x.CountyCode, x.Year, x.Group }).IsUnique();
        });
    }
}
