using System.Globalization;
using EduCounty.Reports;
using Microsoft.Playwright;

namespace EduCounty.Web.Components.Plan;

/// <summary>
/// PDF rendering on the server through ONE headless Chromium with at most <see cref="Pages"/> pages printing at a time
/// (issue 20 item 4; STACK.md §6 A): requests beyond that wait in a first-come queue and can ask for their position
/// (<see cref="State"/>, GET /plan/pdf-queue?ticket=…). Before, each download started its own Chromium (a browser of
/// some ten processes): eight parallel downloads ran 87 processes. Here the browser is started on the first PDF, its
/// <see cref="Pages"/> pages are opened once and reused (one renderer each), and the number of Chromium processes stays
/// at most <see cref="ProcessLimit"/> whatever the number of requests. Settings: <c>EduCounty:Pdf:Pages</c> (default 2),
/// <c>EduCounty:Pdf:QueueLimit</c> (waiting requests refused beyond it, default 50).
/// </summary>
public sealed class PdfPool : IAsyncDisposable
{
    /// <summary>Chromium's own processes besides the renderers: the browser, two zygotes, the GPU process and the network
    /// and storage services (counted on Debian's chromium; its crash handlers are not its children).</summary>
    public const int FixedProcesses = 6;

    private readonly SemaphoreSlim _slots;
    private readonly SemaphoreSlim _launch = new(1, 1);
    private readonly Lock _gate = new();
    private readonly LinkedList<string> _waiting = new();
    private readonly System.Collections.Concurrent.ConcurrentStack<IPage> _idle = new();
    private readonly string _profile = Path.Combine(Path.GetTempPath(), "educounty-pdf-" + Guid.NewGuid().ToString("N"));
    private IPlaywright? _playwright;
    private IBrowserContext? _browser;
    private int _running;

    public PdfPool(IConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        Pages = Math.Clamp(config.GetValue("EduCounty:Pdf:Pages", 2), 1, 16);
        QueueLimit = Math.Max(config.GetValue("EduCounty:Pdf:QueueLimit", 50), 0);
        _slots = new SemaphoreSlim(Pages, Pages);
    }

    /// <summary>How many PDFs print at once (pages of the one browser).</summary>
    public int Pages { get; }

    /// <summary>How many requests may wait; more are refused with a Chinese message.</summary>
    public int QueueLimit { get; }

    /// <summary>
    /// The most Chromium processes the pool ever runs: per page its renderer and, while it prints, a print compositor
    /// (a utility process Chromium starts for each document being printed), plus <see cref="FixedProcesses"/>; counted
    /// from /proc during eight parallel downloads with two pages: 6 + 2 renderers + 2 compositors = 10.
    /// </summary>
    public int ProcessLimit => 2 * Pages + FixedProcesses;

    /// <summary>The queue as a page shows it: capacity, printing now, waiting, and the position of one ticket (1 = next).</summary>
    public sealed record QueueState(int Pages, int Running, int Waiting, int? Position);

    /// <summary>The queue now; <paramref name="ticket"/>'s position when it is waiting (null when it is not).</summary>
    public QueueState State(string? ticket = null)
    {
        lock (_gate)
        {
            int? position = null;
            var i = 1;
            for (var n = _waiting.First; n is not null; n = n.Next, i++)
            {
                if (ticket is not null && n.Value == ticket) position = i;
            }
            return new QueueState(Pages, _running, _waiting.Count, position);
        }
    }

    /// <summary>Prints <paramref name="html"/> to PDF when a page is free (waiting in line until then).</summary>
    /// <exception cref="InvalidOperationException">No Chromium, the queue is full, or printing failed (Chinese messages).</exception>
    public async Task<byte[]> PrintAsync(string html, string? ticket = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(html);
        var chromium = ChromiumPdf.Find() ?? throw new InvalidOperationException(ChromiumPdf.MissingMessage);
        ticket ??= Guid.NewGuid().ToString("N");
        LinkedListNode<string> node;
        lock (_gate)
        {
            if (_waiting.Count >= QueueLimit && _slots.CurrentCount == 0)
            {
                throw new InvalidOperationException($"正在生成的 PDF 已达上限（{Pages} 份同时生成，{_waiting.Count} 份排队），请稍后再试或下载 .docx");
            }
            node = _waiting.AddLast(ticket);
        }
        try
        {
            await _slots.WaitAsync(ct);
        }
        finally
        {
            lock (_gate) _waiting.Remove(node);
        }
        Interlocked.Increment(ref _running);
        try
        {
            // One of the pool's N pages, reused: the same renderer process prints one PDF after another.
            var page = _idle.TryPop(out var idle) && !idle.IsClosed ? idle : await (await BrowserAsync(chromium)).NewPageAsync();
            try
            {
                await page.SetContentAsync(html, new PageSetContentOptions { WaitUntil = WaitUntilState.Load, Timeout = 120_000 });
                var pdf = await page.PdfAsync(new PagePdfOptions { PreferCSSPageSize = true, PrintBackground = true, Format = "A4" });
                _idle.Push(page);
                return pdf;
            }
            catch
            {
                await page.CloseAsync();
                throw;
            }
        }
        catch (PlaywrightException e)
        {
            throw new InvalidOperationException("Chromium 未生成 PDF：" + e.Message.Split('\n')[0], e);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
            _slots.Release();
        }
    }

    /// <summary>The one browser (a persistent context on the pool's own profile), started on first use or after a crash.</summary>
    private async Task<IBrowserContext> BrowserAsync(string chromium)
    {
        if (_browser is { } b && b.Browser?.IsConnected != false) return b;
        await _launch.WaitAsync();
        try
        {
            if (_browser is { } again && again.Browser?.IsConnected != false) return again;
            _playwright ??= await Playwright.CreateAsync();
            // Flags from STACK.md §6 A; the renderer limit keeps the process count bounded by the pages.
            _browser = await _playwright.Chromium.LaunchPersistentContextAsync(_profile, new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = chromium,
                Headless = true,
                Args =
                [
                    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--disable-extensions",
                    "--renderer-process-limit=" + Pages.ToString(CultureInfo.InvariantCulture),
                ],
            });
            // The persistent context opens a blank page of its own: closed, so that only the pool's pages hold renderers.
            foreach (var blank in _browser.Pages.ToList()) await blank.CloseAsync();
            _idle.Clear();
            return _browser;
        }
        finally
        {
            _launch.Release();
        }
    }

    /// <summary>The Chromium processes of this pool now (Linux: processes whose command line names its profile folder, and their children).</summary>
    public int ChromiumProcessCount()
    {
        var parents = new Dictionary<int, int>();
        var mine = new HashSet<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
                if (File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(_profile, StringComparison.Ordinal)) mine.Add(pid);
            }
            catch (IOException)
            {
                // The process ended while we read it.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to read.
            }
        }
        bool Descends(int pid)
        {
            for (var p = pid; p > 1 && parents.TryGetValue(p, out var parent); p = parent)
            {
                if (mine.Contains(p)) return true;
            }
            return false;
        }
        return parents.Keys.Count(Descends);
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        _slots.Dispose();
        _launch.Dispose();
        try
        {
            if (Directory.Exists(_profile)) Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still hold a file for a moment; the temp folder is cleaned by the OS.
        }
    }
}
