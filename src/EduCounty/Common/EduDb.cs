using EduCounty.Registry;
using EduCounty.Security;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Common;

/// <summary>
/// The one model of EduCounty. Each provider has a subclass with its own migrations
/// (<see cref="SqliteEduDb"/>, <see cref="PostgresEduDb"/>); see docs/adr/0002.
/// </summary>
public abstract partial class EduDb : IdentityDbContext<AppUser>
{
    protected EduDb(DbContextOptions options) : base(options)
    {
    }

    private string? _actor;

    /// <summary>Who is acting (user name), written into audit entries: set explicitly, or read from <see cref="ActorSource"/>.</summary>
    public string? Actor
    {
        get => _actor ?? ActorSource?.Invoke();
        set => _actor = value;
    }

    /// <summary>Reads the acting user when an audit entry is written (hosts set it to the signed-in user).</summary>
    public Func<string?>? ActorSource { get; set; }

    /// <summary>Time source for audit entries (tests replace it).</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    public DbSet<Division> Divisions => Set<Division>();
    public DbSet<EducationGroup> EducationGroups => Set<EducationGroup>();
    public DbSet<School> Schools => Set<School>();
    public DbSet<SchoolAffiliation> SchoolAffiliations => Set<SchoolAffiliation>();
    public DbSet<SchoolClass> Classes => Set<SchoolClass>();
    public DbSet<GradeEnrolment> GradeEnrolments => Set<GradeEnrolment>();
    public DbSet<Facility> Facilities => Set<Facility>();
    public DbSet<Finance> Finances => Set<Finance>();
    public DbSet<Student> Students => Set<Student>();
    public DbSet<StatusChange> StatusChanges => Set<StatusChange>();
    public DbSet<StudentYear> StudentYears => Set<StudentYear>();
    public DbSet<Staff> Staff => Set<Staff>();
    public DbSet<StaffAssignment> StaffAssignments => Set<StaffAssignment>();
    public DbSet<StaffYear> StaffYears => Set<StaffYear>();
    public DbSet<AgePopulation> AgePopulations => Set<AgePopulation>();
    public DbSet<YearlyStatistic> YearlyStatistics => Set<YearlyStatistic>();
    public DbSet<UserScope> UserScopes => Set<UserScope>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public bool IsPostgres => Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        var b = builder;
        OnModelCreatingPlan(b);
        OnModelCreatingPlanLoops(b);
        OnModelCreatingImports(b);
        OnModelCreatingAccounts(b);

        b.Entity<Division>(e =>
        {
            e.HasKey(x => x.Code);
            e.Property(x => x.Code).HasMaxLength(12);
            e.Property(x => x.Name).HasMaxLength(100);
            e.HasIndex(x => x.ParentCode);
        });
        b.Entity<EducationGroup>(e => e.Property(x => x.Name).HasMaxLength(100));
        b.Entity<School>(e =>
        {
            e.Property(x => x.Code).HasMaxLength(10);
            e.HasIndex(x => x.Code).IsUnique();
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.CountyCode).HasMaxLength(12);
            e.Property(x => x.TownshipCode).HasMaxLength(12);
            e.HasIndex(x => x.CountyCode);
            e.HasIndex(x => x.TownshipCode);
            e.HasOne(x => x.ParentSchool).WithMany().HasForeignKey(x => x.ParentSchoolId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(x => x.EducationGroup).WithMany().HasForeignKey(x => x.EducationGroupId).OnDelete(DeleteBehavior.SetNull);
        });
        b.Entity<SchoolAffiliation>(e => e.HasIndex(x => new { x.SchoolId, x.EffectiveFrom }));
        b.Entity<SchoolClass>(e =>
        {
            e.Property(x => x.Grade).HasMaxLength(4);
            e.Property(x => x.Name).HasMaxLength(50);
            e.HasIndex(x => new { x.SchoolId, x.Year, x.Grade, x.Number }).IsUnique();
        });
        b.Entity<GradeEnrolment>(e =>
        {
            e.Property(x => x.Grade).HasMaxLength(4);
            e.HasIndex(x => new { x.SchoolId, x.Year, x.Grade, x.Sex }).IsUnique();
            e.HasIndex(x => x.Year);
        });
        b.Entity<Facility>(e => e.HasIndex(x => new { x.SchoolId, x.Year }).IsUnique());
        b.Entity<Finance>(e => e.HasIndex(x => new { x.SchoolId, x.Year }).IsUnique());
        b.Entity<Student>(e =>
        {
            e.Property(x => x.StudentNumber).HasMaxLength(30);
            e.Property(x => x.StudentNumberHash).HasMaxLength(64);
            e.HasIndex(x => x.StudentNumberHash).IsUnique();
            e.Property(x => x.IdNumberHash).HasMaxLength(64);
            e.HasIndex(x => x.IdNumberHash);
            e.Property(x => x.Name).HasMaxLength(50);
            e.HasIndex(x => x.Name);
            e.Property(x => x.EthnicityCode).HasMaxLength(2);
            e.Property(x => x.Grade).HasMaxLength(4);
            e.HasIndex(x => new { x.SchoolId, x.Grade });
            e.HasOne(x => x.School).WithMany().HasForeignKey(x => x.SchoolId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(x => x.Changes).WithOne().HasForeignKey(x => x.StudentId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<StatusChange>(e =>
        {
            e.Property(x => x.Grade).HasMaxLength(4);
            e.Property(x => x.Reason).HasMaxLength(200);
            e.HasIndex(x => x.StudentId);
        });
        b.Entity<StudentYear>(e =>
        {
            e.Property(x => x.Grade).HasMaxLength(4);
            e.HasIndex(x => new { x.StudentId, x.Year }).IsUnique();
            e.HasIndex(x => new { x.Year, x.SchoolId, x.Grade });
        });
        b.Entity<Staff>(e =>
        {
            e.Property(x => x.StaffNumber).HasMaxLength(30);
            e.HasIndex(x => x.StaffNumber).IsUnique();
            e.Property(x => x.IdNumberHash).HasMaxLength(64);
            e.HasIndex(x => x.IdNumberHash);
            e.Property(x => x.Name).HasMaxLength(50);
            e.Property(x => x.EthnicityCode).HasMaxLength(2);
            e.Property(x => x.Subjects).HasMaxLength(100);
            e.HasIndex(x => x.SchoolId);
            e.HasOne(x => x.School).WithMany().HasForeignKey(x => x.SchoolId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(x => x.Assignments).WithOne().HasForeignKey(x => x.StaffId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<StaffYear>(e =>
        {
            e.Property(x => x.Subjects).HasMaxLength(100);
            e.HasIndex(x => new { x.StaffId, x.Year }).IsUnique();
            e.HasIndex(x => new { x.Year, x.SchoolId });
        });
        b.Entity<AgePopulation>(e =>
        {
            e.Property(x => x.DivisionCode).HasMaxLength(12);
            e.HasIndex(x => new { x.DivisionCode, x.Year, x.Age }).IsUnique();
        });
        b.Entity<YearlyStatistic>(e =>
        {
            e.Property(x => x.DivisionCode).HasMaxLength(12);
            e.Property(x => x.Key).HasMaxLength(60);
            e.HasIndex(x => new { x.DivisionCode, x.Year, x.Key }).IsUnique();
        });
        b.Entity<UserScope>(e => e.HasIndex(x => x.UserId));
        b.Entity<AppUser>(e => e.HasMany(x => x.Scopes).WithOne().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade));
        b.Entity<AuditEntry>(e =>
        {
            e.Property(x => x.Action).HasMaxLength(30);
            e.Property(x => x.Entity).HasMaxLength(60);
            e.Property(x => x.EntityId).HasMaxLength(200);
            e.Property(x => x.UserName).HasMaxLength(100);
            e.Property(x => x.Hash).HasMaxLength(64);
            e.Property(x => x.PreviousHash).HasMaxLength(64);
            e.HasIndex(x => x.At);
        });
        OnModelCreatingBalance(b);
        OnModelCreatingFitness(b);
        OnModelCreatingScope(b);
    }
}

/// <summary>SQLite, the embedded default.</summary>
public sealed class SqliteEduDb(DbContextOptions<SqliteEduDb> options) : EduDb(options);

/// <summary>PostgreSQL, the production database.</summary>
public sealed class PostgresEduDb(DbContextOptions<PostgresEduDb> options) : EduDb(options);
