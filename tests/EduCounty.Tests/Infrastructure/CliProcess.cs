using System.Diagnostics;
using System.Text;

namespace EduCounty.Tests.Infrastructure;

/// <summary>The CLI as a user runs it: educounty.dll is copied next to the tests by the project reference.</summary>
internal static class CliProcess
{
    /// <summary>Runs a verb with stdout and stderr redirected (so no progress bar is drawn); returns its exit code and output.</summary>
    public static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "educounty.dll"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, stderr);
    }
}
