using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using EduCounty.Common;
using EduCounty.Registry;
using EduCounty.Tests.Imports;
using EduCounty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Tests.Deploy;

/// <summary>
/// Issue 21 §2: the restore drill an operator runs (scripts/backup.sh drill) — back up the database and the key ring,
/// wipe both, restore them, then `audit verify` reports the chain intact and a student's 身份证号 reads the same as
/// before the backup. On a SQLite file (sqlite3 .backup) and on PostgreSQL (pg_dump / pg_restore).
/// </summary>
public sealed partial class RestoreDrillTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Back_up_wipe_and_restore_leave_the_audit_chain_intact_and_the_id_numbers_readable(string provider)
    {
        var work = Path.Combine(Path.GetTempPath(), "educounty-drill-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        try
        {
            // A small county of its own: the two schools and 20 students of the import tests, imported through the
            // import framework, so their 身份证号 are encrypted with the test key ring and the writes are in the audit
            // chain. The drill does not depend on the database's size: a copy of the whole demo county (600,000 rows)
            // cost a dump and a restore of all of it and two exports of its 33,000 students (CI time).
            var db = await SmallCountyAsync(provider);
            var keys = Path.Combine(work, "keys", "educounty.keys");
            Directory.CreateDirectory(Path.GetDirectoryName(keys)!);
            await File.WriteAllTextAsync(keys, TestDatabases.Keys.Serialize());
            var cli = $"dotnet {Path.Combine(AppContext.BaseDirectory, "educounty.dll")}";

            var script = Path.Combine(RepositoryRoot(), "scripts", "backup.sh");
            var drill = await RunAsync("bash", [script, "drill", "--db", db, "--keys", keys, "--work", Path.Combine(work, "drill")],
                new() { ["EDUCOUNTY_CLI"] = cli });
            Assert.True(drill.Code == 0, drill.Output);
            Assert.Matches(@"审计链完整：共 \d+ 条", drill.Output);
            Assert.Matches(Passed(), drill.Output);
            // The backup is the operator's only: the folder 0700, the files 0600.
            var backup = Path.Combine(work, "drill", "backup");
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(backup));
                foreach (var f in Directory.GetFiles(backup))
                {
                    Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f));
                }
            }
            // A restore without the key ring is refused before anything is replaced.
            File.Delete(Path.Combine(backup, "educounty.keys"));
            var refused = await RunAsync("bash", [script, "restore", "--db", db, "--keys", keys, "--from", backup], []);
            Assert.Equal(2, refused.Code);
            Assert.Contains("没有密钥文件", refused.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>A migrated database holding the import tests' two schools and 20 students (school year 2025-2026).</summary>
    private static async Task<string> SmallCountyAsync(string provider)
    {
        var setting = await TestDatabases.CreateEmptyAsync(provider, "drill");
        await using var db = Database.Open(setting);
        db.Clock = new FixedClock(new DateTimeOffset(2025, 10, 15, 2, 0, 0, TimeSpan.Zero));
        db.Actor = "test";
        var schools = await ImportTestFiles.RunAsync(db, "schools", ImportTestFiles.Csv("schools.csv", ImportTestFiles.Schools()));
        Assert.True(schools.Committed, string.Join("\n", schools.Issues.Select(i => i.Message)));
        var students = await ImportTestFiles.RunAsync(db, "students", ImportTestFiles.StudentsCsv(20), q => q with { Year = new SchoolYear(2025) });
        Assert.True(students.Committed, string.Join("\n", students.Issues.Select(i => i.Message)));
        Assert.Equal(20, await db.Students.CountAsync(s => s.IdNumberCipher != null));
        Assert.True(await db.AuditEntries.AnyAsync(), "导入应写入审计记录");
        return setting;
    }

    /// <summary>"演练通过：… 身份证号可读（652302********0010）": the first six and last four digits of a real number.</summary>
    [GeneratedRegex(@"演练通过：审计链完整，学生 \S+ 的身份证号可读（\d{6}\*{8}\d{3}[\dX]）")]
    private static partial Regex Passed();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EduCounty.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("找不到仓库根目录（EduCounty.slnx）");
    }

    private static async Task<(int Code, string Output)> RunAsync(string command, string[] args, Dictionary<string, string> env)
    {
        var parts = command.Split(' ', 2);
        var psi = new ProcessStartInfo(parts[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = RepositoryRoot(),
        };
        foreach (var a in parts.Skip(1).Concat(args))
        {
            psi.ArgumentList.Add(a);
        }
        foreach (var (k, v) in env)
        {
            psi.Environment[k] = v;
        }
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, await stdout + await stderr);
    }
}
