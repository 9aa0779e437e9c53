using System.CommandLine;
using EduCounty.Common;

namespace EduCounty.Cli;

/// <summary>Options shared by all verbs.</summary>
internal static class CliOptions
{
    public static readonly Option<string?> Db = new("--db")
    {
        Description = "数据库：SQLite 文件路径（默认 data/educounty.db）或 PostgreSQL 连接串（Host=…）",
        Recursive = true,
    };

    /// <summary>The database setting: --db, else EDUCOUNTY_DB, else the SQLite default.</summary>
    public static string DbOf(ParseResult r) =>
        r.GetValue(Db) ?? Environment.GetEnvironmentVariable("EDUCOUNTY_DB") ?? Database.DefaultSqlitePath;

    /// <summary>Opens and migrates the database.</summary>
    public static async Task<EduDb> OpenAsync(ParseResult r, CancellationToken ct)
    {
        var db = Database.Open(DbOf(r));
        db.Actor = "cli:" + Environment.UserName;
        await Database.MigrateAsync(db, ct);
        return db;
    }

    public static int Fail(string message)
    {
        Console.Error.WriteLine("错误：" + message);
        return 1;
    }
}
