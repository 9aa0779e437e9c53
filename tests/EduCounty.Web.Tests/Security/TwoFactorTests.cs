using System.Net;
using System.Text.RegularExpressions;
using EduCounty.Common;
using EduCounty.Security;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Web.Tests.Security;

/// <summary>
/// Issue 6 §3: TOTP two-factor sign-in (RFC 6238), required for the three administrator roles and available to all.
/// Codes are computed in the test by Otp.NET from the shared key, independently of the app.
/// </summary>
public sealed partial class TwoFactorTests
{
    private static HttpClient Client(EduWebFactory app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static Task<HttpResponseMessage> LoginAsync(HttpClient c, string user, string password) =>
        EduWebFactory.PostFormAsync(c, "/account/login", new() { ["Input.UserName"] = user, ["Input.Password"] = password });

    private static Task<HttpResponseMessage> CodeAsync(HttpClient c, string code) =>
        EduWebFactory.PostFormAsync(c, "/account/login-2fa", new() { ["Input.Code"] = code });

    /// <summary>A six-digit code that is certainly not the current one (nor one of the neighbours Identity accepts).</summary>
    private static string WrongCode(string key)
    {
        var right = int.Parse(EduWebFactory.TotpCode(key), System.Globalization.CultureInfo.InvariantCulture);
        return ((right + 500000) % 1000000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The code of the step after the current one (accepted within ±1 step).</summary>
    private static string NextCode(string key) => EduWebFactory.TotpCode(key, DateTime.UtcNow.AddSeconds(30));

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task A_code_is_accepted_once_only_and_within_one_step(string provider)
    {
        // Issue 13 (low): Identity accepted the same code again for ~2.5 minutes (±2 steps, any number of times).
        await using var app = await EduWebFactory.StartEmptyAsync(provider, "two-factor-replay");
        var password = await app.EnsureUserAsync("replay", Roles.Leader, twoFactor: true);
        var key = app.TotpKey("replay");
        var code = EduWebFactory.TotpCode(key);
        var first = Client(app);
        await LoginAsync(first, "replay", password);
        Assert.Equal(HttpStatusCode.Redirect, (await CodeAsync(first, code)).StatusCode);
        // The same code in another browser (a replay, e.g. read over the shoulder): refused.
        var second = Client(app);
        Assert.Equal("/account/login-2fa", EduWebFactory.PathOf(await LoginAsync(second, "replay", password)));
        var replay = await CodeAsync(second, code);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Contains("动态验证码错误或已使用过", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // A code two steps away (Identity's window) is refused too; the next step's is accepted once.
        Assert.Equal(HttpStatusCode.OK, (await CodeAsync(second, EduWebFactory.TotpCode(key, DateTime.UtcNow.AddSeconds(-60)))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await CodeAsync(second, EduWebFactory.TotpCode(key, DateTime.UtcNow.AddSeconds(95)))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await CodeAsync(second, NextCode(key))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/account/history")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task Sign_in_takes_the_password_then_the_code_and_wrong_codes_count_toward_lockout(string provider)
    {
        await using var app = await EduWebFactory.StartEmptyAsync(provider, "two-factor");
        var password = await app.EnsureUserAsync("tfa", Roles.Leader, twoFactor: true);
        var key = app.TotpKey("tfa");

        // Without a verified password the second step is not reachable.
        var stranger = await Client(app).GetAsync("/account/login-2fa");
        Assert.Equal(HttpStatusCode.Redirect, stranger.StatusCode);
        Assert.StartsWith("/account/login", EduWebFactory.PathOf(stranger), StringComparison.Ordinal);

        var c = Client(app);
        var step1 = await LoginAsync(c, "tfa", password);
        Assert.Equal("/account/login-2fa", EduWebFactory.PathOf(step1));
        // The password alone does not sign in.
        Assert.StartsWith("/account/login", EduWebFactory.PathOf(await c.GetAsync("/account/history")), StringComparison.Ordinal);

        var wrong = await CodeAsync(c, WrongCode(key));
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("动态验证码错误", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using (var db = Database.Open(app.Database))
        {
            Assert.Equal(1, await db.Users.Where(u => u.UserName == "tfa").Select(u => u.AccessFailedCount).SingleAsync());
        }
        var right = await CodeAsync(c, EduWebFactory.TotpCode(key));
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/account/history")).StatusCode);

        // A right password does not clear the count; five wrong codes lock the account, after which neither the
        // right code nor the right password gets in.
        var d = Client(app);
        await LoginAsync(d, "tfa", password);
        for (var i = 0; i < 5; i++)
        {
            await CodeAsync(d, WrongCode(key));
        }
        var e = Client(app);
        var locked = await LoginAsync(e, "tfa", password);
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Contains("账号已锁定", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using (var db = Database.Open(app.Database))
        {
            var u = await db.Users.Where(x => x.UserName == "tfa").Select(x => new { x.AccessFailedCount, x.LockoutEnd }).SingleAsync();
            Assert.Equal(5, u.AccessFailedCount);
            Assert.True(u.LockoutEnd > DateTimeOffset.UtcNow);
            var actions = await db.AuditEntries.Where(a => a.UserName == "tfa" && a.Entity == "User").Select(a => a.Action).ToListAsync();
            Assert.Equal(6, actions.Count(a => a == SignInResults.TwoFactorFailed));
            Assert.Contains(SignInResults.Locked, actions);
            Assert.Single(actions, a => a == SignInResults.SignedIn);
        }
    }

    [GeneratedRegex(@"id=""shared-key"">(?<key>[a-z2-7 ]+)<")]
    private static partial Regex SharedKey();

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task An_administrator_without_two_factor_enrols_before_reaching_any_page(string provider)
    {
        await using var app = await EduWebFactory.StartEmptyAsync(provider, "two-factor-admin");
        var password = await app.EnsureUserAsync("sysadm", Roles.SystemAdmin, twoFactor: false);
        var c = Client(app);
        Assert.Equal(HttpStatusCode.Redirect, (await LoginAsync(c, "sysadm", password)).StatusCode);
        foreach (var url in new[] { "/", "/account/history", "/students", "/schools", "/imports" })
        {
            var r = await c.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
            Assert.Equal("/account/two-factor", EduWebFactory.PathOf(r));
        }
        var setup = await c.GetStringAsync("/account/two-factor");
        Assert.Contains("须启用双因素认证", setup, StringComparison.Ordinal);
        Assert.Contains("src=\"data:image/png;base64,", setup, StringComparison.Ordinal);
        var key = SharedKey().Match(setup).Groups["key"].Value;
        Assert.Equal(32, key.Replace(" ", "", StringComparison.Ordinal).Length);

        // A wrong confirmation code does not enable it.
        var bad = await EduWebFactory.PostFormAsync(c, "/account/two-factor", new() { ["Enable.Code"] = WrongCode(key) });
        Assert.Contains("动态验证码不正确", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("/account/two-factor", EduWebFactory.PathOf(await c.GetAsync("/account/history")));

        var ok = await EduWebFactory.PostFormAsync(c, "/account/two-factor", new() { ["Enable.Code"] = EduWebFactory.TotpCode(key) });
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/account/history")).StatusCode);
        var status = await c.GetStringAsync("/account/two-factor");
        Assert.Contains("id=\"status-enabled\"", status, StringComparison.Ordinal);
        Assert.Contains("不能停用", status, StringComparison.Ordinal);
        Assert.DoesNotContain("disable-form", status, StringComparison.Ordinal);

        // From now on the administrator's sign-in has the second step.
        var next = Client(app);
        Assert.Equal("/account/login-2fa", EduWebFactory.PathOf(await LoginAsync(next, "sysadm", password)));
        // The enrolment took the current step's code; a code is accepted once only, so the next step's (within ±1).
        Assert.Equal(HttpStatusCode.Redirect, (await CodeAsync(next, NextCode(key))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await next.GetAsync("/account/history")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task Any_user_may_turn_two_factor_on_and_off(string provider)
    {
        await using var app = await EduWebFactory.StartEmptyAsync(provider, "two-factor-optional");
        var password = await app.EnsureUserAsync("opt", Roles.Leader);
        var c = await app.SignInAsync("opt", password);
        // Not required for this role: pages open without enrolling.
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/account/history")).StatusCode);
        var key = SharedKey().Match(await c.GetStringAsync("/account/two-factor")).Groups["key"].Value;
        Assert.Equal(HttpStatusCode.Redirect,
            (await EduWebFactory.PostFormAsync(c, "/account/two-factor", new() { ["Enable.Code"] = EduWebFactory.TotpCode(key) })).StatusCode);
        Assert.Contains("disable-form", await c.GetStringAsync("/account/two-factor"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect,
            (await EduWebFactory.PostFormAsync(c, "/account/two-factor", new() { ["Disable.Code"] = NextCode(key) })).StatusCode);
        Assert.Contains("enable-form", await c.GetStringAsync("/account/two-factor"), StringComparison.Ordinal);
        // Password alone signs in again.
        Assert.Equal("/", EduWebFactory.PathOf(await LoginAsync(Client(app), "opt", password)));
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task A_lost_authenticator_is_reset_by_the_system_administrator_and_bound_again_at_the_next_sign_in(string provider)
    {
        await using var app = await EduWebFactory.StartEmptyAsync(provider, "two-factor-reset");
        var sys = await app.SignInAsync("sys-r", await app.EnsureUserAsync("sys-r", Roles.SystemAdmin));
        var password = await app.EnsureUserAsync("sec-r", Roles.SecurityAdmin);
        var lostKey = app.TotpKey("sec-r");
        var phone = await app.SignInAsync("sec-r", password);
        var leaderPassword = await app.EnsureUserAsync("lead-r", Roles.Leader, twoFactor: true);
        string secId, leaderId, sysId;
        await using (var db = Database.Open(app.Database))
        {
            var ids = await db.Users.Where(u => u.UserName == "sec-r" || u.UserName == "lead-r" || u.UserName == "sys-r").ToDictionaryAsync(u => u.UserName!, u => u.Id);
            (secId, leaderId, sysId) = (ids["sec-r"], ids["lead-r"], ids["sys-r"]);
        }
        // The list offers the reset for accounts with an authenticator, not for the administrator's own.
        var list = await sys.GetStringAsync("/admin/users");
        Assert.Contains($"reset2fa:{secId}", list, StringComparison.Ordinal);
        Assert.DoesNotContain($"reset2fa:{sysId}", list, StringComparison.Ordinal);

        var done = await (await EduWebFactory.PostNamedFormAsync(sys, "/admin/users", "user-op", ("Op", "reset2fa:" + secId))).Content.ReadAsStringAsync();
        Assert.Contains("账号 sec-r 的动态验证码已作废，下次登录须重新绑定验证器", done, StringComparison.Ordinal);
        // Her open session ended; the lost phone's codes are worth nothing: the password alone now leads to binding a new
        // authenticator (a 三员 account), with a new key, before any page.
        Assert.StartsWith("/account/login", EduWebFactory.PathOf(await phone.GetAsync("/account/history")), StringComparison.Ordinal);
        var again = Client(app);
        Assert.Equal("/", EduWebFactory.PathOf(await LoginAsync(again, "sec-r", password)));
        Assert.Equal("/account/two-factor", EduWebFactory.PathOf(await again.GetAsync("/admin/security")));
        var newKey = SharedKey().Match(await again.GetStringAsync("/account/two-factor")).Groups["key"].Value.Replace(" ", "", StringComparison.Ordinal);
        Assert.NotEqual(lostKey.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant(), newKey.ToUpperInvariant());

        // A business account (two-factor chosen, not required) signs in with its password after the reset and may bind again.
        var leaderDone = await (await EduWebFactory.PostNamedFormAsync(sys, "/admin/users", "user-op", ("Op", "reset2fa:" + leaderId))).Content.ReadAsStringAsync();
        Assert.Contains("账号 lead-r 的动态验证码已作废，可在登录后重新绑定（可选）", leaderDone, StringComparison.Ordinal);
        var leader = Client(app);
        Assert.Equal("/", EduWebFactory.PathOf(await LoginAsync(leader, "lead-r", leaderPassword)));
        Assert.Equal(HttpStatusCode.OK, (await leader.GetAsync("/account/history")).StatusCode);

        // Refused: one's own account (posted by hand), and an account without an authenticator (the leader's, now).
        Assert.Contains("不能重置自己账号的动态验证码",
            await (await EduWebFactory.PostNamedFormAsync(sys, "/admin/users", "user-op", ("Op", "reset2fa:" + sysId))).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("账号 lead-r 未绑定动态验证码，无需重置",
            await (await EduWebFactory.PostNamedFormAsync(sys, "/admin/users", "user-op", ("Op", "reset2fa:" + leaderId))).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // The 安全管理员 cannot reach the page at all (account management is the 系统管理员's).
        var secPage = await again.GetAsync("/admin/users");
        Assert.NotEqual(HttpStatusCode.OK, secPage.StatusCode);
        await using (var db = Database.Open(app.Database))
        {
            var audit = await db.AuditEntries.Where(a => a.Action == "user-reset-2fa").OrderBy(a => a.Id).Select(a => new { a.UserName, a.EntityId, a.Detail }).ToListAsync();
            Assert.Equal([("sys-r", "sec-r"), ("sys-r", "lead-r")], audit.Select(a => (a.UserName, a.EntityId)));
            Assert.Contains("下次登录须重新绑定", audit[0].Detail, StringComparison.Ordinal);
            Assert.False(await db.Users.Where(u => u.Id == secId).Select(u => u.TwoFactorEnabled).SingleAsync());
        }
    }
}
