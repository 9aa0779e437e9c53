using System.Globalization;
using EduCounty.Common;
using EduCounty.Plan;
using EduCounty.Plan.Evaluation;
using EduCounty.Plan.Progress;

namespace EduCounty.Reports;

/// <summary>
/// 年度评估报告 (.docx) in the form a bureau submits: 标题; 一、总体情况; 二、主要指标完成情况 (table); 三、重点任务推进情况;
/// 四、重大项目建设情况; 五、存在的问题; 六、下一步工作打算. Every sentence is generated from the evaluation's figures.
/// A4, 宋体 (SimSun) for East-Asian text.
/// </summary>
public static class AnnualReport
{
    /// <summary>East-Asian font of the body.</summary>
    public const string EastAsianFont = ReportDocx.EastAsianFont;

    /// <summary>East-Asian font of headings.</summary>
    public const string HeadingFont = ReportDocx.HeadingFont;

    /// <summary>Headers of the indicator table (二、主要指标完成情况).</summary>
    public static readonly string[] TableHeaders = ["指标", "属性", "2020 基期", "2025 目标", "本年度值", "状态"];

    /// <summary>Writes the report of <paramref name="e"/> to <paramref name="output"/>.</summary>
    /// <param name="balanceSection">The 义务教育优质均衡 paragraphs (Balance.BalanceReportSection), written under 五、存在的问题.</param>
    /// <param name="charts">Render the charts (status summary, one per indicator group) as images.</param>
    /// <param name="progress">Task and project progress and the 问题台账 (GetPlanProgress), written under 三、四、五.</param>
    public static void Write(PlanEvaluation e, Stream output, IReadOnlyList<string>? balanceSection = null, bool charts = true,
        GetPlanProgress.Result? progress = null) =>
        ReportDocx.Write(Build(e, balanceSection, charts, progress), output);

    /// <summary>
    /// The whole report from the database: the evaluation plus the 优质均衡 section and the plan's task, project and 问题台账
    /// progress as of <paramref name="today"/> (逾期 is judged against it).
    /// </summary>
    public static async Task<ReportDocument> BuildAsync(EduDb db, PlanEvaluation e, DateOnly today, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(e);
        var balance = await Balance.BalanceReportSection.BuildAsync(db, e.Plan.DivisionCode, new SchoolYear(e.Year), ct);
        var progress = await GetPlanProgress.HandleAsync(db, new GetPlanProgress.Query(e.Plan.Code, today), ct);
        IReadOnlyList<(string, IReadOnlyList<string>)> sections =
        [
            (Supervision.SupervisionReportSection.Title, await Supervision.SupervisionReportSection.BuildAsync(db, new SchoolYear(e.Year), today, ct: ct)),
            (Safety.SafetyReportSection.Title, await Safety.SafetyReportSection.BuildAsync(db, new SchoolYear(e.Year), today, ct: ct)),
        ];
        return Build(e, balance, charts: true, progress, sections);
    }

    /// <summary>The report's blocks (rendered to .docx by <see cref="ReportDocx"/>, to print HTML/PDF by <see cref="ReportHtml"/>).</summary>
    /// <param name="sections">Further titled paragraphs under 五 (教育督导, 校园安全: SupervisionReportSection, SafetyReportSection).</param>
    public static ReportDocument Build(PlanEvaluation e, IReadOnlyList<string>? balanceSection = null, bool charts = true,
        GetPlanProgress.Result? progress = null, IReadOnlyList<(string Title, IReadOnlyList<string> Lines)>? sections = null)
    {
        ArgumentNullException.ThrowIfNull(e);
        var body = new List<ReportBlock>();
        var images = charts ? ReportCharts.For(e) : [];
        var year = new SchoolYear(e.Year);
        var plan = e.Plan;

        body.Add(Para($"{plan.DivisionName}教育事业发展“十四五”规划", title: true));
        body.Add(Para($"{year} 学年度实施情况评估报告", title: true));
        body.Add(Para($"（数据截至 {LocalTime.Text(e.AsOf)}{(e.Frozen is { } fz ? $"；本年度结果已于 {LocalTime.Text(fz.FrozenAt, LocalTime.DateOnlyFormat)} 由 {fz.FrozenBy} 冻结为正式年度评估" : "")}）", center: true));

        Overview(body, e, images);
        IndicatorSection(body, e, images);
        TaskSection(body, e, progress);
        ProjectSection(body, e.Plan, progress);
        var problems = ProblemSection(body, e, balanceSection, progress);
        foreach (var (title, lines) in sections ?? [])
        {
            body.Add(Para(title, bold: true));
            body.AddRange(lines.Select(l => Para(l)));
        }
        NextSteps(body, e, problems);

        return new ReportDocument($"{plan.DivisionName}教育事业发展“十四五”规划{year} 学年度实施情况评估报告", body);
    }

    private static void Overview(List<ReportBlock> body, PlanEvaluation e, IReadOnlyList<ReportChart> images)
    {
        var year = new SchoolYear(e.Year);
        var plan = e.Plan;
        var rows = e.Rows;
        // 一、总体情况
        body.Add(new HeadingBlock("一、总体情况"));
        var counts = Enum.GetValues<IndicatorStatus>().ToDictionary(s => s, s => rows.Count(r => r.Status == s));
        var binding = rows.Where(r => r.Indicator.Kind == IndicatorKind.Binding).ToList();
        body.Add(Para(
            $"《{plan.Name}》确定主要指标 {rows.Count} 项（约束性 {binding.Count} 项、预期性 {rows.Count - binding.Count} 项）。" +
            $"按 {year} 学年秋季统计数据和学籍、教职工记录计算，已达标 {counts[IndicatorStatus.Met]} 项，进度正常 {counts[IndicatorStatus.OnTrack]} 项，" +
            $"有风险 {counts[IndicatorStatus.AtRisk]} 项，滞后 {counts[IndicatorStatus.Lagging]} 项" +
            (counts[IndicatorStatus.NoData] > 0 ? $"，无数据 {counts[IndicatorStatus.NoData]} 项" : "") + "。" +
            (binding.Count > 0
                ? $"约束性指标中，{string.Join("，", binding.Select(r => $"{r.Indicator.Name}为 {Shown(r)}（{IndicatorStatusLabels.Of(r.Status)}）"))}。"
                : "")));
        var scale = new List<string>();
        void Scale(string code, string text)
        {
            if (e.Find(code) is { Value.Numerator: { } n }) scale.Add(string.Format(CultureInfo.InvariantCulture, text, n.ToString("0", CultureInfo.InvariantCulture)));
        }

        Scale("preschool.enrolment", "学前教育在园幼儿 {0} 人");
        Scale("compulsory.enrolment", "义务教育在校生 {0} 人");
        Scale("senior.enrolment", "高中阶段在校生 {0} 人");
        Scale("special.enrolment", "特殊教育在校生 {0} 人");
        if (scale.Count > 0) body.Add(Para($"本学年全市{string.Join("，", scale)}。"));
        if (images.Count > 0) body.Add(new ChartBlock(images[0]));
    }

    private static void IndicatorSection(List<ReportBlock> body, PlanEvaluation e, IReadOnlyList<ReportChart> images)
    {
        var rows = e.Rows;
        // 二、主要指标完成情况
        body.Add(new HeadingBlock("二、主要指标完成情况"));
        body.Add(Para($"主要指标完成情况见下表（状态按由 2020 年基期值到 2025 年目标值的线性进度判定，约束性指标滞后或有风险的列为重点）。"));
        body.Add(new TableBlock(TableHeaders, TableRows(rows)));
        var g = 1;
        foreach (var group in rows.GroupBy(r => r.Indicator.Group))
        {
            body.Add(Para($"{group.Key}：" + string.Join("；", group.Select(r =>
                $"{r.Indicator.Name}{Shown(r)}{UnitWord(r.Indicator.Unit)}，{IndicatorStatusLabels.Of(r.Status)}" +
                (r.Value.Numerator is { } n && r.Value.Denominator is { } d ? $"（{N0(n)} ÷ {N0(d)}）" : "") +
                (r.Projection.Value is { } p ? $"，按趋势 2025 年为 {StatusRules.N(p)}" : ""))) + "。"));
            if (g < images.Count) body.Add(new ChartBlock(images[g++]));
        }
    }

    private static void TaskSection(List<ReportBlock> body, PlanEvaluation e, GetPlanProgress.Result? progress)
    {
        var plan = e.Plan;
        // 三、重点任务推进情况
        body.Add(new HeadingBlock("三、重点任务推进情况"));
        body.Add(Para($"规划部署重点任务 {plan.Tasks.Count} 项，分为 {plan.Sections.Count} 个方面：" +
            string.Join("，", plan.Sections.Select(s => $"{s.Title}（{plan.Tasks.Count(t => t.Section == s.Number)} 项）")) + "。"));
        if (progress is { Tasks.Count: > 0 } pt)
        {
            var c = pt.TaskCounts;
            body.Add(Para($"截至 {pt.Today:yyyy-MM-dd}，{pt.Tasks.Count} 项任务中已完成 {c.Done} 项、推进中 {c.InProgress} 项、未启动 {c.NotStarted} 项，" +
                $"平均进度 {c.AverageProgress}%；逾期未完成 {c.Overdue} 项。"));
            var overdue = pt.Tasks.Where(t => t.Overdue).ToList();
            if (overdue.Count > 0)
            {
                body.Add(Para("逾期未完成的任务：" + string.Join("；", overdue.Take(12).Select(t =>
                    $"任务 {t.Number}“{t.Title}”（{t.ResponsibleUnits}，{t.StateLabel}，进度 {t.ProgressPercent}%，期限 {t.Deadline:yyyy-MM-dd}）")) +
                    (overdue.Count > 12 ? $"等 {overdue.Count} 项" : "") + "。"));
            }
        }
        var milestones = plan.Tasks.SelectMany(t => t.Milestones.Where(m => m.Year == e.Year).SelectMany(m => m.Items.Select(item => (t, item)))).ToList();
        body.Add(Para(milestones.Count > 0
            ? $"本学年计划节点 {milestones.Count} 个：" + string.Join("；", milestones.Select(m => $"任务 {m.t.Number}“{m.t.Title}”：{m.item}")) + "。"
            : "各项任务的本年度节点尚未在系统中填报，任务推进情况以各责任单位报送材料为准。"));
        var linked = plan.Targets.Where(t => t.IndicatorCode is not null && t.TaskNumber is not null).ToList();
        foreach (var t in linked)
        {
            var r = e.Find(t.IndicatorCode!);
            var task = plan.Tasks[t.TaskNumber!.Value - 1];
            if (r is null) continue;
            body.Add(Para($"任务 {task.Number}“{task.Title}”所对应的指标{r.Indicator.Name}本年度为 {Shown(r)}{UnitWord(r.Indicator.Unit)}，{IndicatorStatusLabels.Of(r.Status)}。"));
        }
    }

    private static void ProjectSection(List<ReportBlock> body, PlanDocument plan, GetPlanProgress.Result? progress)
    {
        // 四、重大项目建设情况
        body.Add(new HeadingBlock("四、重大项目建设情况"));
        var projects = plan.Boxes.SelectMany(b => b.Projects).ToList();
        var invest = projects.Sum(p => p.InvestmentWan ?? 0);
        var seats = projects.Sum(p => p.NewSeats ?? 0);
        body.Add(Para($"规划设置专栏 {plan.Boxes.Count} 个，列出项目 {projects.Count} 个，规划投资合计 {StatusRules.N(invest)} 万元，新增学位 {seats} 个。" +
            string.Join("", plan.Boxes.Where(b => b.Projects.Count > 0).Select(b =>
                $"专栏{b.Number}“{b.Title}”{b.Projects.Count} 个项目（投资 {StatusRules.N(b.Projects.Sum(p => p.InvestmentWan ?? 0))} 万元）；")).TrimEnd('；') + "。"));
        if (progress is { Projects.Count: > 0 } pp)
        {
            var c = pp.ProjectCounts;
            body.Add(Para($"据项目台账，截至 {pp.Today:yyyy-MM-dd} 项目已完成投资 {StatusRules.N(pp.SpentWan)} 万元，占规划投资 {StatusRules.N(pp.InvestmentWan)} 万元的 " +
                $"{(pp.InvestmentWan > 0 ? StatusRules.N(Math.Round(pp.SpentWan / pp.InvestmentWan * 100, 2)) : "—")}%；已交付学位 {pp.SeatsDelivered} 个（规划 {pp.NewSeats} 个）；" +
                $"{pp.Projects.Count} 个项目中已完成 {c.Done} 个、推进中 {c.InProgress} 个、未启动 {c.NotStarted} 个，逾期 {c.Overdue} 个。"));
            body.Add(new TableBlock(["项目", "类型", "规划投资（万元）", "已完成投资（万元）", "规划学位（个）", "已交付学位（个）", "状态", "进度"],
                [.. pp.Projects.Select(p => new[]
                {
                    p.Name, p.Kind, p.InvestmentWan is { } i ? StatusRules.N(i) : "—", StatusRules.N(p.SpentWan),
                    p.NewSeats?.ToString(CultureInfo.InvariantCulture) ?? "—", p.SeatsDelivered.ToString(CultureInfo.InvariantCulture),
                    p.StateLabel + (p.Overdue ? "（逾期）" : ""), $"{p.ProgressPercent}%",
                })]));
        }
        else
        {
            body.Add(Para("项目投资完成、学位交付等进度以项目台账为准；新建学校开办后，其在校生已计入上表各项指标。"));
        }
    }

    private static List<IndicatorResult> ProblemSection(List<ReportBlock> body, PlanEvaluation e, IReadOnlyList<string>? balanceSection, GetPlanProgress.Result? progress)
    {
        var rows = e.Rows;
        // 五、存在的问题
        body.Add(new HeadingBlock("五、存在的问题"));
        var problems = rows.Where(r => r.Status is IndicatorStatus.Lagging or IndicatorStatus.AtRisk)
            .OrderByDescending(r => r.Alert).ThenByDescending(r => r.Status).ToList();
        if (problems.Count == 0)
        {
            body.Add(Para("本学年主要指标均已达标或达到年度进度要求，未发现滞后指标。"));
        }
        else
        {
            var k = 1;
            foreach (var r in problems)
            {
                body.Add(Para($"（{Cn(k++)}）{r.Indicator.Name}{(r.Indicator.Kind == IndicatorKind.Binding ? "（约束性）" : "")}{IndicatorStatusLabels.Of(r.Status)}。" +
                    $"本年度为 {Shown(r)}{UnitWord(r.Indicator.Unit)}，{r.Judgement.Reason}。"));
            }
        }

        foreach (var r in rows.Where(r => r.Status == IndicatorStatus.NoData))
        {
            body.Add(Para($"{r.Indicator.Name}本年度无法计算：{r.Value.MissingReason ?? r.Judgement.Reason}，需补齐数据。"));
        }

        if (progress is { Issues.Count: > 0 } pi)
        {
            var c = pi.IssueCount;
            body.Add(Para("问题台账：", bold: true));
            body.Add(Para($"截至 {pi.Today:yyyy-MM-dd}，问题台账共登记问题 {pi.Issues.Count} 项，待整改 {c.Pending} 项、整改中 {c.Rectifying} 项、已销号 {c.Closed} 项，" +
                $"逾期未销号 {c.Overdue} 项。"));
            var k2 = 1;
            foreach (var i in pi.OverdueIssues.Concat(pi.Issues.Where(i => !i.Overdue && i.State != IssueState.Closed)))
            {
                body.Add(Para($"{k2++}. {i.Problem}（来源：{i.Source}；责任单位：{i.ResponsibleUnit}；整改期限 {i.Deadline:yyyy-MM-dd}；{i.StateLabel}" +
                    (i.Overdue ? "，已逾期" : "") + "）" + (i.Situation is { Length: > 0 } sit ? $"整改情况：{sit}" : "")));
            }
        }

        if (balanceSection is { Count: > 0 })
        {
            body.Add(Para("义务教育优质均衡发展督导评估情况：", bold: true));
            foreach (var line in balanceSection)
            {
                body.Add(Para(line));
            }
        }
        return problems;
    }

    private static void NextSteps(List<ReportBlock> body, PlanEvaluation e, List<IndicatorResult> problems)
    {
        var plan = e.Plan;
        // 六、下一步工作打算
        body.Add(new HeadingBlock("六、下一步工作打算"));
        var next = e.Year + 1;
        if (problems.Count == 0)
        {
            body.Add(Para($"{new SchoolYear(next)} 学年继续按规划确定的目标和任务推进，巩固已达标指标，确保 2025 年全面完成规划目标。"));
        }

        var j = 1;
        foreach (var r in problems)
        {
            var tasks = plan.Targets.Where(t => t.IndicatorCode == r.Indicator.Code && t.TaskNumber is not null)
                .Select(t => plan.Tasks[t.TaskNumber!.Value - 1]).DistinctBy(t => t.Number).ToList();
            var required = NextRequirement(e, r, next);
            body.Add(Para($"（{Cn(j++)}）针对{r.Indicator.Name}，" +
                (tasks.Count > 0 ? $"围绕{string.Join("、", tasks.Select(t => $"任务 {t.Number}“{t.Title}”"))}，" : "") +
                $"{new SchoolYear(next)} 学年应达到 {required}{UnitWord(r.Indicator.Unit)}，" +
                $"到 2025 年{ComparatorWord(r.Indicator)} {StatusRules.N(r.Indicator.Target ?? 0)}{UnitWord(r.Indicator.Unit)}。"));
        }

        body.Add(Para("按季度跟踪主要指标，年度结束后冻结年度评估结果，作为中期评估和终期评估的依据。"));
    }

    private static string NextRequirement(PlanEvaluation e, IndicatorResult r, int next)
    {
        var i = r.Indicator;
        if (i.Target is not { } t) return "—";
        var trend = e.Trend(i.Code);
        var b = i.Baseline ?? (trend.Count > 0 ? trend[0].Value : null) ?? t;
        var f = Math.Clamp((decimal)(next - e.Plan.BaselineYear) / (e.Plan.Period.EndYear - e.Plan.BaselineYear), 0m, 1m);
        var hold = i.Comparator == TargetComparator.AtLeast ? t <= b : i.Comparator == TargetComparator.AtMost && t >= b;
        var v = hold ? t : b + ((t - b) * f);
        return StatusRules.N(Math.Round(v, i.Formula?.Decimals ?? 2, MidpointRounding.AwayFromZero));
    }

    private static string ComparatorWord(PlanIndicator i) => i.Comparator switch
    {
        TargetComparator.AtLeast => "不低于",
        TargetComparator.AtMost => "不高于",
        TargetComparator.Reach => "达到",
        _ => "为",
    };

    private static string UnitWord(string unit) => unit == "%" ? "%" : unit;

    private static string Shown(IndicatorResult r) => r.Shown is { } v ? StatusRules.N(v) : "—";

    private static string N0(decimal v) => v.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Cn(int n) => ChineseNumerals.Of(n);

    /// <summary>The cells of the indicator table, in plan order (also used by the .xlsx export and tests).</summary>
    public static IReadOnlyList<string[]> TableRows(IReadOnlyList<IndicatorResult> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return [.. rows.Select(r => new[]
        {
            $"{r.Indicator.Name}（{r.Indicator.Unit}）",
            r.Indicator.Kind == IndicatorKind.Binding ? "约束性" : "预期性",
            r.Indicator.Baseline is { } b ? StatusRules.N(b) : "/",
            r.Indicator.Target is { } t ? StatusRules.N(t) : "/",
            Shown(r),
            IndicatorStatusLabels.Of(r.Status),
        })];
    }

    private static ReportBlock Para(string text, bool title = false, bool bold = false, bool center = false) =>
        title ? new TitleBlock(text) : center ? new CenteredBlock(text) : new ParagraphBlock(text, bold);
}
