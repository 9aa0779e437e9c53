using EduCounty.Common;
using EduCounty.Plan;
using EduCounty.Plan.Evaluation;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;
using static EduCounty.Reports.ReportText;

namespace EduCounty.Reports;

/// <summary>One indicator in the mid-term comparison: actual against the path value of the year and the 2025 target.</summary>
/// <param name="Row">The evaluated row.</param>
/// <param name="Baseline">Path start (the table's 2020 value, or the computed 2020 value where it prints "/").</param>
/// <param name="PathValue">Path value of the year, rounded at the indicator's decimals (docs/adr/0011: B + (T − B)·f, or T for a target to hold).</param>
/// <param name="Hold">The target is not beyond the baseline: a line to hold every year, no "percent of the way".</param>
/// <param name="PercentDone">(v − B) / (T − B) × 100, one decimal; null for a target to hold or without value.</param>
public sealed record MidtermRow(IndicatorResult Row, decimal? Baseline, decimal? PathValue, bool Hold, decimal? PercentDone);

/// <summary>A project school (专栏) and whether it is open at the census date of the evaluated year.</summary>
public sealed record ProjectSchool(string Project, string School, DateOnly? OpenedOn, bool Found);

/// <summary>
/// 中期评估报告 (.docx / PDF) as a 公文, plan task 47 and 第四章 二 (年度、中期评估): the plan's year Y (default 2023, i.e. the
/// 2023-2024 census, three of the five years) compared with the linear path from the 2020 baseline to the 2025 target.
/// 一、总体情况; 二、主要指标完成情况; 三、义务教育优质均衡创建 (the plan's headline goal); 四、重点任务与项目推进情况;
/// 五、存在的问题 (with the 学位预测 paragraphs); 六、下一步工作打算; 附件: the comparison table, the targets, the charts.
/// </summary>
public static class MidtermReport
{
    /// <summary>The plan year of a 十四五 mid-term evaluation (2023 = 2023-2024 学年).</summary>
    public const int DefaultYear = 2023;

    /// <summary>Headers of the comparison table.</summary>
    public static string[] TableHeaders(int year) =>
        ["指标", "属性", "2020年基期值", $"{year}年路径值", $"{year}年实际值", "2025年目标", "完成进度", "状态", "2025年预测"];

    /// <summary>Loads what the report needs (inputs as of the year's end, project schools' opening dates), then builds it.</summary>
    public static async Task<ReportDocument> BuildAsync(EduDb db, PlanEvaluation e, bool charts = true, DateOnly? today = null,
        ReportSettings? settings = null, DateOnly? date = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(e);
        var inputs = await ReportInputs.LoadAsync(db, e, today ?? SchoolYear.Today(db.Clock), settings, date, ct);
        return Build(e, await ProjectSchoolsAsync(db, e.Plan, ct), inputs, charts);
    }

    /// <summary>The 专栏 new schools with their opening dates from the registry.</summary>
    public static async Task<IReadOnlyList<ProjectSchool>> ProjectSchoolsAsync(EduDb db, PlanDocument plan, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(plan);
        var county = plan.DivisionCode;
        var schools = await db.Schools.AsNoTracking().Where(s => s.CountyCode == county).Select(s => new { s.Name, s.OpenedOn }).ToListAsync(ct);
        var list = new List<ProjectSchool>();
        foreach (var p in plan.Boxes.SelectMany(b => b.Projects).Where(p => p.Kind == ProjectKind.New && p.Schools is { Count: > 0 }))
        {
            foreach (var name in p.Schools!)
            {
                // Registry names carry the county prefix (阜康市城南幼儿园); the plan prints the short name.
                var s = schools.FirstOrDefault(x => x.Name == name || x.Name.EndsWith(name, StringComparison.Ordinal));
                list.Add(new ProjectSchool(p.Name, name, s?.OpenedOn, s is not null));
            }
        }

        return list;
    }

    /// <summary>Writes the report as .docx.</summary>
    public static async Task WriteAsync(EduDb db, PlanEvaluation e, Stream output, CancellationToken ct = default) =>
        ReportDocx.Write(await BuildAsync(db, e, ct: ct), output);

    /// <summary>The comparison rows, in table order.</summary>
    public static IReadOnlyList<MidtermRow> Compare(PlanEvaluation e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return [.. e.Rows.Select(r =>
        {
            var i = r.Indicator;
            // docs/adr/0011-indicator-status.md: the one path rule (B + (T − B)·f; T every year for a target to hold).
            if (PlanPath.Of(e, i) is not { } path) return new MidtermRow(r, PlanPath.BaselineOf(e, i), null, false, null);
            return new MidtermRow(r, path.Baseline, path.At(e.Year, i.Formula?.Decimals ?? 2), path.Hold, path.PercentDone(r.Shown));
        })];
    }

    /// <summary>完成进度 as printed: “x%”, “较基期回落” when the value moved away from the target, or 保持/未保持 for a line to hold.</summary>
    public static string Progress(MidtermRow m)
    {
        ArgumentNullException.ThrowIfNull(m);
        if (m.Row.Status == IndicatorStatus.UnderReview) return "不评价";
        if (m.Hold) return m.Row.Status == IndicatorStatus.Met ? "保持达标" : "未保持";
        return m.PercentDone switch
        {
            null => "—",
            < 0 => "较基期回落",
            var p => $"{N(p.Value)}%",
        };
    }

    /// <summary>Cells of the comparison table (also read back by tests).</summary>
    public static IReadOnlyList<string[]> TableRows(IReadOnlyList<MidtermRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return [.. rows.Select(m =>
        {
            var i = m.Row.Indicator;
            return new[]
            {
                $"{i.Name}（{i.Unit}）",
                i.Kind == IndicatorKind.Binding ? "约束性" : "预期性",
                i.Baseline is { } b ? N(b) : "/",
                m.PathValue is { } p && m.Row.Status != IndicatorStatus.UnderReview ? N(p) : "—",
                Cell(m.Row),
                i.Target is { } t ? N(t) : "/",
                Progress(m),
                IndicatorStatusLabels.Of(m.Row.Status),
                m.Row.Projection.Value is { } pr ? N(pr) : "—",
            };
        })];
    }

    /// <summary>The report's blocks.</summary>
    public static ReportDocument Build(PlanEvaluation e, IReadOnlyList<ProjectSchool> projectSchools, ReportInputs inputs, bool charts = true)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(projectSchools);
        ArgumentNullException.ThrowIfNull(inputs);
        var plan = e.Plan;
        var rows = Compare(e);
        var elapsed = Elapsed(e);
        var body = new List<ReportBlock>(TitleLines(inputs.Form.Issuer, plan, "", "中期评估的报告"));
        var attachments = new List<ReportAttachment>
        {
            new("主要指标中期评估表", [new ParagraphBlock(StatusRule(plan)), new TableBlock(TableHeaders(e.Year), TableRows(rows))]),
            new("规划其他量化目标完成情况表", [TargetTable(inputs.Targets)]),
        };
        if (charts) attachments.Add(new("主要指标完成情况图", [.. ReportCharts.For(e).Select(c => (ReportBlock)new ChartBlock(c))]));

        Overview(body, e, rows, elapsed, inputs);
        body.Add(new HeadingBlock("二、主要指标完成情况"));
        body.Add(new ParagraphBlock($"各项指标{Year(e.Year)}实际值与规划路径值、{plan.Period.EndYear}年目标值的比较见附件1。路径值按由{plan.BaselineYear}年基期值到" +
            $"{plan.Period.EndYear}年目标值的线性进度计算（{e.Year}年为基期值加目标增量的{e.Year - plan.BaselineYear}/{plan.Period.EndYear - plan.BaselineYear}），" +
            "完成进度 =（实际值 − 基期值）÷（目标值 − 基期值）。"));
        var g = 1;
        foreach (var group in rows.GroupBy(r => r.Row.Indicator.Group))
        {
            body.Add(new ParagraphBlock(string.Join("；", group.Select(Sentence)) + "。", Lead: $"（{Cn(g++)}）{group.Key}。"));
        }

        body.Add(new HeadingBlock("三、义务教育优质均衡创建情况"));
        body.Add(new ParagraphBlock($"规划提出“到{plan.Period.EndYear}年，创建为全国义务教育发展优质均衡市”。" + string.Join("", inputs.Balance)));
        TasksAndProjects(body, e, projectSchools, inputs);
        ProblemsAndNextSteps(body, e, rows, elapsed, projectSchools, inputs);
        return new ReportDocument($"{plan.DivisionName}教育事业发展“十四五”规划中期评估的报告（{Year(e.Year)}）", body, inputs.Form, attachments);
    }

    /// <summary>时间进度: the share of the period from the baseline to the end year elapsed at the evaluated year, whole percent.</summary>
    private static decimal Elapsed(PlanEvaluation e) =>
        Math.Round((decimal)(e.Year - e.Plan.BaselineYear) / (e.Plan.Period.EndYear - e.Plan.BaselineYear) * 100m, 0);

    private static void Overview(List<ReportBlock> body, PlanEvaluation e, IReadOnlyList<MidtermRow> rows, decimal elapsed, ReportInputs inputs)
    {
        var plan = e.Plan;
        var ahead = rows.Where(r => r.PercentDone is { } p && p >= elapsed && r.Row.Status != IndicatorStatus.UnderReview).ToList();
        var measured = rows.Count(r => r.PercentDone is not null && r.Row.Status != IndicatorStatus.UnderReview);
        var binding = rows.Where(r => r.Row.Indicator.Kind == IndicatorKind.Binding).ToList();
        body.Add(new HeadingBlock("一、总体情况"));
        body.Add(new ParagraphBlock(
            $"按照《{plan.Name}》第四章“加强监督考核”关于开展中期评估的要求，我局以{Year(e.Year)}为评估年度，对规划实施情况进行了中期评估。" +
            $"规划期{plan.Period.StartYear}—{plan.Period.EndYear}年，基期为{plan.BaselineYear}年，至{e.Year}年已过{e.Year - plan.BaselineYear}年，时间进度{elapsed}%；" +
            $"任务、项目和问题台账情况截至{Day(inputs.AsOf)}。"));
        foreach (var line in Basics(inputs.Figures)) body.Add(new ParagraphBlock(line));
        body.Add(new ParagraphBlock(
            $"规划确定主要指标{rows.Count}项。{StatusCounts([.. rows.Select(r => r.Row)])}" +
            (measured > 0 ? $"可计算完成进度的{measured}项指标中，{ahead.Count}项完成进度不低于时间进度" +
                (ahead.Count > 0 ? $"（{string.Join("、", ahead.Select(r => $"{r.Row.Indicator.Name}{N(r.PercentDone!.Value)}%"))}）" : "") + "。" : "") +
            (binding.Count > 0 ? $"约束性指标{binding.Count}项：{string.Join("；", binding.Select(r => $"{r.Row.Indicator.Name}为{Value(r.Row)}（{IndicatorStatusLabels.Of(r.Row.Status)}）"))}。" : "")));
    }

    private static void TasksAndProjects(List<ReportBlock> body, PlanEvaluation e, IReadOnlyList<ProjectSchool> projectSchools, ReportInputs inputs)
    {
        var plan = e.Plan;
        var census = new SchoolYear(e.Year).CensusDate;
        body.Add(new HeadingBlock("四、重点任务与项目推进情况"));
        var p = inputs.Progress;
        var c = p.TaskCounts;
        body.Add(new ParagraphBlock($"规划部署重点任务{plan.Tasks.Count}项。" + (p.Tasks.Count > 0
            ? $"截至{Day(p.Today)}，已完成{c.Done}项、推进中{c.InProgress}项、未启动{c.NotStarted}项，平均进度{c.AverageProgress}%，逾期未完成{c.Overdue}项。"
            : "各项任务推进情况以各责任单位报送材料为准。")));
        foreach (var t in plan.Targets.Where(t => t.IndicatorCode is not null && t.TaskNumber is not null))
        {
            if (Compare(e).FirstOrDefault(r => r.Row.Indicator.Code == t.IndicatorCode) is not { } m) continue;
            var task = plan.Tasks[t.TaskNumber!.Value - 1];
            body.Add(new ParagraphBlock($"任务{task.Number}“{task.Title}”：{t.Text}。{Sentence(m)}。"));
        }

        var opened = projectSchools.Where(s => s.OpenedOn is { } o && o <= census).ToList();
        var notOpened = projectSchools.Where(s => s.OpenedOn is not { } o || o > census).ToList();
        body.Add(new ParagraphBlock(Boxes(plan) + (projectSchools.Count > 0
            ? $"新建项目涉及学校{projectSchools.Count}所，截至{Day(census)}（{Year(e.Year)}秋季统计时点）已开办{opened.Count}所" +
              (opened.Count > 0 ? $"（{string.Join("、", opened.Select(s => $"{s.School}{Day(s.OpenedOn!.Value)}"))}）" : "") +
              (notOpened.Count > 0 ? $"，尚未开办{notOpened.Count}所（{string.Join("、", notOpened.Select(s => s.School + (s.OpenedOn is { } o ? $"于{Day(o)}开办" : s.Found ? "" : "（系统中尚无此校）")))}）" : "") + "。"
            : "")));
        if (p.Projects.Count > 0)
        {
            body.Add(new ParagraphBlock($"据项目台账，截至{Day(p.Today)}已完成投资{N(p.SpentWan)}万元、交付学位{p.SeatsDelivered}个（规划{p.NewSeats}个）；已开办学校的在校生已计入各项指标。"));
        }
    }

    private static void ProblemsAndNextSteps(List<ReportBlock> body, PlanEvaluation e, IReadOnlyList<MidtermRow> rows, decimal elapsed,
        IReadOnlyList<ProjectSchool> projectSchools, ReportInputs inputs)
    {
        var plan = e.Plan;
        var end = plan.Period.EndYear;
        var left = end - e.Year;
        body.Add(new HeadingBlock("五、存在的问题"));
        var problems = rows.Where(r => r.Row.Status is IndicatorStatus.Lagging or IndicatorStatus.AtRisk)
            .OrderByDescending(r => r.Row.Alert).ThenByDescending(r => r.Row.Status).ToList();
        var k = 1;
        foreach (var m in problems)
        {
            var i = m.Row.Indicator;
            var gap = m.PathValue is { } p && m.Row.Shown is { } v && v != p ? $"，比路径值{Value(i, p)}{(v < p ? "低" : "高")}{Difference(i, v - p)}" : "";
            var progress = m.PercentDone switch
            {
                null => "",
                < 0 => "，较基期回落，未向目标推进",
                var pc => $"，完成进度{N(pc.Value)}%，{(pc < elapsed ? "低于" : "不低于")}时间进度{elapsed}%",
            };
            body.Add(new ParagraphBlock($"{Year(e.Year)}为{Value(m.Row)}{gap}{progress}；{m.Row.Judgement.Reason}。",
                Lead: $"（{Cn(k++)}）{i.Name}{(i.Kind == IndicatorKind.Binding ? "（约束性）" : "")}{IndicatorStatusLabels.Of(m.Row.Status)}。"));
        }

        var behindTime = rows.Where(r => r.PercentDone is { } p && p >= 0 && p < elapsed && r.Row.Status is IndicatorStatus.OnTrack).ToList();
        foreach (var m in behindTime)
        {
            body.Add(new ParagraphBlock($"在进度容差内，但完成进度{N(m.PercentDone!.Value)}%低于时间进度{elapsed}%，需关注。", Lead: $"（{Cn(k++)}）{m.Row.Indicator.Name}。"));
        }

        if (!inputs.BalancePass) body.Add(new ParagraphBlock("尚未达到义务教育优质均衡发展要求，见本报告第三部分。", Lead: $"（{Cn(k++)}）义务教育优质均衡。"));
        AnnualReport.Ledger(body, inputs.Progress, k);
        if (k == 1 && inputs.Progress.Issues.Count == 0) body.Add(new ParagraphBlock($"{Year(e.Year)}主要指标均已达标或不低于规划路径，未发现滞后指标。"));
        if (inputs.Progress.Issues.Count > 0) k++;
        // 学位预测 (issue 19 item 5): the annual and 终期 reports' paragraphs (ForecastReportSection, from the evaluated year's
        // census, or a frozen year's stored ones), so the mid-term review sees the seat gap the rest of the plan must close.
        foreach (var (_, lines) in inputs.Sections.Where(x => x.Title == Forecast.ForecastReportSection.Title && x.Lines.Count > 0))
        {
            body.Add(new ParagraphBlock(lines[0], Lead: $"（{Cn(k++)}）学位供需预测。"));
            body.AddRange(lines.Skip(1).Select(l => new ParagraphBlock(l)));
        }

        body.Add(new HeadingBlock("六、下一步工作打算"));
        var j = 1;
        foreach (var m in problems.Concat(behindTime))
        {
            var i = m.Row.Indicator;
            var tasks = plan.Targets.Where(t => t.IndicatorCode == i.Code && t.TaskNumber is not null)
                .Select(t => plan.Tasks[t.TaskNumber!.Value - 1]).DistinctBy(t => t.Number).ToList();
            var perYear = i.Target is { } t && m.Row.Shown is { } v && left > 0 && !m.Hold
                ? $"剩余{left}年须年均{(t >= v ? "提高" : "降低")}{Difference(i, Math.Round((t - v) / left, i.Formula?.Decimals ?? 2, MidpointRounding.AwayFromZero))}，"
                : "";
            body.Add(new ParagraphBlock((tasks.Count > 0 ? $"围绕{string.Join("、", tasks.Select(x => $"任务{x.Number}“{x.Title}”"))}，" : "") +
                $"{perYear}到{end}年{ComparatorWord(i)}{Value(i, i.Target ?? 0)}{ProjectionPhrase(m.Row, end)}。", Lead: $"（{Cn(j++)}）{i.Name}。"));
        }

        var met = rows.Where(r => r.Row.Status == IndicatorStatus.Met).ToList();
        if (met.Count > 0) body.Add(new ParagraphBlock($"已达标的{met.Count}项指标（{string.Join("、", met.Select(r => r.Row.Indicator.Name))}）须保持到{end}年，防止回落。", Lead: $"（{Cn(j++)}）巩固已达标指标。"));
        var notOpened = projectSchools.Where(s => s.OpenedOn is not { } o || o > new SchoolYear(e.Year).CensusDate).ToList();
        if (notOpened.Count > 0) body.Add(new ParagraphBlock($"加快{string.Join("、", notOpened.Select(s => s.School))}建设，按期开办、交付学位。", Lead: $"（{Cn(j++)}）重大项目。"));
        if (!inputs.BalancePass) body.Add(new ParagraphBlock("逐项整改未达标学校和项目，确保规划期末通过义务教育优质均衡督导评估。", Lead: $"（{Cn(j++)}）优质均衡创建。"));
        body.Add(new ParagraphBlock($"每年冻结年度评估结果，{end}年开展终期评估。", Lead: $"（{Cn(j)}）评估与监测。"));
    }

    private static string Sentence(MidtermRow m)
    {
        var i = m.Row.Indicator;
        if (m.Row.Status == IndicatorStatus.UnderReview) return $"{i.Name}{Value(m.Row)}，规划目标{i.Review}，不作评价";
        if (m.Row.Shown is not { } v) return $"{i.Name}无本年度值";
        var s = $"{i.Name}{Value(i, v)}{(m.Row.CapNote is { } note ? $"（{note}）" : "")}";
        if (m.PathValue is { } p) s += m.Hold ? $"，目标{Value(i, i.Target!.Value)}须每年保持" : $"，路径值{Value(i, p)}";
        s += m.PercentDone switch
        {
            null => "",
            < 0 => "，较基期回落",
            var pc => $"，完成进度{N(pc.Value)}%",
        };
        return s + $"，{IndicatorStatusLabels.Of(m.Row.Status)}";
    }
}
