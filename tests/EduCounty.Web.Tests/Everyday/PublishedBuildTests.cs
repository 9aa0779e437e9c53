using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EduCounty.Web.Tests.Everyday;

/// <summary>
/// Issue 21 §1, as an operator meets it: `dotnet publish`, then `dotnet EduCounty.Web.dll` started from another folder.
/// The published build serves its own styles and scripts (not 0-byte answers), applies appsettings.json's log levels (no
/// SQL statements at Information), and writes the one-time passwords to a file beside the database that only its owner
/// may read (0600).
/// </summary>
public sealed class PublishedBuildTests
{
    [Fact]
    public async Task A_published_build_started_from_another_folder_serves_assets_logs_little_and_writes_the_passwords_file()
    {
        var root = Path.Combine(Path.GetTempPath(), "educounty-publish-" + Guid.NewGuid().ToString("N")[..8]);
        var published = Path.Combine(root, "app");
        var elsewhere = Path.Combine(root, "cwd");
        var data = Path.Combine(root, "data");
        Directory.CreateDirectory(elsewhere);
        try
        {
            // The build the tests run on, published without building again.
            var project = Path.Combine(Repository.Root, "src", "EduCounty.Web", "EduCounty.Web.csproj");
            var (code, output) = await RunAsync("dotnet", ["publish", project, "-c", Repository.Configuration, "--no-build", "-o", published, "-nologo"], Repository.Root);
            Assert.True(code == 0, "dotnet publish 失败：\n" + output);

            var port = FreePort();
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = elsewhere, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(Path.Combine(published, "EduCounty.Web.dll"));
            start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment["EduCounty__Database"] = Path.Combine(data, "educounty.db");
            start.Environment["EduCounty__DemoOnEmptyDatabase"] = "false";
            // The test runner's own settings must not leak into the operator's process.
            start.Environment.Remove("ASPNETCORE_CONTENTROOT");
            start.Environment.Remove("DOTNET_CONTENTROOT");
            var lines = new List<string>();
            using var app = Process.Start(start)!;
            app.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (lines) lines.Add(e.Data); };
            app.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (lines) lines.Add(e.Data); };
            app.BeginOutputReadLine();
            app.BeginErrorReadLine();
            try
            {
                using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
                var login = await WaitForAsync(http, "/account/login", app, lines);
                Assert.Contains("登录", login, StringComparison.Ordinal);
                // The page's stylesheet and script: the published files, byte for byte.
                foreach (var asset in new[] { "app.css", "js/app.js", "js/plan-charts.js" })
                {
                    using var r = await http.GetAsync("/" + asset);
                    Assert.Equal(HttpStatusCode.OK, r.StatusCode);
                    var served = await r.Content.ReadAsByteArrayAsync();
                    Assert.True(served.Length > 0, $"{asset} 返回 0 字节");
                    Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(published, "wwwroot", asset)), served);
                }
            }
            finally
            {
                app.Kill(entireProcessTree: true);
                await app.WaitForExitAsync();
            }

            string[] log;
            lock (lines)
            {
                log = [.. lines];
            }
            // Migrations and start-up ran many SQL statements; at the configured Warning level none is logged.
            Assert.DoesNotContain(log, l => l.Contains("Executed DbCommand", StringComparison.Ordinal));
            Assert.True(log.Length < 60, $"启动日志 {log.Length} 行：\n" + string.Join("\n", log.Take(80)));
            // The one-time password: in a file beside the database, readable by its owner only, and named in the log.
            var file = Path.Combine(data, "initial-passwords.txt");
            Assert.True(File.Exists(file), "没有一次性密码文件");
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }
            // The 三员 accounts (issue 13): their passwords are in the file only, never in the log; the log names the file.
            var entries = (await File.ReadAllLinesAsync(file)).Select(l => l.Split('\t')).ToList();
            Assert.Equal(new[] { "admin", "security", "auditor" }, entries.Select(e => e[0]).Take(3));
            Assert.All(entries, e => Assert.DoesNotContain(log, l => l.Contains(e[1], StringComparison.Ordinal)));
            Assert.Contains(log, l => l.Contains(file, StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static async Task<string> WaitForAsync(HttpClient http, string path, Process app, List<string> lines)
    {
        for (var i = 0; i < 240; i++)
        {
            if (app.HasExited)
            {
                lock (lines)
                {
                    throw new InvalidOperationException("应用已退出：\n" + string.Join("\n", lines.TakeLast(40)));
                }
            }
            try
            {
                using var r = await http.GetAsync(path);
                if (r.StatusCode == HttpStatusCode.OK)
                {
                    return await r.Content.ReadAsStringAsync();
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(500);
        }
        throw new TimeoutException("应用 120 秒内没有应答");
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, string[] args, string cwd)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, await stdout + await stderr);
    }
}
