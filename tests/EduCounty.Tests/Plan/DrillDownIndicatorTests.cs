using System.Diagnostics;
using System.Text;
using System.Text.Json;
using EduCounty.Common;
using EduCounty.Indicators.DataElements;
using EduCounty.Plan;
using EduCounty.Plan.Evaluation;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Tests.Plan;

/// <summary>
/// 分乡镇 / 分学校 (Plan/Evaluation/DrillDownIndicator) on the demo county, both databases: one indicator per unit gives
/// the same figures as a whole-plan evaluation at that unit's scope (what the page did before), counts add up from the
/// schools to the township and from the townships to the county, and refusals are Chinese <see cref="RuleException"/>s.
/// </summary>
public sealed class DrillDownIndicatorTests
{
    private static readonly PlanDocument Plan = PlanLoader.LoadDefault();
    private static readonly SchoolYear Year2020 = new(2020);

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task By_township_each_row_is_the_whole_plan_evaluations_value_at_that_township(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        const string code = "preschool.gross_enrolment_rate";
        var d = await DrillDownIndicator.HandleAsync(db, new DrillDownIndicator.Query(Plan, code, Year2020));

        var townships = await db.Divisions.Where(x => x.ParentCode == Plan.DivisionCode).OrderBy(x => x.Code).Select(x => x.Code).ToListAsync();
        Assert.Equal(townships, d.Rows.Select(r => r.Code));
        Assert.Equal("乡镇", d.Level);
        Assert.Null(d.Township);
        foreach (var row in d.Rows.Take(3))
        {
            var whole = (await EvaluatePlan.HandleAsync(db, Plan, 2020, DataScope.Township(row.Code))).Find(code)!;
            Assert.Equal((whole.Shown, whole.Value.Numerator, whole.Value.Denominator), (row.Value, row.Numerator, row.Denominator));
        }
        // The county row: the plan's 2020 column (在园幼儿 5669) and the whole-plan county value.
        var county = (await EvaluatePlan.HandleAsync(db, Plan, 2020)).Find(code)!;
        Assert.Equal(5669m, d.County.Numerator);
        Assert.Equal(county.Shown, d.County.Value);
        // Children are counted where their kindergarten is: the townships' numerators add up to the county's.
        Assert.Equal(d.County.Numerator, d.Rows.Sum(r => r.Numerator ?? 0));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task By_school_the_open_schools_of_one_township_add_up_to_its_total(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        const string code = "language.teacher_proficiency", township = "652302103"; // 滋泥泉子镇
        var d = await DrillDownIndicator.HandleAsync(db, new DrillDownIndicator.Query(Plan, code, Year2020, township));

        Assert.Equal("学校", d.Level);
        Assert.Equal(("652302103", "滋泥泉子镇"), (d.Township!.Code, d.Township.Name));
        var open = await db.Schools.Where(s => s.TownshipCode == township).ToListAsync();
        var expected = open.Where(s => s.IsOpenOn(Year2020.CensusDate)).OrderBy(s => s.Code).Select(s => s.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected, d.Rows.Select(r => r.Code));
        // 在编教师 counts: the schools' numerators and denominators add up to the township's.
        Assert.True(d.Township.Denominator > 0);
        Assert.Equal(d.Township.Numerator, d.Rows.Sum(r => r.Numerator ?? 0));
        Assert.Equal(d.Township.Denominator, d.Rows.Sum(r => r.Denominator ?? 0));
        var whole = (await EvaluatePlan.HandleAsync(db, Plan, 2020, DataScope.School(int.Parse(d.Rows[0].Code, System.Globalization.CultureInfo.InvariantCulture)))).Find(code)!;
        Assert.Equal((whole.Shown, whole.Value.Numerator, whole.Value.Denominator), (d.Rows[0].Value, d.Rows[0].Numerator, d.Rows[0].Denominator));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Unknown_indicators_foreign_townships_and_school_scoped_users_are_refused(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        var unknown = await Assert.ThrowsAsync<RuleException>(() => DrillDownIndicator.HandleAsync(db, new DrillDownIndicator.Query(Plan, "nope", Year2020)));
        Assert.StartsWith("规划中没有指标“nope”", unknown.Message, StringComparison.Ordinal);
        var foreign = await Assert.ThrowsAsync<RuleException>(() => DrillDownIndicator.HandleAsync(db,
            new DrillDownIndicator.Query(Plan, "preschool.gross_enrolment_rate", Year2020, "652301001")));
        Assert.Equal("乡镇/街道代码“652301001”不是阜康市的乡镇或街道", foreign.Message);
        db.SchoolScope = [await db.Schools.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync()];
        var scoped = await Assert.ThrowsAsync<RuleException>(() => DrillDownIndicator.HandleAsync(db, new DrillDownIndicator.Query(Plan, "preschool.gross_enrolment_rate", Year2020)));
        Assert.Equal("分乡镇汇总为全县口径，仅县级用户可以查看", scoped.Message);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Cli_plan_drill_prints_json_with_the_agreed_fields_and_exits_2_on_a_refusal(string provider)
    {
        var setting = await TestDatabases.DemoAsync(provider);
        var ok = await CliAsync("plan", "drill", "preschool.gross_enrolment_rate", "--year", "2020-2021", "--format", "json", "--db", setting);
        Assert.True(ok.Code == 0, ok.Err);
        using var json = JsonDocument.Parse(ok.Out);
        var root = json.RootElement;
        Assert.Equal(["code", "name", "unit", "year", "level", "asOf", "township", "county", "rows"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("preschool.gross_enrolment_rate", "2020-2021", "township"), (root.GetProperty("code").GetString(), root.GetProperty("year").GetString(), root.GetProperty("level").GetString()));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("township").ValueKind);
        Assert.Equal(5669m, root.GetProperty("county").GetProperty("numerator").GetDecimal());
        var rows = root.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(10, rows.Count); // 阜康市's 3 街道, 4 镇 and 3 乡 in the demo county
        string[] fields = ["code", "name", "value", "numerator", "denominator", "missingReason"];
        Assert.All(rows, r => Assert.Equal(fields, r.EnumerateObject().Select(p => p.Name)));
        Assert.Equal(5669m, rows.Sum(r => r.GetProperty("numerator").GetDecimal()));

        var schools = await CliAsync("plan", "drill", "language.teacher_proficiency", "--year", "2020-2021", "--township", "652302103", "--format", "json", "--db", setting);
        Assert.True(schools.Code == 0, schools.Err);
        using (var s = JsonDocument.Parse(schools.Out))
        {
            Assert.Equal("school", s.RootElement.GetProperty("level").GetString());
            Assert.Equal("滋泥泉子镇", s.RootElement.GetProperty("township").GetProperty("name").GetString());
        }

        var refused = await CliAsync("plan", "drill", "nope", "--year", "2020-2021", "--db", setting);
        Assert.Equal(2, refused.Code);
        Assert.StartsWith("错误：规划中没有指标“nope”", refused.Err, StringComparison.Ordinal);
        Assert.Equal("", refused.Out);
    }

    private static async Task<(int Code, string Out, string Err)> CliAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "educounty.dll"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, stderr);
    }
}
