using EduCounty.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EduCounty.Registry;

internal sealed class DivisionConfiguration : IEntityTypeConfiguration<Division>
{
    public void Configure(EntityTypeBuilder<Division> e)
    {
        e.ToTable("Divisions");
        e.Property(x => x.Code).HasMaxLength(12);
        e.HasIndex(x => x.Code).IsUnique();
        e.Property(x => x.Name).HasMaxLength(100);
        e.HasIndex(x => x.ParentCode);
    }
}

internal sealed class EducationGroupConfiguration : IEntityTypeConfiguration<EducationGroup>
{
    public void Configure(EntityTypeBuilder<EducationGroup> e)
    {
        e.ToTable("EducationGroups");
        e.Property(x => x.Name).HasMaxLength(100);
    }
}

internal sealed class SchoolConfiguration : IEntityTypeConfiguration<School>
{
    public void Configure(EntityTypeBuilder<School> e)
    {
        e.ToTable("Schools");
        e.Property(x => x.Code).HasMaxLength(10);
        e.HasIndex(x => x.Code).IsUnique();
        e.Property(x => x.Name).HasMaxLength(100);
        e.Property(x => x.CountyCode).HasMaxLength(12);
        e.Property(x => x.TownshipCode).HasMaxLength(12);
        e.HasIndex(x => x.CountyCode);
        e.HasIndex(x => x.TownshipCode);
        e.HasOne(x => x.ParentSchool).WithMany().HasForeignKey(x => x.ParentSchoolId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne(x => x.EducationGroup).WithMany().HasForeignKey(x => x.EducationGroupId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class SchoolAffiliationConfiguration : IEntityTypeConfiguration<SchoolAffiliation>
{
    public void Configure(EntityTypeBuilder<SchoolAffiliation> e)
    {
        e.ToTable("SchoolAffiliations");
        e.HasIndex(x => new { x.SchoolId, x.EffectiveFrom });
    }
}

internal sealed class SchoolClassConfiguration : IEntityTypeConfiguration<SchoolClass>
{
    public void Configure(EntityTypeBuilder<SchoolClass> e)
    {
        e.ToTable("Classes");
        e.Property(x => x.Grade).HasMaxLength(4);
        e.Property(x => x.Name).HasMaxLength(50);
        e.HasIndex(x => new { x.SchoolId, x.Year, x.Grade, x.Number }).IsUnique();
    }
}

internal sealed class GradeEnrolmentConfiguration : IEntityTypeConfiguration<GradeEnrolment>
{
    public void Configure(EntityTypeBuilder<GradeEnrolment> e)
    {
        e.ToTable("GradeEnrolments");
        e.Property(x => x.Grade).HasMaxLength(4);
        e.HasIndex(x => new { x.SchoolId, x.Year, x.Grade, x.Sex }).IsUnique();
        e.HasIndex(x => x.Year);
    }
}

internal sealed class FacilityConfiguration : IEntityTypeConfiguration<Facility>
{
    public void Configure(EntityTypeBuilder<Facility> e)
    {
        e.ToTable("Facilities");
        e.HasIndex(x => new { x.SchoolId, x.Year }).IsUnique();
    }
}

internal sealed class FinanceConfiguration : IEntityTypeConfiguration<Finance>
{
    public void Configure(EntityTypeBuilder<Finance> e)
    {
        e.ToTable("Finances");
        e.HasIndex(x => new { x.SchoolId, x.Year }).IsUnique();
    }
}

internal sealed class StudentConfiguration : IEntityTypeConfiguration<Student>
{
    public void Configure(EntityTypeBuilder<Student> e)
    {
        e.ToTable("Students");
        e.Property(x => x.StudentNumber).HasMaxLength(30);
        BytewiseText.Mark(e.Property(x => x.StudentNumberHash).HasMaxLength(64));
        e.HasIndex(x => x.StudentNumberHash).IsUnique();
        BytewiseText.Mark(e.Property(x => x.IdNumberHash).HasMaxLength(64));
        e.HasIndex(x => x.IdNumberHash);
        // No index on the name: the search matches a part of it (LIKE '%…%'), which no B-tree serves, and the index cost
        // every write and a bulk load's rebuild (issue 20 §6).
        e.Property(x => x.Name).HasMaxLength(50);
        e.Property(x => x.EthnicityCode).HasMaxLength(2);
        BytewiseText.Mark(e.Property(x => x.Grade).HasMaxLength(4));
        e.HasIndex(x => new { x.SchoolId, x.Grade });
        // The students with a disability (about 0.5 %): the 残疾儿童 elements and items read them through this partial
        // index on the flag instead of scanning every student of the database (issue 20: 229 ms → 0.5 ms on the demo
        // county). A bare column test, as both providers write `WHERE "s"."Disabled"` for the query's s.Disabled. With
        // the birth date (the age-range elements read it) the statement reads this index alone, not the students' rows
        // (in a province database those rows are spread over every county's pages).
        e.HasIndex(x => new { x.Id, x.BirthDate }, "IX_Students_Disabled").HasFilter("\"Disabled\"");
        e.HasOne(x => x.School).WithMany().HasForeignKey(x => x.SchoolId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(x => x.Changes).WithOne().HasForeignKey(x => x.StudentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class StatusChangeConfiguration : IEntityTypeConfiguration<StatusChange>
{
    public void Configure(EntityTypeBuilder<StatusChange> e)
    {
        e.ToTable("StatusChanges");
        e.Property(x => x.Grade).HasMaxLength(4);
        e.Property(x => x.Reason).HasMaxLength(200);
        e.HasIndex(x => x.StudentId);
    }
}

internal sealed class StudentYearConfiguration : IEntityTypeConfiguration<StudentYear>
{
    public void Configure(EntityTypeBuilder<StudentYear> e)
    {
        e.ToTable("StudentYears");
        BytewiseText.Mark(e.Property(x => x.Grade).HasMaxLength(4));
        e.HasIndex(x => new { x.StudentId, x.Year }).IsUnique();
        e.HasIndex(x => new { x.Year, x.SchoolId, x.Grade });
        // A unit's yearly places by its schools first (issue 20 item 3: no statement's cost grows with the size of other
        // counties' data): the students-with-a-disability statement of one county in a province database walks this
        // covering index from the county's schools (index-only) and joins the partial IX_Students_Disabled, instead of
        // a scan of every StudentYears row (24-county database: 318 → 11.5 ms). On a one-county database the planner
        // keeps the disabled-first path (statistics refreshed by the migration that added it).
        e.HasIndex(x => new { x.SchoolId, x.Year, x.Grade, x.StudentId });
    }
}

internal sealed class StaffConfiguration : IEntityTypeConfiguration<Staff>
{
    public void Configure(EntityTypeBuilder<Staff> e)
    {
        e.ToTable("Staff");
        e.Property(x => x.StaffNumber).HasMaxLength(30);
        e.HasIndex(x => x.StaffNumber).IsUnique();
        BytewiseText.Mark(e.Property(x => x.IdNumberHash).HasMaxLength(64));
        e.HasIndex(x => x.IdNumberHash);
        e.Property(x => x.Name).HasMaxLength(50);
        e.Property(x => x.EthnicityCode).HasMaxLength(2);
        e.Property(x => x.Subjects).HasMaxLength(100);
        e.HasIndex(x => x.SchoolId);
        e.HasOne(x => x.School).WithMany().HasForeignKey(x => x.SchoolId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(x => x.Assignments).WithOne().HasForeignKey(x => x.StaffId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class StaffAssignmentConfiguration : IEntityTypeConfiguration<StaffAssignment>
{
    public void Configure(EntityTypeBuilder<StaffAssignment> e) => e.ToTable("StaffAssignments");
}

internal sealed class StaffYearConfiguration : IEntityTypeConfiguration<StaffYear>
{
    public void Configure(EntityTypeBuilder<StaffYear> e)
    {
        e.ToTable("StaffYears");
        e.Property(x => x.Subjects).HasMaxLength(100);
        e.HasIndex(x => new { x.StaffId, x.Year }).IsUnique();
        e.HasIndex(x => new { x.Year, x.SchoolId });
        // A county's staff rows through its schools, whatever the size of the other counties (issue 20); covering the
        // columns the 教职工 data element groups by, in its order, so that the county evaluation reads the index alone
        // and groups without a sort (StaffSource).
        e.HasIndex(x => new { x.SchoolId, x.Year, x.PostType, x.Establishment, x.StageTaught, x.DualQualified, x.MandarinMeetsStandard, x.KeyTeacherLevel, x.Subjects })
            .HasDatabaseName("IX_StaffYears_SchoolId_Year_Grouping");
    }
}

internal sealed class AgePopulationConfiguration : IEntityTypeConfiguration<AgePopulation>
{
    public void Configure(EntityTypeBuilder<AgePopulation> e)
    {
        e.ToTable("AgePopulations");
        e.Property(x => x.DivisionCode).HasMaxLength(12);
        e.HasIndex(x => new { x.DivisionCode, x.Year, x.Age }).IsUnique();
    }
}

internal sealed class YearlyStatisticConfiguration : IEntityTypeConfiguration<YearlyStatistic>
{
    public void Configure(EntityTypeBuilder<YearlyStatistic> e)
    {
        e.ToTable("YearlyStatistics");
        e.Property(x => x.DivisionCode).HasMaxLength(12);
        e.Property(x => x.Key).HasMaxLength(60);
        e.HasIndex(x => new { x.DivisionCode, x.Year, x.Key }).IsUnique();
    }
}

/// <summary>The registry's tables on the one context (docs/adr/0020: a feature owns its sets and configurations).</summary>
public static class RegistrySets
{
    extension(EduDb db)
    {
        public DbSet<Division> Divisions => db.Set<Division>();
        public DbSet<EducationGroup> EducationGroups => db.Set<EducationGroup>();
        public DbSet<School> Schools => db.Set<School>();
        public DbSet<SchoolAffiliation> SchoolAffiliations => db.Set<SchoolAffiliation>();
        public DbSet<SchoolClass> Classes => db.Set<SchoolClass>();
        public DbSet<GradeEnrolment> GradeEnrolments => db.Set<GradeEnrolment>();
        public DbSet<Facility> Facilities => db.Set<Facility>();
        public DbSet<Finance> Finances => db.Set<Finance>();
        public DbSet<Student> Students => db.Set<Student>();
        public DbSet<StatusChange> StatusChanges => db.Set<StatusChange>();
        public DbSet<StudentYear> StudentYears => db.Set<StudentYear>();
        public DbSet<Staff> Staff => db.Set<Staff>();
        public DbSet<StaffAssignment> StaffAssignments => db.Set<StaffAssignment>();
        public DbSet<StaffYear> StaffYears => db.Set<StaffYear>();
        public DbSet<AgePopulation> AgePopulations => db.Set<AgePopulation>();
        public DbSet<YearlyStatistic> YearlyStatistics => db.Set<YearlyStatistic>();
    }
}
