using System.Net;
using EduCounty.Balance;
using EduCounty.Common;
using EduCounty.Registry;
using EduCounty.Security;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Web.Tests.Balance;

/// <summary>
/// /balance/record's forms are form commands (docs/adr/0019): they post to /balance/assessments with the antiforgery token
/// and come back to the page of the same county and year with the message, a refusal's Chinese message included.
/// On a database of its own (it writes), both providers.
/// </summary>
public sealed class BalanceRecordPageTests
{
    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task A_supervisor_records_a_finding_and_comes_back_with_the_message(string provider)
    {
        await using var app = await EduWebFactory.StartEmptyAsync(provider, "balance-record");
        await using (var db = Database.Open(app.Database))
        {
            db.Actor = "test";
            db.Divisions.Add(new Division { Code = "652302", Name = "阜康市", Level = 3 });
            var school = new School { Code = "2165000001", Name = "阜康市第一小学", Type = SchoolType.Primary, CountyCode = "652302", TownshipCode = "652302001" };
            db.Schools.Add(school);
            await db.SaveChangesAsync();
            db.GradeEnrolments.Add(new GradeEnrolment { SchoolId = school.Id, Year = 2020, Grade = "P1", Students = 40 });
            await db.SaveChangesAsync();
        }
        var sup = await app.SignInAsync("br-sup", await app.EnsureUserAsync("br-sup", Roles.Supervision));

        // The page takes ?year=2025-2026 and its forms carry the year in that form too.
        var page = await sup.GetStringAsync("/balance/record?year=2020-2021");
        Assert.Contains("action=\"/balance/assessments\"", page, StringComparison.Ordinal);
        var fields = EduWebFactory.HiddenFields(page);
        Assert.Equal(("652302", "2020-2021"), (fields["county"], fields["year"]));

        fields["code"] = "P1";
        fields["met"] = "1";
        fields["evidence"] = "县政府文件";
        var saved = await sup.PostAsync("/balance/assessments", new FormUrlEncodedContent(fields));
        Assert.True(saved.StatusCode == HttpStatusCode.Redirect, $"{saved.StatusCode}: {await saved.Content.ReadAsStringAsync()}");
        Assert.Equal("/balance/record?county=652302&year=2020-2021&msg=" + Uri.EscapeDataString("已录入 P1：达标"), EduWebFactory.PathOf(saved));
        var back = await sup.GetStringAsync(EduWebFactory.PathOf(saved));
        Assert.Contains("<p class=\"notice\" id=\"message\">已录入 P1：达标</p>", back, StringComparison.Ordinal);
        Assert.Contains("县政府文件", back, StringComparison.Ordinal);

        // A refusal of the use case comes back the same way, and nothing is written.
        fields["code"] = "P2";
        fields["evidence"] = " ";
        var refused = await sup.PostAsync("/balance/assessments", new FormUrlEncodedContent(fields));
        Assert.EndsWith("msg=" + Uri.EscapeDataString("P2：必须填写佐证材料说明"), EduWebFactory.PathOf(refused), StringComparison.Ordinal);

        // The survey form posts its file the same way.
        using (var survey = new MultipartFormDataContent())
        {
            foreach (var k in new[] { "__RequestVerificationToken", "county", "year" })
            {
                survey.Add(new StringContent(fields[k]), k);
            }
            survey.Add(new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes("调查群体,调查人数,满意人数\n家长,100,90\n")), "file", "调查.csv");
            var imported = await sup.PostAsync("/balance/survey", survey);
            Assert.Equal("/balance/record?county=652302&year=2020-2021&msg=" + Uri.EscapeDataString("已导入 1 个调查群体"), EduWebFactory.PathOf(imported));
        }

        // Without the antiforgery token the post is refused before anything runs.
        var forged = new Dictionary<string, string>(fields) { ["evidence"] = "伪造", ["code"] = "V1" };
        forged.Remove("__RequestVerificationToken");
        Assert.Equal(HttpStatusCode.BadRequest, (await sup.PostAsync("/balance/assessments", new FormUrlEncodedContent(forged))).StatusCode);

        // Only 督导 records: a leader is sent to the denied page.
        var leader = await app.SignInAsync("br-leader", await app.EnsureUserAsync("br-leader", Roles.Leader));
        var leaderFields = EduWebFactory.HiddenFields(await leader.GetStringAsync("/balance"));
        leaderFields["county"] = "652302";
        leaderFields["year"] = "2020-2021";
        leaderFields["code"] = "V2";
        leaderFields["evidence"] = "越权";
        var denied = await leader.PostAsync("/balance/assessments", new FormUrlEncodedContent(leaderFields));
        Assert.StartsWith("/account/denied", EduWebFactory.PathOf(denied), StringComparison.Ordinal);

        await using (var db = Database.Open(app.Database))
        {
            Assert.Equal(["P1"], await db.BalanceAssessments.Select(a => a.Code).ToListAsync());
        }
    }
}
