using System.Net;
using System.Text.RegularExpressions;
using EduCounty.Common;
using EduCounty.Security;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Web.Tests.Security;

/// <summary>
/// Issue 13 §4, docs/adr/0029: neither the 系统管理员 nor the 安全管理员 alone obtains a signed-in business account. The
/// 系统管理员 creates and resets accounts but never sees a password; the 安全管理员 grants roles and issues one-time
/// passwords, only to accounts without one (just created or reset by the 系统管理员). Black-box over HTTP, so the same
/// test runs on the code before the fix.
/// </summary>
public sealed partial class AdminSplitTests
{
    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("id=\"one-time-password\"[^>]*>.*?<code[^>]*>(?<p>[^<]+)</code>", RegexOptions.Singleline)]
    private static partial Regex OneTime();

    private static async Task<string> PageAsync(HttpClient client, string url, string form, params (string Key, string Value)[] values)
    {
        var token = WebUtility.HtmlDecode(Token().Match(await client.GetStringAsync(url)).Groups[1].Value);
        var pairs = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", token), new("_handler", form) };
        pairs.AddRange(values.Select(v => new KeyValuePair<string, string>(v.Key, v.Value)));
        var r = await client.PostAsync(url, new FormUrlEncodedContent(pairs));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return await r.Content.ReadAsStringAsync();
    }

    private static async Task<HttpStatusCode> SignInStatusAsync(EduWebFactory app, string user, string password)
    {
        var c = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        // A sign-in that works answers with a redirect; a refused one shows the form again (200).
        return (await EduWebFactory.PostFormAsync(c, "/account/login", new() { ["Input.UserName"] = user, ["Input.Password"] = password })).StatusCode;
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task Neither_administrator_alone_obtains_a_signed_in_business_account(string provider)
    {
        await using var app = await EduWebFactory.StartEmptyAsync(provider, "admin-split");
        var sys = await app.SignInAsync("split-sys", await app.EnsureUserAsync("split-sys", Roles.SystemAdmin));
        var sec = await app.SignInAsync("split-sec", await app.EnsureUserAsync("split-sec", Roles.SecurityAdmin));
        var inUse = await app.EnsureUserAsync("split-jj", Roles.BasicEducation);

        // 系统管理员 alone: creating an account shows no password (there is none), and resetting an account in use shows none
        // either — its old password stops working, and no password the 系统管理员 could know signs it in.
        // (A role posted with the creation form, as the form before the split took it, is not taken.)
        var created = await PageAsync(sys, "/admin/users", "user-create", ("UserName", "split-new"), ("DisplayName", "新人"), ("Roles", Roles.BasicEducation));
        Assert.DoesNotContain("id=\"one-time-password\"", created, StringComparison.Ordinal);
        Assert.Contains("已创建账号 split-new", created, StringComparison.Ordinal);
        string newId, inUseId;
        await using (var db = Database.Open(app.Database))
        {
            newId = await db.Users.Where(u => u.UserName == "split-new").Select(u => u.Id).SingleAsync();
            inUseId = await db.Users.Where(u => u.UserName == "split-jj").Select(u => u.Id).SingleAsync();
            Assert.Null(await db.Users.Where(u => u.Id == newId).Select(u => u.PasswordHash).SingleAsync());
        }
        var reset = await PageAsync(sys, "/admin/users", "user-op", ("Op", "reset:" + inUseId));
        Assert.DoesNotContain("id=\"one-time-password\"", reset, StringComparison.Ordinal);
        Assert.Contains("原密码已作废", reset, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await SignInStatusAsync(app, "split-jj", inUse));
        Assert.Equal(HttpStatusCode.OK, await SignInStatusAsync(app, "split-new", ""));
        // …nor grants or issues: the 安全管理员's page refuses him.
        Assert.StartsWith("/account/denied", EduWebFactory.PathOf(await sys.GetAsync("/admin/security")), StringComparison.Ordinal);

        // 安全管理员 alone: an account that has a password (her own colleague's, in use) gets no one-time password from her.
        var other = await app.EnsureUserAsync("split-hr", Roles.Personnel);
        string otherId;
        await using (var db = Database.Open(app.Database))
        {
            otherId = await db.Users.Where(u => u.UserName == "split-hr").Select(u => u.Id).SingleAsync();
        }
        var refused = await PageAsync(sec, "/admin/security", "issue", ("IssueAccount", otherId));
        Assert.Contains("已有密码，不能签发一次性密码", refused, StringComparison.Ordinal);
        var regrant = await PageAsync(sec, "/admin/security", "grant", ("Account", otherId), ("GrantRoles", Roles.Personnel));
        Assert.DoesNotContain("id=\"one-time-password\"", regrant, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, await SignInStatusAsync(app, "split-hr", other));
        // …and cannot create an account.
        Assert.StartsWith("/account/denied", EduWebFactory.PathOf(await sec.GetAsync("/admin/users")), StringComparison.Ordinal);

        // Both, each their part: the new account granted 基教 gets its one-time password on the 安全管理员's page, signs in
        // and must change it first.
        var granted = await PageAsync(sec, "/admin/security", "grant", ("Account", newId), ("GrantRoles", Roles.BasicEducation));
        var password = WebUtility.HtmlDecode(OneTime().Match(granted).Groups["p"].Value);
        Assert.True(password.Length >= 8, granted.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var user = await app.SignInAsync("split-new", password);
        Assert.Equal("/account/change-password", EduWebFactory.PathOf(await user.GetAsync("/students")));
        // The reset account likewise: a new one-time password from the 安全管理员 (issue form), the old one still refused.
        var issued = await PageAsync(sec, "/admin/security", "issue", ("IssueAccount", inUseId));
        Assert.Matches(OneTime(), issued);
        Assert.Equal(HttpStatusCode.OK, await SignInStatusAsync(app, "split-jj", inUse));
        await using (var db = Database.Open(app.Database))
        {
            var issues = await db.AuditEntries.Where(a => a.Action == "user-issue-password").Select(a => new { a.UserName, a.EntityId }).ToListAsync();
            Assert.Equal([("split-sec", "split-jj"), ("split-sec", "split-new")], issues.Select(i => (i.UserName!, i.EntityId!)).Order().ToList());
        }
    }
}
