using EduCounty.Common.Audit;
using EduCounty.Common.Identity;
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

    /// <summary>Time source for audit entries and "数据截至" (tests replace it); its local zone is the configured one (<see cref="LocalTime"/>).</summary>
    public TimeProvider Clock { get; set; } = LocalTime.Clock;

    public DbSet<UserScope> UserScopes => Set<UserScope>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<AuditCheckpoint> AuditCheckpoints => Set<AuditCheckpoint>();

    /// <summary>
    /// Encrypts the [Personal] fields written into audit entries (issue 13 §7); hosts set it from the key ring. Without
    /// it those fields are written as "(个人信息)" only — never in clear.
    /// </summary>
    public Protection.PersonalDataProtector? AuditProtector { get; set; }

    public bool IsPostgres => Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true;

    /// <summary>
    /// The model is not listed here: every feature folder owns its entities and their
    /// <see cref="IEntityTypeConfiguration{TEntity}"/>s, found in this assembly; school scope, audit and encryption
    /// follow from the entities' markers (<see cref="EntityConventions"/>; docs/adr/0020).
    /// </summary>
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(EduDb).Assembly);
        ApplySchoolScope(builder);
    }
}

/// <summary>SQLite, the embedded default.</summary>
public sealed class SqliteEduDb(DbContextOptions<SqliteEduDb> options) : EduDb(options);

/// <summary>PostgreSQL, the production database.</summary>
public sealed class PostgresEduDb(DbContextOptions<PostgresEduDb> options) : EduDb(options);
