using EduCounty.Common;
using EduCounty.Demo;
using EduCounty.Security;
using Npgsql;

namespace EduCounty.Web.Tests.Infrastructure;

/// <summary>Real databases for the web tests (SQLite files; PostgreSQL from EDUCOUNTY_TEST_PG), with the demo county.</summary>
public static class WebTestDatabases
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";
    public static readonly TheoryData<string> Providers = new() { Sqlite, Postgres };

    public static readonly string Root = Path.Combine(Path.GetTempPath(), "educounty-webtests", Environment.ProcessId.ToString());
    public static readonly KeyRing Keys = KeyRing.Generate();
    public static readonly PersonalDataProtector Protector = PersonalDataProtector.FromKeyRing(Keys);

    public static string KeysFile
    {
        get
        {
            var path = Path.Combine(Root, "educounty.keys");
            if (!File.Exists(path))
            {
                Directory.CreateDirectory(Root);
                File.WriteAllText(path, Keys.Serialize());
            }
            return path;
        }
    }

    private static readonly Dictionary<string, Task<string>> Demos = [];
    private static readonly Lock Gate = new();

    public static Task<string> DemoAsync(string provider)
    {
        lock (Gate)
        {
            if (!Demos.TryGetValue(provider, out var t))
            {
                Demos[provider] = t = Task.Run(async () =>
                {
                    var setting = await CreateEmptyAsync(provider, "webdemo");
                    await using var db = Database.Open(setting);
                    await DemoCounty.GenerateAsync(db, Protector);
                    return setting;
                });
            }
            return t;
        }
    }

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
            var admin = Environment.GetEnvironmentVariable("EDUCOUNTY_TEST_PG")
                ?? throw new InvalidOperationException("未设置 EDUCOUNTY_TEST_PG：PostgreSQL 测试需要测试脚本启动的临时 PostgreSQL");
            var dbName = $"eduweb_{name}_{Guid.NewGuid():N}"[..36];
            await using (var conn = new NpgsqlConnection(admin))
            {
                await conn.OpenAsync();
                await using var cmd = conn.CreateCommand();
                cmd.CommandText = $"CREATE DATABASE \"{dbName}\" ENCODING 'UTF8'";
                await cmd.ExecuteNonQueryAsync();
            }
            setting = new NpgsqlConnectionStringBuilder(admin) { Database = dbName }.ConnectionString;
        }
        await using var db = Database.Open(setting);
        await Database.MigrateAsync(db);
        return setting;
    }
}
