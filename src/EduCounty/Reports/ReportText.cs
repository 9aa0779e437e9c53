using System.Globalization;
using EduCounty.Common;
using EduCounty.Plan;
using EduCounty.Plan.Evaluation;
using EduCounty.Plan.Progress;

namespace EduCounty.Reports;

/// <summary>
/// The wording the annual, mid-term and final reports share, in 公文 style (no spaces between figures and characters,
/// full-width punctuation, 个百分点 for differences of rates, values rounded as the table prints them).
/// </summary>
internal static class ReportText
{
    /// <summary>
    /// The title of a report in lines of at most 20 characters of 2号 (the 版心 is 156 mm), broken between phrases so that each
    /// line reads whole (GB/T 9704 §7.3.1): 发文机关 + 关于 + the plan, then the subject, then the 文种.
    /// </summary>
    public static IEnumerable<ReportBlock> TitleLines(string issuer, PlanDocument plan, string subject, string kind)
    {
        var lines = new List<string> { $"{issuer}关于{plan.DivisionName}教育事业发展", $"“十四五”规划{subject}" };
        if (OfficialForm.Width(lines[1] + kind) <= 20) lines[1] += kind;
        else lines.Add(kind);
        return lines.Select(l => (ReportBlock)new TitleBlock(l));
    }

    /// <summary>A number as printed: invariant, no trailing zeros.</summary>
    public static string N(decimal v) => StatusRules.N(v);

    /// <summary>A count (numerators, denominators).</summary>
    public static string N0(decimal v) => v.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>一、二 …</summary>
    public static string Cn(int n) => ChineseNumerals.Of(n);

    /// <summary>A school year as a 公文 writes it: 2021—2022学年.</summary>
    public static string Year(int start) => string.Create(CultureInfo.InvariantCulture, $"{start}—{start + 1}学年");

    /// <summary>A date as the body writes it (yyyy-MM-dd).</summary>
    public static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The shown value with its unit (0.5669万人, 99.21%), or “无数据”.</summary>
    public static string Value(IndicatorResult r) => r.Shown is { } v ? N(v) + r.Indicator.Unit : "无数据";

    /// <summary>A value of an indicator with its unit.</summary>
    public static string Value(PlanIndicator i, decimal v) => N(v) + i.Unit;

    /// <summary>A difference in the indicator's unit (个百分点 for a rate).</summary>
    public static string Difference(PlanIndicator i, decimal d) => N(Math.Abs(d)) + StatusRules.DifferenceUnit(i.Unit);

    /// <summary>
    /// The parts of a rate or count, e.g. “（1652 ÷ 1665）”, or empty; for a value published at its cap (巩固率 above 100 %,
    /// docs/adr/0039) the value by the statistical definition with its parts and why it is over.
    /// </summary>
    public static string Parts(IndicatorResult r) =>
        r.CapNote is { } note ? $"（{note}）"
        : r.Value.Numerator is { } n && r.Value.Denominator is { } d ? $"（{N0(n)}÷{N0(d)}）" : "";

    /// <summary>A table cell of the published value: “100（统计口径101.29）” when capped, “99.21”, or “—”.</summary>
    public static string Cell(IndicatorResult r) =>
        r.Shown is not { } v ? "—" : r.Capped && r.Value.RoundedValue is { } raw ? $"{N(v)}（统计口径{N(raw)}）" : N(v);

    /// <summary>不低于 / 不高于 / 达到.</summary>
    public static string ComparatorWord(PlanIndicator i) => i.Comparator switch
    {
        TargetComparator.AtLeast => "不低于",
        TargetComparator.AtMost => "不高于",
        TargetComparator.Reach => "达到",
        _ => "为",
    };

    /// <summary>“，按趋势预测2025年为x”, “，按最近一年值保持，2025年为x” or empty (no projection, or the end year).</summary>
    public static string ProjectionPhrase(IndicatorResult r, int endYear)
    {
        if (r.Projection.Value is not { } p || r.Year >= endYear) return "";
        var how = r.Indicator.Projection?.Method == ProjectionMethod.Hold ? "按最近一年值保持" : "按趋势";
        return $"，{how}预测{endYear}年为{Value(r.Indicator, p)}";
    }

    /// <summary>Counts of statuses as a sentence, the 待核实 rows set apart.</summary>
    public static string StatusCounts(IReadOnlyList<IndicatorResult> rows)
    {
        int C(IndicatorStatus s) => rows.Count(r => r.Status == s);
        var judged = rows.Count(r => r.Status != IndicatorStatus.UnderReview);
        return $"纳入评价的{judged}项中，已达标{C(IndicatorStatus.Met)}项、进度正常{C(IndicatorStatus.OnTrack)}项、有风险{C(IndicatorStatus.AtRisk)}项、滞后{C(IndicatorStatus.Lagging)}项" +
            (C(IndicatorStatus.NoData) > 0 ? $"、无数据{C(IndicatorStatus.NoData)}项" : "") + "。" +
            (C(IndicatorStatus.UnderReview) is > 0 and var u
                ? $"另有{u}项（{string.Join("、", rows.Where(r => r.Status == IndicatorStatus.UnderReview).Select(r => r.Indicator.Name))}）规划目标待核实，只列实际值，不作评价。"
                : "");
    }

    /// <summary>The statement of how statuses are decided, with each kind of tolerance.</summary>
    public static string StatusRule(PlanDocument plan) =>
        $"状态按由{plan.BaselineYear}年基期值到{plan.Period.EndYear}年目标值的线性进度判定；年度路径值按表列小数位四舍五入，" +
        $"比率类指标低于路径值不超过{N(plan.Indicators.Select(i => i.PathTolerance ?? 0).DefaultIfEmpty().Max())}个百分点、规模类指标与路径值相差不超过目标值的{N(StatusRules.ScaleTolerance * 100)}%视为符合进度，" +
        "是否达到目标值不设容差；目标不高于基期值的须每年保持；预测方法逐项列明，少于3个年度值不作预测。";

    /// <summary>The investment of a 专栏 as a phrase: “投资X万元”, or “未列投资” when the plan gives none.</summary>
    public static string Investment(PlanBox box) =>
        box.Projects.Any(p => p.InvestmentWan is not null) ? $"投资{N(box.Projects.Sum(p => p.InvestmentWan ?? 0))}万元" : "未列投资";

    /// <summary>
    /// How many projects a 专栏 announces: the programme lines' counts where printed (实施…项目5个), each other project line one.
    /// </summary>
    public static int ProjectCount(PlanBox box)
    {
        ArgumentNullException.ThrowIfNull(box);
        if (box.Programmes is not { Count: > 0 } programmes) return box.Projects.Count;
        var counted = programmes.Where(p => p.ProjectCount is not null).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        return programmes.Sum(p => p.ProjectCount ?? 0) + box.Projects.Count(p => p.Programme is null || !counted.Contains(p.Programme));
    }

    /// <summary>The 专栏 summary: how many 专栏, projects as the text counts them, investment, seats, one clause per 专栏.</summary>
    public static string Boxes(PlanDocument plan)
    {
        var projects = plan.Boxes.SelectMany(b => b.Projects).ToList();
        return $"规划设置专栏{plan.Boxes.Count}个，按规划文本计实施项目{plan.Boxes.Sum(ProjectCount)}个（专栏列出项目{projects.Count}条），" +
            $"列明投资合计{N(projects.Sum(p => p.InvestmentWan ?? 0))}万元、新增学位{projects.Sum(p => p.NewSeats ?? 0)}个。" +
            string.Join("；", plan.Boxes.Select(b => $"专栏{b.Number}“{b.Title}”项目{ProjectCount(b)}个，{Investment(b)}")) + "。";
    }

    /// <summary>The parenthesis of a task: 责任单位, state, progress, deadline — empty parts left out (never “（，”).</summary>
    public static string TaskDetail(GetPlanProgress.TaskRow t)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(t.ResponsibleUnits)) parts.Add($"责任单位{t.ResponsibleUnits}");
        parts.Add(t.StateLabel);
        if (t.State == PlanWorkState.InProgress) parts.Add($"进度{t.ProgressPercent}%");
        if (t.Deadline is { } d) parts.Add($"期限{Day(d)}");
        return "（" + string.Join("，", parts) + "）";
    }

    /// <summary>A 问题台账 item as a sentence, with only the parts it has.</summary>
    public static string Issue(GetPlanProgress.IssueRow i)
    {
        var parts = new List<string> { $"来源：{i.Source}" };
        if (!string.IsNullOrWhiteSpace(i.ResponsibleUnit)) parts.Add($"责任单位：{i.ResponsibleUnit}");
        parts.Add($"整改期限{Day(i.Deadline)}");
        parts.Add(i.StateLabel + (i.Overdue ? "，已逾期" : ""));
        return $"{i.Problem}（{string.Join("；", parts)}）" + (i.Situation is { Length: > 0 } s ? $"整改情况：{s.Replace('\n', '；')}" : "");
    }

    /// <summary>
    /// The 附件 table of the indicators: baseline, 昌吉州 and the county's targets, the year's value, status, projection. In the
    /// plan's last year the value is the outcome itself: 达成/未达成 against the target and no projection column.
    /// </summary>
    public static TableBlock IndicatorTable(PlanEvaluation e)
    {
        var plan = e.Plan;
        var final = e.Year >= plan.Period.EndYear;
        string[] headers = ["指标", "属性", $"{plan.BaselineYear}年基期值", $"{plan.IndicatorTable.PrefectureName}{plan.Period.EndYear}年目标",
            $"{plan.DivisionName}{plan.Period.EndYear}年目标", $"{e.Year}年值", final ? "完成情况" : "状态"];
        return new TableBlock(
            final ? headers : [.. headers, $"{plan.Period.EndYear}年预测"],
            [.. e.Rows.Select(r =>
            {
                string[] cells =
                [
                    $"{r.Indicator.Name}（{r.Indicator.Unit}）",
                    r.Indicator.Kind == IndicatorKind.Binding ? "约束性" : "预期性",
                    r.Indicator.Baseline is { } b ? N(b) : "/",
                    r.Indicator.PrefectureTarget is { } pt ? N(pt) : "/",
                    r.Indicator.Target is { } t ? N(t) : "/",
                    Cell(r),
                    final ? FinalReport.Outcome(r) : IndicatorStatusLabels.Of(r.Status),
                ];
                return final ? cells : [.. cells, r.Projection.Value is { } p ? N(p) : "—"];
            })]);
    }

    /// <summary>The 附件 table of the quantified targets: task, target, the year's value, verdict, detail.</summary>
    public static TableBlock TargetTable(IReadOnlyList<TargetResult> targets) => new(
        ["目标", "任务", "本年度", "评价", "说明"],
        [.. targets.Select(t => new[]
        {
            t.Target.Text,
            t.Target.TaskNumber is { } n ? $"任务{n}" : "—",
            t.Shown,
            t.Label,
            t.Detail,
        })]);

    /// <summary>The 附件 table of the projects: planned and delivered figures, state.</summary>
    public static TableBlock ProjectTable(GetPlanProgress.Result p) => new(
        ["项目", "类型", "规划投资（万元）", "已完成投资（万元）", "规划学位（个）", "已交付学位（个）", "状态", "进度"],
        [.. p.Projects.Select(x => new[]
        {
            x.Name, x.Kind, x.InvestmentWan is { } i ? N(i) : "未列", N(x.SpentWan),
            x.NewSeats?.ToString(CultureInfo.InvariantCulture) ?? "—", x.SeatsDelivered.ToString(CultureInfo.InvariantCulture),
            x.StateLabel + (x.Overdue ? "（逾期）" : ""), $"{x.ProgressPercent}%",
        })]);

    /// <summary>The county's basic statistics as paragraphs (学校数, 在校生, 专任教师, 生师比, 班额).</summary>
    public static IEnumerable<string> Basics(CountyFigures f)
    {
        yield return $"全市共有各级各类学校{f.Schools}所（{string.Join("、", f.SchoolsByType.Select(t => $"{t.Type}{t.Count}所"))}），另有教学点{f.TeachingPoints}个；" +
            $"教职工{f.Staff}人，其中专任教师{f.FullTimeTeachers}人。";
        yield return "分学段：" + string.Join("；", f.Stages.Select(s =>
            $"{s.Stage}在校生{s.Students}人、专任教师{s.Teachers}人" + (s.Ratio is { } r ? $"、生师比{N(r)}:1" : "") +
            (s.AverageClass is { } a ? $"、{s.Classes}个班、平均班额{N(a)}人" : "") + (s.LargeClasses > 0 ? $"（56人及以上大班额{s.LargeClasses}个）" : ""))) + "。";
    }
}
