using EduCounty.Balance;
using EduCounty.Common;
using EduCounty.DropoutPrevention;
using EduCounty.Forecast;
using EduCounty.Plan.Progress;
using EduCounty.Registry;
using EduCounty.Supervision;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Tests.Demo;

/// <summary>
/// Issue 14 item 14: the demo county is plausible — cohorts that age coherently, 学前 that follows the falling births,
/// 适龄残疾 that does not halve, a plausible 中职 生师比, non-teaching staff that change, a T21 state that agrees with the
/// 优质均衡 verdict and a 控辍保学 case for each recorded dropout. (The 2020 column of the plan is
/// <see cref="DemoCountyTests.The_2020_census_carries_the_plans_own_headcounts"/>.)
/// </summary>
public sealed class DemoCoherenceTests
{
    private const string County = "652302";

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Each_cohort_of_young_children_ages_without_a_jump_and_follows_the_births(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        var pop = (await db.AgePopulations.Where(p => p.DivisionCode == County && p.Age <= 6)
                .GroupBy(p => new { p.Year, p.Age }).Select(g => new { g.Key.Year, g.Key.Age, Count = g.Sum(p => p.Count) }).ToListAsync())
            .ToDictionary(p => (p.Year, p.Age), p => p.Count);
        // Children aged a in year y are aged a + 1 in year y + 1: only migration and deaths change the count, so no
        // cohort may grow or shrink by 5 % or more in a year (the review found +11 % from age 2 to 3).
        for (var year = 2020; year < 2025; year++)
        {
            for (var age = 0; age < 6; age++)
            {
                var ratio = (double)pop[(year + 1, age + 1)] / pop[(year, age)];
                Assert.True(ratio is > 0.95 and < 1.05, $"{year} 年 {age} 岁 {pop[(year, age)]} 人，次年 {age + 1} 岁 {pop[(year + 1, age + 1)]} 人（{ratio:P1}）");
            }
        }

        // The births fall from 2017 on (as in 新疆), so the 3–5 population and the 学前 enrolment fall every year after 2020.
        // 户籍 births are kept per 乡镇 (codes under the county's).
        var births = (await db.Births.Where(b => b.DivisionCode.StartsWith(County) && b.DivisionCode != County).GroupBy(b => b.Year).Select(g => new { Year = g.Key, Count = g.Sum(b => b.Count) }).ToListAsync())
            .ToDictionary(b => b.Year, b => b.Count);
        var preschool = (await db.GradeEnrolments.Where(e => EF.Functions.Like(e.Grade, "K%")).GroupBy(e => e.Year).Select(g => new { Year = g.Key, Students = g.Sum(e => e.Students) }).ToListAsync())
            .ToDictionary(e => e.Year, e => e.Students);
        for (var year = 2021; year <= 2025; year++)
        {
            Assert.True(births[year - 3] < births[year - 4], $"{year - 3} 年出生 {births[year - 3]} 人，不少于上年");
            int Aged3To5(int y) => pop[(y, 3)] + pop[(y, 4)] + pop[(y, 5)];
            Assert.True(Aged3To5(year) < Aged3To5(year - 1), $"{year} 年 3—5 岁 {Aged3To5(year)} 人，不少于上年 {Aged3To5(year - 1)} 人");
            Assert.True(preschool[year] < preschool[year - 1], $"{year} 学年学前在园 {preschool[year]} 人，不少于上年 {preschool[year - 1]} 人");
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Disabled_children_vocational_ratio_and_non_teaching_staff_are_plausible(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        // 适龄残疾儿童少年 (残联): the 2020 figure never halves (the review saw it fall by half) — no year below 80 % of 2020.
        var disabled = await db.YearlyStatistics.Where(s => s.DivisionCode == County && s.Key == "population.disabledCompulsoryAge")
            .OrderBy(s => s.Year).Select(s => new { s.Year, s.Value }).ToListAsync();
        var first = disabled.Single(d => d.Year == 2020).Value;
        Assert.All(disabled, d => Assert.True(d.Value >= 0.8 * first, $"{d.Year} 年适龄残疾 {d.Value} 人，2020 年 {first} 人"));

        // 中职 生师比: 《中等职业学校设置标准》(教职成〔2010〕12号) asks for 专任教师 at 1 : 20 at most; a ratio far below 10
        // would mean teachers without students. Students and 专任教师 of the 中职 schools, year by year.
        var vocational = new[] { SchoolType.Vocational, SchoolType.Technical };
        var schools = await db.Schools.Where(s => vocational.Contains(s.Type)).Select(s => s.Id).ToListAsync();
        Assert.NotEmpty(schools);
        for (var year = 2020; year <= 2025; year++)
        {
            var students = await db.GradeEnrolments.Where(e => e.Year == year && schools.Contains(e.SchoolId)).SumAsync(e => e.Students);
            var teachers = await db.StaffYears.CountAsync(y => y.Year == year && y.PostType == PostType.FullTimeTeacher && schools.Contains(y.SchoolId));
            var ratio = (double)students / teachers;
            Assert.True(ratio is >= 10 and <= 20, $"{year} 学年中职 {students} 人 ÷ 专任教师 {teachers} 人 = {ratio:0.0}");
        }

        // Non-teaching staff (行政、教辅、工勤) are not a copy of 2020 in every year.
        var others = await db.StaffYears.Where(y => y.PostType != PostType.FullTimeTeacher).GroupBy(y => y.Year).Select(g => new { Year = g.Key, Count = g.Count() }).ToListAsync();
        Assert.True(others.Select(o => o.Count).Distinct().Count() > 1, "各学年非专任教师人数完全相同");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Task_21_is_not_done_while_the_balance_verdict_fails_and_each_compulsory_dropout_has_a_case(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        var verdict = await EvaluateCountyVerdict.HandleAsync(db, County, new SchoolYear(2025), BalanceProfile.National());
        var t21 = await db.PlanTasks.Where(t => t.Number == 21).Select(t => new { t.State, t.CompletedOn }).SingleAsync();
        // T21 推进义务教育优质均衡: 已完成 only with a passing verdict.
        Assert.True(verdict.Pass || (t21.State != PlanWorkState.Done && t21.CompletedOn is null),
            $"优质均衡{(verdict.Pass ? "达标" : "未达标")}，任务 21 状态 {t21.State}");

        // 控辍保学 concerns 义务教育: every 辍学 recorded in a 小学/初中 grade has its case in the ledger.
        var compulsory = await db.StatusChanges.Where(c => c.Type == StatusChangeType.Dropout && c.Grade != null && (EF.Functions.Like(c.Grade, "P%") || EF.Functions.Like(c.Grade, "J%")))
            .Select(c => c.Id).ToListAsync();
        var cased = await db.DropoutCases.Where(k => k.StatusChangeId != null).Select(k => k.StatusChangeId!.Value).ToListAsync();
        Assert.NotEmpty(compulsory);
        Assert.Empty(compulsory.Except(cased));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_supervision_notices_are_numbered_in_the_order_of_the_visits_days(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        var notices = await db.SupervisionVisits.Where(v => v.NoticeNumber != null).OrderBy(v => v.VisitDate).ThenBy(v => v.Id)
            .Select(v => new { v.VisitDate, v.NoticeNumber }).ToListAsync();
        Assert.NotEmpty(notices);
        // Per calendar year 1, 2, 3 … as the days go (prefix 阜督学, supervision-rules.json): a later visit never has a smaller number.
        foreach (var year in notices.GroupBy(n => n.VisitDate.Year))
        {
            Assert.Equal(year.Select((_, i) => $"阜督学〔{year.Key}〕{i + 1}号"), year.Select(n => n.NoticeNumber));
        }
    }
}
