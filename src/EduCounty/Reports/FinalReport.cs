using EduCounty.Common;
using EduCounty.Plan;
using EduCounty.Plan.Evaluation;
using EduCounty.Plan.Progress;
using static EduCounty.Reports.ReportText;

namespace EduCounty.Reports;

/// <summary>
/// 终期评估报告 (the plan's final evaluation, 第四章 二) as a 公文: every indicator and quantified target against its end-year
/// target (达成 / 未达成), the outcome of each of the 58 tasks, the projects, the 优质均衡 result, and the base for the next
/// plan (the end-year values as its baseline). Evaluated on the plan's end year (2025 = the 2025-2026 census) as of that
/// school year's end or its freeze (docs/adr/0026).
/// </summary>
public static class FinalReport
{
    /// <summary>The whole report from the database.</summary>
    public static async Task<ReportDocument> BuildAsync(EduDb db, PlanEvaluation e, DateOnly today, ReportSettings? settings = null, DateOnly? date = null,
        bool charts = true, CancellationToken ct = default) =>
        Build(e, await ReportInputs.LoadAsync(db, e, today, settings, date, ct), charts);

    /// <summary>达成 / 未达成 / 不评价 of an indicator at the end year.</summary>
    public static string Outcome(IndicatorResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return r.Status switch
        {
            IndicatorStatus.Met => "达成",
            IndicatorStatus.UnderReview => "不评价（目标待核实）",
            IndicatorStatus.NoData => "无数据",
            _ => "未达成",
        };
    }

    /// <summary>The report's blocks.</summary>
    public static ReportDocument Build(PlanEvaluation e, ReportInputs inputs, bool charts = true)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(inputs);
        var plan = e.Plan;
        var body = new List<ReportBlock>(TitleLines(inputs.Form.Issuer, plan, "", "终期评估的报告"));
        var attachments = new List<ReportAttachment>
        {
            new("主要指标终期评估表", [new ParagraphBlock($"按{plan.Period.EndYear}年秋季统计和学籍、教职工记录计算，对照规划期末目标值判定是否达成，不设容差；规划目标待核实的只列实际值，不作评价。"), IndicatorTable(e)]),
            new("规划其他量化目标完成情况表", [TargetTable(inputs.Targets)]),
            new("重点任务完成情况表", [TaskTable(inputs.Progress)]),
            new("下一个五年规划基期值建议表", [BaseTable(e)]),
        };
        if (inputs.Progress.Projects.Count > 0) attachments.Add(new("重大项目建设情况表", [ProjectTable(inputs.Progress)]));
        if (charts) attachments.Add(new("主要指标完成情况图", [.. ReportCharts.For(e).Select(c => (ReportBlock)new ChartBlock(c))]));

        var judged = e.Rows.Where(r => r.Status != IndicatorStatus.UnderReview).ToList();
        var met = judged.Where(r => r.Status == IndicatorStatus.Met).ToList();
        body.Add(new HeadingBlock("一、总体情况"));
        body.Add(new ParagraphBlock($"按照《{plan.Name}》第四章“加强监督考核”的要求，我局对规划期{plan.Period.StartYear}—{plan.Period.EndYear}年的实施情况进行了终期评估。" +
            $"主要指标按{plan.Period.EndYear}年秋季教育事业统计和学籍、教职工记录计算，任务、项目和问题台账情况截至{Day(inputs.AsOf)}。"));
        foreach (var line in Basics(inputs.Figures)) body.Add(new ParagraphBlock(line));
        body.Add(new ParagraphBlock($"规划确定主要指标{e.Rows.Count}项，纳入评价的{judged.Count}项中达成{met.Count}项、未达成{judged.Count - met.Count}项" +
            (e.Rows.Count > judged.Count ? $"，另有{e.Rows.Count - judged.Count}项目标待核实、不作评价" : "") + "；" +
            $"义务教育优质均衡{(inputs.BalancePass ? "已达到" : "尚未达到")}督导评估要求；重点任务{inputs.Progress.Tasks.Count}项中已完成{inputs.Progress.TaskCounts.Done}项。"));

        body.Add(new HeadingBlock("二、主要指标完成情况"));
        body.Add(new ParagraphBlock("各项指标对照规划期末目标的完成情况见附件1。"));
        var g = 1;
        foreach (var group in e.Rows.GroupBy(r => r.Indicator.Group))
        {
            body.Add(new ParagraphBlock(string.Join("；", group.Select(Sentence)) + "。", Lead: $"（{Cn(g++)}）{group.Key}。"));
        }

        Targets(body, inputs.Targets);
        body.Add(new HeadingBlock("四、义务教育优质均衡创建情况"));
        body.Add(new ParagraphBlock($"规划提出“到{plan.Period.EndYear}年，创建为全国义务教育发展优质均衡市”。" + string.Join("", inputs.Balance)));
        Tasks(body, inputs.Progress);
        body.Add(new HeadingBlock("六、重大项目建设情况"));
        body.Add(new ParagraphBlock(Boxes(plan) + (inputs.Progress.Projects.Count > 0
            ? $"据项目台账，截至{Day(inputs.Progress.Today)}已完成投资{N(inputs.Progress.SpentWan)}万元、交付学位{inputs.Progress.SeatsDelivered}个（规划{inputs.Progress.NewSeats}个），" +
              $"{inputs.Progress.ProjectCounts.Done}个项目已完成，详见附件5。"
            : "")));
        Lessons(body, e, inputs);
        return new ReportDocument($"{plan.DivisionName}教育事业发展“十四五”规划终期评估的报告", body, inputs.Form, attachments);
    }

    private static string Sentence(IndicatorResult r)
    {
        var i = r.Indicator;
        if (r.Status == IndicatorStatus.UnderReview) return $"{i.Name}{Value(r)}（基期{(i.Baseline is { } b ? Value(i, b) : "无")}），规划目标{i.Review}，不作评价";
        if (r.Shown is not { } v) return $"{i.Name}无数据";
        return $"{i.Name}{Value(i, v)}（{(r.CapNote is { } note ? note + "；" : "")}基期{(i.Baseline is { } b2 ? Value(i, b2) : "无")}，目标{ComparatorWord(i)}{(i.Target is { } t ? Value(i, t) : "—")}），{Outcome(r)}";
    }

    private static void Targets(List<ReportBlock> body, IReadOnlyList<TargetResult> targets)
    {
        body.Add(new HeadingBlock("三、其他量化目标完成情况"));
        var judged = targets.Where(t => t.Verdict is TargetVerdict.Met or TargetVerdict.NotMet or TargetVerdict.InProgress).ToList();
        body.Add(new ParagraphBlock($"规划正文量化目标{targets.Count}项（不含与主要指标重复的），可用记录评价的{judged.Count}项中达到{judged.Count(t => t.Verdict == TargetVerdict.Met)}项，" +
            $"暂无数据{targets.Count(t => t.Verdict == TargetVerdict.NoData)}项，详见附件2。" +
            string.Join("", targets.Where(t => t.Verdict is TargetVerdict.NotMet or TargetVerdict.InProgress).Select(t => $"“{t.Target.Text}”未达到：{t.Detail}。"))));
    }

    private static void Tasks(List<ReportBlock> body, GetPlanProgress.Result p)
    {
        body.Add(new HeadingBlock("五、重点任务完成情况"));
        var c = p.TaskCounts;
        var open = p.Tasks.Where(t => t.State != PlanWorkState.Done).ToList();
        body.Add(new ParagraphBlock($"规划部署重点任务{p.Tasks.Count}项，截至{Day(p.Today)}已完成{c.Done}项、推进中{c.InProgress}项、未启动{c.NotStarted}项，逾期未完成{c.Overdue}项，" +
            "各项任务完成情况见附件3。" + (open.Count > 0 ? "未完成的任务：" + string.Join("；", open.Select(t => $"任务{t.Number}“{t.Title}”{TaskDetail(t)}")) + "。" : "")));
    }

    private static void Lessons(List<ReportBlock> body, PlanEvaluation e, ReportInputs inputs)
    {
        var plan = e.Plan;
        body.Add(new HeadingBlock("七、存在的问题和下一个五年规划的基础"));
        var missed = e.Rows.Where(r => r.Status is IndicatorStatus.Lagging or IndicatorStatus.AtRisk).ToList();
        var k = 1;
        foreach (var r in missed)
        {
            body.Add(new ParagraphBlock($"规划期末为{Value(r)}，目标{ComparatorWord(r.Indicator)}{Value(r.Indicator, r.Indicator.Target ?? 0)}，" +
                $"差{Difference(r.Indicator, (r.Indicator.Target ?? 0) - (r.Shown ?? 0))}，纳入下一个五年规划继续推进。", Lead: $"（{Cn(k++)}）{r.Indicator.Name}未达成。"));
        }

        AnnualReport.Ledger(body, inputs.Progress, k++);
        // 学位预测 (issue 19 item 5): the same paragraphs as the annual report's (ForecastReportSection, from the end year's
        // census; a frozen year's stored ones), as the base of the next plan's school places (plan task 21).
        foreach (var (_, lines) in inputs.Sections.Where(x => x.Title == Forecast.ForecastReportSection.Title && x.Lines.Count > 0))
        {
            body.Add(new ParagraphBlock(lines[0], Lead: $"（{Cn(k++)}）学位供需预测。"));
            body.AddRange(lines.Skip(1).Select(l => new ParagraphBlock(l)));
        }
        body.Add(new ParagraphBlock($"以{plan.Period.EndYear}年实际值作为下一个五年规划的基期值（见附件4）；规划目标待核实的指标" +
            $"（{string.Join("、", e.Rows.Where(r => r.Status == IndicatorStatus.UnderReview).Select(r => r.Indicator.Name).DefaultIfEmpty("无"))}）须在编制新规划时重新核定口径和目标；" +
            "暂无数据的量化目标须明确数据来源和责任单位。", Lead: $"（{Cn(k)}）下一个五年规划的基础。"));
    }

    /// <summary>The 58 tasks: responsible units, outcome (state on the report's day), completion day, progress updates.</summary>
    private static TableBlock TaskTable(GetPlanProgress.Result p) => new(
        ["任务", "责任单位", "完成情况", "完成日期", "进度", "进展填报（次）"],
        [.. p.Tasks.Select(t => new[]
        {
            $"{t.Number}．{t.Title}",
            string.IsNullOrWhiteSpace(t.ResponsibleUnits) ? "—" : t.ResponsibleUnits,
            t.StateLabel + (t.Overdue ? "（逾期）" : ""),
            t.CompletedOn is { } d ? Day(d) : "—",
            $"{t.ProgressPercent}%",
            t.Updates.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })]);

    /// <summary>The base of the next plan: each indicator's end-year value with its parts, and the unit.</summary>
    private static TableBlock BaseTable(PlanEvaluation e) => new(
        ["指标", "单位", $"{e.Plan.BaselineYear}年基期值", $"{e.Plan.Period.EndYear}年目标", $"{e.Plan.Period.EndYear}年实际值（建议基期值）", "计算"],
        [.. e.Rows.Select(r => new[]
        {
            r.Indicator.Name, r.Indicator.Unit,
            r.Indicator.Baseline is { } b ? N(b) : "/",
            r.Indicator.Target is { } t ? N(t) : "/",
            Cell(r),
            Parts(r).Trim('（', '）') is { Length: > 0 } parts ? parts : "—",
        })]);
}
