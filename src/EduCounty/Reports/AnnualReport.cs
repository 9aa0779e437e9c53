using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using EduCounty.Common;
using EduCounty.Plan;
using EduCounty.Plan.Evaluation;

namespace EduCounty.Reports;

/// <summary>
/// 年度评估报告 (.docx) in the form a bureau submits: 标题; 一、总体情况; 二、主要指标完成情况 (table); 三、重点任务推进情况;
/// 四、重大项目建设情况; 五、存在的问题; 六、下一步工作打算. Every sentence is generated from the evaluation's figures.
/// A4, 宋体 (SimSun) for East-Asian text.
/// </summary>
public static class AnnualReport
{
    /// <summary>East-Asian font of the body.</summary>
    public const string EastAsianFont = "SimSun";

    /// <summary>East-Asian font of headings.</summary>
    public const string HeadingFont = "SimHei";

    /// <summary>Headers of the indicator table (二、主要指标完成情况).</summary>
    public static readonly string[] TableHeaders = ["指标", "属性", "2020 基期", "2025 目标", "本年度值", "状态"];

    /// <summary>Writes the report of <paramref name="e"/> to <paramref name="output"/>.</summary>
    /// <param name="balanceSection">The 义务教育优质均衡 paragraphs (Balance.BalanceReportSection), written under 五、存在的问题.</param>
    public static void Write(PlanEvaluation e, Stream output, IReadOnlyList<string>? balanceSection = null)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(output);
        using var doc = WordprocessingDocument.Create(output, WordprocessingDocumentType.Document);
        var main = doc.AddMainDocumentPart();
        AddStyles(main);
        var body = new Body();
        main.Document = new Document(body);
        var year = new SchoolYear(e.Year);
        var plan = e.Plan;
        var rows = e.Rows;

        body.Append(Para($"{plan.DivisionName}教育事业发展“十四五”规划", title: true));
        body.Append(Para($"{year} 学年度实施情况评估报告", title: true));
        body.Append(Para($"（数据截至 {e.AsOf:yyyy-MM-dd HH:mm}{(e.Frozen is { } fz ? $"；本年度结果已于 {fz.FrozenAt:yyyy-MM-dd} 由 {fz.FrozenBy} 冻结为正式年度评估" : "")}）", center: true));

        // 一、总体情况
        body.Append(Heading("一、总体情况"));
        var counts = Enum.GetValues<IndicatorStatus>().ToDictionary(s => s, s => rows.Count(r => r.Status == s));
        var binding = rows.Where(r => r.Indicator.Kind == IndicatorKind.Binding).ToList();
        body.Append(Para(
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
        if (scale.Count > 0) body.Append(Para($"本学年全市{string.Join("，", scale)}。"));

        // 二、主要指标完成情况
        body.Append(Heading("二、主要指标完成情况"));
        body.Append(Para($"主要指标完成情况见下表（状态按由 2020 年基期值到 2025 年目标值的线性进度判定，约束性指标滞后或有风险的列为重点）。"));
        body.Append(IndicatorTable(rows));
        foreach (var group in rows.GroupBy(r => r.Indicator.Group))
        {
            body.Append(Para($"{group.Key}：" + string.Join("；", group.Select(r =>
                $"{r.Indicator.Name}{Shown(r)}{UnitWord(r.Indicator.Unit)}，{IndicatorStatusLabels.Of(r.Status)}" +
                (r.Value.Numerator is { } n && r.Value.Denominator is { } d ? $"（{N0(n)} ÷ {N0(d)}）" : "") +
                (r.Projection.Value is { } p ? $"，按趋势 2025 年为 {StatusRules.N(p)}" : ""))) + "。"));
        }

        // 三、重点任务推进情况
        body.Append(Heading("三、重点任务推进情况"));
        body.Append(Para($"规划部署重点任务 {plan.Tasks.Count} 项，分为 {plan.Sections.Count} 个方面：" +
            string.Join("，", plan.Sections.Select(s => $"{s.Title}（{plan.Tasks.Count(t => t.Section == s.Number)} 项）")) + "。"));
        var milestones = plan.Tasks.SelectMany(t => t.Milestones.Where(m => m.Year == e.Year).SelectMany(m => m.Items.Select(item => (t, item)))).ToList();
        body.Append(Para(milestones.Count > 0
            ? $"本学年计划节点 {milestones.Count} 个：" + string.Join("；", milestones.Select(m => $"任务 {m.t.Number}“{m.t.Title}”：{m.item}")) + "。"
            : "各项任务的本年度节点尚未在系统中填报，任务推进情况以各责任单位报送材料为准。"));
        var linked = plan.Targets.Where(t => t.IndicatorCode is not null && t.TaskNumber is not null).ToList();
        foreach (var t in linked)
        {
            var r = e.Find(t.IndicatorCode!);
            var task = plan.Tasks[t.TaskNumber!.Value - 1];
            if (r is null) continue;
            body.Append(Para($"任务 {task.Number}“{task.Title}”所对应的指标{r.Indicator.Name}本年度为 {Shown(r)}{UnitWord(r.Indicator.Unit)}，{IndicatorStatusLabels.Of(r.Status)}。"));
        }

        // 四、重大项目建设情况
        body.Append(Heading("四、重大项目建设情况"));
        var projects = plan.Boxes.SelectMany(b => b.Projects).ToList();
        var invest = projects.Sum(p => p.InvestmentWan ?? 0);
        var seats = projects.Sum(p => p.NewSeats ?? 0);
        body.Append(Para($"规划设置专栏 {plan.Boxes.Count} 个，列出项目 {projects.Count} 个，规划投资合计 {StatusRules.N(invest)} 万元，新增学位 {seats} 个。" +
            string.Join("", plan.Boxes.Where(b => b.Projects.Count > 0).Select(b =>
                $"专栏{b.Number}“{b.Title}”{b.Projects.Count} 个项目（投资 {StatusRules.N(b.Projects.Sum(p => p.InvestmentWan ?? 0))} 万元）；")).TrimEnd('；') + "。"));
        body.Append(Para("项目投资完成、学位交付等进度以项目台账为准；新建学校开办后，其在校生已计入上表各项指标。"));

        // 五、存在的问题
        body.Append(Heading("五、存在的问题"));
        var problems = rows.Where(r => r.Status is IndicatorStatus.Lagging or IndicatorStatus.AtRisk)
            .OrderByDescending(r => r.Alert).ThenByDescending(r => r.Status).ToList();
        if (problems.Count == 0)
        {
            body.Append(Para("本学年主要指标均已达标或达到年度进度要求，未发现滞后指标。"));
        }
        else
        {
            var k = 1;
            foreach (var r in problems)
            {
                body.Append(Para($"（{Cn(k++)}）{r.Indicator.Name}{(r.Indicator.Kind == IndicatorKind.Binding ? "（约束性）" : "")}{IndicatorStatusLabels.Of(r.Status)}。" +
                    $"本年度为 {Shown(r)}{UnitWord(r.Indicator.Unit)}，{r.Judgement.Reason}。"));
            }
        }

        foreach (var r in rows.Where(r => r.Status == IndicatorStatus.NoData))
        {
            body.Append(Para($"{r.Indicator.Name}本年度无法计算：{r.Value.MissingReason ?? r.Judgement.Reason}，需补齐数据。"));
        }

        if (balanceSection is { Count: > 0 })
        {
            body.Append(Para("义务教育优质均衡发展督导评估情况：", bold: true));
            foreach (var line in balanceSection)
            {
                body.Append(Para(line));
            }
        }

        // 六、下一步工作打算
        body.Append(Heading("六、下一步工作打算"));
        var next = e.Year + 1;
        if (problems.Count == 0)
        {
            body.Append(Para($"{new SchoolYear(next)} 学年继续按规划确定的目标和任务推进，巩固已达标指标，确保 2025 年全面完成规划目标。"));
        }

        var j = 1;
        foreach (var r in problems)
        {
            var tasks = plan.Targets.Where(t => t.IndicatorCode == r.Indicator.Code && t.TaskNumber is not null)
                .Select(t => plan.Tasks[t.TaskNumber!.Value - 1]).DistinctBy(t => t.Number).ToList();
            var required = NextRequirement(e, r, next);
            body.Append(Para($"（{Cn(j++)}）针对{r.Indicator.Name}，" +
                (tasks.Count > 0 ? $"围绕{string.Join("、", tasks.Select(t => $"任务 {t.Number}“{t.Title}”"))}，" : "") +
                $"{new SchoolYear(next)} 学年应达到 {required}{UnitWord(r.Indicator.Unit)}，" +
                $"到 2025 年{ComparatorWord(r.Indicator)} {StatusRules.N(r.Indicator.Target ?? 0)}{UnitWord(r.Indicator.Unit)}。"));
        }

        body.Append(Para("按季度跟踪主要指标，年度结束后冻结年度评估结果，作为中期评估和终期评估的依据。"));

        body.Append(new SectionProperties(
            new PageSize { Width = 11906U, Height = 16838U, Orient = PageOrientationValues.Portrait },
            new PageMargin { Top = 2098, Bottom = 1984, Left = 1588, Right = 1474, Header = 851, Footer = 992, Gutter = 0U }));
        main.Document.Save();
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

    private static string Cn(int n) => n switch
    {
        1 => "一", 2 => "二", 3 => "三", 4 => "四", 5 => "五", 6 => "六", 7 => "七", 8 => "八", 9 => "九", 10 => "十",
        _ => n.ToString(CultureInfo.InvariantCulture),
    };

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

    private static Table IndicatorTable(IReadOnlyList<IndicatorResult> rows)
    {
        var table = new Table();
        table.Append(new TableProperties(
            new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct },
            new TableBorders(
                new TopBorder { Val = BorderValues.Single, Size = 4 },
                new BottomBorder { Val = BorderValues.Single, Size = 4 },
                new LeftBorder { Val = BorderValues.Single, Size = 4 },
                new RightBorder { Val = BorderValues.Single, Size = 4 },
                new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 },
                new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 })));
        table.Append(Row(TableHeaders, header: true));
        foreach (var cells in TableRows(rows)) table.Append(Row(cells, header: false));
        return table;

        static TableRow Row(IEnumerable<string> cells, bool header)
        {
            var tr = new TableRow();
            if (header) tr.Append(new TableRowProperties(new TableHeader()));
            foreach (var c in cells)
            {
                tr.Append(new TableCell(Para(c, bold: header, center: true, indent: false)));
            }

            return tr;
        }
    }

    private static Paragraph Heading(string text) => new(
        new ParagraphProperties(new ParagraphStyleId { Val = "Heading1" }),
        new Run(new RunProperties(new RunFonts { EastAsia = HeadingFont, Hint = FontTypeHintValues.EastAsia }), new Text(text)));

    private static Paragraph Para(string text, bool title = false, bool bold = false, bool center = false, bool indent = true)
    {
        var pp = new ParagraphProperties();
        if (title) pp.Append(new ParagraphStyleId { Val = "Title" });
        if (title || center) pp.Append(new Justification { Val = JustificationValues.Center });
        else if (indent) pp.Append(new Indentation { FirstLineChars = 200 });
        var rp = new RunProperties(new RunFonts { EastAsia = title ? HeadingFont : EastAsianFont, Hint = FontTypeHintValues.EastAsia });
        if (bold) rp.Append(new Bold());
        return new Paragraph(pp, new Run(rp, new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
    }

    private static void AddStyles(MainDocumentPart main)
    {
        var styles = main.AddNewPart<StyleDefinitionsPart>();
        styles.Styles = new Styles(
            new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(
                    new RunFonts { Ascii = "Times New Roman", HighAnsi = "Times New Roman", EastAsia = EastAsianFont, ComplexScript = "Times New Roman" },
                    new FontSize { Val = "28" },
                    new Languages { Val = "en-US", EastAsia = "zh-CN" })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { Line = "560", LineRule = LineSpacingRuleValues.Exact }))),
            new Style(
                new StyleName { Val = "Normal" },
                new PrimaryStyle()) { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true },
            new Style(
                new StyleName { Val = "Title" },
                new BasedOn { Val = "Normal" },
                new StyleRunProperties(new RunFonts { EastAsia = HeadingFont }, new Bold(), new FontSize { Val = "40" })) { Type = StyleValues.Paragraph, StyleId = "Title" },
            new Style(
                new StyleName { Val = "heading 1" },
                new BasedOn { Val = "Normal" },
                new StyleParagraphProperties(new KeepNext(), new OutlineLevel { Val = 0 }),
                new StyleRunProperties(new RunFonts { EastAsia = HeadingFont }, new FontSize { Val = "32" })) { Type = StyleValues.Paragraph, StyleId = "Heading1" });
    }
}
