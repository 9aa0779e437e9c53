using EduCounty.Common;
using EduCounty.Plan;
using EduCounty.Plan.Evaluation;
using EduCounty.Plan.Progress;
using static EduCounty.Reports.ReportText;

namespace EduCounty.Reports;

/// <summary>
/// 年度评估报告 as a 公文 (GB/T 9704) of the county's 教育局 to its 主送机关: 一、总体情况 (with the county's basic statistics);
/// 二、主要指标完成情况; 三、其他量化目标 (经费“一个不低于、两个只增不减”, 近视率, 控辍保学, 班额 …); 四、重点任务推进情况;
/// 五、重大项目建设情况; 六、存在的问题; 七、下一步工作打算; 附件: the indicator table (with the 昌吉州 targets), the targets
/// table, the project table, the charts. Written as of the school year's end (or its freeze, docs/adr/0026); every sentence
/// is generated from the figures.
/// </summary>
public static class AnnualReport
{
    /// <summary>East-Asian font of the body.</summary>
    public const string EastAsianFont = ReportDocx.EastAsianFont;

    /// <summary>East-Asian font of level-1 headings.</summary>
    public const string HeadingFont = ReportDocx.HeadingFont;

    /// <summary>The whole report from the database, as of the year's end (or <paramref name="today"/> while it runs, or its freeze).</summary>
    public static async Task<ReportDocument> BuildAsync(EduDb db, PlanEvaluation e, DateOnly today, CancellationToken ct = default) =>
        Build(e, await ReportInputs.LoadAsync(db, e, today, ct: ct));

    /// <summary>The report with given 公文 settings and 成文日期.</summary>
    public static async Task<ReportDocument> BuildAsync(EduDb db, PlanEvaluation e, DateOnly today, ReportSettings? settings, DateOnly? date,
        bool charts = true, CancellationToken ct = default) =>
        Build(e, await ReportInputs.LoadAsync(db, e, today, settings, date, ct), charts);

    /// <summary>The report's blocks (rendered to .docx by <see cref="ReportDocx"/>, to print HTML/PDF by <see cref="ReportHtml"/>).</summary>
    public static ReportDocument Build(PlanEvaluation e, ReportInputs inputs, bool charts = true)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(inputs);
        var plan = e.Plan;
        var body = new List<ReportBlock>(TitleLines(inputs.Form.Issuer, plan, $"{Year(e.Year)}度", "实施情况的评估报告"));
        var attachments = new List<ReportAttachment>
        {
            new("主要指标完成情况表", [IndicatorTableNote(e), IndicatorTable(e)]),
            new("规划其他量化目标完成情况表", [TargetTable(inputs.Targets)]),
        };
        if (inputs.Progress.Projects.Count > 0) attachments.Add(new("重大项目建设情况表", [ProjectTable(inputs.Progress)]));
        if (inputs.Dropout is { Rows.Count: > 0 } d) attachments.Add(new(DropoutTable, [new TableBlock(DropoutPrevention.DropoutReportSection.Headers, d.Rows)]));
        if (inputs.Aid is { Rows.Count: > 0 } a) attachments.Add(new(AidTable, [new TableBlock(StudentAid.AidReportSection.Headers, a.Rows)]));
        if (inputs.Groups is { Rows.Count: > 0 } g) attachments.Add(new(GroupsTable, [new TableBlock(SpecialGroups.GroupsReportSection.Headers, g.Rows)]));
        if (charts) attachments.Add(new("主要指标完成情况图", [.. ReportCharts.For(e).Select(c => (ReportBlock)new ChartBlock(c))]));

        Overview(body, e, inputs);
        Indicators(body, e, charts ? attachments.Count : 0);
        Targets(body, inputs, t => attachments.FindIndex(x => x.Title == t) + 1);
        Tasks(body, e, inputs.Progress);
        Projects(body, plan, inputs.Progress, attachments.FindIndex(a => a.Title == "重大项目建设情况表") + 1);
        var problems = Problems(body, e, inputs);
        foreach (var (title, lines) in inputs.Sections)
        {
            body.Add(new HeadingBlock(title, 2));
            body.AddRange(lines.Select(l => new ParagraphBlock(l)));
        }
        NextSteps(body, e, problems, inputs);
        return new ReportDocument($"{plan.DivisionName}教育事业发展“十四五”规划{Year(e.Year)}度实施情况的评估报告", body, inputs.Form, attachments);
    }

    private static ParagraphBlock IndicatorTableNote(PlanEvaluation e) =>
        new($"{Year(e.Year)}秋季统计和学籍、教职工记录计算。{StatusRule(e.Plan)}");

    private static void Overview(List<ReportBlock> body, PlanEvaluation e, ReportInputs inputs)
    {
        var plan = e.Plan;
        var binding = e.Rows.Where(r => r.Indicator.Kind == IndicatorKind.Binding).ToList();
        body.Add(new HeadingBlock("一、总体情况"));
        body.Add(new ParagraphBlock(
            $"按照《{plan.Name}》第四章“加强监督考核”关于开展年度评估的要求，我局对{Year(e.Year)}规划实施情况进行了评估。" +
            $"主要指标按{e.Year}年秋季教育事业统计和学籍、教职工记录计算，重点任务、重大项目和问题台账情况截至{Day(inputs.AsOf)}" +
            (e.Frozen is { } fz ? $"，本学年评估结果已于{Day(DateOnly.FromDateTime(fz.FrozenAt.DateTime))}冻结为正式年度评估" : "") + "。"));
        foreach (var line in Basics(inputs.Figures)) body.Add(new ParagraphBlock(line));
        body.Add(new ParagraphBlock(
            $"规划确定主要指标{e.Rows.Count}项（约束性{binding.Count}项、预期性{e.Rows.Count - binding.Count}项）。{StatusCounts(e.Rows)}" +
            (binding.Count > 0 ? $"约束性指标中，{string.Join("，", binding.Select(r => $"{r.Indicator.Name}为{Value(r)}（{IndicatorStatusLabels.Of(r.Status)}）"))}。" : "")));
    }

    private static void Indicators(List<ReportBlock> body, PlanEvaluation e, int chartAttachment)
    {
        body.Add(new HeadingBlock("二、主要指标完成情况"));
        body.Add(new ParagraphBlock($"主要指标完成情况见附件1{(chartAttachment > 0 ? $"，趋势图见附件{chartAttachment}" : "")}。{StatusRule(e.Plan)}"));
        var g = 1;
        foreach (var group in e.Rows.GroupBy(r => r.Indicator.Group))
        {
            body.Add(new ParagraphBlock(string.Join("；", group.Select(r => Sentence(r, e.Plan.Period.EndYear))) + "。", Lead: $"（{Cn(g++)}）{group.Key}。"));
        }
    }

    /// <summary>One indicator in the body: value with parts, status, projection; a 待核实 row with its note and no status.</summary>
    internal static string Sentence(IndicatorResult r, int endYear)
    {
        var i = r.Indicator;
        if (r.Status == IndicatorStatus.UnderReview) return $"{i.Name}{Value(r)}{Parts(r)}，规划目标{i.Review}（{i.ReviewNote}），不作评价";
        if (r.Shown is null) return $"{i.Name}无法计算（{r.Value.MissingReason ?? r.Judgement.Reason}）";
        return $"{i.Name}{Value(r)}{Parts(r)}，{IndicatorStatusLabels.Of(r.Status)}{ProjectionPhrase(r, endYear)}";
    }

    /// <summary>The title of the 附件 with the 控辍保学 figures by 乡镇.</summary>
    public const string DropoutTable = "控辍保学情况表";

    /// <summary>The title of the 附件 with the 学生资助 figures by programme and 学期.</summary>
    public const string AidTable = "学生资助情况表";

    /// <summary>The title of the 附件 with the 特殊群体 figures (残疾儿童安置, 送教上门, 资源教室, 留守儿童, 随迁子女).</summary>
    public const string GroupsTable = "特殊群体情况表";

    /// <summary>
    /// 三、其他量化目标: the targets by theme; 控辍保学 (task 28), 学生资助 (task 29) and 特殊群体 (tasks 24, 30) each with the
    /// year's figures from their records as of the report's day and their 附件 table.
    /// </summary>
    private static void Targets(List<ReportBlock> body, ReportInputs inputs, Func<string, int> attachment)
    {
        var targets = inputs.Targets;
        body.Add(new HeadingBlock("三、其他量化目标完成情况"));
        body.Add(new ParagraphBlock("规划正文中的量化目标逐项对照记录评价，详见附件2。"));
        var groups = new (string Lead, string[] Codes, IReadOnlyList<string> Lines, string Table)[]
        {
            ("教育经费。", ["finance.budget_non_decreasing", "finance.per_student_non_decreasing", "finance.gdp_share", "finance.public_funds_per_student"], [], ""),
            ("学生近视防控。", ["health.myopia_decline"], [], ""),
            ("控辍保学。", ["dropout.zero"], inputs.Dropout?.Lines ?? [], DropoutTable),
            ("学生资助。", ["aid.registered_poor_coverage"], inputs.Aid?.Lines ?? [], AidTable),
            ("特殊群体。", [], inputs.Groups?.Lines ?? [], GroupsTable),
            ("班额、网络与教师队伍。", ["class_size.primary", "class_size.junior", "ict.school_bandwidth", "ict.class_bandwidth", "teachers.key_teachers", "senior.general_vocational_ratio"], [], ""),
        };
        var k = 1;
        foreach (var (lead, codes, lines, table) in groups)
        {
            var rows = targets.Where(t => codes.Contains(t.Target.Code)).ToList();
            if (rows.Count == 0 && lines.Count == 0) continue;
            var text = new List<string>();
            if (rows.Count > 0) text.Add(string.Join("；", rows.Select(t => $"“{t.Target.Text}”：{t.Detail}，{t.Label}")) + "。");
            text.AddRange(lines);
            var at = table.Length > 0 ? attachment(table) : 0;
            if (at > 0) text[^1] = text[^1].TrimEnd('。') + $"，详见附件{at}。";
            body.Add(new ParagraphBlock(text[0], Lead: $"（{Cn(k++)}）{lead}"));
            body.AddRange(text.Skip(1).Select(l => new ParagraphBlock(l)));
        }

        var noData = targets.Where(t => t.Verdict == TargetVerdict.NoData).ToList();
        if (noData.Count > 0)
        {
            body.Add(new ParagraphBlock($"另有{noData.Count}项目标系统中暂无数据（{string.Join("、", noData.Take(3).Select(t => $"“{t.Target.Text}”"))}" +
                $"{(noData.Count > 3 ? "等" : "")}），未作评价，逐项列于附件2。", Lead: $"（{Cn(k)}）暂无数据的目标。"));
        }
    }

    private static void Tasks(List<ReportBlock> body, PlanEvaluation e, GetPlanProgress.Result progress)
    {
        var plan = e.Plan;
        body.Add(new HeadingBlock("四、重点任务推进情况"));
        body.Add(new ParagraphBlock($"规划部署重点任务{plan.Tasks.Count}项，分为{plan.Sections.Count}个方面：" +
            string.Join("，", plan.Sections.Select(s => $"{s.Title}（{plan.Tasks.Count(t => t.Section == s.Number)}项）")) + "。"));
        if (progress.Tasks.Count > 0)
        {
            var c = progress.TaskCounts;
            body.Add(new ParagraphBlock($"截至{Day(progress.Today)}，{progress.Tasks.Count}项任务中已完成{c.Done}项、推进中{c.InProgress}项、未启动{c.NotStarted}项，" +
                $"平均进度{c.AverageProgress}%，逾期未完成{c.Overdue}项；累计填报进展{progress.Tasks.Sum(t => t.Updates)}次、佐证材料{progress.Tasks.Sum(t => t.Evidence)}份。"));
            var overdue = progress.Tasks.Where(t => t.Overdue).ToList();
            if (overdue.Count > 0)
            {
                body.Add(new ParagraphBlock("逾期未完成的任务：" + string.Join("；", overdue.Take(12).Select(t => $"任务{t.Number}“{t.Title}”{TaskDetail(t)}")) +
                    (overdue.Count > 12 ? $"等{overdue.Count}项" : "") + "。"));
            }
        }

        var milestones = plan.Tasks.SelectMany(t => t.Milestones.Where(m => m.Year == e.Year).SelectMany(m => m.Items.Select(item => (t, item)))).ToList();
        body.Add(new ParagraphBlock(milestones.Count > 0
            ? $"本学年计划节点{milestones.Count}个：" + string.Join("；", milestones.Select(m => $"任务{m.t.Number}“{m.t.Title}”：{m.item}")) + "。"
            : "各项任务的本年度节点以系统中填报的进展和各责任单位报送材料为准。"));
        foreach (var byTask in plan.Targets.Where(t => t.IndicatorCode is not null && t.TaskNumber is not null && e.Find(t.IndicatorCode) is not null)
            .GroupBy(t => t.TaskNumber!.Value).OrderBy(g => g.Key))
        {
            var task = plan.Tasks[byTask.Key - 1];
            body.Add(new ParagraphBlock($"任务{task.Number}“{task.Title}”对应指标：" +
                string.Join("；", byTask.Select(t => Sentence(e.Find(t.IndicatorCode!)!, plan.Period.EndYear)).Distinct()) + "。"));
        }
    }

    private static void Projects(List<ReportBlock> body, PlanDocument plan, GetPlanProgress.Result progress, int attachment)
    {
        body.Add(new HeadingBlock("五、重大项目建设情况"));
        body.Add(new ParagraphBlock(Boxes(plan)));
        if (progress.Projects.Count == 0)
        {
            body.Add(new ParagraphBlock("项目投资完成、学位交付等进度以项目台账为准；新建学校开办后，其在校生已计入各项指标。"));
            return;
        }

        var c = progress.ProjectCounts;
        body.Add(new ParagraphBlock($"据项目台账，截至{Day(progress.Today)}，已完成投资{N(progress.SpentWan)}万元，占列明投资{N(progress.InvestmentWan)}万元的" +
            $"{(progress.InvestmentWan > 0 ? N(Math.Round(progress.SpentWan / progress.InvestmentWan * 100, 2)) : "—")}%；已交付学位{progress.SeatsDelivered}个（规划{progress.NewSeats}个）；" +
            $"{progress.Projects.Count}个项目中已完成{c.Done}个、推进中{c.InProgress}个、未启动{c.NotStarted}个，逾期{c.Overdue}个。各项目情况见附件{attachment}。"));
    }

    private static List<IndicatorResult> Problems(List<ReportBlock> body, PlanEvaluation e, ReportInputs inputs)
    {
        body.Add(new HeadingBlock("六、存在的问题"));
        var problems = e.Rows.Where(r => r.Status is IndicatorStatus.Lagging or IndicatorStatus.AtRisk)
            .OrderByDescending(r => r.Alert).ThenByDescending(r => r.Status).ToList();
        var k = 1;
        foreach (var r in problems)
        {
            body.Add(new ParagraphBlock($"{r.Judgement.Reason}。",
                Lead: $"（{Cn(k++)}）{r.Indicator.Name}{(r.Indicator.Kind == IndicatorKind.Binding ? "（约束性）" : "")}{IndicatorStatusLabels.Of(r.Status)}。"));
        }

        foreach (var t in inputs.Targets.Where(t => t.Verdict == TargetVerdict.NotMet))
        {
            body.Add(new ParagraphBlock($"{t.Detail}。", Lead: $"（{Cn(k++)}）“{t.Target.Text}”未达到。"));
        }

        foreach (var r in e.Rows.Where(r => r.Status == IndicatorStatus.NoData))
        {
            body.Add(new ParagraphBlock($"{r.Value.MissingReason ?? r.Judgement.Reason}，需补齐数据。", Lead: $"（{Cn(k++)}）{r.Indicator.Name}本年度无法计算。"));
        }

        if (k == 1) body.Add(new ParagraphBlock("本学年主要指标均已达标或达到年度进度要求，量化目标未发现未达到的情况。"));
        Ledger(body, inputs.Progress, k);
        body.Add(new ParagraphBlock(string.Join("", inputs.Balance), Lead: $"（{Cn(k + (inputs.Progress.Issues.Count > 0 ? 1 : 0))}）义务教育优质均衡发展。"));
        return problems;
    }

    /// <summary>The 问题台账 as of the report's day: counts, then the open items (overdue first).</summary>
    internal static void Ledger(List<ReportBlock> body, GetPlanProgress.Result progress, int number)
    {
        if (progress.Issues.Count == 0) return;
        var c = progress.IssueCount;
        var open = progress.OverdueIssues.Concat(progress.Issues.Where(i => !i.Overdue && i.State != IssueState.Closed)).ToList();
        body.Add(new ParagraphBlock($"截至{Day(progress.Today)}，问题台账共登记问题{progress.Issues.Count}项，待整改{c.Pending}项、整改中{c.Rectifying}项、已销号{c.Closed}项，" +
            $"逾期未销号{c.Overdue}项。" + (open.Count > 0 ? "未销号的问题：" + string.Join("；", open.Select((i, n) => $"{n + 1}．{Issue(i)}")) + "。" : ""),
            Lead: $"（{Cn(number)}）问题台账。"));
    }

    private static void NextSteps(List<ReportBlock> body, PlanEvaluation e, List<IndicatorResult> problems, ReportInputs inputs)
    {
        var plan = e.Plan;
        var next = e.Year + 1;
        var end = plan.Period.EndYear;
        body.Add(new HeadingBlock("七、下一步工作打算"));
        var j = 1;
        foreach (var r in problems)
        {
            var tasks = plan.Targets.Where(t => t.IndicatorCode == r.Indicator.Code && t.TaskNumber is not null)
                .Select(t => plan.Tasks[t.TaskNumber!.Value - 1]).DistinctBy(t => t.Number).ToList();
            var around = tasks.Count > 0 ? $"围绕{string.Join("、", tasks.Select(t => $"任务{t.Number}“{t.Title}”"))}，" : "";
            var text = e.Year >= end
                ? $"{around}规划期末目标为{ComparatorWord(r.Indicator)}{Value(r.Indicator, r.Indicator.Target ?? 0)}，本年度未完成，纳入下一个五年规划继续推进。"
                : $"{around}{Year(next)}应达到{NextRequirement(e, r, next)}，到{end}年{ComparatorWord(r.Indicator)}{Value(r.Indicator, r.Indicator.Target ?? 0)}。";
            body.Add(new ParagraphBlock(text, Lead: $"（{Cn(j++)}）{r.Indicator.Name}。"));
        }

        if (!inputs.BalancePass)
        {
            body.Add(new ParagraphBlock("对照资源配置、政府保障程度、教育质量和社会认可度要求逐项整改未达标学校和项目，推进义务教育优质均衡创建。",
                Lead: $"（{Cn(j++)}）义务教育优质均衡创建。"));
        }

        body.Add(new ParagraphBlock(e.Year >= end
            ? "全面总结规划实施情况，开展终期评估，研究编制下一个五年教育事业发展规划。"
            : "按季度跟踪主要指标，年度结束后冻结年度评估结果，作为中期评估和终期评估的依据。", Lead: $"（{Cn(j)}）评估与监测。"));
    }

    /// <summary>The path value of the next year, rounded as the table prints it (docs/adr/0011).</summary>
    private static string NextRequirement(PlanEvaluation e, IndicatorResult r, int next) =>
        PlanPath.Of(e, r.Indicator) is { } path ? Value(r.Indicator, path.At(next, r.Indicator.Formula?.Decimals ?? 2)) : "—";
}
