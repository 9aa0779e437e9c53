using EduCounty.Common;
using EduCounty.Registry;
using EduCounty.Security;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Web.Tests.Forecast;

/// <summary>The /forecast page through the real app on both databases (demo county).</summary>
public sealed class ForecastPageTests
{
    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task County_readers_see_every_school_and_a_school_only_its_own(string provider)
    {
        await using var app = await EduWebFactory.StartAsync(provider);
        (int Id, string Name) own, other;
        await using (var db = Database.Open(await WebTestDatabases.DemoAsync(provider)))
        {
            var last = await db.GradeEnrolments.MaxAsync(e => e.Year);
            var primaries = await db.GradeEnrolments.Where(e => e.Year == last && e.Grade == "P1")
                .Join(db.Schools, e => e.SchoolId, s => s.Id, (e, s) => new { s.Id, s.Name }).Distinct().OrderBy(s => s.Id).Take(2).ToListAsync();
            own = (primaries[0].Id, primaries[0].Name);
            other = (primaries[1].Id, primaries[1].Name);
        }
        var leader = await app.SignInAsync("forecast-leader", await app.EnsureUserAsync("forecast-leader", Roles.Leader));
        var html = await leader.GetStringAsync("/forecast?to=2030&scenario=low");
        Assert.Contains("学位预测（在校生、班级与学位缺口）", html, StringComparison.Ordinal);
        Assert.Contains("id=\"chart-forecast-primary\"", html, StringComparison.Ordinal);
        Assert.Contains("低方案", html, StringComparison.Ordinal);
        var gaps = Table(html, "forecast-gaps");
        Assert.Contains($"<td>{own.Name}</td>", gaps, StringComparison.Ordinal);
        Assert.Contains($"<td>{other.Name}</td>", gaps, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">2030</td>", gaps, StringComparison.Ordinal);
        Assert.DoesNotContain("<td class=\"num\">2035</td>", gaps, StringComparison.Ordinal);
        Assert.Contains("href=\"/forecast\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"chart-forecast-gap\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"chart-forecast-backtest\"", html, StringComparison.Ordinal);
        // The seat-gap map (2030 by default: schools by 乡镇, circles by students, colours by gap) and the phased plan by year.
        Assert.Contains("id=\"forecast-map\"", html, StringComparison.Ordinal);
        Assert.Contains("2030 年各校学位缺口示意图", html, StringComparison.Ordinal);
        Assert.Contains("圆面积表示在校生", html, StringComparison.Ordinal);
        Assert.Contains("<circle", html, StringComparison.Ordinal);
        Assert.Contains("id=\"forecast-phasing\"", html, StringComparison.Ordinal);
        Assert.Contains("累计测算投资（万元）", html, StringComparison.Ordinal);
        // No school groups configured: the demo's 城区 街道 form 城区学区 (default townshipDistricts), the others group by 乡镇.
        Assert.Contains("<td class=\"num\">2030</td>", Table(html, "forecast-districts"), StringComparison.Ordinal);
        Assert.Contains("<td>城区学区</td>", Table(html, "forecast-districts"), StringComparison.Ordinal);
        Assert.Contains("未设年度预算上限", html, StringComparison.Ordinal);

        // An annual budget of 100 万元: the demo's one extension (甘河子镇 小学, 3 classrooms, 225 万元 in 2026) never fits,
        // so its seats stay 未解决 and a note names the step.
        html = await leader.GetStringAsync("/forecast?to=2030&scenario=mid&budget=100");
        Assert.Contains("年度预算上限 100 万元", html, StringComparison.Ordinal);
        Assert.Contains("未解决缺口（学位）", Table(html, "forecast-phasing"), StringComparison.Ordinal);
        Assert.Contains("超过年度预算上限 100 万元，当年无法安排", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">135</td>", Table(html, "forecast-phasing"), StringComparison.Ordinal);

        var school = await app.SignInAsync("forecast-school", await app.EnsureUserAsync("forecast-school", Roles.SchoolAdmin, schoolId: own.Id));
        html = await school.GetStringAsync("/forecast");
        gaps = Table(html, "forecast-gaps");
        Assert.Contains($"<td>{own.Name}</td>", gaps, StringComparison.Ordinal);
        Assert.DoesNotContain(other.Name, html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"forecast-districts\"", html, StringComparison.Ordinal);
    }

    private static string Table(string html, string id)
    {
        var t = html[html.IndexOf($"id=\"{id}\"", StringComparison.Ordinal)..];
        return t[..t.IndexOf("</table>", StringComparison.Ordinal)];
    }
}
