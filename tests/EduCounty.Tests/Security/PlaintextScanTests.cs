using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using EduCounty.Common;
using EduCounty.Registry;
using EduCounty.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace EduCounty.Tests.Security;

/// <summary>
/// Issue 6 "Done when": the raw SQLite file and a PostgreSQL dump of the demo county contain no plaintext 身份证号 —
/// no run of 17 digits plus a digit or X whose GB 11643-1999 check character is valid, unless it is part of a longer
/// run of hexadecimal characters (keyed hashes and ciphertext in hex are such runs).
/// </summary>
public sealed partial class PlaintextScanTests
{
    /// <summary>Candidate: 17 digits + digit/X, with no hex character right before or after.</summary>
    [GeneratedRegex("(?<![0-9A-Fa-f])[0-9]{17}[0-9Xx](?![0-9A-Fa-f])")]
    private static partial Regex Candidate();

    /// <summary>Every valid 身份证号 found in the bytes (read as Latin-1 so each byte is one character).</summary>
    public static List<string> ValidIdNumbers(byte[] bytes)
    {
        var text = Encoding.Latin1.GetString(bytes);
        return Candidate().Matches(text).Select(m => m.Value.ToUpperInvariant())
            .Where(v => IdNumber.ComputeCheckChar(v.AsSpan(0, 17)) == v[17]).Distinct().ToList();
    }

    [Fact]
    public void The_scanner_finds_a_planted_id_number_and_ignores_hex_runs()
    {
        // GB 11643-1999 附录 example 11010519491231002X: weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, sum mod 11 = 3 → 'X'.
        const string valid = "11010519491231002X";
        Assert.Equal([valid], ValidIdNumbers(Encoding.UTF8.GetBytes($"\0\u0001姓名{valid}\u0002")));
        // The same digits with a wrong check character, or inside a longer hex run (a SHA-256 hex digest), are not hits.
        Assert.Empty(ValidIdNumbers(Encoding.UTF8.GetBytes("110105194912310021")));
        Assert.Empty(ValidIdNumbers(Encoding.UTF8.GetBytes("ab" + valid + "ff")));
        Assert.Empty(ValidIdNumbers(Encoding.UTF8.GetBytes("1f" + valid)));
    }

    [Fact]
    public async Task The_raw_sqlite_file_of_the_demo_county_holds_no_plaintext_id_number()
    {
        var path = await TestDatabases.DemoAsync(TestDatabases.Sqlite);
        // A checkpoint-free read: the main file and the write-ahead log as they are on disk.
        SqliteConnection.ClearAllPools();
        var found = new List<string>();
        long scanned = 0;
        foreach (var f in new[] { path, path + "-wal" }.Where(File.Exists))
        {
            var bytes = await ReadSharedAsync(f);
            scanned += bytes.Length;
            found.AddRange(ValidIdNumbers(bytes));
        }
        Assert.True(scanned > 1_000_000, $"只读取到 {scanned} 字节");
        Assert.True(found.Count == 0, "明文身份证号：" + string.Join(", ", found.Take(5).Select(IdNumber.Mask)));
        // Control: the demo does hold ID numbers (encrypted), so an unencrypted county would have failed this test.
        await using var db = Database.Open(path);
        var cipher = db.Students.Select(s => s.IdNumberCipher).First(c => c != null)!;
        Assert.True(IdNumber.IsValid(TestDatabases.Protector.Decrypt(cipher)));
    }

    [Fact]
    public async Task A_pg_dump_of_the_demo_county_holds_no_plaintext_id_number()
    {
        var setting = await TestDatabases.DemoAsync(TestDatabases.Postgres);
        var cs = new NpgsqlConnectionStringBuilder(setting);
        var bin = Run("pg_config", ["--bindir"], null).Trim();
        var dump = Path.Combine(Path.GetTempPath(), $"educounty-dump-{Guid.NewGuid():N}.sql");
        try
        {
            Run(Path.Combine(bin, "pg_dump"), ["-h", cs.Host!, "-p", cs.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-U", cs.Username!, "-d", cs.Database!, "--no-owner", "-f", dump], cs.Password);
            var bytes = await File.ReadAllBytesAsync(dump);
            Assert.True(bytes.Length > 1_000_000, $"转储只有 {bytes.Length} 字节");
            var found = ValidIdNumbers(bytes);
            Assert.True(found.Count == 0, "明文身份证号：" + string.Join(", ", found.Take(5).Select(IdNumber.Mask)));
            // Control: the dump carries the student rows (their ciphertexts as bytea hex).
            Assert.Contains("COPY public.\"Students\"", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(dump);
        }
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var ms = new MemoryStream();
        await s.CopyToAsync(ms);
        return ms.ToArray();
    }

    private static string Run(string file, string[] args, string? password)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        if (password is not null)
        {
            psi.Environment["PGPASSWORD"] = password;
        }
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{file} 失败：{error}");
        return output;
    }
}
