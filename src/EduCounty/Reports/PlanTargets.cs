using System.Globalization;
using EduCounty.Common;
using EduCounty.DropoutPrevention;
using EduCounty.Fitness;
using EduCounty.Indicators.DataElements;
using EduCounty.Plan;
using EduCounty.Registry;
using EduCounty.StudentAid;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Reports;

/// <summary>Where a quantified target of the plan's text stands in a year.</summary>
public enum TargetVerdict
{
    /// <summary>达到.</summary>
    Met = 1,

    /// <summary>未达到 (this year's requirement, or the end-year target in the final year).</summary>
    NotMet = 2,

    /// <summary>推进中: an end-year target not reached yet before the end year.</summary>
    InProgress = 3,

    /// <summary>暂无数据: no record holds the data (yet).</summary>
    NoData = 4,

    /// <summary>目标待核实 or a national-level figure shown for reference only: not judged.</summary>
    NotJudged = 5,
}

/// <summary>One target's result: the measure's value as printed, the verdict and the detail (counts, comparison).</summary>
public sealed record TargetResult(PlanTarget Target, decimal? Value, string Shown, TargetVerdict Verdict, string Detail)
{
    /// <summary>达到 / 未达到 / 推进中 / 暂无数据 / 不评价.</summary>
    public string Label => Verdict switch
    {
        TargetVerdict.Met => "达到",
        TargetVerdict.NotMet => "未达到",
        TargetVerdict.InProgress => "推进中",
        TargetVerdict.NoData => "暂无数据",
        _ => "不评价",
    };
}

/// <summary>
/// Evaluates the plan's quantified targets (plans/*.json <c>targets</c>) whose <c>measure</c> names a measure over the
/// records (docs/adr/0027): 辍学清零 (学籍异动), 标准班额 45/50 (班级), 近视率每年下降 0.5 (视力筛查), 出口带宽 1000M/班均 200M
/// (办学条件), 骨干教师 (教职工), 普职比 (招生), “两个只增不减” and 生均公用经费基准定额 (经费). Targets without a measure are
/// listed as 暂无数据 with the reason the plan file gives.
/// </summary>
public static class PlanTargets
{
    /// <summary>A measure's answer: value, how it is printed, met or not (null: compare the value with the target), detail.</summary>
    private sealed record Measured(decimal? Value, string Shown, bool? Met, string Detail, bool Judged = true);

    private sealed record Context(EduDb Db, PlanDocument Plan, PlanTarget Target, int Year, CancellationToken Ct)
    {
        public string County => Plan.DivisionCode;

        public IQueryable<School> Schools => Db.Schools.Where(s => s.CountyCode == County);
    }

    private static readonly Dictionary<string, Func<Context, Task<Measured>>> Measures = new(StringComparer.Ordinal)
    {
        ["dropouts.compulsory"] = DropoutsAsync,
        ["dropout.cases"] = DropoutCasesAsync,
        ["aid.coverage"] = AidCoverageAsync,
        ["classes.over_standard.primary"] = c => OverStandardClassesAsync(c, 'P', "小学"),
        ["classes.over_standard.junior"] = c => OverStandardClassesAsync(c, 'J', "初中"),
        ["myopia.decline"] = MyopiaAsync,
        ["bandwidth.school"] = c => BandwidthAsync(c, perClass: false),
        ["bandwidth.per_class"] = c => BandwidthAsync(c, perClass: true),
        ["teachers.key"] = KeyTeachersAsync,
        // 教师队伍 records (issue 16, teachers.md §1, §2, §7, §8): the same data elements as 优质均衡 G9/G11.
        ["teachers.rotation_share"] = c => TeacherShareAsync(c, "teachers.rotation.rotated", "teachers.rotation.eligible", "交流轮岗教师", "符合交流条件教师", allMustMeet: false),
        ["teachers.rotation_key_share"] = c => TeacherShareAsync(c, "teachers.rotation.rotated_key", "teachers.rotation.rotated", "其中骨干教师", "交流轮岗教师", allMustMeet: false),
        ["teachers.training_cycle"] = c => TeacherShareAsync(c, "teachers.training.cycle_complete", "teachers.training.base", "近5年培训满360学时的专任教师", "专任教师", allMustMeet: true),
        ["teachers.enterprise_practice"] = c => TeacherShareAsync(c, "teachers.vocational.enterprise_practice", "teachers.vocational.specialty", "本学年企业实践满1个月的中职专业课教师", "中职专业课教师", allMustMeet: true),
        ["teachers.subject_leaders"] = c => TeacherCountAsync(c, "teachers.titles.subject_leaders", "学科带头人"),
        ["teachers.teaching_experts"] = c => TeacherCountAsync(c, "teachers.titles.teaching_experts", "教学能手"),
        ["senior.vocational_share"] = VocationalShareAsync,
        ["finance.budget_non_decreasing"] = c => NonDecreasingAsync(c, perStudent: false),
        ["finance.per_student_non_decreasing"] = c => NonDecreasingAsync(c, perStudent: true),
        ["finance.gdp_share"] = GdpShareAsync,
        ["finance.public_funds_per_student"] = PublicFundsAsync,
    };

    /// <summary>The measure codes known (the plan file's <c>measure</c> values).</summary>
    public static IReadOnlyCollection<string> MeasureCodes => Measures.Keys;

    /// <summary>Evaluates every target of <paramref name="plan"/> for the school year starting in <paramref name="year"/>, in file order.</summary>
    public static async Task<IReadOnlyList<TargetResult>> EvaluateAsync(EduDb db, PlanDocument plan, int year, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(plan);
        var results = new List<TargetResult>();
        foreach (var t in plan.Targets.Where(t => t.IndicatorCode is null))
        {
            results.Add(await EvaluateAsync(new Context(db, plan, t, year, ct)));
        }

        return results;
    }

    private static async Task<TargetResult> EvaluateAsync(Context c)
    {
        var t = c.Target;
        if (t.Measure is null || !Measures.TryGetValue(t.Measure, out var measure))
        {
            return new TargetResult(t, null, "—", TargetVerdict.NoData, "系统中尚无此项数据" + (t.Note is { Length: > 0 } note ? $"（注：{note}）" : ""));
        }

        var m = await measure(c);
        if (m.Value is null && m.Met is null) return new TargetResult(t, null, "—", TargetVerdict.NoData, m.Detail);
        if (!string.IsNullOrWhiteSpace(t.Review)) return new TargetResult(t, m.Value, m.Shown, TargetVerdict.NotJudged, $"目标{t.Review}：{t.ReviewNote}");
        if (!m.Judged) return new TargetResult(t, m.Value, m.Shown, TargetVerdict.NotJudged, m.Detail);
        var met = m.Met ?? Compare(t, m.Value);
        if (met is null) return new TargetResult(t, m.Value, m.Shown, TargetVerdict.NotJudged, m.Detail);
        var verdict = met.Value ? TargetVerdict.Met
            : t.Year is { } y && c.Year < y ? TargetVerdict.InProgress : TargetVerdict.NotMet;
        return new TargetResult(t, m.Value, m.Shown, verdict, m.Detail);
    }

    /// <summary>The value against the target by the comparator (a Reach target with its tolerance either way).</summary>
    private static bool? Compare(PlanTarget t, decimal? value)
    {
        if (value is not { } v || t.Value is not { } target) return null;
        return t.Comparator switch
        {
            TargetComparator.AtLeast => v >= target,
            TargetComparator.AtMost => v <= target,
            TargetComparator.Equal => v == target,
            TargetComparator.Reach => Math.Abs(v - target) <= (t.Tolerance ?? 0m),
            _ => null,
        };
    }

    private static readonly string[] Compulsory = [.. Grades.Primary, .. Grades.Junior];

    private static string N(decimal v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Pct(decimal part, decimal whole) => whole == 0 ? "—" : N(Math.Round(part * 100m / whole, 2, MidpointRounding.AwayFromZero));

    /// <summary>辍学清零: 学籍异动“辍学” of 小学、初中 students recorded in the school year (docs/adr/0027).</summary>
    private static async Task<Measured> DropoutsAsync(Context c)
    {
        var sy = new SchoolYear(c.Year);
        var county = c.County;
        var rows = await c.Db.StatusChanges.Where(x => x.Type == StatusChangeType.Dropout && x.Date >= sy.FirstDay && x.Date <= sy.LastDay
                && x.Grade != null && Compulsory.Contains(x.Grade)
                && c.Db.Set<School>().Any(s => s.Id == x.FromSchoolId && s.CountyCode == county))
            .Select(x => x.Reason).ToListAsync(c.Ct);
        var reasons = rows.GroupBy(r => r ?? "未填原因").Select(g => $"{g.Key}{g.Count()}人");
        return new Measured(rows.Count, $"{rows.Count}人", null,
            rows.Count == 0 ? "学籍系统本学年未登记义务教育阶段辍学" : $"学籍系统本学年登记义务教育阶段辍学{rows.Count}人：{string.Join("，", reasons)}；须逐人建立控辍保学个案并劝返复学");
    }

    /// <summary>
    /// 辍学清零 from the 控辍保学 ledger (issue 17; dropout-prevention.md §4 动态销号, “应返尽返”): the year's 义务教育 辍学
    /// cases still 仍辍学 at the year's end (or now), plus 学籍 辍学 异动 that no case holds yet (not synced) — never fewer
    /// than the registry shows.
    /// </summary>
    private static async Task<Measured> DropoutCasesAsync(Context c)
    {
        var sy = new SchoolYear(c.Year);
        var county = c.County;
        var unsynced = await c.Db.StatusChanges.CountAsync(x => x.Type == StatusChangeType.Dropout && x.Date >= sy.FirstDay && x.Date <= sy.LastDay
            && x.Grade != null && Compulsory.Contains(x.Grade) && c.Db.Set<School>().Any(s => s.Id == x.FromSchoolId && s.CountyCode == county)
            && !c.Db.Set<DropoutCase>().Any(k => k.StatusChangeId == x.Id), c.Ct);
        var f = (await GetDropoutReport.HandleAsync(c.Db, sy, sy.LastDay, c.Ct)).Latest?.County;
        var still = (f?.StillOut ?? 0) + unsynced;
        var detail = f is null ? "本学年尚无控辍保学台账记录"
            : $"控辍保学台账本学年义务教育辍学{f.Dropouts}人，已劝返{f.Persuaded}人（劝返率{(f.Rate is { } r ? N(r) + "%" : "—")}），依法延缓入学或休学{f.Exempt}人，仍辍学{f.StillOut}人";
        if (unsynced > 0) detail += $"；学籍登记辍学{unsynced}人尚未建立个案（运行 dropout sync）";
        return new Measured(still, $"{still}人", null, detail);
    }

    /// <summary>
    /// 资助全覆盖 from the 学生资助 records (issue 17 item 2; 任务29 “确保建档立卡家庭学生资助政策全覆盖”): of the students of
    /// the county's schools assessed in the 学年 as 建档立卡/低保/特困/残疾 (aid-rules.json <c>coverageCategories</c>; the
    /// 认定's non-categorical <c>CoverageGroup</c> flag), the share with at least one approved or paid aid in the 学年.
    /// </summary>
    private static async Task<Measured> AidCoverageAsync(Context c)
    {
        var y = c.Year;
        var county = c.County;
        var last = new SchoolYear(y).LastDay; // nothing dated after the 学年 (docs/adr/0026)
        var group = c.Db.HardshipAssessments.Where(a => a.Year == y && a.CoverageGroup && a.AssessedOn <= last && c.Db.Set<School>().Any(s => s.Id == a.SchoolId && s.CountyCode == county));
        var total = await group.CountAsync(c.Ct);
        if (total == 0) return new Measured(null, "—", null, $"{new SchoolYear(y)}学年尚无建档立卡、低保、特困、残疾学生的家庭经济困难认定记录");
        var aided = await group.CountAsync(a => c.Db.Set<AidApplication>().Any(x => x.StudentId == a.StudentId && x.Year == y
            && (x.Status == AidStatus.Approved || x.Status == AidStatus.Paid) && x.ApprovedOn <= last), c.Ct);
        var pct = Math.Round(aided * 100m / total, 1, MidpointRounding.AwayFromZero);
        return new Measured(pct, $"{N(pct)}%", null,
            $"本学年认定的建档立卡、低保、特困、残疾学生{total}人，已获资助（县审批或已发放）{aided}人" + (aided < total ? $"，未资助{total - aided}人" : "，全覆盖"));
    }

    /// <summary>标准班额: classes over 45 (小学) or 50 (初中) students at the census (the target's value is the limit).</summary>
    private static async Task<Measured> OverStandardClassesAsync(Context c, char stage, string name)
    {
        var limit = (int)(c.Target.Value ?? 0);
        var grades = stage == 'P' ? Grades.Primary.ToArray() : Grades.Junior.ToArray();
        var classes = await c.Db.Classes.Where(x => x.Year == c.Year && grades.Contains(x.Grade) && c.Schools.Any(s => s.Id == x.SchoolId))
            .Select(x => x.Headcount).ToListAsync(c.Ct);
        if (classes.Count == 0) return new Measured(null, "—", null, $"{new SchoolYear(c.Year)}学年没有{name}班级记录");
        var over = classes.Count(h => h > limit);
        var average = Math.Round((decimal)classes.Sum() / classes.Count, 1, MidpointRounding.AwayFromZero);
        return new Measured(over, $"{over}个班", over == 0,
            $"{name}{classes.Count}个班，平均班额{N(average)}人，超过{limit}人的{over}个（占{Pct(over, classes.Count)}%），最大班额{classes.Max()}人");
    }

    /// <summary>近视率 against last year's (docs/adr/0012): met when it fell by at least 0.5 个百分点.</summary>
    private static async Task<Measured> MyopiaAsync(Context c)
    {
        var years = await GetMyopiaRates.ByYearAsync(c.Db, ct: c.Ct);
        var y = years.FirstOrDefault(x => x.Year == c.Year);
        if (y is null) return new Measured(null, "—", null, $"{new SchoolYear(c.Year)}学年没有视力筛查记录");
        var rate = (decimal)y.Count.Rate;
        if (y.Change is not { } change) return new Measured(rate, $"{N(rate)}%", null, $"近视率{N(rate)}%（筛查{y.Count.Screened}人，近视{y.Count.Myopic}人），无上年数据可比");
        var fell = change <= 0 ? $"下降{N((decimal)-change)}个百分点" : $"上升{N((decimal)change)}个百分点";
        return new Measured(rate, $"{N(rate)}%", y.Met,
            $"近视率{N(rate)}%（筛查{y.Count.Screened}人，近视{y.Count.Myopic}人），较上年{fell}，目标为不高于{N((decimal)y.Target!.Value)}%");
    }

    private static readonly SchoolType[] PrimaryAndSecondary =
        [SchoolType.Primary, SchoolType.Junior, SchoolType.NineYear, SchoolType.Complete, SchoolType.Senior, SchoolType.TwelveYear];

    /// <summary>出口带宽: 中小学 (not 教学点) whose 出口带宽 reaches the target, or whose bandwidth ÷ classes does (班均).</summary>
    private static async Task<Measured> BandwidthAsync(Context c, bool perClass)
    {
        var need = c.Target.Value ?? 0;
        var rows = await c.Db.Facilities.Where(f => f.Year == c.Year && c.Schools.Any(s => s.Id == f.SchoolId && !s.IsTeachingPoint && PrimaryAndSecondary.Contains(s.Type)))
            .Select(f => new { f.BandwidthMbps, Classes = c.Db.Set<SchoolClass>().Count(x => x.SchoolId == f.SchoolId && x.Year == f.Year) })
            .ToListAsync(c.Ct);
        if (rows.Count == 0) return new Measured(null, "—", null, $"{new SchoolYear(c.Year)}学年没有办学条件记录");
        var met = rows.Count(r => (perClass ? (r.Classes == 0 ? r.BandwidthMbps : (decimal)r.BandwidthMbps / r.Classes) : r.BandwidthMbps) >= need);
        var share = Math.Round(met * 100m / rows.Count, 2, MidpointRounding.AwayFromZero);
        var what = perClass ? $"班均出口带宽（学校出口带宽 ÷ 班级数）达到{N(need)}M" : $"出口带宽达到{N(need)}M";
        return new Measured(share, $"{N(share)}%", met == rows.Count, $"中小学{rows.Count}所中{what}的{met}所（{N(share)}%）");
    }

    /// <summary>
    /// A share over the 教师队伍 records: numerator ÷ denominator × 100. <paramref name="allMustMeet"/>: the text's target is a
    /// rule per teacher (5 年 360 学时, 每年 1 个月企业实践), so the county meets it when the share is 100 %; otherwise the
    /// share is compared with the target's value (10 %, 20 %).
    /// </summary>
    private static async Task<Measured> TeacherShareAsync(Context c, string num, string den, string numName, string denName, bool allMustMeet)
    {
        var v = await DataElementLoader.LoadAsync(c.Db, [(num, c.Year), (den, c.Year)], DataScope.County(c.County), c.Ct);
        if (v.Get(num, c.Year)?.Value is not { } n || v.Get(den, c.Year)?.Value is not { } d)
        {
            return new Measured(null, "—", null, v.Get(num, c.Year)?.Value is null ? v.Get(num, c.Year)?.Source ?? "没有教师队伍记录" : v.Get(den, c.Year)?.Source ?? "没有教师队伍记录");
        }
        if (d == 0) return new Measured(null, "—", null, $"{new SchoolYear(c.Year)}学年没有{denName}");
        var share = Math.Round(n * 100m / d, 2, MidpointRounding.AwayFromZero);
        var goal = allMustMeet ? 100m : c.Target.Value ?? 0;
        return new Measured(share, $"{N(share)}%", allMustMeet ? share >= 100m : null, $"{numName}{N(n)}人 ÷ {denName}{N(d)}人 = {N(share)}%，要求不低于{N(goal)}%");
    }

    /// <summary>A count of title holders (县（市）级及以上, in force at the census) from the 骨干梯队 records.</summary>
    private static async Task<Measured> TeacherCountAsync(Context c, string code, string name)
    {
        var e = (await DataElementLoader.LoadAsync(c.Db, [(code, c.Year)], DataScope.County(c.County), c.Ct)).Get(code, c.Year);
        return e?.Value is { } n
            ? new Measured(n, $"{N(n)}人", null, $"县（市）级及以上{name}{N(n)}人，{c.Target.Year ?? c.Plan.Period.EndYear}年目标{N(c.Target.Value ?? 0)}人")
            : new Measured(null, "—", null, e?.Source ?? "没有骨干梯队称号记录");
    }

    private static async Task<Measured> KeyTeachersAsync(Context c)
    {
        var v = (await DataElementLoader.LoadAsync(c.Db, [("teachers.key", c.Year)], DataScope.County(c.County), c.Ct)).Get("teachers.key", c.Year)?.Value;
        return new Measured(v, v is { } x ? $"{N(x)}人" : "—", null,
            v is { } n ? $"县（市）级及以上骨干教师{N(n)}人，{c.Target.Year ?? c.Plan.Period.EndYear}年目标{N(c.Target.Value ?? 0)}人" : "没有教职工年度记录");
    }

    /// <summary>普职比: 中职招生 ÷ 高中阶段招生 × 100 (大体相当: 50 ± the target's tolerance).</summary>
    private static async Task<Measured> VocationalShareAsync(Context c)
    {
        var v = await DataElementLoader.LoadAsync(c.Db, [("entrants.senior.general", c.Year), ("entrants.senior.vocational", c.Year)], DataScope.County(c.County), c.Ct);
        if (v.Get("entrants.senior.general", c.Year)?.Value is not { } g || v.Get("entrants.senior.vocational", c.Year)?.Value is not { } voc || g + voc == 0)
        {
            return new Measured(null, "—", null, $"{new SchoolYear(c.Year)}学年没有高中阶段招生记录");
        }

        var share = Math.Round(voc * 100m / (g + voc), 2, MidpointRounding.AwayFromZero);
        var ratio = voc == 0 ? "—" : N(Math.Round(g / voc, 2, MidpointRounding.AwayFromZero));
        return new Measured(share, $"{N(share)}%", null, $"普通高中招生{N(g)}人、中职招生{N(voc)}人，中职占{N(share)}%，普职比{ratio}:1");
    }

    private static async Task<Dictionary<(string Key, int Year), double>> StatisticsAsync(Context c, params string[] keys)
    {
        var county = c.County;
        return await c.Db.YearlyStatistics.Where(s => s.DivisionCode == county && keys.Contains(s.Key) && (s.Year == c.Year || s.Year == c.Year - 1))
            .ToDictionaryAsync(s => (s.Key, s.Year), s => s.Value, c.Ct);
    }

    /// <summary>“两个只增不减”: 一般公共预算教育支出 and the same per student (在校生, all stages) not below last year's.</summary>
    private static async Task<Measured> NonDecreasingAsync(Context c, bool perStudent)
    {
        var stats = await StatisticsAsync(c, "finance.budgetEducation");
        if (!stats.TryGetValue(("finance.budgetEducation", c.Year), out var now) || !stats.TryGetValue(("finance.budgetEducation", c.Year - 1), out var before))
        {
            return new Measured(null, "—", null, "缺少本年或上年一般公共预算教育支出（年度统计 finance.budgetEducation）");
        }

        if (!perStudent)
        {
            var change = (decimal)(now - before);
            return new Measured((decimal)now, $"{N((decimal)now)}万元", now >= before,
                $"一般公共预算教育支出{N((decimal)now)}万元，上年{N((decimal)before)}万元，{(change >= 0 ? "增加" : "减少")}{N(Math.Abs(change))}万元");
        }

        var county = c.County;
        var students = await c.Db.GradeEnrolments.Where(g => (g.Year == c.Year || g.Year == c.Year - 1) && c.Db.Set<School>().Any(s => s.Id == g.SchoolId && s.CountyCode == county))
            .GroupBy(g => g.Year).Select(g => new { g.Key, Students = g.Sum(x => x.Students) }).ToDictionaryAsync(x => x.Key, x => x.Students, c.Ct);
        if (students.GetValueOrDefault(c.Year) == 0 || students.GetValueOrDefault(c.Year - 1) == 0) return new Measured(null, "—", null, "缺少本年或上年在校生数");
        var a = Math.Round((decimal)now * 10000m / students[c.Year], 0, MidpointRounding.AwayFromZero);
        var b = Math.Round((decimal)before * 10000m / students[c.Year - 1], 0, MidpointRounding.AwayFromZero);
        return new Measured(a, $"{N(a)}元", a >= b, $"按在校生{students[c.Year]}人平均{N(a)}元，上年{N(b)}元（在校生{students[c.Year - 1]}人）");
    }

    /// <summary>“一个不低于”: 国家财政性教育经费 ÷ 地区生产总值 — a national-level measure, shown for reference, not judged.</summary>
    private static async Task<Measured> GdpShareAsync(Context c)
    {
        var stats = await StatisticsAsync(c, "finance.fiscalEducation", "finance.gdp");
        if (!stats.TryGetValue(("finance.fiscalEducation", c.Year), out var fiscal) || !stats.TryGetValue(("finance.gdp", c.Year), out var gdp) || gdp <= 0)
        {
            return new Measured(null, "—", null, "缺少国家财政性教育经费或地区生产总值（年度统计）");
        }

        var share = Math.Round((decimal)(fiscal / gdp * 100), 2, MidpointRounding.AwayFromZero);
        return new Measured(share, $"{N(share)}%", null,
            $"全市国家财政性教育经费{N((decimal)fiscal)}万元，占地区生产总值{N((decimal)gdp)}万元的{N(share)}%；4%为全国口径，县级仅作参考", Judged: false);
    }

    /// <summary>National 生均公用经费基准定额 (balance-rules.md: 小学 650、初中 850 元; a school under 100 students counted as 100).</summary>
    private const decimal PrimaryBenchmark = 650m;
    private const decimal JuniorBenchmark = 850m;

    /// <summary>生均公用经费 of 义务教育 schools against the 基准定额 (the 自治区 one is not lower than the national one).</summary>
    private static async Task<Measured> PublicFundsAsync(Context c)
    {
        var county = c.County;
        var funds = await c.Db.Finances.Where(f => f.Year == c.Year && c.Db.Set<School>().Any(s => s.Id == f.SchoolId && s.CountyCode == county))
            .Select(f => new { f.SchoolId, f.PublicFundsYuan }).ToListAsync(c.Ct);
        var pupils = (await c.Db.GradeEnrolments.Where(g => g.Year == c.Year && Compulsory.Contains(g.Grade))
            .GroupBy(g => new { g.SchoolId, g.Grade }).Select(g => new { g.Key.SchoolId, g.Key.Grade, Students = g.Sum(x => x.Students) })
            .ToListAsync(c.Ct)).Select(g => new { g.SchoolId, Junior = g.Grade[0] == 'J', g.Students }).ToList();
        var bySchool = pupils.GroupBy(p => p.SchoolId).ToDictionary(g => g.Key, g => (Primary: g.Where(x => !x.Junior).Sum(x => x.Students), Junior: g.Where(x => x.Junior).Sum(x => x.Students)));
        var checkedSchools = funds.Where(f => bySchool.ContainsKey(f.SchoolId)).Select(f =>
        {
            var (p, j) = bySchool[f.SchoolId];
            var factor = p + j is > 0 and < 100 ? 100m / (p + j) : 1m;
            return (decimal)f.PublicFundsYuan >= ((PrimaryBenchmark * p) + (JuniorBenchmark * j)) * factor;
        }).ToList();
        if (checkedSchools.Count == 0) return new Measured(null, "—", null, $"{new SchoolYear(c.Year)}学年没有义务教育学校经费记录");
        var below = checkedSchools.Count(ok => !ok);
        return new Measured(below, $"{below}所低于基准", below == 0,
            $"义务教育学校{checkedSchools.Count}所，生均公用经费低于国家基准定额（小学650元、初中850元）的{below}所");
    }
}
