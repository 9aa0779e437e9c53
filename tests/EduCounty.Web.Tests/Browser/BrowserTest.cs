using Microsoft.Playwright;

namespace EduCounty.Web.Tests.Browser;

/// <summary>
/// Headless Chromium (Debian's /usr/bin/chromium, <see cref="BrowserOptions"/>) against the real app on Kestrel over the
/// SQLite demo county: one app and one browser per test class.
/// </summary>
public abstract class BrowserTest : IAsyncLifetime
{
    private IPlaywright _pw = default!;

    protected EduWebFactory App { get; private set; } = default!;

    /// <summary>Settings of the app under test (none by default).</summary>
    protected virtual IReadOnlyDictionary<string, string>? Settings => null;

    /// <summary>
    /// True for a class whose tests write what other tests read (a census year, a period): it gets its own copy of the
    /// demo county instead of the shared one.
    /// </summary>
    protected virtual bool OwnDatabase => false;

    protected IBrowser Browser { get; private set; } = default!;

    /// <summary>The app's address without a trailing slash, e.g. http://127.0.0.1:41234.</summary>
    protected string BaseUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        App = OwnDatabase
            ? await EduWebFactory.StartPristineAsync(WebTestDatabases.Sqlite, GetType().Name.ToLowerInvariant(), kestrel: true, Settings)
            : await EduWebFactory.StartAsync(WebTestDatabases.Sqlite, kestrel: true, Settings);
        using var c = App.CreateClient();
        BaseUrl = c.BaseAddress!.ToString().TrimEnd('/');
        Assertions.SetDefaultExpectTimeout(Patience);
        _pw = await Playwright.CreateAsync();
        Browser = await _pw.Chromium.LaunchAsync(BrowserOptions.Launch);
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _pw.Dispose();
        await App.DisposeAsync();
    }

    /// <summary>
    /// How long an action, a navigation or an expectation may wait. The test run keeps both cores busy (two test
    /// projects at once, each with its own apps and browsers), and under that load a sign-in once took longer than
    /// Playwright's default 30 s (AdminBrowserTests, a CI run of 2026-12-07); expectations default to 5 s. A test still
    /// fails when what it waits for never comes.
    /// </summary>
    private const float Patience = 90_000;

    /// <summary>A browser context whose pages wait up to <see cref="Patience"/>.</summary>
    protected async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions? options = null)
    {
        var context = await Browser.NewContextAsync(options);
        context.SetDefaultTimeout(Patience);
        context.SetDefaultNavigationTimeout(Patience);
        return context;
    }

    /// <summary>A page in a context of its own that waits up to <see cref="Patience"/>.</summary>
    protected async Task<IPage> NewPageAsync(BrowserNewPageOptions? options = null)
    {
        var page = await Browser.NewPageAsync(options);
        page.Context.SetDefaultTimeout(Patience);
        page.Context.SetDefaultNavigationTimeout(Patience);
        return page;
    }

    /// <summary>Signs in through the sign-in form (accounts without two-factor sign-in).</summary>
    protected async Task SignInAsync(IPage page, string userName, string password)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync(BaseUrl + "/account/login");
        await page.FillAsync("input[name='Input.UserName']", userName);
        await page.FillAsync("input[name='Input.Password']", password);
        await page.ClickAsync("#login-form button[type=submit]");
    }
}
