using EduCounty.Security;
using Microsoft.Playwright;

namespace EduCounty.Web.Tests.Browser;

/// <summary>
/// The seat-gap map of /forecast (issue 19 item 5) in headless Chromium at a phone (390 px) and a laptop (1366 px): the
/// 乡镇 panels and their school circles draw inside the screen, the page does not scroll sideways, and the legend is
/// there. Screenshots in the run's output folder (.test-output/forecast-map/) for a person to look at.
/// </summary>
public sealed class ForecastMapBrowserTests : BrowserTest
{
    [Fact]
    public async Task The_map_fits_a_phone_and_a_laptop()
    {
        var folder = TestOutput.Folder("forecast-map");
        var password = await App.EnsureUserAsync("map-leader", Roles.Leader);
        foreach (var width in new[] { 390, 1366 })
        {
            await using var context = await NewContextAsync(new() { ViewportSize = new() { Width = width, Height = 844 } });
            var page = await context.NewPageAsync();
            await SignInAsync(page, "map-leader", password);
            await page.WaitForURLAsync(u => !u.Contains("/account/login", StringComparison.Ordinal));
            await page.GotoAsync(BaseUrl + "/forecast?to=2035&scenario=mid&map=2030");
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

            var map = page.Locator("#forecast-map");
            await Assertions.Expect(map).ToBeVisibleAsync();
            await Assertions.Expect(map.Locator(".seatmap-title")).ToContainTextAsync("2030 年各校学位缺口示意图");
            await Assertions.Expect(map.Locator(".seatmap-legend")).ToContainTextAsync("学位不足 10% 及以上");
            Assert.True(await map.Locator(".seatmap-town").CountAsync() >= 2, "示意图应按乡镇分块");
            Assert.Equal(5, await map.Locator(".seatmap-legend .seatmap-swatch circle").CountAsync());
            var circles = map.Locator(".seatmap-school circle");
            Assert.True(await circles.CountAsync() >= 10, "示意图应画出各校圆点");
            // Every panel within the screen, and the page as a whole does not scroll sideways.
            var towns = map.Locator(".seatmap-town");
            for (var i = 0; i < await towns.CountAsync(); i++)
            {
                var box = await towns.Nth(i).BoundingBoxAsync();
                Assert.True(box is { } b && b.X >= 0 && b.X + b.Width <= width + 0.5, $"{width} px：第 {i + 1} 个乡镇超出屏幕 {box?.X} + {box?.Width}");
            }
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), $"{width} px：页面横向滚动");
            await map.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{width}-forecast-map.png") });
        }
    }
}
