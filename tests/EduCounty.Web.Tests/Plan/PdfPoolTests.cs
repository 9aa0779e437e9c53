using System.Net;
using System.Net.Http.Json;
using EduCounty.Security;
using EduCounty.Web.Components.Plan;
using Microsoft.Extensions.DependencyInjection;

namespace EduCounty.Web.Tests.Plan;

/// <summary>
/// Issue 20 item 4: eight parallel PDF downloads go through one Chromium with two pages: every one is a PDF, the
/// others wait in line with a position, and the number of Chromium processes never passes the pool's limit (counted
/// from /proc every 50 ms during the downloads; before the pool, eight downloads ran 87 processes).
/// </summary>
public sealed class PdfPoolTests
{
    [Fact]
    public async Task Eight_parallel_pdf_downloads_share_one_browser_within_the_process_limit_and_wait_with_a_position()
    {
        await using var app = await EduWebFactory.StartAsync(WebTestDatabases.Sqlite, settings: new Dictionary<string, string> { ["EduCounty:Pdf:Pages"] = "2" });
        var password = await app.EnsureUserAsync("pdf-leader", Roles.Leader);
        var client = await app.SignInAsync("pdf-leader", password);
        var pool = app.Services.GetRequiredService<PdfPool>();
        // Two renderers and at most two print compositors (one per document printing) besides the fixed six.
        Assert.Equal(2 * 2 + PdfPool.FixedProcesses, pool.ProcessLimit);

        var most = 0;
        var mostWaiting = 0;
        using var stop = new CancellationTokenSource();
        var watch = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                most = Math.Max(most, pool.ChromiumProcessCount());
                mostWaiting = Math.Max(mostWaiting, pool.State().Waiting);
                await Task.Delay(50);
            }
        });

        var downloads = Enumerable.Range(0, 8).Select(i => client.GetAsync($"/plan/report.pdf?kind=midterm&ticket=t{i}")).ToList();
        var responses = await Task.WhenAll(downloads);
        await stop.CancelAsync();
        await watch;

        foreach (var r in responses)
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Equal("%PDF"u8.ToArray(), (await r.Content.ReadAsByteArrayAsync())[..4]);
        }
        Assert.InRange(most, 1, pool.ProcessLimit);
        // Two print at once; the other six requests waited their turn (the report is built before it queues, so
        // how many wait together depends on timing: at least one did).
        Assert.True(mostWaiting >= 1, $"最多排队 {mostWaiting}");
        var queue = await client.GetFromJsonAsync<PdfPool.QueueState>("/plan/pdf-queue?ticket=nobody");
        Assert.Equal(new PdfPool.QueueState(2, 0, 0, null), queue);
    }
}
