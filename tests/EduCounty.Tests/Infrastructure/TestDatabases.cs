using EduCounty.Common;
using EduCounty.Common.Protection;
using EduCounty.Demo;
using EduCounty.Security;
using Npgsql;

namespace EduCounty.Tests.Infrastructure;

/// <summary>
/// Real databases for tests: SQLite files in a temp folder and databases on the throwaway PostgreSQL
/// server that the test script starts (EDUCOUNTY_TEST_PG = an admin connection string). Without that
/// variable the PostgreSQL cases fail — they are never skipped.
/// </summary>
public static class TestDatabases
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    public static readonly TheoryData<string> Providers = new() { Sqlite, Postgres };

    private static readonly string Root = Path.Combine(Path.GetTempPath(), "educounty-tests", Environment.ProcessId.ToString());

    /// <summary>
    /// A folder the test script shares between the test projects it runs one after the other (EDUCOUNTY_TEST_SHARED):
    /// the first project's key ring and pristine demo county are reused by the next instead of generated again. Unset,
    /// each test process makes its own.
    /// </summary>
    private static readonly string? Shared = Environment.GetEnvironmentVariable("EDUCOUNTY_TEST_SHARED") is { Length: > 0 } dir ? dir : null;

    /// <summary>One key ring for the whole test run.</summary>
    public static readonly KeyRing Keys = Shared is null ? KeyRing.Generate() : SharedKeys();

    private static string CreateShared() => Directory.CreateDirectory(Shared!).FullName;

    /// <summary>The run's key ring, made by whichever test project comes first (the script runs them at the same time).</summary>
    private static KeyRing SharedKeys()
    {
        using var held = SharedLockAsync("keys").GetAwaiter().GetResult();
        return KeyRing.LoadOrCreate(Path.Combine(CreateShared(), "educounty.keys"));
    }

    /// <summary>
    /// An exclusive lock on a file of the shared folder, held until disposed: the test projects of one script run start
    /// together, and the first to ask makes the key ring or a pristine demo while the others wait for it. FileShare.None
    /// takes an advisory lock (flock) on Unix, which another process's open of the same file respects.
    /// </summary>
    private static async Task<FileStream> SharedLockAsync(string name)
    {
        var path = Path.Combine(CreateShared(), name + ".lock");
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(200);
            }
        }
    }

    public static PersonalDataProtector Protector { get; } = PersonalDataProtector.FromKeyRing(Keys);

    public static string PostgresAdmin =>
        Environment.GetEnvironmentVariable("EDUCOUNTY_TEST_PG")
        ?? throw new InvalidOperationException("未设置 EDUCOUNTY_TEST_PG：PostgreSQL 测试需要测试脚本启动的临时 PostgreSQL（见 README）");

    /// <summary>
    /// Creates an empty, migrated database of the provider and returns its setting (path or connection string): a copy
    /// of one database migrated once per provider and test process (<see cref="EmptyTemplateAsync"/>), checked by the
    /// migrator (nothing left to apply). Migrating every empty database from scratch cost 2–4 s of CPU each, about 150
    /// times a run (CI time).
    /// </summary>
    public static async Task<string> CreateEmptyAsync(string provider, string name)
    {
        var setting = await SnapshotAsync(provider, await EmptyTemplateAsync(provider), name, clearPools: false);
        await using var db = Database.Open(setting);
        await Database.MigrateAsync(db);
        return setting;
    }

    private static readonly Dictionary<string, Task<string>> EmptyTemplates = [];

    /// <summary>One empty database per provider, migrated from scratch (the migrations run in full here), never opened again.</summary>
    private static Task<string> EmptyTemplateAsync(string provider)
    {
        lock (Gate)
        {
            if (!EmptyTemplates.TryGetValue(provider, out var task))
            {
                EmptyTemplates[provider] = task = Task.Run(async () =>
                {
                    var setting = await NewDatabaseAsync(provider, "empty_template");
                    await using (var db = Database.Open(setting))
                    {
                        await Database.MigrateAsync(db);
                    }
                    if (provider == Postgres)
                    {
                        // A template database may have no session open when it is copied (the pool keeps the migrator's).
                        NpgsqlConnection.ClearAllPools();
                    }
                    return setting;
                });
            }
            return task;
        }
    }

    /// <summary>A new database with no tables: a SQLite file name in the run's folder, or a created PostgreSQL database.</summary>
    private static async Task<string> NewDatabaseAsync(string provider, string name)
    {
        if (provider == Sqlite)
        {
            Directory.CreateDirectory(Root);
            return Path.Combine(Root, $"{name}-{Guid.NewGuid():N}.db");
        }
        var dbName = $"edutest_{name.ToLowerInvariant().Replace('-', '_')}_{Guid.NewGuid():N}"[..40];
        await using (var conn = new NpgsqlConnection(PostgresAdmin))
        {
            await conn.OpenAsync();
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = $"CREATE DATABASE \"{dbName}\" ENCODING 'UTF8'";
            await cmd.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(PostgresAdmin) { Database = dbName }.ConnectionString;
    }

    private static readonly Dictionary<string, Task<string>> Demos = [];
    private static readonly Lock Gate = new();

    /// <summary>
    /// The demo county, generated once per provider per test run and shared read-only by the tests.
    /// Tests that change data must use <see cref="CreateEmptyAsync"/> instead.
    /// </summary>
    public static Task<string> DemoAsync(string provider)
    {
        lock (Gate)
        {
            if (!Demos.TryGetValue(provider, out var task))
            {
                Demos[provider] = task = Task.Run(async () =>
                {
                    // The pristine demo of another test project of this run, if the script shares one; made by one
                    // project at a time (the others wait for its marker).
                    await using var held = Shared is null ? null : await SharedLockAsync($"demo-{provider}");
                    var marker = Shared is null ? null : Path.Combine(CreateShared(), $"demo-{provider}.txt");
                    if (marker is not null && File.Exists(marker))
                    {
                        Pristine[provider] = await File.ReadAllTextAsync(marker);
                        return await SnapshotAsync(provider, Pristine[provider], "demo");
                    }
                    var setting = await CreateEmptyAsync(provider, "demo");
                    await using (var db = Database.Open(setting))
                    {
                        await DemoCounty.GenerateAsync(db, Protector);
                    }
                    // A pristine copy, taken before any test can write into the shared database.
                    Pristine[provider] = await SnapshotAsync(provider, setting, folder: Shared is null ? Root : CreateShared());
                    if (marker is not null) await File.WriteAllTextAsync(marker, Pristine[provider]);
                    return setting;
                });
            }
            return task;
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Pristine = new();

    /// <summary>
    /// A private copy of the demo county as generated, without what other tests wrote into the shared one: for tests
    /// whose findings must not depend on the order the runner chose (the page-word crawl reads every page).
    /// </summary>
    public static async Task<string> PristineDemoCopyAsync(string provider, string name)
    {
        await DemoAsync(provider);
        return await SnapshotAsync(provider, Pristine[provider], name);
    }

    /// <summary>A copy of a database: SQLite by VACUUM INTO, PostgreSQL by CREATE DATABASE … TEMPLATE (no session may be open on the source).</summary>
    /// <param name="clearPools">PostgreSQL: close the pooled sessions first (a source that was just written through the pool);
    /// not needed for the empty template, which no pool holds after it was made.</param>
    private static async Task<string> SnapshotAsync(string provider, string source, string name = "pristine", string? folder = null, bool clearPools = true)
    {
        if (provider == Sqlite)
        {
            var path = Path.Combine(Directory.CreateDirectory(folder ?? Root).FullName, $"{name}-{Guid.NewGuid():N}.db");
            await using var conn = new Microsoft.Data.Sqlite.SqliteConnection(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = source, Pooling = false }.ToString());
            await conn.OpenAsync();
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = "VACUUM INTO $path";
            cmd.Parameters.AddWithValue("$path", path);
            await cmd.ExecuteNonQueryAsync();
            return path;
        }
        var from = new NpgsqlConnectionStringBuilder(source);
        if (clearPools)
        {
            NpgsqlConnection.ClearAllPools();
        }
        var dbName = $"edutest_{name.ToLowerInvariant().Replace('-', '_')}_{Guid.NewGuid():N}"[..40];
        await using (var admin = new NpgsqlConnection(PostgresAdmin))
        {
            await admin.OpenAsync();
            await using var cmd = admin.CreateCommand();
            cmd.CommandText = $"CREATE DATABASE \"{dbName}\" TEMPLATE \"{from.Database}\" STRATEGY FILE_COPY";
            await cmd.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(PostgresAdmin) { Database = dbName }.ConnectionString;
    }

    public static async Task<EduDb> OpenDemoAsync(string provider) => Database.Open(await DemoAsync(provider));
}
