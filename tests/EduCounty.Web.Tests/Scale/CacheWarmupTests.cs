using EduCounty.Common.Caching;
using EduCounty.Web.Components.Pages;
using EduCounty.Web.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EduCounty.Web.Tests.Scale;

/// <summary>
/// Issue 20 §1: after a start, the county-wide overview of 首页 is in the cache before the first user asks for it
/// (CacheWarmup). The check asks the cache for the entry with a computation that fails: it passes only if the entry
/// is there. With the warm-up turned off (the test apps' default) the same question fails, so the check can fail.
/// </summary>
public sealed class CacheWarmupTests
{
    [Fact]
    public async Task The_home_overview_is_cached_once_the_server_has_started()
    {
        await using var app = await EduWebFactory.StartPristineAsync(WebTestDatabases.Sqlite, "warmup",
            settings: new Dictionary<string, string> { ["EduCounty:WarmUpOnStart"] = "true" });
        _ = app.Server; // starts the host
        await app.Services.GetRequiredService<CacheWarmup>().Done.WaitAsync(TimeSpan.FromMinutes(5));
        var cached = await CachedHomeAsync(app);
        Assert.NotNull(cached.Latest);
        Assert.True(cached.Latest.Compulsory > 0);
    }

    [Fact]
    public async Task Without_the_warm_up_the_entry_is_missing()
    {
        await using var app = await EduWebFactory.StartPristineAsync(WebTestDatabases.Sqlite, "no-warmup");
        _ = app.Server;
        await app.Services.GetRequiredService<CacheWarmup>().Done.WaitAsync(TimeSpan.FromMinutes(5));
        await Assert.ThrowsAsync<InvalidOperationException>(() => CachedHomeAsync(app));
    }

    /// <summary>The entry 首页 reads for a county-wide user (no asked year), or the failing computation's exception.</summary>
    private static async Task<HomeOverview> CachedHomeAsync(EduWebFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await using var db = scope.ServiceProvider.GetRequiredService<EduDbFactory>().CreateUnrestrictedReader();
        return await VersionedCache.GetAsync<HomeOverview>(db, "home", "", () => throw new InvalidOperationException("不在缓存中"));
    }
}
