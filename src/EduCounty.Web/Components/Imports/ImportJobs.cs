using System.Collections.Concurrent;
using System.Threading.Channels;
using EduCounty.Common;
using EduCounty.Common.Protection;
using EduCounty.Imports;
using EduCounty.Security;
using EduCounty.Web.Infrastructure;

namespace EduCounty.Web.Components.Imports;

/// <summary>
/// A dry run or a commit queued or running in the background: what the page's progress panel polls, and its cancel
/// switch.
/// </summary>
public sealed class ImportJob(ImportUpload upload, bool dryRun, bool validOnly) : IProgress<ImportProgress>
{
    private const int Queued = 0, Started = 1, CancelledBeforeStart = 2;
    private int _start = Queued;

    public ImportUpload Upload { get; } = upload;
    /// <summary>The check before the commit (nothing is written); false: the confirmed commit.</summary>
    public bool DryRun { get; } = dryRun;
    public bool ValidOnly { get; } = validOnly;
    /// <summary>"dry-run" or "commit" (the progress JSON's mode).</summary>
    public string Mode => DryRun ? "dry-run" : "commit";
    public CancellationTokenSource Cancel { get; } = new();
    public int Rows { get; private set; }
    /// <summary>Data rows the file holds, estimated before reading it (ImportProgress.Estimated; null until known or when unknown).</summary>
    public int? Estimated { get; private set; }
    public string Phase { get; private set; } = "排队等候";
    private volatile string _state = "running";

    /// <summary>
    /// running (queued or running), done, cancelled or failed. Volatile, and set to done only after the upload holds the
    /// report (<see cref="ImportJobs"/>): a reader that sees a finished job and then reads the upload sees its report.
    /// </summary>
    public string State { get => _state; set => _state = value; }
    public string? Error { get; set; }

    /// <summary>
    /// Where the progress bar ends: for a commit the rows its dry run read (the same file); for a dry run the estimate
    /// (null when unknown: the bar then has no end).
    /// </summary>
    public int? Total => DryRun ? Estimated : Upload.Report?.Rows;

    public void Report(ImportProgress value)
    {
        Rows = value.Rows;
        Phase = value.Phase;
        Estimated = value.Estimated ?? Estimated;
    }

    /// <summary>The run ended with its report: the rows it read (progress comes only every 1,000 rows).</summary>
    internal void Finish(ImportReport report)
    {
        Rows = report.Rows;
        Phase = "完成";
        State = "done";
    }

    /// <summary>The worker takes the job; false when it was cancelled while still queued.</summary>
    internal bool TryStart() => Interlocked.CompareExchange(ref _start, Started, Queued) == Queued;

    /// <summary>Cancels the job; true when it had not started (nothing reads its file: the caller can discard it now).</summary>
    internal bool CancelBeforeStart()
    {
        Cancel.Cancel();
        return Interlocked.CompareExchange(ref _start, CancelledBeforeStart, Queued) == Queued;
    }
}

/// <summary>
/// Runs dry runs and confirmed imports one after another off the request (issue 5 §4: progress in the page, cancel;
/// one at a time: the server has 2 cores): a POST queues the job on a channel and returns at once; the page polls
/// /imports/progress/{token}; a cancel cancels the job's token and the importer rolls its transaction back, so nothing
/// is written. A cancelled dry run discards its upload (the temporary file is deleted).
/// </summary>
public sealed class ImportJobs(IServiceScopeFactory scopes, ImportUploads uploads, IConfiguration config, ILogger<ImportJobs> log) : BackgroundService
{
    private readonly Channel<ImportJob> _queue = Channel.CreateUnbounded<ImportJob>();
    private readonly ConcurrentDictionary<string, ImportJob> _jobs = new();

    /// <summary>Queues the dry run of a new upload.</summary>
    public ImportJob StartDryRun(ImportUpload upload) => Queue(upload, dryRun: true, validOnly: false);

    /// <summary>Queues the commit of a checked upload (the running job when one is already on its way).</summary>
    public ImportJob StartCommit(ImportUpload upload, bool validOnly) => Queue(upload, dryRun: false, validOnly);

    private ImportJob Queue(ImportUpload upload, bool dryRun, bool validOnly)
    {
        ArgumentNullException.ThrowIfNull(upload);
        if (_jobs.TryGetValue(upload.Token, out var running) && running.State == "running")
        {
            return running;
        }
        var job = new ImportJob(upload, dryRun, validOnly);
        _jobs[upload.Token] = job;
        _queue.Writer.TryWrite(job);
        return job;
    }

    /// <summary>The latest job of an upload (its dry run, then its commit) when it belongs to the user.</summary>
    public ImportJob? Get(string token, string? user) =>
        _jobs.TryGetValue(token, out var j) && j.Upload.User == user ? j : null;

    /// <summary>
    /// Cancels a queued or running job. A queued one is cancelled at once (a dry run's upload discarded now); a running
    /// one stops at its next row and the worker records it. A finished dry run not confirmed is abandoned: its upload and
    /// file go now rather than at expiry (issue 13 §5).
    /// </summary>
    public void Cancel(ImportJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job is { DryRun: true, State: "done" })
        {
            Cancelled(job);
            return;
        }
        if (job.State != "running")
        {
            return;
        }
        if (job.CancelBeforeStart())
        {
            Cancelled(job);
        }
    }

    /// <summary>A cancelled dry run or commit (rolled back): the upload is not offered again and its file goes (issue 13 §5).</summary>
    private void Cancelled(ImportJob job)
    {
        uploads.Discard(job.Upload.Token);
        job.State = "cancelled";
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Files of uploads from an earlier run are deleted at start, then expired uploads every 5 minutes (issue 13 §5).
        uploads.SweepAll();
        _ = SweepAsync(stoppingToken);
        await foreach (var job in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            if (job.TryStart())
            {
                await RunAsync(job, stoppingToken);
            }
        }
    }

    private async Task SweepAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(5));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                uploads.Expire();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task RunAsync(ImportJob job, CancellationToken stoppingToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(job.Cancel.Token, stoppingToken);
        try
        {
            linked.Token.ThrowIfCancellationRequested();
            await using var scope = scopes.CreateAsyncScope();
            // No signed-in user in a background scope: the request's scoped context would see no school at all. The job's
            // context takes the uploader's scope as recorded at upload: unrestricted for the county offices, the user's
            // schools for a school role (docs/adr/0032); the actor is the user who uploaded / confirmed the import.
            await using var db = scope.ServiceProvider.GetRequiredService<EduDbFactory>().CreateUnrestricted();
            if (job.Upload.Scope is { } schools)
            {
                db.SchoolScope = schools;
            }
            var protector = scope.ServiceProvider.GetRequiredService<PersonalDataProtector>();
            db.Actor = job.Upload.User;
            var u = job.Upload;
            var report = await Importer.RunAsync(db, protector, ImportKind.Find(u.Kind)!, new ImportRequest(u.Path, u.FileName)
            {
                DryRun = job.DryRun,
                ValidOnly = job.ValidOnly,
                Year = u.Year,
                Limits = TabularSettings.Import(config),
                MaxIssues = 5000,
                Progress = job,
                // Bulk-load threshold (docs/adr/0018); 0 turns it off.
                BulkLoadFromRows = config.GetValue("EduCounty:ImportBulkLoadFromRows", ImportRequest.DefaultBulkLoadFromRows) is > 0 and var bulk
                    ? bulk
                    : null,
            }, linked.Token);
            // The report first, then the state: the page reads the job, then the upload (Imports.razor).
            uploads.Update(u with { Report = report });
            if (!job.DryRun || report.Refused is not null)
            {
                // Committed (or refused): the file has served its purpose and goes now (issue 13 §5).
                ImportUploads.DeleteFile(u);
            }
            job.Finish(report);
        }
        catch (OperationCanceledException) when (job.Cancel.IsCancellationRequested)
        {
            Cancelled(job);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogError(ex, "导入 {File} 失败", job.Upload.FileName);
            job.Error = ex.Message;
            if (job.DryRun)
            {
                // Nothing to confirm: the file goes (the page says so).
                uploads.Discard(job.Upload.Token);
            }
            job.State = "failed";
        }
    }
}
