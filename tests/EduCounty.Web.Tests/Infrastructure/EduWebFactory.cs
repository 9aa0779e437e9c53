using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using EduCounty.Common;
using EduCounty.Common.Identity;
using EduCounty.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EduCounty.Web.Tests.Infrastructure;

/// <summary>The real web app over a real database (SQLite or PostgreSQL) holding the demo county.</summary>
public sealed partial class EduWebFactory(string database, bool kestrel = false, TimeProvider? clock = null,
    IReadOnlyDictionary<string, string>? settings = null, Action<IServiceCollection>? services = null) : WebApplicationFactory<Program>
{
    public string Database { get; } = database;

    /// <summary>This app's uploads folder (EduCounty:UploadsFolder).</summary>
    public string UploadsFolder { get; } = Path.Combine(Path.GetTempPath(), "educounty-webtests", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), "uploads-" + Guid.NewGuid().ToString("N"));

    /// <summary>Authenticator keys of the accounts <see cref="EnsureUserAsync"/> enrolled in two-factor sign-in.</summary>
    private readonly ConcurrentDictionary<string, string> _totpKeys = new(StringComparer.OrdinalIgnoreCase);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("EduCounty:Database", Database);
        builder.UseSetting("EduCounty:DemoOnEmptyDatabase", "false");
        builder.UseSetting("EduCounty:KeysFile", WebTestDatabases.KeysFile);
        builder.UseSetting("EduCounty:InitialAccounts", "false");
        // Each test asks what it checks; the start-up warm-up has a test of its own (CacheWarmupTests).
        builder.UseSetting("EduCounty:WarmUpOnStart", "false");
        // Tests sign in many accounts from one address within a minute; the throttle's own test sets its limit.
        builder.UseSetting("EduCounty:SignInAttemptsPerMinute", "100000");
        builder.UseSetting("EduCounty:SignInChecksPerAccountPerMinute", "100000");
        // Each app its own private uploads folder (swept at its start).
        builder.UseSetting("EduCounty:UploadsFolder", UploadsFolder);
        foreach (var (k, v) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(k, v);
        }
        if (clock is not null)
        {
            // Tests that move time (lockout window, password expiry) replace the app's clock.
            builder.ConfigureServices(s => s.AddSingleton(clock));
        }
        if (services is not null)
        {
            builder.ConfigureServices(services);
        }
        if (kestrel)
        {
            UseKestrel(0);
        }
    }

    public static async Task<EduWebFactory> StartAsync(string provider, bool kestrel = false, IReadOnlyDictionary<string, string>? settings = null) =>
        Start(new EduWebFactory(await WebTestDatabases.DemoAsync(provider), kestrel, null, settings), kestrel);

    /// <summary>The app over a private copy of the demo county as generated: no other test's writes show on its pages.</summary>
    public static async Task<EduWebFactory> StartPristineAsync(string provider, string name, bool kestrel = false,
        IReadOnlyDictionary<string, string>? settings = null) =>
        Start(new EduWebFactory(await WebTestDatabases.PristineDemoCopyAsync(provider, name), kestrel, null, settings), kestrel);

    /// <summary>The app over a fresh empty database of its own (for tests that write accounts and move the clock).</summary>
    public static async Task<EduWebFactory> StartEmptyAsync(string provider, string name, TimeProvider? clock = null,
        IReadOnlyDictionary<string, string>? settings = null, Action<IServiceCollection>? services = null) =>
        Start(new EduWebFactory(await WebTestDatabases.CreateEmptyAsync(provider, name), false, clock, settings, services), false);

    private static EduWebFactory Start(EduWebFactory f, bool kestrel)
    {
        if (kestrel)
        {
            f.StartServer();
        }
        else
        {
            _ = f.Server;
        }
        return f;
    }

    /// <summary>
    /// Creates (or resets) an account with the given roles and scope; returns its password. Two-factor sign-in is
    /// enrolled when <paramref name="twoFactor"/> says so, by default for the 三员 roles (who must have it);
    /// <see cref="SignInAsync"/> then answers the second step with a code computed from the key.
    /// </summary>
    public async Task<string> EnsureUserAsync(string userName, string role, int? schoolId = null, string? divisionCode = null, bool mustChange = false,
        bool? twoFactor = null)
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<EduDb>();
        var password = "Test-" + Guid.NewGuid().ToString("N")[..10] + "a1";
        var user = await users.FindByNameAsync(userName);
        if (user is null)
        {
            user = new AppUser { UserName = userName, DisplayName = userName, LockoutEnabled = true, MustChangePassword = mustChange };
            Check(await users.CreateAsync(user, password));
            Check(await users.AddToRoleAsync(user, role));
            if (schoolId is not null || divisionCode is not null)
            {
                db.UserScopes.Add(new UserScope { UserId = user.Id, SchoolId = schoolId, DivisionCode = divisionCode });
                await db.SaveChangesAsync();
            }
        }
        else
        {
            Check(await users.RemovePasswordAsync(user));
            Check(await users.AddPasswordAsync(user, password));
            user.MustChangePassword = mustChange;
            user.AccessFailedCount = 0;
            user.FirstFailureAtUtc = null;
            user.LockoutEnd = null;
            Check(await users.UpdateAsync(user));
        }
        if (twoFactor ?? Roles.Separated.Contains(role))
        {
            Check(await users.ResetAuthenticatorKeyAsync(user));
            Check(await users.SetTwoFactorEnabledAsync(user, true));
            _totpKeys[userName] = (await users.GetAuthenticatorKeyAsync(user))!;
            _lastStep.TryRemove(userName, out _);
        }
        else
        {
            _totpKeys.TryRemove(userName, out _);
        }
        return password;
    }

    /// <summary>The authenticator key <see cref="EnsureUserAsync"/> enrolled for the account.</summary>
    public string TotpKey(string userName) => _totpKeys[userName];

    /// <summary>The current RFC 6238 code for a base32 key, computed by Otp.NET (not by the app's own code).</summary>
    public static string TotpCode(string base32Key) => TotpCode(base32Key, DateTime.UtcNow);

    /// <summary>The RFC 6238 code of the step holding <paramref name="at"/>.</summary>
    public static string TotpCode(string base32Key, DateTime at) =>
        new OtpNet.Totp(OtpNet.Base32Encoding.ToBytes(base32Key.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant())).ComputeTotp(at);

    private readonly ConcurrentDictionary<string, long> _lastStep = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// A code the app has not accepted yet for this account (a code is accepted once only, within ±1 step): the current
    /// step's, else the next one's, else after waiting for the step to turn.
    /// </summary>
    public async Task<string> FreshCodeAsync(string userName)
    {
        while (true)
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
            var last = _lastStep.GetValueOrDefault(userName, -1);
            var step = Math.Max(now, last + 1);
            if (step <= now + 1)
            {
                _lastStep[userName] = step;
                return TotpCode(TotpKey(userName), DateTimeOffset.FromUnixTimeSeconds(step * 30).UtcDateTime);
            }
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    private static void Check(IdentityResult r)
    {
        if (!r.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", r.Errors.Select(e => e.Description)));
        }
    }

    /// <summary>An HTTP client signed in through the real login form (antiforgery token and all).</summary>
    public async Task<HttpClient> SignInAsync(string userName, string password)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var response = await PostFormAsync(client, "/account/login", new() { ["Input.UserName"] = userName, ["Input.Password"] = password });
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"登录失败：{response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        if (PathOf(response).StartsWith("/account/login-2fa", StringComparison.Ordinal))
        {
            response = await PostFormAsync(client, "/account/login-2fa", new() { ["Input.Code"] = await FreshCodeAsync(userName) });
            if (response.StatusCode != HttpStatusCode.Redirect)
            {
                throw new InvalidOperationException($"动态验证码未通过：{response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }
        return client;
    }

    /// <summary>GETs a page with a form, then posts it with its hidden fields (antiforgery, handler) plus the given values.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string url, Dictionary<string, string> values)
    {
        var fields = HiddenFields(await client.GetStringAsync(url));
        foreach (var (k, v) in values)
        {
            fields[k] = v;
        }
        return await client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    /// <summary>Posts the named Blazor form of a page: its antiforgery token, _handler = the form name, and the given pairs (keys may repeat).</summary>
    public static async Task<HttpResponseMessage> PostNamedFormAsync(HttpClient client, string url, string form, params (string Key, string Value)[] values)
    {
        ArgumentNullException.ThrowIfNull(client);
        var token = HiddenFields(await client.GetStringAsync(url)).GetValueOrDefault("__RequestVerificationToken")
            ?? throw new InvalidOperationException($"{url} 没有防伪令牌");
        var pairs = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", token), new("_handler", form) };
        pairs.AddRange(values.Select(v => new KeyValuePair<string, string>(v.Key, v.Value)));
        return await client.PostAsync(url, new FormUrlEncodedContent(pairs));
    }

    /// <summary>Where a redirect points (path and query), relative or absolute; "" when it is not a redirect.</summary>
    public static string PathOf(HttpResponseMessage response) =>
        response.Headers.Location is not { } l ? "" : l.IsAbsoluteUri ? l.PathAndQuery : l.OriginalString;

    /// <summary>The hidden inputs of a page's form (antiforgery token, form handler).</summary>
    public static Dictionary<string, string> HiddenFields(string page)
    {
        var fields = new Dictionary<string, string>();
        foreach (Match m in HiddenInput().Matches(page))
        {
            fields[WebUtility.HtmlDecode(m.Groups["name"].Value)] = WebUtility.HtmlDecode(m.Groups["value"].Value);
        }
        return fields;
    }

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*name=\"(?<name>[^\"]+)\"[^>]*value=\"(?<value>[^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenInput();
}
