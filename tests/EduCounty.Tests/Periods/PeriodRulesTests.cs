using EduCounty.Common;
using EduCounty.Periods;
using static EduCounty.Periods.CensusEntry;

namespace EduCounty.Tests.Periods;

/// <summary>
/// The census form's consistency rules (shared/reference/census.md: "row = sum of columns, total = sum of grades"; 招生
/// only in entry grades, 毕业生 only in the last grade, counts ≥ 0) and the chain's legal-transition table (issue 22 §3).
/// </summary>
public sealed class PeriodRulesTests
{
    private static Line L(string g, int sm = 20, int sf = 18, int em = 0, int ef = 0, int gm = 0, int gf = 0, int classes = 1) => new(g, sm, sf, em, ef, gm, gf, classes);

    /// <summary>A primary school: P1 with 20 + 18 entrants, P6 with 15 + 14 graduates, the rest only students.</summary>
    private static List<Line> Good() =>
        [L("P1", em: 20, ef: 18), L("P2"), L("P3"), L("P4"), L("P5"), L("P6", gm: 15, gf: 14)];

    /// <summary>合计 by hand: 在校生 男 6 × 20 = 120, 女 6 × 18 = 108; 招生 20 / 18; 毕业生 15 / 14; 班数 6.</summary>
    private static readonly Line GoodTotal = new("total", 120, 108, 20, 18, 15, 14, 6);

    [Fact]
    public void A_consistent_form_breaks_no_rule() => Assert.Empty(Check(SchoolType.Primary, Good(), GoodTotal));

    public static TheoryData<string, string, string> Broken() => new()
    {
        // 招生 in 二年级 (not an entry grade).
        { "P2.EntrantsFemale", "二年级：招生数只填在各学段的起始年级", "entrants" },
        // 毕业生 in 五年级 (not the last grade).
        { "P5.GraduatesMale", "五年级：毕业生数只填在各学段的毕业年级", "graduates" },
        // A negative count.
        { "P3.StudentsMale", "三年级在校生数（男）不能为负数", "negative" },
        // Students without a class.
        { "P4.Classes", "四年级有在校生，班数不能为 0", "classes" },
        // 合计 在校生 女 written 109, the grades sum to 108.
        { "total.StudentsFemale", "合计在校生数（女）（109）不等于各年级之和（108）", "total" },
        // A junior grade in a primary school.
        { "J1.StudentsMale", "初一：本校（小学）没有这个年级", "grade" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void Each_broken_rule_is_named_at_its_field(string field, string message, string which)
    {
        var lines = Good();
        var total = GoodTotal;
        switch (which)
        {
            case "entrants": lines[1] = L("P2", ef: 3); total = total with { EntrantsFemale = 21 }; break;
            case "graduates": lines[4] = L("P5", gm: 2); total = total with { GraduatesMale = 17 }; break;
            case "negative": lines[2] = L("P3", sm: -1); total = total with { StudentsMale = 99 }; break;
            case "classes": lines[3] = L("P4", classes: 0); total = total with { Classes = 5 }; break;
            case "total": total = total with { StudentsFemale = 109 }; break;
            case "grade": lines.Add(L("J1", sm: 0, sf: 0, classes: 0)); break;
        }
        var problems = Check(SchoolType.Primary, lines, total);
        var p = Assert.Single(problems);
        Assert.Equal(field, p.Field);
        Assert.Contains(message, p.Message, StringComparison.Ordinal);
    }

    /// <summary>The whole table, written out by hand: (from, action, level) that are legal and where they lead.</summary>
    private static readonly Dictionary<(SubmissionState, ChainAction, ReviewLevel), SubmissionState> Legal = new()
    {
        [(SubmissionState.NotFilled, ChainAction.Submit, ReviewLevel.School)] = SubmissionState.Submitted,
        [(SubmissionState.Returned, ChainAction.Submit, ReviewLevel.School)] = SubmissionState.Submitted,
        [(SubmissionState.Submitted, ChainAction.TownshipApprove, ReviewLevel.Township)] = SubmissionState.TownshipApproved,
        [(SubmissionState.Submitted, ChainAction.Return, ReviewLevel.Township)] = SubmissionState.Returned,
        [(SubmissionState.TownshipApproved, ChainAction.CountyApprove, ReviewLevel.County)] = SubmissionState.CountyApproved,
        [(SubmissionState.TownshipApproved, ChainAction.Return, ReviewLevel.County)] = SubmissionState.Returned,
        [(SubmissionState.CountyApproved, ChainAction.Return, ReviewLevel.County)] = SubmissionState.Returned,
    };

    [Fact]
    public void Every_state_action_and_level_is_legal_exactly_as_the_table_says_and_refused_otherwise_with_a_reason()
    {
        var refused = 0;
        foreach (var from in Enum.GetValues<SubmissionState>())
        {
            foreach (var action in Enum.GetValues<ChainAction>())
            {
                foreach (var level in Enum.GetValues<ReviewLevel>())
                {
                    if (Legal.TryGetValue((from, action, level), out var to))
                    {
                        Assert.Equal(to, SubmissionChain.Next(from, action, level));
                        continue;
                    }
                    var e = Assert.Throws<RuleException>(() => SubmissionChain.Next(from, action, level));
                    Assert.Contains(SubmissionChain.Label(from), e.Message, StringComparison.Ordinal);
                    refused++;
                }
            }
        }
        // 5 states × 4 actions × 3 levels = 60 combinations, 7 legal.
        Assert.Equal(60 - 7, refused);
    }

    [Fact]
    public void The_refusals_say_why()
    {
        Assert.Equal("状态为“已提交”的填报不能提交（此时只能乡镇审核通过或退回）",
            Assert.Throws<RuleException>(() => SubmissionChain.Next(SubmissionState.Submitted, ChainAction.Submit, ReviewLevel.School)).Message);
        Assert.Equal("“已提交”的填报只能由乡镇用户执行“乡镇审核通过”，您是学校用户",
            Assert.Throws<RuleException>(() => SubmissionChain.Next(SubmissionState.Submitted, ChainAction.TownshipApprove, ReviewLevel.School)).Message);
        Assert.Equal("状态为“未填报”的填报不能县级审核通过（此时只能提交）",
            Assert.Throws<RuleException>(() => SubmissionChain.Next(SubmissionState.NotFilled, ChainAction.CountyApprove, ReviewLevel.County)).Message);
    }

    /// <summary>
    /// Reconciliation beside the grades (issue 22 §5) with the shipped jump (period-rules.json: more than 20 % and more than
    /// 5 persons). This year 38 in each of 一年级…六年级 (<see cref="Good"/>); last year 一年级 38, 二年级 25, 三年级 40, nothing above;
    /// 学籍 一年级 3, 三年级 45.
    /// </summary>
    [Fact]
    public void Last_years_figures_the_records_and_the_jumps_are_computed_per_grade()
    {
        var last = new Dictionary<string, Line> { ["P1"] = L("P1", 20, 18), ["P2"] = L("P2", 12, 13), ["P3"] = L("P3", 20, 20) };
        var form = new Form(1, "第1小学", SchoolType.Primary, 2025, Good(), last, SubmissionState.NotFilled, []);
        var rows = CensusReconciliation.Rows(form, new Dictionary<string, int> { ["P1"] = 3, ["P3"] = 45 }, PeriodRules.Default());
        // 一年级: no cohort (entry grade), base = 一年级 last year 38 → 0 %; 学籍 3 → 38 − 3 = +35.
        // 二年级: cohort 一年级 38 → 0 %; no 学籍 for the grade while the school has some → 0, difference +38.
        // 三年级: cohort 二年级 25 → 38: +13 persons, 13 / 25 = +52 % > 20 % → jump; 学籍 45 → −7.
        // 四年级: cohort 三年级 40 → 38: −2 persons, not more than 5 → no jump. 五年级, 六年级: no figures last year.
        Assert.Equal(
            [("P1", 38, (int?)38, (int?)null, (int?)3, (int?)35, false, (decimal?)0m), ("P2", 38, 25, 38, 0, 38, false, 0m),
             ("P3", 38, 40, 25, 45, -7, true, 52m), ("P4", 38, null, 40, 0, 38, false, -5m), ("P5", 38, null, null, 0, 38, false, null),
             ("P6", 38, null, null, 0, 38, false, null)],
            rows.Select(r => (r.Grade, r.Students, r.LastYearSame, r.LastYearCohort, r.Records, r.Difference, r.Jump, r.ChangePercent)));
        Assert.Equal(["三年级 38 人（上年二年级 25 人，+52%）"], CensusReconciliation.JumpTexts(rows, [.. Good().Select(l => l.Grade)]));

        // No 学籍 imported for the school and year: no figure, no difference.
        Assert.All(CensusReconciliation.Rows(form, new Dictionary<string, int>(), PeriodRules.Default()), r => Assert.Null(r.Difference));
        // A county's override of the jump: at 60 % the +52 % is no longer a jump; at 1 % and 1 person 四年级 is one too
        // (−2 persons > 1, 2 / 40 = 5 % > 1 %).
        Assert.DoesNotContain(CensusReconciliation.Rows(form, new Dictionary<string, int>(), PeriodRules.WithOverride("{\"jumpPercent\": 60}")), r => r.Jump);
        Assert.Equal(["P3", "P4"], CensusReconciliation.Rows(form, new Dictionary<string, int>(), PeriodRules.WithOverride("{\"jumpPercent\": 1, \"jumpMinPersons\": 1}"))
            .Where(r => r.Jump).Select(r => r.Grade));
        Assert.Throws<FormatException>(() => PeriodRules.WithOverride("{\"jumpPercent\": 0}"));
    }
}
