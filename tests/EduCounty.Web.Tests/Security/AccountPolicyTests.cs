using System.Net;
using System.Text.RegularExpressions;
using EduCounty.Common;
using EduCounty.Common.Identity;
using EduCounty.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EduCounty.Web.Tests.Security;

/// <summary>A clock the tests move (lockout window, lockout duration, password age).</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}

/// <summary>
/// Issue 6 §3 account policy through the real sign-in page: lockout after 5 failures within 15 minutes for 15 minutes,
/// counted atomically (20 parallel wrong attempts lock the account — Moodle CVE-2022-30600), none of the last 5
/// passwords reused, password changed every 90 days, sign-ins and failures audited with user name and IP.
/// </summary>
public sealed class AccountPolicyTests
{
    private static HttpClient Client(EduWebFactory app, string? userAgent = null)
    {
        var c = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        if (userAgent is not null)
        {
            c.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        }
        return c;
    }

    /// <summary>Whole seconds, so that stored times compare exactly on both databases.</summary>
    private static DateTimeOffset WholeSecondNow() => DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());

    private static Task<HttpResponseMessage> LoginAsync(HttpClient c, string user, string password) =>
        EduWebFactory.PostFormAsync(c, "/account/login", new() { ["Input.UserName"] = user, ["Input.Password"] = password });

    private sealed record Counter(int Failures, DateTimeOffset? LockoutEnd, DateTime? FirstFailureAtUtc);

    private static async Task<Counter> CounterAsync(EduWebFactory app, string user)
    {
        await using var db = Database.Open(app.Database);
        return await db.Users.Where(u => u.UserName == user).Select(u => new Counter(u.AccessFailedCount, u.LockoutEnd, u.FirstFailureAtUtc)).SingleAsync();
    }

    private static async Task<int> EventsAsync(EduWebFactory app, string user, string result)
    {
        await using var db = Database.Open(app.Database);
        return await db.SignInEvents.CountAsync(e => e.UserName == user && e.Result == result);
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task Twenty_parallel_wrong_passwords_lock_the_account(string provider)
    {
        await using var app = await EduWebFactory.StartEmptyAsync(provider, "lockout-parallel");
        var password = await app.EnsureUserAsync("par", Roles.Leader);
        var client = Client(app);
        var fields = EduWebFactory.HiddenFields(await client.GetStringAsync("/account/login"));
        // One page load, then 20 posts in flight at once (same antiforgery token, as a script would send them).
        using var start = new ManualResetEventSlim(false);
        var posts = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            start.Wait();
            var form = new Dictionary<string, string>(fields) { ["Input.UserName"] = "par", ["Input.Password"] = $"Wrong-{i}-pass" };
            return await client.PostAsync("/account/login", new FormUrlEncodedContent(form));
        })).ToList();
        start.Set();
        var responses = await Task.WhenAll(posts);
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

        var counter = await CounterAsync(app, "par");
        var counted = await EventsAsync(app, "par", SignInResults.Failed);
        // Every attempt was either refused up front (already locked, password not tried) or tried and counted;
        // an atomic counter loses none of the counted ones (a read-modify-write counter would show fewer).
        Assert.True(counted >= AccountLockout.MaxFailures, $"counted {counted}");
        Assert.Equal(counted, counter.Failures);
        await using (var db = Database.Open(app.Database))
        {
            var upFront = await db.SignInEvents.CountAsync(e => e.UserName == "par" && e.Result == SignInResults.Locked && e.Reason == "锁定期间尝试登录");
            Assert.Equal(20, counted + upFront);
        }
        Assert.NotNull(counter.LockoutEnd);
        Assert.True(counter.LockoutEnd > DateTimeOffset.UtcNow.AddMinutes(14));

        // The right password is now refused too, without signing in.
        var right = await LoginAsync(Client(app), "par", password);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("账号已锁定", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(right.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("educounty.auth=", StringComparison.Ordinal)));
        Assert.Equal(0, await EventsAsync(app, "par", SignInResults.SignedIn));
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task Four_wrong_then_the_right_password_signs_in_and_clears_the_count(string provider)
    {
        await using var app = await EduWebFactory.StartEmptyAsync(provider, "lockout-sequential");
        var password = await app.EnsureUserAsync("seq", Roles.Leader);
        for (var round = 0; round < 2; round++)
        {
            var c = Client(app);
            for (var i = 0; i < 4; i++)
            {
                var r = await LoginAsync(c, "seq", "Wrong-pass-1");
                Assert.Contains("用户名或密码错误", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
            Assert.Equal(4, (await CounterAsync(app, "seq")).Failures);
            // The fifth attempt is right: signed in, and the count starts again (so the second round of 4 does not lock).
            var ok = await LoginAsync(c, "seq", password);
            Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
            Assert.Equal(new Counter(0, null, null), await CounterAsync(app, "seq"));
        }
        Assert.Equal(2, await EventsAsync(app, "seq", SignInResults.SignedIn));
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task Five_failures_lock_for_15_minutes_and_older_failures_start_a_new_count(string provider)
    {
        var clock = new TestClock(WholeSecondNow());
        await using var app = await EduWebFactory.StartEmptyAsync(provider, "lockout-window", clock);
        var password = await app.EnsureUserAsync("win", Roles.Leader);
        var c = Client(app);

        // 4 failures, then 16 minutes pass: the window (15 minutes from the first failure) has closed, so the next
        // failure is the first of a new count and does not lock.
        for (var i = 0; i < 4; i++)
        {
            await LoginAsync(c, "win", "Wrong-pass-1");
        }
        clock.Advance(TimeSpan.FromMinutes(16));
        await LoginAsync(c, "win", "Wrong-pass-1");
        var counter = await CounterAsync(app, "win");
        Assert.Equal(1, counter.Failures);
        Assert.Null(counter.LockoutEnd);

        // 4 more within the window: 5 in all, locked for 15 minutes from the fifth.
        for (var i = 0; i < 4; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            await LoginAsync(c, "win", "Wrong-pass-1");
        }
        var lockedAt = clock.GetUtcNow();
        counter = await CounterAsync(app, "win");
        Assert.Equal(5, counter.Failures);
        Assert.Equal(lockedAt.AddMinutes(15).ToUnixTimeMilliseconds(), counter.LockoutEnd!.Value.ToUnixTimeMilliseconds());

        clock.Advance(TimeSpan.FromMinutes(14));
        var refused = await LoginAsync(c, "win", password);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("账号已锁定", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Refused before the password was tried: the count is unchanged.
        Assert.Equal(5, (await CounterAsync(app, "win")).Failures);

        clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Redirect, (await LoginAsync(c, "win", password)).StatusCode);

        // Audited with the user name and the client's address: failures, the lock, the refused attempt, the sign-in.
        await using var db = Database.Open(app.Database);
        var audit = await db.AuditEntries.Where(a => a.UserName == "win" && a.Entity == "User").Select(a => new { a.Action, a.Detail }).ToListAsync();
        Assert.Equal(9, audit.Count(a => a.Action == SignInResults.Failed));
        Assert.Equal(2, audit.Count(a => a.Action == SignInResults.Locked));
        Assert.Single(audit, a => a.Action == SignInResults.SignedIn);
        Assert.All(audit, a => Assert.StartsWith("IP ", a.Detail, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task None_of_the_last_five_passwords_may_be_reused(string provider)
    {
        await using var app = await EduWebFactory.StartEmptyAsync(provider, "password-history");
        var p0 = await app.EnsureUserAsync("pwh", Roles.Leader);
        string P(int i) => $"History-{i}-Pass";
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByNameAsync("pwh"))!;
            // p0 → P1 → P2 → P3 → P4: the last five are P4 (current), P3, P2, P1, p0.
            var current = p0;
            for (var i = 1; i <= 4; i++)
            {
                Assert.True((await users.ChangePasswordAsync(user, current, P(i))).Succeeded);
                current = P(i);
            }
            foreach (var old in new[] { p0, P(1), P(3), P(4) })
            {
                var r = await users.ChangePasswordAsync(user, current, old);
                Assert.False(r.Succeeded, old);
                Assert.Contains(r.Errors, e => e.Description == "新密码不能与最近 5 次使用过的密码相同");
            }
            // → P5: now the last five are P5, P4, P3, P2, P1, so p0 may come back but P1 may not.
            Assert.True((await users.ChangePasswordAsync(user, P(4), P(5))).Succeeded);
            Assert.False((await users.ChangePasswordAsync(user, P(5), P(1))).Succeeded);
        }
        // Through the page: the message is shown in Chinese.
        var c = await app.SignInAsync("pwh", P(5));
        var page = await EduWebFactory.PostFormAsync(c, "/account/change-password",
            new() { ["Input.Current"] = P(5), ["Input.New"] = P(2), ["Input.Confirm"] = P(2) });
        Assert.Contains("新密码不能与最近 5 次使用过的密码相同", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var back = await EduWebFactory.PostFormAsync(c, "/account/change-password",
            new() { ["Input.Current"] = P(5), ["Input.New"] = p0, ["Input.Confirm"] = p0 });
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);

        // Only hashes are stored.
        await using var db = Database.Open(app.Database);
        var hashes = await db.PasswordHistory.Select(h => h.PasswordHash).ToListAsync();
        Assert.Equal(6, hashes.Count);
        Assert.DoesNotContain(hashes, h => h.Contains("History", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task A_password_older_than_90_days_must_be_changed_at_sign_in(string provider)
    {
        var clock = new TestClock(WholeSecondNow());
        await using var app = await EduWebFactory.StartEmptyAsync(provider, "password-expiry", clock);
        var password = await app.EnsureUserAsync("aged", Roles.Leader);

        clock.Advance(TimeSpan.FromDays(89));
        var young = await app.SignInAsync("aged", password);
        Assert.Equal(HttpStatusCode.OK, (await young.GetAsync("/account/history")).StatusCode);

        clock.Advance(TimeSpan.FromDays(1));
        var old = await app.SignInAsync("aged", password);
        foreach (var url in new[] { "/", "/account/history", "/students" })
        {
            var r = await old.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
            Assert.Equal("/account/change-password", EduWebFactory.PathOf(r));
        }
        Assert.Contains("超过 90 天", await old.GetStringAsync("/account/change-password"), StringComparison.Ordinal);
        var changed = await EduWebFactory.PostFormAsync(old, "/account/change-password",
            new() { ["Input.Current"] = password, ["Input.New"] = "Renewed-2026-pw", ["Input.Confirm"] = "Renewed-2026-pw" });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await old.GetAsync("/account/history")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task The_maximum_password_age_is_configurable(string provider)
    {
        var clock = new TestClock(WholeSecondNow());
        await using var app = await EduWebFactory.StartEmptyAsync(provider, "password-expiry-30", clock,
            new Dictionary<string, string> { ["EduCounty:PasswordMaxAgeDays"] = "30" });
        var password = await app.EnsureUserAsync("aged30", Roles.Leader);
        clock.Advance(TimeSpan.FromDays(30));
        var c = await app.SignInAsync("aged30", password);
        var r = await c.GetAsync("/account/history");
        Assert.Equal("/account/change-password", EduWebFactory.PathOf(r));
        Assert.Contains("超过 30 天", await c.GetStringAsync("/account/change-password"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task A_user_sees_only_their_own_sign_in_history(string provider)
    {
        await using var app = await EduWebFactory.StartEmptyAsync(provider, "signin-history");
        var pa = await app.EnsureUserAsync("hist-a", Roles.Leader);
        var pb = await app.EnsureUserAsync("hist-b", Roles.Leader);
        var uaA = "AgentA-" + Guid.NewGuid().ToString("N")[..8];
        var uaB = "AgentB-" + Guid.NewGuid().ToString("N")[..8];
        var b = Client(app, uaB);
        await LoginAsync(b, "hist-b", "Wrong-pass-1");
        Assert.Equal(HttpStatusCode.Redirect, (await LoginAsync(b, "hist-b", pb)).StatusCode);
        var a = Client(app, uaA);
        Assert.Equal(HttpStatusCode.Redirect, (await LoginAsync(a, "hist-a", pa)).StatusCode);

        await using var db = Database.Open(app.Database);
        var bId = await db.Users.Where(u => u.UserName == "hist-b").Select(u => u.Id).SingleAsync();
        foreach (var url in new[] { "/account/history", $"/account/history?userId={bId}&user=hist-b&UserId={bId}" })
        {
            var page = await a.GetStringAsync(url);
            Assert.Contains(uaA, page, StringComparison.Ordinal);
            Assert.DoesNotContain(uaB, page, StringComparison.Ordinal);
            Assert.DoesNotContain("登录失败", page, StringComparison.Ordinal);
        }
        var own = await b.GetStringAsync("/account/history");
        Assert.DoesNotContain(uaA, own, StringComparison.Ordinal);
        // Newest first: the sign-in, then the failure, each with time (yyyy-MM-dd HH:mm:ss), result and browser.
        var rows = Regex.Matches(own, @"<tr>\s*<td class=""mono"">(?<t>\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})</td>\s*<td[^>]*>(?<r>[^<]+)</td>");
        Assert.Equal(["登录成功", "登录失败"], rows.Select(m => m.Groups["r"].Value));
        Assert.Equal(2, Regex.Count(own, Regex.Escape(uaB)));
    }
}
