using System.Diagnostics;
using EduCounty.Balance;
using EduCounty.Web.Components.Balance;
using EduCounty.Web.Components.Pages;
using EduCounty.Web.Components.Plan;

namespace EduCounty.Web.Infrastructure;

/// <summary>
/// Once the server has started, computes the county-wide results the most viewed pages ask first — 首页's overview, the
/// plan evaluation of the latest year and the 优质均衡 verdict — into the cache (EduCounty.Common.Caching), on the read
/// database. The first users after a start then do not wait for them: the load test's p95 on <c>/</c> was 147.7 ms in
/// the first 30 s after a start against 8.4 ms once the caches were filled (issue 20 §1). EduCounty:WarmUpOnStart
/// (default true) turns it off. A failure is logged and changes nothing: the pages compute what they miss.
/// </summary>
public sealed class CacheWarmup(IServiceScopeFactory scopes, IHostApplicationLifetime lifetime, IConfiguration config, ILogger<CacheWarmup> log) : BackgroundService
{
    /// <summary>Completed when the warm-up has ended (done, failed or turned off): for tests.</summary>
    public Task Done => _done.Task;

    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (!config.GetValue("EduCounty:WarmUpOnStart", true))
            {
                return;
            }
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            {
                await started.Task.WaitAsync(stoppingToken);
            }
            var sw = Stopwatch.StartNew();
            await using var scope = scopes.CreateAsyncScope();
            // County-wide (no school scope): the entries county users read; a school user's scope has entries of its own.
            await using var db = scope.ServiceProvider.GetRequiredService<EduDbFactory>().CreateUnrestrictedReader();
            var overview = await HomeOverview.GetAsync(db, null, null, stoppingToken);
            if (await PlanPages.ResolveYearAsync(db, null, stoppingToken) is { } year)
            {
                await PlanPages.EvaluateAsync(db, year, stoppingToken);
            }
            if (await BalanceContext.LoadAsync(db, null, null, stoppingToken) is { } ctx)
            {
                await EvaluateCountyVerdict.CachedAsync(db, ctx.County, ctx.SchoolYear, BalanceProfile.National(), null, ct: stoppingToken);
            }
            log.LogInformation("启动预热：首页概况、规划评估与优质均衡结果已算好（{Ms} 毫秒，{Years} 个学年）", sw.ElapsedMilliseconds, overview.Years.Count);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "启动预热失败（页面将在首次访问时计算）");
        }
        finally
        {
            _done.TrySetResult();
        }
    }
}
