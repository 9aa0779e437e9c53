using System.Net;
using System.Text.RegularExpressions;
using EduCounty.Common;
using EduCounty.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EduCounty.Web.Tests.Infrastructure;

/// <summary>The real web app over a real database (SQLite or PostgreSQL) holding the demo county.</summary>
public sealed partial class EduWebFactory(string database, bool kestrel = false, IReadOnlyDictionary<string, string>? settings = null) : WebApplicationFactory<Program>
{
    public string Database { get; } = database;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("EduCounty:Database", Database);
        builder.UseSetting("EduCounty:DemoOnEmptyDatabase", "false");
        builder.UseSetting("EduCounty:KeysFile", WebTestDatabases.KeysFile);
        builder.UseSetting("EduCounty:InitialAccounts", "false");
        foreach (var (k, v) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(k, v);
        }
        if (kestrel)
        {
            UseKestrel(0);
        }
    }

    public static async Task<EduWebFactory> StartAsync(string provider, bool kestrel = false, IReadOnlyDictionary<string, string>? settings = null)
    {
        var f = new EduWebFactory(await WebTestDatabases.DemoAsync(provider), kestrel, settings);
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

    /// <summary>Creates (or resets) an account with the given roles and scope; returns its password.</summary>
    public async Task<string> EnsureUserAsync(string userName, string role, int? schoolId = null, string? divisionCode = null, bool mustChange = false)
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
            Check(await users.UpdateAsync(user));
        }
        return password;
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
        return client;
    }

    /// <summary>GETs a page with a form, then posts it with its hidden fields (antiforgery, handler) plus the given values.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string url, Dictionary<string, string> values)
    {
        var page = await client.GetStringAsync(url);
        var fields = new Dictionary<string, string>();
        foreach (Match m in HiddenInput().Matches(page))
        {
            fields[WebUtility.HtmlDecode(m.Groups["name"].Value)] = WebUtility.HtmlDecode(m.Groups["value"].Value);
        }
        foreach (var (k, v) in values)
        {
            fields[k] = v;
        }
        return await client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*name=\"(?<name>[^\"]+)\"[^>]*value=\"(?<value>[^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenInput();
}
