using EduCounty.Common;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Web.Infrastructure;

/// <summary>Creates <see cref="EduDb"/> instances for the configured provider (SQLite default, PostgreSQL by "Host=").</summary>
public sealed class EduDbFactory(IServiceProvider services, CurrentUser user)
{
    public EduDb Create()
    {
        var db = Database.IsPostgres(DbSetup.DatabaseSetting(services.GetRequiredService<IConfiguration>()))
            ? (EduDb)services.GetRequiredService<IDbContextFactory<PostgresEduDb>>().CreateDbContext()
            : services.GetRequiredService<IDbContextFactory<SqliteEduDb>>().CreateDbContext();
        // Read at write time: the context may be created during authentication, before the user is known.
        db.ActorSource = () => user.Name;
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
    }
}
