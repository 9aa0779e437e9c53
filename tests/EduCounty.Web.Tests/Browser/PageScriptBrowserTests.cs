using EduCounty.Security;
using Microsoft.Playwright;

namespace EduCounty.Web.Tests.Browser;

/// <summary>
/// Issue 21 §5–§6 in Chromium (js/app.js): an upload over the page's limit is refused in Chinese before anything is sent,
/// one within it goes through the script's transfer (with progress); a generated download shows a waiting notice; the
/// page warns before the idle timeout and, once it has passed, offers to sign in again and come back. The app's upload
/// limit is set to 1 MB so the refusal needs a 2 MB file, not 110 MB.
/// </summary>
public sealed class PageScriptBrowserTests : BrowserTest
{
    protected override IReadOnlyDictionary<string, string>? Settings => new Dictionary<string, string> { ["EduCounty:MaxUploadMegabytes"] = "1" };

    [Fact]
    public async Task An_oversized_upload_is_refused_before_sending_and_a_small_one_is_sent_by_the_script()
    {
        var password = await App.EnsureUserAsync("ps-import", Roles.Planning);
        var page = await NewPageAsync(new() { ViewportSize = new() { Width = 390, Height = 844 } });
        await SignInAsync(page, "ps-import", password);
        await page.WaitForURLAsync(BaseUrl + "/");
        var posts = new List<string>();
        page.Request += (_, r) => { if (r.Method == "POST") posts.Add(r.Url); };
        await page.GotoAsync(BaseUrl + "/imports");

        var form = page.Locator("form#upload");
        await form.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "学生.csv",
            MimeType = "text/csv",
            Buffer = new byte[2 * 1024 * 1024],
        });
        await form.Locator("button[type=submit]").ClickAsync();
        // 2 MB against the 1 MB limit: 2.0 MB, "超过本页上传上限 1 MB", and no request at all.
        // The message is shown right below the form.
        await Assertions.Expect(page.Locator("form#upload + .upload-status.error")).ToContainTextAsync("文件“学生.csv”大小 2.0 MB，超过本页上传上限 1 MB，未上传");
        Assert.Empty(posts);
        await page.ScreenshotAsync(new() { Path = Path.Combine(TestOutput.Folder("widths"), "script-upload-refused-390.png"), FullPage = true });

        // A small file is sent by the script (an XHR with upload progress), and the page's answer replaces the page.
        var sent = page.WaitForRequestAsync(r => r.Method == "POST" && r.Url.Contains("/imports/upload", StringComparison.Ordinal));
        await form.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "学生.csv",
            MimeType = "text/csv",
            Buffer = System.Text.Encoding.UTF8.GetBytes("学籍号,姓名\nG1,甲\n"),
        });
        await form.Locator("button[type=submit]").ClickAsync();
        var request = await sent;
        Assert.Equal("xhr", request.ResourceType);
    }

    [Fact]
    public async Task A_generated_download_shows_a_waiting_notice_and_the_page_warns_before_the_idle_timeout()
    {
        var password = await App.EnsureUserAsync("ps-leader", Roles.Leader);
        var page = await NewPageAsync(new() { ViewportSize = new() { Width = 1366, Height = 900 } });
        await SignInAsync(page, "ps-leader", password);
        await page.WaitForURLAsync(BaseUrl + "/");

        // The retest export held back 2 s by the test: the notice counts the wait, then says the download started.
        await page.RouteAsync("**/fitness/retest.xlsx**", async route =>
        {
            await Task.Delay(2000);
            await route.ContinueAsync();
        });
        await page.GotoAsync(BaseUrl + "/fitness/retest");
        var download = page.WaitForDownloadAsync();
        await page.ClickAsync("#retest-export");
        await Assertions.Expect(page.Locator(".wait-status.busy")).ToContainTextAsync("正在生成补测名单（已等待");
        Assert.EndsWith(".xlsx", (await download).SuggestedFilename, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator(".wait-status.done")).ToContainTextAsync("已生成，开始下载");

        // The idle timeout (30 minutes) on the page's clock: warned at 28 minutes, ended at 30 with a way back.
        await page.Clock.InstallAsync();
        await page.GotoAsync(BaseUrl + "/fitness/retest?grade=P5");
        var box = page.Locator("#session-timeout");
        await Assertions.Expect(box).ToBeHiddenAsync();
        await page.Clock.FastForwardAsync("28:30");
        await Assertions.Expect(box).ToBeVisibleAsync();
        await Assertions.Expect(box).ToContainTextAsync("登录将在 1 分");
        await Assertions.Expect(page.Locator("#session-keep")).ToBeVisibleAsync();
        await page.Clock.FastForwardAsync("02:00");
        await Assertions.Expect(box).ToContainTextAsync("登录已超时");
        var again = box.Locator("a:has-text('重新登录')");
        Assert.Equal("/account/login?ReturnUrl=" + Uri.EscapeDataString("/fitness/retest?grade=P5"), await again.GetAttributeAsync("href"));
    }
}
