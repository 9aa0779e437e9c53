using System.CommandLine;
using EduCounty.Common;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Cli;

/// <summary>Options shared by all verbs.</summary>
internal static class CliOptions
{
    public static readonly Option<string?> Db = new("--db")
    {
        Description = "数据库：SQLite 文件路径（默认 data/educounty.db）或 PostgreSQL 连接串（Host=…）",
        Recursive = true,
    };

    public static readonly Option<bool> CheckSchema = new("--check-schema")
    {
        Description = "读取类命令也先检查数据库结构是否为最新（写入类命令总是检查并升级）",
        Recursive = true,
    };

    /// <summary>The database setting: --db, else EDUCOUNTY_DB, else the SQLite default.</summary>
    public static string DbOf(ParseResult r) =>
        r.GetValue(Db) ?? Environment.GetEnvironmentVariable("EDUCOUNTY_DB") ?? Database.DefaultSqlitePath;

    /// <summary>Opens and migrates the database: for commands that write (and audit).</summary>
    public static async Task<EduDb> OpenAsync(ParseResult r, CancellationToken ct)
    {
        var db = Database.Open(DbOf(r));
        db.Actor = "cli:" + Environment.UserName;
        // Personal fields in audit entries are written encrypted (issue 13 §7).
        db.AuditProtector = Platform.Protector(DbOf(r));
        await Database.MigrateAsync(db, ct);
        return db;
    }

    /// <summary>
    /// Opens the database for a command that only reads: the migration check (about 1.4 s of a 2.2 s
    /// <c>plan evaluate</c>, issue 20) runs only with <c>--check-schema</c>, and then refuses an outdated schema.
    /// </summary>
    public static async Task<EduDb> OpenReadAsync(ParseResult r, CancellationToken ct)
    {
        var setting = DbOf(r);
        if (!Database.IsPostgres(setting) && !File.Exists(setting))
        {
            throw new RuleException($"数据库文件“{setting}”不存在：请先运行 educounty migrate（或 demo）") { Field = "--db" };
        }
        var db = Database.Open(setting);
        db.Actor = "cli:" + Environment.UserName;
        // A read command may still audit (an export): personal fields of its entry are written encrypted (issue 13 §7).
        db.AuditProtector = Platform.Protector(setting);
        if (r.GetValue(CheckSchema) && (await db.Database.GetPendingMigrationsAsync(ct)).ToList() is { Count: > 0 } pending)
        {
            await db.DisposeAsync();
            throw new RuleException($"数据库结构不是最新（待执行 {pending.Count} 个迁移：{string.Join("、", pending)}）：请运行 educounty migrate");
        }
        return db;
    }

    public static int Fail(string message)
    {
        Console.Error.WriteLine("错误：" + message);
        return 1;
    }

    /// <summary>Exit code of a refusal by a business rule (<see cref="RuleException"/>; docs/adr/0019).</summary>
    public const int RuleRefusedExitCode = 2;

    /// <summary>Prints a refusal's Chinese message (with its file, row and column when it names them) and returns exit code 2.</summary>
    public static int Refused(RuleException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        Console.Error.WriteLine("错误：" + e.Message);
        return RuleRefusedExitCode;
    }

    /// <summary>
    /// The school year of a <c>--year</c> option ("2024-2025", or "2024" for the year starting then); anything else is
    /// refused with one message for every verb.
    /// </summary>
    public static SchoolYear Year(ParseResult r, Option<string> option) => Year(r.GetValue(option), option.Name);

    /// <summary>As <see cref="Year(ParseResult, Option{string})"/> for an optional value.</summary>
    public static SchoolYear Year(string? text, string option = "--year") =>
        SchoolYear.TryParse(text, out var y)
            ? y
            : throw new RuleException($"学年“{text}”无效，应为 2024-2025 的形式（前后两年相连）") { Field = option };
}
