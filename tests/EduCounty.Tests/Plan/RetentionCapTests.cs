using EduCounty.Plan;
using EduCounty.Plan.Evaluation;
using EduCounty.Registry;
using EduCounty.Reports;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Tests.Plan;

/// <summary>
/// 九年义务教育巩固率 above 100 % (docs/adr/0039): the statistical definition (balance-rules.md §4: 初中毕业班学生数 ÷ 该年级入
/// 小学一年级时的学生数) is kept as the computed value; the plan file's <c>publishedCap</c> (100 for 阜康市) is what pages and
/// reports publish, with the computed value, its parts and the reason beside it. Counted by hand on <see cref="SmallCounty"/>.
/// </summary>
public sealed class RetentionCapTests
{
    private static readonly PlanIndicator Retention = PlanLoader.LoadDefault().Indicators.Single(i => i.Code == "compulsory.retention");

    private static PlanDocument PlanWith(PlanIndicator retention) => SmallCounty.Plan() with { Indicators = [retention] };

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_cohort_above_100_percent_is_published_at_100_with_its_own_figure_and_the_reason(string provider)
    {
        // The 阜康市 plan file sets the cap (a policy choice of the county, not the statistical definition).
        Assert.Equal(100m, Retention.PublishedCap);
        Assert.False(string.IsNullOrWhiteSpace(Retention.PublishedCapNote));

        await using var db = await SmallCounty.CreateAsync(provider, "retention-cap");

        // The small county's 2020 cohort: 初三 60 (school 6, J3) over the 2012 grade-1 intake 80 (statistic): 60 ÷ 80 = 75.00 %.
        var under = (await EvaluatePlan.HandleAsync(db, PlanWith(Retention), 2020)).Find("compulsory.retention")!;
        Assert.Equal((60m, 80m, 75m, 75m, false), (under.Value.Numerator!.Value, under.Value.Denominator!.Value, under.Value.RoundedValue!.Value, under.Shown!.Value, under.Capped));
        Assert.Null(under.CapNote);
        Assert.Equal("（60÷80）", ReportText.Parts(under));

        // In-migration: the same 60 pupils over an intake of 48 = 125.00 % by the definition; published 100 with the note.
        var intake = await db.YearlyStatistics.SingleAsync(s => s.Year == 2012 && s.Key == "intake.primaryGrade1");
        intake.Value = 48;
        await db.SaveChangesAsync();
        var over = (await EvaluatePlan.HandleAsync(db, PlanWith(Retention), 2020)).Find("compulsory.retention")!;
        Assert.Equal((60m, 48m, 125m), (over.Value.Numerator!.Value, over.Value.Denominator!.Value, over.Value.RoundedValue!.Value));
        Assert.Equal(100m, over.Shown);
        Assert.True(over.Capped);
        Assert.Equal($"按统计口径计算为125%（60÷48），{Retention.PublishedCapNote}，公布值按100%计", over.CapNote);
        Assert.Equal("100（统计口径125）", ReportText.Cell(over));
        Assert.StartsWith("九年义务教育巩固率100%（按统计口径计算为125%（60÷48），", AnnualReport.Sentence(over, 2025), StringComparison.Ordinal);

        // A county that publishes the ratio as computed leaves publishedCap out: 125 is shown, and the status is the same
        // either way (the target 99.5 is below the cap, so a value over the cap meets it both ways).
        var raw = (await EvaluatePlan.HandleAsync(db, PlanWith(Retention with { PublishedCap = null }), 2020)).Find("compulsory.retention")!;
        Assert.Equal((125m, false, (string?)null), (raw.Shown!.Value, raw.Capped, raw.CapNote));
        Assert.Equal(over.Status, raw.Status);
    }

    [Fact]
    public void A_held_projection_is_capped_like_the_value_and_a_cap_below_the_target_is_refused()
    {
        // Hold: the latest value 101.29 held to 2025 is published as 100 (three points: the projection's minimum).
        var p = StatusRules.Project(Retention, [(2021, 104.10m), (2022, 102.70m), (2023, 101.29m)], 2023, 2025);
        Assert.Equal(100m, p.Value);
        Assert.Contains("统计口径值101.29，按公布上限100计", p.Method, StringComparison.Ordinal);
        var uncapped = StatusRules.Project(Retention with { PublishedCap = null }, [(2021, 104.10m), (2022, 102.70m), (2023, 101.29m)], 2023, 2025);
        Assert.Equal(101.29m, uncapped.Value);

        // A cap under the row's target (99.5) would publish a target that cannot be shown: the loader refuses it at its path.
        string json;
        using (var r = new StreamReader(typeof(PlanLoader).Assembly.GetManifestResourceStream(PlanLoader.DefaultPlanResource)!))
        {
            json = r.ReadToEnd();
        }
        var ex = Assert.Throws<PlanLoadException>(() => PlanLoader.Parse(json.Replace("\"publishedCap\": 100,", "\"publishedCap\": 99,", StringComparison.Ordinal)));
        var problem = Assert.Single(ex.Problems);
        Assert.EndsWith(".publishedCap", problem.Path, StringComparison.Ordinal);
        Assert.Equal("公布上限 99 小于目标值 99.5", problem.Message);
    }
}
