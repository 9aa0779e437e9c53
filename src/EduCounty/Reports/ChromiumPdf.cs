using System.Diagnostics;
using System.Text;

namespace EduCounty.Reports;

/// <summary>
/// Prints HTML to PDF with headless Chromium where it is installed (STACK.md §6 A: perfect CJK, charts as images):
/// the HTML goes to a temporary file, Chromium runs with a fresh profile (--user-data-dir) and
/// <c>--print-to-pdf</c>, and the result is checked to start with %PDF. EDUCOUNTY_CHROMIUM names another binary.
/// </summary>
public static class ChromiumPdf
{
    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

    /// <summary>The message when no Chromium is found.</summary>
    public const string MissingMessage = "未找到 Chromium 浏览器（/usr/bin/chromium），无法生成 PDF。请安装 chromium 和 fonts-noto-cjk（Debian：apt-get install chromium fonts-noto-cjk），或设置环境变量 EDUCOUNTY_CHROMIUM 指向浏览器程序；也可改为导出 .docx。";

    /// <summary>The Chromium binary, or null when none is installed.</summary>
    public static string? Find()
    {
        if (Environment.GetEnvironmentVariable("EDUCOUNTY_CHROMIUM") is { Length: > 0 } custom) return File.Exists(custom) ? custom : null;
        return Candidates.FirstOrDefault(File.Exists);
    }

    /// <summary>True when Chromium is installed.</summary>
    public static bool Available => Find() is not null;

    /// <summary>Prints <paramref name="html"/> to PDF and returns the bytes.</summary>
    /// <exception cref="InvalidOperationException">No Chromium (<see cref="MissingMessage"/>), or printing failed (with Chromium's last output).</exception>
    public static async Task<byte[]> PrintAsync(string html, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(html);
        var chromium = Find() ?? throw new InvalidOperationException(MissingMessage);
        var dir = Directory.CreateTempSubdirectory("educounty-pdf-");
        try
        {
            var input = Path.Combine(dir.FullName, "report.html");
            var output = Path.Combine(dir.FullName, "report.pdf");
            var profile = Path.Combine(dir.FullName, "profile");
            await File.WriteAllTextAsync(input, html, Encoding.UTF8, ct);
            var psi = new ProcessStartInfo(chromium)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            // Flags from STACK.md §6 A (all needed when running as root; no network, no first-run work).
            foreach (var a in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", $"--user-data-dir={profile}",
                "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw", "--virtual-time-budget=5000",
                $"--print-to-pdf={output}", new Uri(input).AbsoluteUri,
            })
            {
                psi.ArgumentList.Add(a);
            }

            using var p = Process.Start(psi) ?? throw new InvalidOperationException($"无法启动 {chromium}");
            var stderr = p.StandardError.ReadToEndAsync(ct);
            var stdout = p.StandardOutput.ReadToEndAsync(ct);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(timeout ?? TimeSpan.FromMinutes(2));
            try
            {
                await p.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                p.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"Chromium 打印 PDF 超时（{(timeout ?? TimeSpan.FromMinutes(2)).TotalSeconds:0} 秒）");
            }

            var err = await stderr;
            await stdout;
            var bytes = File.Exists(output) ? await File.ReadAllBytesAsync(output, ct) : [];
            if (bytes.Length < 5 || bytes[0] != '%' || bytes[1] != 'P' || bytes[2] != 'D' || bytes[3] != 'F')
            {
                var tail = string.Join('\n', err.Split('\n').TakeLast(5));
                throw new InvalidOperationException($"Chromium 未生成 PDF（退出码 {p.ExitCode}）：{tail}");
            }

            return bytes;
        }
        finally
        {
            try
            {
                dir.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A Chromium helper may still hold the profile for a moment; the temp folder is cleaned by the OS.
            }
        }
    }

    /// <summary>Renders <paramref name="report"/> as print HTML and prints it.</summary>
    public static Task<byte[]> PrintAsync(ReportDocument report, CancellationToken ct = default) =>
        PrintAsync(ReportHtml.Render(report), ct: ct);
}
