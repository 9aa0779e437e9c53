using System.Text.RegularExpressions;
using EduCounty.Common;
using EduCounty.Registry;
using EduCounty.Security;
using Microsoft.EntityFrameworkCore;

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

    private static async Task<int> ExportsAsync(string database)
    {
        await using var db = Database.Open(database);
        return await db.AuditEntries.CountAsync(a => a.Action == "export");
    }

    [GeneratedRegex("id=\"kpi-compulsory\">(\\d+)<")]
    private static partial Regex Kpi();
}
