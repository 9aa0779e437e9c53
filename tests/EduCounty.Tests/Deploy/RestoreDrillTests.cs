using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using EduCounty.Tests.Infrastructure;

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
            // A copy of the demo county as generated (its students' 身份证号 encrypted with the test key ring, its
            // writes audited), the same database `educounty demo` makes, without generating it again.
            var db = await TestDatabases.PristineDemoCopyAsync(provider, "drill");
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
