using EduCounty.Security;
using Microsoft.Playwright;

namespace EduCounty.Web.Tests.Browser;

/// <summary>
/// Issue 13 §4 in a real browser: the 系统管理员 creates an account (no role, a one-time password) at /admin/users, the
/// 安全管理员 grants it 基教 and saves the security policy at /admin/security, and the new user signs in with the
/// one-time password, changes it and reads the student list.
/// </summary>
public sealed class AdminBrowserTests : BrowserTest
{
    /// <summary>Signs a 三员 account in: password, then a fresh authenticator code on the second page.</summary>
    private async Task<IPage> SignInWithCodeAsync(string userName, string password)
    {
        var page = await (await NewContextAsync()).NewPageAsync();
        await SignInAsync(page, userName, password);
        await page.WaitForURLAsync("**/account/login-2fa**");
        await page.FillAsync("input[name='Input.Code']", await App.FreshCodeAsync(userName));
        await page.ClickAsync("#login-2fa-form button[type=submit]");
        // Signed in: away from the sign-in pages (the home page is business data, so a 三员 lands on the denied page).
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
        return page;
    }

    [Fact]
    public async Task The_system_administrator_creates_an_account_and_the_security_administrator_grants_its_role()
    {
        var sys = await SignInWithCodeAsync("b-sys", await App.EnsureUserAsync("b-sys", Roles.SystemAdmin));
        await sys.GotoAsync(BaseUrl + "/admin/users");
        await sys.FillAsync("#create-form input[name=UserName]", "b-new");
        await sys.FillAsync("#create-form input[name=DisplayName]", "浏览器新人");
        await sys.ClickAsync("#create-form button[type=submit]");
        // Created without a password: the 系统管理员 sees none (docs/adr/0029).
        await Assertions.Expect(sys.Locator("#done")).ToContainTextAsync("已创建账号 b-new");
        Assert.Equal(0, await sys.Locator("#one-time-password").CountAsync());
        // Created without any role (the roles cell of its row is empty); the page offers no role to pick.
        await Assertions.Expect(sys.Locator("tr[data-user='b-new'] td").Nth(2)).ToHaveTextAsync("");
        Assert.Equal(0, await sys.Locator("#create-form [name=Roles], #create-form [name=GrantRoles]").CountAsync());
        // The 安全管理员's page is not his.
        await sys.GotoAsync(BaseUrl + "/admin/security");
        Assert.Contains("/account/denied", sys.Url, StringComparison.Ordinal);

        var sec = await SignInWithCodeAsync("b-sec", await App.EnsureUserAsync("b-sec", Roles.SecurityAdmin));
        await sec.GotoAsync(BaseUrl + "/admin/security");
        var id = await sec.Locator("#grant-form select[name=Account] option", new() { HasText = "b-new（" }).GetAttributeAsync("value");
        await sec.SelectOptionAsync("#grant-form select[name=Account]", id!);
        await sec.CheckAsync($"#grant-form input[name=GrantRoles][value='{Roles.BasicEducation}']");
        await sec.ClickAsync("#grant-form button[type=submit]");
        await Assertions.Expect(sec.Locator("#done")).ToHaveTextAsync("已更新 b-new 的角色和数据范围");
        // The account had no password: the grant issued its one-time password, shown to the 安全管理员 once.
        var oneTime = (await sec.Locator("#one-time-password code").InnerTextAsync()).Trim();
        Assert.True(oneTime.Length >= 8, oneTime);
        await Assertions.Expect(sec.Locator("#grant-form select[name=Account] option", new() { HasText = "b-new（" })).ToContainTextAsync("现有角色：" + Roles.BasicEducation);
        // The policy form is there (saving it is tested over HTTP on a database of its own: a saved policy would apply to
        // every test sharing this demo database).
        await Assertions.Expect(sec.Locator("#policy-form input[name=ExportRows]")).ToHaveValueAsync("5000");
        // The 系统管理员's page is not hers.
        await sec.GotoAsync(BaseUrl + "/admin/users");
        Assert.Contains("/account/denied", sec.Url, StringComparison.Ordinal);

        // The new user: one-time password, then a new one, then the students of the county.
        var user = await (await NewContextAsync()).NewPageAsync();
        await SignInAsync(user, "b-new", oneTime);
        await user.WaitForURLAsync("**/account/change-password");
        await user.FillAsync("input[name='Input.Current']", oneTime);
        await user.FillAsync("input[name='Input.New']", "Fukang-2025-jj");
        await user.FillAsync("input[name='Input.Confirm']", "Fukang-2025-jj");
        await user.ClickAsync("#change-form button[type=submit]");
        await user.WaitForURLAsync(BaseUrl + "/");
        await user.GotoAsync(BaseUrl + "/students");
        Assert.DoesNotContain("/account/denied", user.Url, StringComparison.Ordinal);
        await Assertions.Expect(user.Locator("h1")).ToContainTextAsync("学生");
    }
}
