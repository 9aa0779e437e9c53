using System.Globalization;
using EduCounty.Common;
using EduCounty.Plan;
using EduCounty.Plan.Evaluation;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

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
/// 中期评估报告 (.docx / PDF), plan task 47 and 第四章 二 (年度、中期评估): the plan's year Y (default 2023, i.e. the
/// 2023-2024 census, three of the five years) compared with the linear path from the 2020 baseline to the 2025 target.
/// Sections as a bureau writes them: 一、总体情况; 二、主要指标完成情况; 三、重点任务与项目推进情况; 四、存在的问题;
/// 五、下一步工作打算. Every sentence is generated from the figures.
/// </summary>
public static class MidtermReport
{
    /// <summary>The plan year of a 十四五 mid-term evaluation (2023 = 2023-2024 学年).</summary>
    public const int DefaultYear = 2023;

    /// <summary>Headers of the comparison table.</summary>
    public static string[] TableHeaders(int year) =>
        ["指标", "属性", "2020 基期", $"{year} 路径值", $"{year} 实际值", "2025 目标", "完成进度", "状态", "2025 预测"];

    /// <summary>Loads what the report needs besides the evaluation (project schools' opening dates), then builds it.</summary>
    public static async Task<ReportDocument> BuildAsync(EduDb db, PlanEvaluation e, bool charts = true, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(e);
        var county = e.Plan.DivisionCode;
        var schools = await db.Schools.AsNoTracking().Where(s => s.CountyCode == county)
            .Select(s => new { s.Name, s.OpenedOn }).ToListAsync(ct);
        var list = new List<ProjectSchool>();
        foreach (var p in e.Plan.Boxes.SelectMany(b => b.Projects).Where(p => p.Kind == ProjectKind.New && p.Schools is { Count: > 0 }))
        {
            foreach (var name in p.Schools!)
            {
                // Registry names carry the county prefix (阜康市城南幼儿园); the plan prints the short name.
                var s = schools.FirstOrDefault(x => x.Name == name || x.Name.EndsWith(name, StringComparison.Ordinal));
                list.Add(new ProjectSchool(p.Name, name, s?.OpenedOn, s is not null));
            }
        }

        return Build(e, list, charts);
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
                i.Baseline is { } b ? StatusRules.N(b) : "/",
                m.PathValue is { } p ? StatusRules.N(p) : "—",
                m.Row.Shown is { } v ? StatusRules.N(v) : "—",
                i.Target is { } t ? StatusRules.N(t) : "/",
                m.Hold ? (m.Row.Status == IndicatorStatus.Met ? "保持达标" : "未保持") : m.PercentDone is { } pc ? $"{StatusRules.N(pc)}%" : "—",
                IndicatorStatusLabels.Of(m.Row.Status),
                m.Row.Projection.Value is { } pr ? StatusRules.N(pr) : "—",
            };
        })];
    }

    /// <summary>The report's blocks.</summary>
    public static ReportDocument Build(PlanEvaluation e, IReadOnlyList<ProjectSchool> projectSchools, bool charts = true)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(projectSchools);
        var plan = e.Plan;
        var year = new SchoolYear(e.Year);
        var end = plan.Period.EndYear;
        var rows = Compare(e);
        var body = new List<ReportBlock>();
        var images = charts ? ReportCharts.For(e) : [];
        var elapsed = Math.Round((decimal)(e.Year - plan.BaselineYear) / (end - plan.BaselineYear) * 100m, 0);
        var left = end - e.Year;

        body.Add(new TitleBlock($"{plan.DivisionName}教育事业发展“十四五”规划"));
        body.Add(new TitleBlock("中期评估报告"));
        body.Add(new CenteredBlock($"（评估年度：{year} 学年；数据截至 {LocalTime.Text(e.AsOf)}{(e.Frozen is { } fz ? $"；本年度结果已于 {LocalTime.Text(fz.FrozenAt, LocalTime.DateOnlyFormat)} 由 {fz.FrozenBy} 冻结" : "")}）"));

        // 一、总体情况
        body.Add(new HeadingBlock("一、总体情况"));
        var counts = Enum.GetValues<IndicatorStatus>().ToDictionary(s => s, s => rows.Count(r => r.Row.Status == s));
        var ahead = rows.Where(r => r.PercentDone is { } p && p >= elapsed).ToList();
        var measured = rows.Count(r => r.PercentDone is not null);
        var binding = rows.Where(r => r.Row.Indicator.Kind == IndicatorKind.Binding).ToList();
        body.Add(new ParagraphBlock(
            $"《{plan.Name}》实施至 {year} 学年，规划期 {plan.BaselineYear}—{end} 年已过 {e.Year - plan.BaselineYear} 年，时间进度 {elapsed}%。" +
            $"规划确定的 {rows.Count} 项主要指标中，已达标 {counts[IndicatorStatus.Met]} 项，进度正常 {counts[IndicatorStatus.OnTrack]} 项，" +
            $"有风险 {counts[IndicatorStatus.AtRisk]} 项，滞后 {counts[IndicatorStatus.Lagging]} 项" +
            (counts[IndicatorStatus.NoData] > 0 ? $"，无数据 {counts[IndicatorStatus.NoData]} 项" : "") + "。" +
            (measured > 0 ? $"按“由 2020 年基期值到 2025 年目标值”计算完成进度的 {measured} 项指标中，{ahead.Count} 项完成进度不低于时间进度" +
                (ahead.Count > 0 ? $"（{string.Join("、", ahead.Select(r => $"{r.Row.Indicator.Name} {StatusRules.N(r.PercentDone!.Value)}%"))}）" : "") + "。" : "") +
            (binding.Count > 0 ? $"约束性指标 {binding.Count} 项：{string.Join("；", binding.Select(r => $"{r.Row.Indicator.Name}为 {Shown(r.Row)}{r.Row.Indicator.Unit}（{IndicatorStatusLabels.Of(r.Row.Status)}）"))}。" : "")));
        var scale = new List<string>();
        foreach (var (code, label) in new[] { ("preschool.enrolment", "学前教育在园幼儿"), ("compulsory.enrolment", "义务教育在校生"), ("senior.enrolment", "高中阶段在校生"), ("special.enrolment", "特殊教育在校生") })
        {
            if (e.Find(code) is { Value.Numerator: { } now })
            {
                var first = e.History.TryGetValue(plan.BaselineYear, out var h) ? h.FirstOrDefault(x => x.Indicator.Code == code)?.Value.Numerator : null;
                scale.Add($"{label} {N0(now)} 人" + (first is { } f0 && e.Year > plan.BaselineYear ? $"（{plan.BaselineYear} 年 {N0(f0)} 人，{(now >= f0 ? "增加" : "减少")} {N0(Math.Abs(now - f0))} 人）" : ""));
            }
        }

        if (scale.Count > 0) body.Add(new ParagraphBlock($"{year} 学年全市{string.Join("，", scale)}。"));
        if (images.Count > 0) body.Add(new ChartBlock(images[0]));

        // 二、主要指标完成情况
        body.Add(new HeadingBlock("二、主要指标完成情况"));
        body.Add(new ParagraphBlock($"各项指标 {year} 学年实际值与规划路径值、2025 年目标值的比较见下表。路径值按由 2020 年基期值到 2025 年目标值的线性进度计算" +
            $"（{e.Year} 年为基期值加目标增量的 {e.Year - plan.BaselineYear}/{end - plan.BaselineYear}），目标不高于基期值的指标须每年保持目标值；" +
            "完成进度 =（实际值 − 基期值）÷（目标值 − 基期值）；2025 预测为 2020 年以来各年度值的最小二乘线性趋势外推。"));
        body.Add(new TableBlock(TableHeaders(e.Year), TableRows(rows)));
        var g = 1;
        foreach (var group in rows.GroupBy(r => r.Row.Indicator.Group))
        {
            body.Add(new ParagraphBlock($"{group.Key}：" + string.Join("；", group.Select(Sentence)) + "。"));
            if (g < images.Count) body.Add(new ChartBlock(images[g++]));
        }

        // 三、重点任务与项目推进情况
        body.Add(new HeadingBlock("三、重点任务与项目推进情况"));
        var milestones = plan.Tasks.SelectMany(t => t.Milestones.Where(m => m.Year <= e.Year).SelectMany(m => m.Items.Select(item => (t, m.Year, item)))).ToList();
        body.Add(new ParagraphBlock($"规划部署重点任务 {plan.Tasks.Count} 项。" + (milestones.Count > 0
            ? $"截至 {year} 学年计划节点 {milestones.Count} 个：" + string.Join("；", milestones.Select(m => $"任务 {m.t.Number}“{m.t.Title}”（{m.Year}）：{m.item}")) + "。"
            : "各项任务的年度节点尚未在系统中填报，任务推进情况以各责任单位报送材料为准。")));
        foreach (var t in plan.Targets.Where(t => t.IndicatorCode is not null && t.TaskNumber is not null))
        {
            var m = rows.FirstOrDefault(r => r.Row.Indicator.Code == t.IndicatorCode);
            if (m is null) continue;
            var task = plan.Tasks[t.TaskNumber!.Value - 1];
            body.Add(new ParagraphBlock($"任务 {task.Number}“{task.Title}”：{t.Text}。{Sentence(m)}。"));
        }

        var projects = plan.Boxes.SelectMany(b => b.Projects).ToList();
        var census = year.CensusDate;
        var opened = projectSchools.Where(p => p.OpenedOn is { } o && o <= census).ToList();
        var notOpened = projectSchools.Where(p => p.OpenedOn is not { } o || o > census).ToList();
        body.Add(new ParagraphBlock($"规划专栏列出项目 {projects.Count} 个，规划投资合计 {StatusRules.N(projects.Sum(p => p.InvestmentWan ?? 0))} 万元，新增学位 {projects.Sum(p => p.NewSeats ?? 0)} 个。" +
            (projectSchools.Count > 0
                ? $"新建项目涉及学校 {projectSchools.Count} 所，截至 {census:yyyy-MM-dd}（{year} 学年秋季统计时点）已开办 {opened.Count} 所" +
                  (opened.Count > 0 ? $"（{string.Join("、", opened.Select(p => $"{p.School} {p.OpenedOn:yyyy-MM-dd}"))}）" : "") +
                  (notOpened.Count > 0 ? $"，尚未开办 {notOpened.Count} 所（{string.Join("、", notOpened.Select(p => p.School + (p.OpenedOn is { } o ? $"，{o:yyyy-MM-dd} 开办" : p.Found ? "" : "，系统中尚无此校")))}）" : "") + "。"
                : "")));
        body.Add(new ParagraphBlock("项目投资完成、学位交付等进度以项目台账为准；已开办学校的在校生已计入上表各项指标。"));

        ProblemsAndNextSteps(body, e, rows, elapsed, notOpened);
        body.Add(new ParagraphBlock($"每年冻结年度评估结果，{end} 年开展终期评估。"));
        return new ReportDocument($"{plan.DivisionName}教育事业发展“十四五”规划中期评估报告（{year} 学年）", body);
    }

    private static void ProblemsAndNextSteps(List<ReportBlock> body, PlanEvaluation e, IReadOnlyList<MidtermRow> rows, decimal elapsed, List<ProjectSchool> notOpened)
    {
        var plan = e.Plan;
        var year = new SchoolYear(e.Year);
        var end = plan.Period.EndYear;
        var left = end - e.Year;
        // 四、存在的问题
        body.Add(new HeadingBlock("四、存在的问题"));
        var problems = rows.Where(r => r.Row.Status is IndicatorStatus.Lagging or IndicatorStatus.AtRisk)
            .OrderByDescending(r => r.Row.Alert).ThenByDescending(r => r.Row.Status).ToList();
        var k = 1;
        foreach (var m in problems)
        {
            var i = m.Row.Indicator;
            var gap = m.PathValue is { } p && m.Row.Shown is { } v ? $"，比路径值 {StatusRules.N(p)} {(v < p ? "低" : "高")} {StatusRules.N(Math.Abs(v - p))}{i.Unit}" : "";
            body.Add(new ParagraphBlock($"（{Cn(k++)}）{i.Name}{(i.Kind == IndicatorKind.Binding ? "（约束性）" : "")}{IndicatorStatusLabels.Of(m.Row.Status)}。" +
                $"{year} 学年为 {Shown(m.Row)}{i.Unit}{gap}" +
                (m.PercentDone is { } pc ? $"，完成进度 {StatusRules.N(pc)}%，低于时间进度 {elapsed}%" : "") +
                $"；{m.Row.Judgement.Reason}。"));
        }

        var behindTime = rows.Where(r => r.PercentDone is { } p && p < elapsed && r.Row.Status is IndicatorStatus.OnTrack).ToList();
        foreach (var m in behindTime)
        {
            body.Add(new ParagraphBlock($"（{Cn(k++)}）{m.Row.Indicator.Name}虽在进度容差内，但完成进度 {StatusRules.N(m.PercentDone!.Value)}% 低于时间进度 {elapsed}%，需关注。"));
        }

        foreach (var m in rows.Where(r => r.Row.Status == IndicatorStatus.NoData))
        {
            body.Add(new ParagraphBlock($"（{Cn(k++)}）{m.Row.Indicator.Name}无法计算：{m.Row.Value.MissingReason ?? m.Row.Judgement.Reason}，需补齐数据。"));
        }

        if (k == 1) body.Add(new ParagraphBlock($"{year} 学年主要指标均已达标或不低于规划路径，未发现滞后指标。"));

        // 五、下一步工作打算
        body.Add(new HeadingBlock("五、下一步工作打算"));
        var j = 1;
        foreach (var m in problems.Concat(behindTime))
        {
            var i = m.Row.Indicator;
            var tasks = plan.Targets.Where(t => t.IndicatorCode == i.Code && t.TaskNumber is not null)
                .Select(t => plan.Tasks[t.TaskNumber!.Value - 1]).DistinctBy(t => t.Number).ToList();
            var perYear = i.Target is { } t && m.Row.Shown is { } v && left > 0
                ? $"剩余 {left} 年须{(t >= v ? "年均提高" : "年均降低")} {StatusRules.N(Math.Round(Math.Abs(t - v) / left, (i.Formula?.Decimals ?? 2) + 1, MidpointRounding.AwayFromZero))}{i.Unit}，"
                : "";
            body.Add(new ParagraphBlock($"（{Cn(j++)}）{i.Name}：" +
                (tasks.Count > 0 ? $"围绕{string.Join("、", tasks.Select(x => $"任务 {x.Number}“{x.Title}”"))}，" : "") +
                $"{perYear}到 {end} 年{ComparatorWord(i)} {StatusRules.N(i.Target ?? 0)}{i.Unit}" +
                (m.Row.Projection.Value is { } pr ? $"（按现有趋势 {end} 年为 {StatusRules.N(pr)}{i.Unit}）" : "") + "。"));
        }

        var met = rows.Where(r => r.Row.Status == IndicatorStatus.Met).ToList();
        if (met.Count > 0)
        {
            body.Add(new ParagraphBlock($"（{Cn(j++)}）已达标的 {met.Count} 项指标（{string.Join("、", met.Select(r => r.Row.Indicator.Name))}）须保持到 {end} 年，防止回落。"));
        }

        if (notOpened.Count > 0)
        {
            body.Add(new ParagraphBlock($"（{Cn(j++)}）加快 {string.Join("、", notOpened.Select(p => p.School))} 建设，按期开办、交付学位。"));
        }
    }

    private static string Sentence(MidtermRow m)
    {
        var i = m.Row.Indicator;
        if (m.Row.Shown is not { } v) return $"{i.Name}无本年度值";
        var s = $"{i.Name}{StatusRules.N(v)}{i.Unit}";
        if (m.PathValue is { } p) s += m.Hold ? $"，目标 {StatusRules.N(i.Target!.Value)}{i.Unit}须每年保持" : $"，路径值 {StatusRules.N(p)}{i.Unit}";
        if (m.PercentDone is { } pc) s += $"，完成进度 {StatusRules.N(pc)}%";
        return s + $"，{IndicatorStatusLabels.Of(m.Row.Status)}";
    }

    private static string ComparatorWord(PlanIndicator i) => i.Comparator switch
    {
        TargetComparator.AtLeast => "不低于",
        TargetComparator.AtMost => "不高于",
        TargetComparator.Reach => "达到",
        _ => "为",
    };

    private static string Shown(IndicatorResult r) => r.Shown is { } v ? StatusRules.N(v) : "—";

    private static string N0(decimal v) => v.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Cn(int n) => ChineseNumerals.Of(n);
}
