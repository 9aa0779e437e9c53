using EduCounty.Common;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Web.Infrastructure;

/// <summary>Creates <see cref="EduDb"/> instances for the configured provider (SQLite default, PostgreSQL by "Host=").</summary>
public sealed class EduDbFactory(IServiceProvider services, CurrentUser user)
{
    /// <summary>The request's/circuit's context: audit actor and school scope read from the signed-in user.</summary>
    public EduDb Create()
    {
        var db = Raw();
        // Read at write time: the context may be created during authentication, before the user is known.
        db.ActorSource = () => user.Name;
        // Read at query time for the same reason; nobody signed in = no school (deny by default).
        db.SchoolScopeSource = user.SchoolScope;
        return db;
    }

    /// <summary>A context without a school scope: start-up, demo seeding, computing a user's scope, the audit trail.</summary>
    public EduDb CreateUnrestricted()
    {
        var db = Raw();
        db.ActorSource = () => user.Name;
        db.SchoolScope = null;
        return db;
    }

    /// <summary>
    /// A context for pages and downloads that only read (dashboards, lists, reports): on the read database when
    /// <c>EduCounty:ReadDatabase</c> / <c>EDUCOUNTY_READ_DB</c> names one — a PostgreSQL standby through an Npgsql
    /// multi-host connection string, e.g. <c>Host=standby:5432,primary:5432;Target Session Attributes=prefer-standby</c>
    /// (docs/adr/0028) — else the same database as <see cref="Create"/>. Never write through it: a standby refuses.
    /// </summary>
    public EduDb CreateReader()
    {
        if (services.GetRequiredService<ReadDatabase>().Options is not { } options) return Create();
        var db = ReadContext(options);
        // The same school scope as Create: cached results are keyed by it (EduCounty.Common.Caching).
        db.SchoolScopeSource = user.SchoolScope;
        return db;
    }

    /// <summary>
    /// An unrestricted context on the read database (the main one when none is configured): what
    /// <see cref="CreateUnrestricted"/> reads — sessions, the security policy, a user's scope — when the main database
    /// is down (<see cref="PrimaryFallback"/>). Read only.
    /// </summary>
    public EduDb CreateUnrestrictedReader()
    {
        if (services.GetRequiredService<ReadDatabase>().Options is not { } options) return CreateUnrestricted();
        var db = ReadContext(options);
        db.SchoolScope = null;
        return db;
    }

    /// <summary>A context on the read database with the actor, clock and audit key of <see cref="Create"/>; the caller sets the scope.</summary>
    private PostgresEduDb ReadContext(DbContextOptions<PostgresEduDb> options) => new(options)
    {
        ActorSource = () => user.Name,
        Clock = services.GetRequiredService<TimeProvider>(),
        AuditProtector = services.GetRequiredService<EduCounty.Common.Protection.PersonalDataProtector>(),
    };

    private EduDb Raw()
    {
        EduDb db = Database.IsPostgres(DbSetup.DatabaseSetting(services.GetRequiredService<IConfiguration>()))
            ? services.GetRequiredService<IDbContextFactory<PostgresEduDb>>().CreateDbContext()
            : services.GetRequiredService<IDbContextFactory<SqliteEduDb>>().CreateDbContext();
        // The host's clock (tests move it): audit times, session lifetimes (issue 13 §8).
        db.Clock = services.GetRequiredService<TimeProvider>();
        // Personal fields in audit entries are written encrypted (issue 13 §7).
        db.AuditProtector = services.GetRequiredService<EduCounty.Common.Protection.PersonalDataProtector>();
        return db;
    }
}

public static class DbSetup
{
    /// <summary>EDUCOUNTY_DB overrides EduCounty:Database (a SQLite path or a PostgreSQL connection string).</summary>
    public static string DatabaseSetting(IConfiguration config) =>
        Environment.GetEnvironmentVariable("EDUCOUNTY_DB") ?? config["EduCounty:Database"] ?? Database.DefaultSqlitePath;

    /// <summary>
    /// Registers both providers' context factories; the setting is read when a context is created, so that the
    /// configuration a host or a test applies after start-up code has run is honoured.
    /// </summary>
    public static void AddEduDb(this IServiceCollection services)
    {
        services.AddDbContextFactory<PostgresEduDb>((sp, o) => Database.ConfigurePostgres(o, DatabaseSetting(sp.GetRequiredService<IConfiguration>())));
        services.AddDbContextFactory<SqliteEduDb>((sp, o) => Database.ConfigureSqlite(o, DatabaseSetting(sp.GetRequiredService<IConfiguration>())));
        services.AddScoped<EduDbFactory>();
        services.AddScoped<EduDb>(sp => sp.GetRequiredService<EduDbFactory>().Create());
        services.AddSingleton<ReadDatabase>();
        services.AddSingleton<PrimaryFallback>();
        services.AddKeyedScoped<EduDb>(ReadDatabase.Key, (sp, _) => sp.GetRequiredService<EduDbFactory>().CreateReader());
    }

    /// <summary>EDUCOUNTY_READ_DB overrides EduCounty:ReadDatabase (a PostgreSQL connection string for reads; none = the main database).</summary>
    public static string? ReadDatabaseSetting(IConfiguration config) =>
        Environment.GetEnvironmentVariable("EDUCOUNTY_READ_DB") ?? config["EduCounty:ReadDatabase"];
}

/// <summary>The read database's context options, built once (null when reads go to the main database).</summary>
public sealed class ReadDatabase(IConfiguration config)
{
    /// <summary>The DI key of the read context: <c>[Inject(Key = ReadDatabase.Key)]</c>, <c>[FromKeyedServices(ReadDatabase.Key)]</c>.</summary>
    public const string Key = "read";

    private readonly Lazy<DbContextOptions<PostgresEduDb>?> _options = new(() =>
    {
        if (DbSetup.ReadDatabaseSetting(config) is not { Length: > 0 } setting) return null;
        if (!Database.IsPostgres(setting)) throw new InvalidOperationException("EduCounty:ReadDatabase 须为 PostgreSQL 连接串（备库只读副本）");
        var o = new DbContextOptionsBuilder<PostgresEduDb>();
        Database.ConfigurePostgres(o, setting);
        return o.Options;
    });

    public DbContextOptions<PostgresEduDb>? Options => _options.Value;
}
