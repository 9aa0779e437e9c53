using System.Net;
using EduCounty.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EduCounty.Web.Tests.Security;

/// <summary>
/// The first start over a database that already holds the demo county made by the CLI (`educounty demo`, whose 责任督学
/// accounts have no password) still creates the initial accounts: before, any account at all stopped it, and nobody could
/// sign in (found by scripts/replica-test.sh, which fills its primary through the CLI).
/// </summary>
public sealed class InitialAccountsTests
{
    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task A_database_filled_by_the_cli_demo_gets_its_initial_accounts_and_the_leader_signs_in(string provider)
    {
        var file = Path.Combine(Path.GetTempPath(), $"educounty-initial-{Guid.NewGuid():N}.txt");
        try
        {
            await using var app = await EduWebFactory.StartPristineAsync(provider, "initial", settings: new Dictionary<string, string>
            {
                ["EduCounty:InitialAccounts"] = "true",
                ["EduCounty:InitialPasswordFile"] = file,
            });
            Assert.True(File.Exists(file), "没有生成一次性密码文件");
            var entries = (await File.ReadAllLinesAsync(file)).Select(l => l.Split('\t')).ToDictionary(e => e[0], e => e[1]);
            // The 三员 and, the database holding schools, the 局领导 account.
            Assert.Equal(["admin", "security", "auditor", "leader"], entries.Keys);

            var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
            var signIn = await EduWebFactory.PostFormAsync(client, "/account/login",
                new() { ["Input.UserName"] = "leader", ["Input.Password"] = entries["leader"] });
            // A sign-in that works answers with a redirect (to the forced password change); a refused one shows the form.
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

            // A second start finds the 系统管理员 and creates nothing more.
            await using var again = new EduWebFactory(app.Database, settings: new Dictionary<string, string>
            {
                ["EduCounty:InitialAccounts"] = "true",
                ["EduCounty:InitialPasswordFile"] = file,
            });
            _ = again.Server;
            Assert.Equal(4, (await File.ReadAllLinesAsync(file)).Length);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
