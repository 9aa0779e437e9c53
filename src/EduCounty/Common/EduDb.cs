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
        ArgumentNullException.ThrowIfNull(options);
        // Read from the options, not the context's services: a cache hit must not pay for initialising them.
        DatabaseKey = options.Extensions.OfType<Microsoft.EntityFrameworkCore.Infrastructure.RelationalOptionsExtension>().FirstOrDefault()?.ConnectionString ?? "";
    }

    /// <summary>The connection string this context was configured with: which database a cached result belongs to.</summary>
    public string DatabaseKey { get; }

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

    /// <summary>Business data changed in the current transaction: the data version is bumped when it commits (Caching/DataVersionInterceptor).</summary>
    public bool DataVersionPending { get; internal set; }

    /// <summary>The committing transaction bumped the data version: the process's cached version is dropped after the commit.</summary>
    internal bool DataVersionBumped { get; set; }

    /// <summary>
    /// Records that business data was written outside the change tracker (bulk writes, raw SQL): inside a transaction
    /// the data version is bumped when it commits; outside one, now.
    /// </summary>
    public async Task MarkDataChangedAsync(CancellationToken ct = default)
    {
        if (Database.CurrentTransaction is null)
        {
            await Caching.DataVersion.BumpAsync(this, ct);
            Caching.VersionedCache.Invalidate(DatabaseKey);
        }
        else
        {
            DataVersionPending = true;
        }
    }

    /// <summary>Marks the current transaction as changing business data (SaveChangesAsync always runs in one).</summary>
    internal void MarkDataChanged() => DataVersionPending = true;

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
public sealed class PostgresEduDb(DbContextOptions<PostgresEduDb> options) : EduDb(options)
{
    /// <summary>
    /// Columns marked <see cref="BytewiseText.Mark"/> (the keyed look-up hashes, the grade codes) get PostgreSQL's "C"
    /// collation (docs/adr/0041).
    /// </summary>
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        BytewiseText.Apply(builder);
    }
}
