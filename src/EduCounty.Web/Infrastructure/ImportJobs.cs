using System.Collections.Concurrent;
using System.Threading.Channels;
using EduCounty.Common;
using EduCounty.Imports;
using EduCounty.Security;

namespace EduCounty.Web.Infrastructure;

/// <summary>A commit running in the background: what the page's progress panel polls, and its cancel switch.</summary>
public sealed class ImportJob(ImportUpload upload, bool validOnly) : IProgress<ImportProgress>
{
    public ImportUpload Upload { get; } = upload;
    public bool ValidOnly { get; } = validOnly;
    public CancellationTokenSource Cancel { get; } = new();
    public int Rows { get; private set; }
    public string Phase { get; private set; } = "排队等候";
    /// <summary>running, done, cancelled or failed.</summary>
    public string State { get; set; } = "running";
    public string? Error { get; set; }

    /// <summary>Rows of the dry run of the same file: the total the commit will read.</summary>
    public int Total => Upload.Report.Rows;

    public void Report(ImportProgress value)
    {
        Rows = value.Rows;
        Phase = value.Phase;
    }
}

/// <summary>
/// Runs confirmed imports one after another off the request (issue 5 §4: progress in the page, cancel): a POST queues
/// the job on a channel and returns at once; the page polls /imports/progress/{token}; a cancel cancels the job's
/// token and the importer rolls its transaction back, so nothing is written.
/// </summary>
public sealed class ImportJobs(IServiceScopeFactory scopes, ImportUploads uploads, IConfiguration config, ILogger<ImportJobs> log) : BackgroundService
{
    private readonly Channel<ImportJob> _queue = Channel.CreateUnbounded<ImportJob>();
    private readonly ConcurrentDictionary<string, ImportJob> _jobs = new();

    /// <summary>Queues the commit of an upload (the running job when one is already on its way).</summary>
    public ImportJob Start(ImportUpload upload, bool validOnly)
    {
        ArgumentNullException.ThrowIfNull(upload);
        if (_jobs.TryGetValue(upload.Token, out var running) && running.State == "running")
        {
            return running;
        }
        var job = new ImportJob(upload, validOnly);
        _jobs[upload.Token] = job;
        _queue.Writer.TryWrite(job);
        return job;
    }

    public ImportJob? Get(string token, string? user) =>
        _jobs.TryGetValue(token, out var j) && j.Upload.User == user ? j : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var job in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            await RunAsync(job, stoppingToken);
        }
    }

    private async Task RunAsync(ImportJob job, CancellationToken stoppingToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(job.Cancel.Token, stoppingToken);
        try
        {
            linked.Token.ThrowIfCancellationRequested();
            await using var scope = scopes.CreateAsyncScope();
            // No signed-in user in a background scope: the request's scoped context would see no school at all. Only
            // county offices may import (policy imports.write), and they read the whole county, so the job's context is
            // unrestricted; the actor is the user who confirmed the import.
            await using var db = scope.ServiceProvider.GetRequiredService<EduDbFactory>().CreateUnrestricted();
            var protector = scope.ServiceProvider.GetRequiredService<PersonalDataProtector>();
            db.Actor = job.Upload.User;
            var u = job.Upload;
            var report = await Importer.RunAsync(db, protector, ImportKind.Find(u.Kind)!, new ImportRequest(u.Path, u.FileName)
            {
                ValidOnly = job.ValidOnly,
                Limits = ImportLimits.Default with { MaxFileBytes = WebHardening.MaxUploadBytes(config) },
                MaxIssues = 5000,
                Progress = job,
            }, linked.Token);
            uploads.Replace(u with { Report = report });
            job.State = "done";
        }
        catch (OperationCanceledException) when (job.Cancel.IsCancellationRequested)
        {
            job.State = "cancelled";
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogError(ex, "导入 {File} 失败", job.Upload.FileName);
            job.Error = ex.Message;
            job.State = "failed";
        }
    }
}
