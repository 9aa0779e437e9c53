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

    /// <summary>One key ring for the whole test run.</summary>
    public static readonly KeyRing Keys = KeyRing.Generate();

    public static PersonalDataProtector Protector { get; } = PersonalDataProtector.FromKeyRing(Keys);

    public static string PostgresAdmin =>
        Environment.GetEnvironmentVariable("EDUCOUNTY_TEST_PG")
        ?? throw new InvalidOperationException("未设置 EDUCOUNTY_TEST_PG：PostgreSQL 测试需要测试脚本启动的临时 PostgreSQL（见 README）");

    /// <summary>Creates an empty, migrated database of the provider and returns its setting (path or connection string).</summary>
    public static async Task<string> CreateEmptyAsync(string provider, string name)
    {
        string setting;
        if (provider == Sqlite)
        {
            Directory.CreateDirectory(Root);
            setting = Path.Combine(Root, $"{name}-{Guid.NewGuid():N}.db");
        }
        else
        {
            var dbName = $"edutest_{name.ToLowerInvariant().Replace('-', '_')}_{Guid.NewGuid():N}"[..40];
            await using (var conn = new NpgsqlConnection(PostgresAdmin))
            {
                await conn.OpenAsync();
                await using var cmd = conn.CreateCommand();
                cmd.CommandText = $"CREATE DATABASE \"{dbName}\" ENCODING 'UTF8'";
                await cmd.ExecuteNonQueryAsync();
            }
            setting = new NpgsqlConnectionStringBuilder(PostgresAdmin) { Database = dbName }.ConnectionString;
        }
        await using var db = Database.Open(setting);
        await Database.MigrateAsync(db);
        return setting;
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
                    var setting = await CreateEmptyAsync(provider, "demo");
                    await using var db = Database.Open(setting);
                    await DemoCounty.GenerateAsync(db, Protector);
                    return setting;
                });
            }
            return task;
        }
    }

    public static async Task<EduDb> OpenDemoAsync(string provider) => Database.Open(await DemoAsync(provider));
}
