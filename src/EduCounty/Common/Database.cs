using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace EduCounty.Common;

/// <summary>
/// Opens the database named by a single setting: a SQLite file path (the default, data/educounty.db)
/// or a PostgreSQL connection string (recognised by "Host=").
/// </summary>
public static class Database
{
    public const string DefaultSqlitePath = "data/educounty.db";

    public static bool IsPostgres(string db) =>
        db.Contains("Host=", StringComparison.OrdinalIgnoreCase) || db.StartsWith("postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A private cache per connection (SQLite's default) with WAL: readers never wait for each other or for the writer.
    /// The shared cache used before serialised every reader on table locks (SQLITE_LOCKED, retried until the timeout):
    /// 200 concurrent page views stalled for seconds (issue 20).
    /// </summary>
    public static string SqliteConnectionString(string path) =>
        $"Data Source={path};Pooling=True;Default Timeout=60";

    public static EduDb Open(string db)
    {
        if (IsPostgres(db))
        {
            var o = new DbContextOptionsBuilder<PostgresEduDb>();
            ConfigurePostgres(o, db);
            return new PostgresEduDb(o.Options);
        }
        var s = new DbContextOptionsBuilder<SqliteEduDb>();
        ConfigureSqlite(s, db);
        return new SqliteEduDb(s.Options);
    }

    public static void ConfigureSqlite(DbContextOptionsBuilder o, string path)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }
        // A new database file is created owner-only (0600) before SQLite opens it; SQLite gives its -wal and -shm files
        // the database file's mode (issue 13, low: they were 0644).
        if (!File.Exists(full))
        {
            using (OwnerOnlyFiles.Create(full))
            {
            }
        }
        o.UseSqlite(SqliteConnectionString(path), x => x.CommandTimeout(600)).AddInterceptors(Caching.DataVersionInterceptor.Instance);
    }

    public static void ConfigurePostgres(DbContextOptionsBuilder o, string connectionString) =>
        o.UseNpgsql(connectionString, x => x.CommandTimeout(600)).AddInterceptors(Caching.DataVersionInterceptor.Instance);

    /// <summary>Creates or upgrades the schema; on SQLite also sets WAL for concurrent readers.</summary>
    public static async Task MigrateAsync(EduDb db, CancellationToken ct = default)
    {
        await db.Database.MigrateAsync(ct);
        if (!db.IsPostgres)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            // A database never analysed (made before statistics were kept) gets them once.
            if (await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE name = 'sqlite_stat1'").SingleAsync(ct) == 0)
            {
                await AnalyzeAsync(db, ct);
            }
        }
    }

    /// <summary>
    /// Refreshes the query planner's statistics after bulk writes (the demo, an import). SQLite keeps none unless asked
    /// and without them scanned every student's yearly row to find the few with a disability instead of reading the
    /// partial index (271 ms → 1 ms, issue 20); PostgreSQL's autovacuum comes later than the first reads.
    /// </summary>
    public static Task AnalyzeAsync(EduDb db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Database.ExecuteSqlRawAsync(db.IsPostgres ? "ANALYZE" : "PRAGMA analysis_limit=1000; ANALYZE", ct);
    }

    /// <summary>
    /// The statistics of the given entities' tables only (every table when null): an import refreshes what it wrote, not
    /// every table of a county's database (each of which ANALYZE samples again).
    /// </summary>
    public static Task AnalyzeAsync(EduDb db, IEnumerable<Type>? entities, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (entities is null)
        {
            return AnalyzeAsync(db, ct);
        }
        var tables = entities.Select(t => (db.Model.FindEntityType(t) ?? throw new InvalidOperationException($"{t.Name} 不是实体")).GetTableName())
            .Distinct(StringComparer.Ordinal).Select(t => $"\"{t}\"").ToList();
        var sql = db.IsPostgres
            ? $"ANALYZE {string.Join(", ", tables)}"
            : "PRAGMA analysis_limit=1000; " + string.Concat(tables.Select(t => $"ANALYZE {t}; "));
#pragma warning disable EF1002 // table names come from the EF model, not from input
        return db.Database.ExecuteSqlRawAsync(sql, ct);
#pragma warning restore EF1002
    }

    /// <summary>The folder that holds the database and its key file.</summary>
    public static string DataFolder(string db) =>
        IsPostgres(db) ? Path.GetFullPath("data") : Path.GetDirectoryName(Path.GetFullPath(db))!;
}

/// <summary>Design-time factory for `dotnet ef` (SQLite migrations).</summary>
public sealed class SqliteDesignFactory : IDesignTimeDbContextFactory<SqliteEduDb>
{
    public SqliteEduDb CreateDbContext(string[] args)
    {
        var o = new DbContextOptionsBuilder<SqliteEduDb>();
        o.UseSqlite("Data Source=design.db");
        return new SqliteEduDb(o.Options);
    }
}

/// <summary>Design-time factory for `dotnet ef` (PostgreSQL migrations).</summary>
public sealed class PostgresDesignFactory : IDesignTimeDbContextFactory<PostgresEduDb>
{
    public PostgresEduDb CreateDbContext(string[] args)
    {
        var o = new DbContextOptionsBuilder<PostgresEduDb>();
        o.UseNpgsql("Host=127.0.0.1;Database=design;Username=design;Password=design");
        return new PostgresEduDb(o.Options);
    }
}
