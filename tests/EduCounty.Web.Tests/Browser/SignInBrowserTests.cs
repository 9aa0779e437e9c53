using EduCounty.Security;
using Microsoft.Playwright;

namespace EduCounty.Web.Tests.Browser;

/// <summary>Headless Chromium (Debian's /usr/bin/chromium) against the real app on Kestrel.</summary>
public sealed class SignInBrowserTests : BrowserTest
{
    [Fact]
    public async Task A_new_user_signs_in_changes_the_one_time_password_and_opens_a_school()
    {
        var oneTime = await App.EnsureUserAsync("newleader", Roles.Leader, mustChange: true);
        var page = await NewPageAsync();
        await page.GotoAsync(BaseUrl + "/schools");
        Assert.Contains("/account/login", page.Url, StringComparison.Ordinal);
        await page.FillAsync("input[name='Input.UserName']", "newleader");
        await page.FillAsync("input[name='Input.Password']", oneTime);
        await page.ClickAsync("#login-form button[type=submit]");
        await page.WaitForURLAsync("**/account/change-password");
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("一次性密码");

        // Opening another page first still leads back to the change page.
        await page.GotoAsync(BaseUrl + "/schools");
        Assert.Contains("/account/change-password", page.Url, StringComparison.Ordinal);

        await page.FillAsync("input[name='Input.Current']", oneTime);
        await page.FillAsync("input[name='Input.New']", "Fukang-2025-new");
        await page.FillAsync("input[name='Input.Confirm']", "Fukang-2025-new");
        await page.ClickAsync("#change-form button[type=submit]");
        await page.WaitForURLAsync(BaseUrl + "/");
        await Assertions.Expect(page.Locator("#kpi-preschool")).ToBeVisibleAsync();

        await page.GotoAsync(BaseUrl + "/schools");
        await page.SelectOptionAsync("select[name=type]", "211"); // 小学
        await page.ClickAsync("form.filters button[type=submit]");
        await page.ClickAsync("text=阜康市第一小学");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("阜康市第一小学");
        await Assertions.Expect(page.Locator("#enrolment")).ToContainTextAsync("一年级");
        Directory.CreateDirectory(BrowserOptions.Screenshots);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserOptions.Screenshots, "school.png"), FullPage = true });
    }

    [Fact]
    public async Task A_weak_new_password_is_refused_with_the_policy_in_chinese()
    {
        var oneTime = await App.EnsureUserAsync("weakpw", Roles.Leader, mustChange: true);
        var page = await NewPageAsync();
        await SignInAsync(page, "weakpw", oneTime);
        await page.WaitForURLAsync("**/account/change-password");
        await page.FillAsync("input[name='Input.Current']", oneTime);
        await page.FillAsync("input[name='Input.New']", "abcdefgh");
        await page.FillAsync("input[name='Input.Confirm']", "abcdefgh");
        await page.ClickAsync("#change-form button[type=submit]");
        await Assertions.Expect(page.Locator(".error").First).ToContainTextAsync("至少三类");
    }
}

public static class BrowserOptions
{
    public static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public static BrowserTypeLaunchOptions Launch => new()
    {
        ExecutablePath = "/usr/bin/chromium",
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
    };
}
