using System.Text.RegularExpressions;
using EduCounty.Common;
using EduCounty.Registry;
using EduCounty.Security;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace EduCounty.Web.Tests.Scale;

/// <summary>
/// Issue 20 item 5, the replica read path: with <c>EduCounty:ReadDatabase</c> naming a second PostgreSQL database
/// (standing in for a streaming standby; scripts/replica-test.sh runs the real primary and standby), the home page
/// reads its figures there while the audit entry of an export is written to the main database. The read copy is made
/// to differ from the main one by 1,000 pupils in one 初一 row, so each figure shows which database answered.
/// </summary>
public sealed partial class ReadDatabaseTests
{
    [Fact]
    public async Task Pages_read_from_the_read_database_and_writes_go_to_the_main_one()
    {
        // The read database: a copy of the demo county as generated (the shared demo stays unchanged), as a standby holds a copy.
        var read = await WebTestDatabases.PristineDemoCopyAsync(WebTestDatabases.Postgres, "replica");
        await using var app = await EduWebFactory.StartAsync(WebTestDatabases.Postgres,
            settings: new Dictionary<string, string> { ["EduCounty:ReadDatabase"] = read });
        var password = await app.EnsureUserAsync("replica-leader", Roles.Leader);
        var client = await app.SignInAsync("replica-leader", password);

        int mainCompulsory;
        await using (var main = Database.Open(app.Database))
        {
            var latest = await main.GradeEnrolments.MaxAsync(g => g.Year);
            mainCompulsory = (await GetCensusStats.HandleAsync(main, new SchoolYear(latest))).Compulsory;
        }
        await using (var copy = Database.Open(read))
        {
            await copy.Database.ExecuteSqlRawAsync("""
                UPDATE "GradeEnrolments" SET "Students" = "Students" + 1000 WHERE "Id" = (SELECT "Id" FROM "GradeEnrolments"
                  WHERE "Grade" = 'J1' AND "Year" = (SELECT max("Year") FROM "GradeEnrolments") ORDER BY "Id" LIMIT 1);
                UPDATE "DataVersions" SET "Version" = "Version" + 1 WHERE "Id" = 1;
                """);
        }

        var home = await client.GetStringAsync("/");
        Assert.Equal(mainCompulsory + 1000, int.Parse(Kpi().Match(home).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));

        // An export reads from the read database and audits on the main one.
        var mainBefore = await ExportsAsync(app.Database);
        var readBefore = await ExportsAsync(read);
        Assert.True((await client.GetAsync("/plan/indicators.xlsx")).IsSuccessStatusCode);
        Assert.Equal(mainBefore + 1, await ExportsAsync(app.Database));
        Assert.Equal(readBefore, await ExportsAsync(read));
    }

    /// <summary>
    /// Issue 20 §5, the failover: with the main database unreachable (closed to new connections and its sessions ended, as
    /// a stopped primary refuses them), a signed-in user keeps reading the dashboard, the plan and the lists — the
    /// session check, the security policy and the school scope are read from the standby (docs/adr/0040). The read
    /// database is a copy of the main one taken after the sign-in, as streaming replication would hold the session.
    /// Without the fallback every page answered 500 (scripts/replica-test.sh, 2026-12-06).
    /// </summary>
    [Fact]
    public async Task Pages_keep_reading_from_the_standby_when_the_main_database_is_down()
    {
        var readName = $"edutest_failover_read_{Guid.NewGuid():N}"[..40];
        var read = new NpgsqlConnectionStringBuilder(EduCounty.Tests.Infrastructure.TestDatabases.PostgresAdmin) { Database = readName }.ConnectionString;
        await using var app = await EduWebFactory.StartPristineAsync(WebTestDatabases.Postgres, "failover-main",
            settings: new Dictionary<string, string> { ["EduCounty:ReadDatabase"] = read });
        var mainName = new NpgsqlConnectionStringBuilder(app.Database).Database!;
        var password = await app.EnsureUserAsync("failover-leader", Roles.Leader);
        var client = await app.SignInAsync("failover-leader", password);
        var endedClient = await app.SignInAsync("failover-ended", await app.EnsureUserAsync("failover-ended", Roles.Leader));
        int compulsory;
        await using (var main = Database.Open(app.Database))
        {
            var latest = await main.GradeEnrolments.MaxAsync(g => g.Year);
            compulsory = (await GetCensusStats.HandleAsync(main, new SchoolYear(latest))).Compulsory;
            var endedId = await main.Users.Where(u => u.UserName == "failover-ended").Select(u => u.Id).SingleAsync();
            // Its one open session (the sign-in above) ends, on the primary.
            Assert.Equal(1, await Sessions.EndAllAsync(main, endedId, "test"));
        }

        // The "standby": the main database as it is now (the user, the open session), then the primary goes down.
        await using var admin = new NpgsqlConnection(EduCounty.Tests.Infrastructure.TestDatabases.PostgresAdmin);
        await admin.OpenAsync();
        await AdminAsync(admin, $"ALTER DATABASE \"{mainName}\" ALLOW_CONNECTIONS false");
        try
        {
            await AdminAsync(admin, $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{mainName}' AND pid <> pg_backend_pid()");
            NpgsqlConnection.ClearAllPools();
            await AdminAsync(admin, $"CREATE DATABASE \"{readName}\" TEMPLATE \"{mainName}\"");
            await using (var check = new NpgsqlConnection(app.Database))
            {
                var refused = await Assert.ThrowsAsync<PostgresException>(() => check.OpenAsync());
                Assert.True(EduCounty.Web.Infrastructure.PrimaryFallback.IsConnectionFailure(refused));
            }

            foreach (var page in new[] { "/", "/plan", "/schools", "/students", "/balance", "/plan/drill/compulsory.retention" })
            {
                var response = await client.GetAsync(page);
                Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK,
                    $"{page} → {(int)response.StatusCode}: {Truncate(await response.Content.ReadAsStringAsync())}");
            }
            var home = await client.GetStringAsync("/");
            Assert.Equal(compulsory, int.Parse(Kpi().Match(home).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));

            // A cookie whose session was ended on the primary is refused on the standby too: the fallback still checks.
            var ended = await endedClient.GetAsync("/plan");
            Assert.Equal(System.Net.HttpStatusCode.Redirect, ended.StatusCode);
            Assert.StartsWith("/account/login", ended.Headers.Location?.OriginalString.Replace("http://localhost", "", StringComparison.Ordinal), StringComparison.Ordinal);
        }
        finally
        {
            await AdminAsync(admin, $"ALTER DATABASE \"{mainName}\" ALLOW_CONNECTIONS true");
        }
    }

    private static string Truncate(string text) => text.Length > 20000 ? text[..20000] : text;

    private static async Task AdminAsync(NpgsqlConnection admin, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, admin);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<int> ExportsAsync(string database)
    {
        await using var db = Database.Open(database);
        return await db.AuditEntries.CountAsync(a => a.Action == "export");
    }

    [GeneratedRegex("id=\"kpi-compulsory\">(\\d+)<")]
    private static partial Regex Kpi();
}
