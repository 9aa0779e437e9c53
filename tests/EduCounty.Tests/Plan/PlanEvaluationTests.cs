using System.Text.Json;
using EduCounty.Demo;
using EduCounty.Plan;
using EduCounty.Plan.Evaluation;

namespace EduCounty.Tests.Plan;

public sealed class PlanEvaluationTests
{
    private static readonly PlanDocument Plan = PlanLoader.LoadDefault();

    // The plan's 主要指标 table, 2020 column (阜康市), as printed; 数字校园 prints "/".
    public static TheoryData<string, decimal> Column2020 => new()
    {
        { "preschool.enrolment", 0.5669m },
        { "preschool.gross_enrolment_rate", 99m },
        { "preschool.public_share", 96m },
        { "preschool.inclusive_coverage", 100m },
        { "compulsory.enrolment", 1.5083m },
        { "compulsory.retention", 109.98m },
        { "senior.enrolment", 0.4119m },
        { "senior.gross_enrolment_rate", 96.18m },
        { "senior.transition_rate", 97.11m },
        { "vocational.dual_qualified_share", 62.24m },
        { "special.enrolment", 86m },
        { "special.compulsory_enrolment_rate", 100m },
        { "language.teaching_coverage", 100m },
        { "language.teacher_proficiency", 89.42m },
    };

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_2020_column_comes_out_of_the_records(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        var e = await EvaluatePlan.HandleAsync(db, Plan, 2020);
        foreach (var row in Column2020)
        {
            var (code, expected) = ((string)row[0], (decimal)row[1]);
            var r = e.Find(code)!;
            // The computed (statistical) value: the plan prints 巩固率 109.98 as computed; it is published capped (below).
            Assert.True(expected == r.Value.RoundedValue, $"{code}: 规划 {expected}，计算 {r.Value.RoundedValue}（{r.Value.Description}）");
            Assert.Equal(r.Indicator.Baseline, r.Value.RoundedValue);
            Assert.Equal(r.Capped ? r.Indicator.PublishedCap : r.Value.RoundedValue, r.Shown);
        }

        // Only 巩固率 is over its published cap (docs/adr/0039): shown 100, its own figure 109.98 in the note.
        Assert.Equal(["compulsory.retention"], e.Rows.Where(r => r.Capped).Select(r => r.Indicator.Code));
        Assert.Equal(100m, e.Find("compulsory.retention")!.Shown);
        Assert.StartsWith("按统计口径计算为109.98%", e.Find("compulsory.retention")!.CapNote, StringComparison.Ordinal);

        Assert.Equal(15, e.Rows.Count);
        Assert.Null(e.Find("ict.digital_campus_coverage")!.Indicator.Baseline);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_2020_parts_are_the_demo_countys_counts(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        var e = await EvaluatePlan.HandleAsync(db, Plan, 2020);
        void Parts(string code, decimal num, decimal? den)
        {
            var r = e.Find(code)!;
            Assert.Equal((num, den), (r.Value.Numerator!.Value, r.Value.Denominator));
        }

        // DemoModel.PlanFigures2020: 5669 / 5726; 公办 5669 − 227; (4119 + 7) / 4290; 1379 / 1420; 122 / 196; 1462 / 1635.
        Parts("preschool.gross_enrolment_rate", PlanFigures2020.Preschool, PlanFigures2020.PopulationAge3To5);
        Parts("preschool.public_share", PlanFigures2020.Preschool - PlanFigures2020.PreschoolPrivate, PlanFigures2020.Preschool);
        Parts("senior.gross_enrolment_rate", PlanFigures2020.SeniorStage + PlanFigures2020.AdultSenior, PlanFigures2020.PopulationAge15To17);
        Parts("senior.transition_rate", PlanFigures2020.FreshGraduateEntrants, PlanFigures2020.JuniorGraduates);
        Parts("vocational.dual_qualified_share", PlanFigures2020.DualQualified, PlanFigures2020.ProfessionalTeachers);
        Parts("language.teacher_proficiency", PlanFigures2020.MandarinMeeting, PlanFigures2020.PermanentTeachers);
        Parts("compulsory.enrolment", PlanFigures2020.Compulsory, null);
        var retention = e.Find("compulsory.retention")!;
        // The denominator is the grade-1 intake of 2012-2013 (statistic), eight school-year starts before 2020.
        Assert.Contains(retention.Inputs, i => i.Code == "intake.primary.grade1" && i.Year == 2012 && i.Source.StartsWith("年度统计", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Later_years_give_a_mix_of_statuses_and_the_2023_retention_dip_is_red_and_first(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        var all = await EvaluatePlan.HandleYearsAsync(db, Plan, 2025);
        var statuses = all.Where(p => p.Key > 2020).SelectMany(p => p.Value.Rows.Select(r => r.Status)).ToHashSet();
        Assert.Contains(IndicatorStatus.Met, statuses);
        Assert.Contains(IndicatorStatus.OnTrack, statuses);
        Assert.Contains(IndicatorStatus.Lagging, statuses);

        // 巩固率 (约束性) dips below 99.5 in 2023-2024 by the demo's design (RetentionPath 0.992).
        var y2023 = all[2023];
        var retention = y2023.Find("compulsory.retention")!;
        Assert.True(retention.Shown < 99.5m);
        Assert.True(retention.Alert);
        Assert.Contains(retention.Status, new[] { IndicatorStatus.AtRisk, IndicatorStatus.Lagging });
        Assert.Equal("compulsory.retention", y2023.Ordered[0].Indicator.Code);
        Assert.NotNull(retention.Projection.Value);
        Assert.Equal(IndicatorStatus.Met, all[2024].Find("compulsory.retention")!.Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Explain_gives_the_formula_in_words_with_the_counts(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        var e = await EvaluatePlan.HandleAsync(db, Plan, 2020);
        var text = PlanExplanation.Text(e, e.Find("senior.gross_enrolment_rate")!);
        Assert.Contains("(高中阶段在校生数（4119）+ 成人高中在校生数（7）) ÷ 15—17周岁人口（4290）× 100", text, StringComparison.Ordinal);
        Assert.Contains("96.18", text, StringComparison.Ordinal);
        Assert.Contains("数据截至", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Cli_json_has_the_agreed_fields_with_values_in_the_tables_unit(string provider)
    {
        var setting = await TestDatabases.DemoAsync(provider);
        using var json = await EvaluateJsonAsync(setting, "2020-2021");
        var rows = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(15, rows.Count);
        string[] fields = ["code", "name", "group", "unit", "attribute", "baseline", "target", "comparator", "value", "numerator", "denominator", "status", "projection2025", "projectionMethod"];
        Assert.All(rows, r => Assert.Equal(fields, r.EnumerateObject().Select(p => p.Name).ToArray()));
        var preschool = rows.Single(r => r.GetProperty("code").GetString() == "preschool.enrolment");
        Assert.Equal(0.5669m, preschool.GetProperty("value").GetDecimal());
        Assert.Equal("万人", preschool.GetProperty("unit").GetString());
        var digital = rows.Single(r => r.GetProperty("code").GetString() == "ict.digital_campus_coverage");
        Assert.Equal(JsonValueKind.Null, digital.GetProperty("baseline").ValueKind);
        // One year of values (2020): no projection is meaningful (at least 3 are needed), and the method says why.
        Assert.All(rows, r => Assert.Equal(JsonValueKind.Null, r.GetProperty("projection2025").ValueKind));
        Assert.Contains("仅有1个年度值", preschool.GetProperty("projectionMethod").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Cli_json_never_projects_a_bounded_rate_above_100_and_holds_the_retention_rate(string provider)
    {
        var setting = await TestDatabases.DemoAsync(provider);
        using var json = await EvaluateJsonAsync(setting, "2023-2024");
        var rows = json.RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("code").GetString()!);
        var plan = PlanLoader.LoadDefault();
        // 2020—2023: 4 values, so rows with the linear or hold method are projected; bounded rows (maximum 100 in the plan
        // file: 达标率, 覆盖率, 占比, 残疾入学率, 升学率, 双师型比例) never above 100.
        foreach (var i in plan.Indicators.Where(i => i.Maximum is not null))
        {
            var p = rows[i.Code].GetProperty("projection2025");
            Assert.True(p.ValueKind == JsonValueKind.Null || p.GetDecimal() <= i.Maximum!.Value, $"{i.Code}: {p}");
        }

        // 巩固率 is held at its latest value (in-migration makes a straight line meaningless), with the reason shown.
        var retention = rows["compulsory.retention"];
        Assert.Equal(retention.GetProperty("value").GetDecimal(), retention.GetProperty("projection2025").GetDecimal());
        Assert.Contains("人口流入", retention.GetProperty("projectionMethod").GetString(), StringComparison.Ordinal);
        // 特殊教育在校生规模: the target is 待核实, so neither a status nor a projection.
        var special = rows["special.enrolment"];
        Assert.Equal(JsonValueKind.Null, special.GetProperty("projection2025").ValueKind);
        Assert.Equal("目标待核实", special.GetProperty("status").GetString());
    }

    /// <summary><c>plan evaluate --format json</c> through the CLI as a user runs it (educounty.dll is copied next to the tests).</summary>
    private static async Task<JsonDocument> EvaluateJsonAsync(string setting, string year)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "educounty.dll"), "plan", "evaluate", "--year", year, "--format", "json", "--db", setting })
        {
            psi.ArgumentList.Add(a);
        }

        using var process = System.Diagnostics.Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, stderr);
        return JsonDocument.Parse(await stdout);
    }
}
