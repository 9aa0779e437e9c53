using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace EduCounty.Plan;

/// <summary>
/// Loads a plan file (plans/*.json) and validates it. Every problem is reported in Chinese with its JSON path,
/// e.g. <c>$.tasks[12].number：任务编号应为 13，实际为 14</c>.
/// </summary>
public static partial class PlanLoader
{
    /// <summary>The file format version this loader reads.</summary>
    public const int SupportedSchemaVersion = 1;

    /// <summary>Manifest name of the embedded default plan (阜康市 2021—2025).</summary>
    public const string DefaultPlanResource = "EduCounty.Plans.fukang-2021-2025.json";

    /// <summary>Loads the default plan embedded in this assembly.</summary>
    /// <exception cref="PlanLoadException">The embedded file is missing or invalid.</exception>
    public static PlanDocument LoadDefault()
    {
        using var stream = typeof(PlanLoader).Assembly.GetManifestResourceStream(DefaultPlanResource)
            ?? throw new PlanLoadException([new PlanProblem("$", $"程序中缺少内置规划文件 {DefaultPlanResource}")]);
        return Load(stream);
    }

    /// <summary>Loads and validates a plan file from disk.</summary>
    /// <exception cref="PlanLoadException">The file is not valid; see <see cref="PlanLoadException.Problems"/>.</exception>
    public static PlanDocument LoadFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Load(stream);
    }

    /// <summary>Loads and validates a plan from a UTF-8 JSON stream.</summary>
    /// <exception cref="PlanLoadException">The content is not valid; see <see cref="PlanLoadException.Problems"/>.</exception>
    public static PlanDocument Load(Stream utf8Json)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        PlanDocument? plan;
        try
        {
            plan = JsonSerializer.Deserialize(utf8Json, PlanJsonContext.Default.PlanDocument);
        }
        catch (JsonException ex)
        {
            throw new PlanLoadException([FromJsonException(ex)]);
        }

        if (plan is null)
        {
            throw new PlanLoadException([new PlanProblem("$", "文件内容为空（null）")]);
        }

        var problems = Validate(plan);
        return problems.Count > 0 ? throw new PlanLoadException(problems) : plan;
    }

    /// <summary>Loads and validates a plan from a JSON string.</summary>
    /// <exception cref="PlanLoadException">The content is not valid.</exception>
    public static PlanDocument Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        return Load(stream);
    }

    private static PlanProblem FromJsonException(JsonException ex)
    {
        var path = string.IsNullOrEmpty(ex.Path) ? "$" : ex.Path;
        var where = ex.LineNumber is { } line
            ? $"（第 {(line + 1).ToString(CultureInfo.InvariantCulture)} 行，第 {((ex.BytePositionInLine ?? 0) + 1).ToString(CultureInfo.InvariantCulture)} 字节）"
            : "";
        var what = ex.Message switch
        {
            var m when m.Contains("missing required properties", StringComparison.Ordinal)
                || m.Contains("missing required", StringComparison.Ordinal) => "缺少必填字段",
            var m when m.Contains("could not be mapped", StringComparison.Ordinal) => "有无法识别的字段",
            var m when m.Contains("null", StringComparison.OrdinalIgnoreCase) => "值不能为 null",
            var m when m.Contains("could not be converted", StringComparison.Ordinal) => "值的类型不符",
            _ => "JSON 格式错误",
        };
        return new PlanProblem(path, $"{what}{where}");
    }

    [GeneratedRegex(@"^\d{6}$")]
    private static partial Regex DivisionCodeRegex();

    [GeneratedRegex(@"^[a-z][a-z0-9_\-]*(\.[a-z0-9][a-z0-9_\-]*)*$")]
    private static partial Regex CodeRegex();

    /// <summary>Checks the meaning of a deserialized plan; returns every problem found (empty when valid).</summary>
    public static IReadOnlyList<PlanProblem> Validate(PlanDocument plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var checks = new PlanChecks(plan);
        checks.Header();
        checks.Indicators();
        checks.Tasks();
        checks.Targets();
        checks.Boxes();
        return checks.Problems;
    }

    /// <summary>The checks of <see cref="Validate"/>, one method per part of the file, collecting every problem.</summary>
    private sealed class PlanChecks(PlanDocument plan)
    {
        private readonly HashSet<string> _indicatorCodes = new(StringComparer.Ordinal);
        private readonly HashSet<int> _sectionNumbers = [];
        private readonly HashSet<string> _targetCodes = new(StringComparer.Ordinal);
        private readonly HashSet<string> _projectCodes = new(StringComparer.Ordinal);

        public List<PlanProblem> Problems { get; } = [];

        private void Add(string path, string message) => Problems.Add(new PlanProblem(path, message));

        private static string I(int i) => i.ToString(CultureInfo.InvariantCulture);

        public void Header()
        {
            if (plan.SchemaVersion != SupportedSchemaVersion)
            {
                Add("$.schemaVersion", $"不支持的文件版本 {I(plan.SchemaVersion)}，本程序支持版本 {I(SupportedSchemaVersion)}");
            }

            if (!DivisionCodeRegex().IsMatch(plan.DivisionCode))
            {
                Add("$.divisionCode", $"行政区划代码应为 6 位数字，实际为“{plan.DivisionCode}”");
            }

            if (string.IsNullOrWhiteSpace(plan.Name))
            {
                Add("$.name", "规划名称不能为空");
            }

            if (plan.Period.StartYear > plan.Period.EndYear)
            {
                Add("$.period", $"规划期起始年 {I(plan.Period.StartYear)} 晚于结束年 {I(plan.Period.EndYear)}");
            }

            if (plan.BaselineYear >= plan.Period.StartYear)
            {
                Add("$.baselineYear", $"基期年 {I(plan.BaselineYear)} 应早于规划期起始年 {I(plan.Period.StartYear)}");
            }
        }

        public void Indicators()
        {
            for (var i = 0; i < plan.Indicators.Count; i++)
            {
                var ind = plan.Indicators[i];
                var at = $"$.indicators[{I(i)}]";
                CheckCode(ind.Code, at + ".code", _indicatorCodes, "指标");
                if (string.IsNullOrWhiteSpace(ind.Name)) Add(at + ".name", "指标名称不能为空");
                if (string.IsNullOrWhiteSpace(ind.Group)) Add(at + ".group", "指标分组不能为空");
                if (string.IsNullOrWhiteSpace(ind.Unit)) Add(at + ".unit", "计量单位不能为空");
                if (!Enum.IsDefined(ind.Kind)) Add(at + ".kind", "指标属性应为 Binding（约束性）或 Expected（预期性）");
                if (ind.Target is null && ind.Comparator != TargetComparator.Achieve) Add(at + ".target", "缺少本地目标值");
                if (ind.Unit == "%" && ind.Target is < 0) Add(at + ".target", "百分比目标值不能为负");
                if (ind.Formula is { } f) CheckFormula(f, at + ".formula");
                if (ind.Maximum is { } max && ind.Target is { } tv && tv > max) Add(at + ".maximum", $"上限 {max} 小于目标值 {tv}");
                if (ind.Projection is { } pr && string.IsNullOrWhiteSpace(pr.Reason)) Add(at + ".projection.reason", "须说明预测方法的理由");
                if (ind.PathTolerance is < 0) Add(at + ".pathTolerance", "容差不能为负");
                if (ind.PublishedCap is { } cap && ind.Target is { } ct && ct > cap) Add(at + ".publishedCap", $"公布上限 {cap} 小于目标值 {ct}");
                if (ind.PublishedCap is not null && ind.Maximum is not null) Add(at + ".publishedCap", "已有取值上限（maximum）的指标不需要公布上限");
                CheckReview(ind.Review, at + ".review");
            }
        }

        public void Tasks()
        {
            for (var i = 0; i < plan.Sections.Count; i++)
            {
                if (!_sectionNumbers.Add(plan.Sections[i].Number))
                {
                    Add($"$.sections[{I(i)}].number", $"节编号 {I(plan.Sections[i].Number)} 重复");
                }
            }

            for (var i = 0; i < plan.Tasks.Count; i++)
            {
                var task = plan.Tasks[i];
                var at = $"$.tasks[{I(i)}]";
                if (task.Number != i + 1)
                {
                    Add(at + ".number", $"任务编号应为 {I(i + 1)}，实际为 {I(task.Number)}（编号须从 1 起连续）");
                }

                if (!_sectionNumbers.Contains(task.Section)) Add(at + ".section", $"所属节 {I(task.Section)} 不存在");
                if (string.IsNullOrWhiteSpace(task.Title)) Add(at + ".title", "任务标题不能为空");
                if (string.IsNullOrWhiteSpace(task.Text)) Add(at + ".text", "任务正文不能为空");
                for (var m = 0; m < task.Milestones.Count; m++)
                {
                    var year = task.Milestones[m].Year;
                    if (year < plan.Period.StartYear || year > plan.Period.EndYear)
                    {
                        Add($"{at}.milestones[{I(m)}].year", $"年份 {I(year)} 不在规划期 {I(plan.Period.StartYear)}—{I(plan.Period.EndYear)} 内");
                    }
                }
            }
        }

        public void Targets()
        {
            for (var i = 0; i < plan.Targets.Count; i++)
            {
                var t = plan.Targets[i];
                var at = $"$.targets[{I(i)}]";
                CheckCode(t.Code, at + ".code", _targetCodes, "目标");
                if (t.TaskNumber is { } n && (n < 1 || n > plan.Tasks.Count)) Add(at + ".taskNumber", $"任务 {I(n)} 不存在");
                if (t.IndicatorCode is { } c && !_indicatorCodes.Contains(c)) Add(at + ".indicatorCode", $"指标“{c}”不存在");
                if (t.BoxNumber is { } b && (b < 1 || b > plan.Boxes.Count)) Add(at + ".boxNumber", $"专栏 {I(b)} 不存在");
                if (t.Value is null && t.Reference is null && t.Comparator != TargetComparator.Achieve)
                {
                    Add(at + ".value", "缺少目标值（或参照对象 reference）");
                }

                if (t.Maximum is { } max && t.Value is { } v && max < v) Add(at + ".maximum", "上限小于目标值");
                if (t.Tolerance is < 0) Add(at + ".tolerance", "容差不能为负");
                CheckReview(t.Review, at + ".review");
                if (t.Year is { } y && (y < plan.Period.StartYear || y > plan.Period.EndYear))
                {
                    Add(at + ".year", $"年份 {I(y)} 不在规划期内");
                }
            }
        }

        public void Boxes()
        {
            for (var i = 0; i < plan.Boxes.Count; i++)
            {
                var box = plan.Boxes[i];
                var at = $"$.boxes[{I(i)}]";
                if (box.Number != i + 1) Add(at + ".number", $"专栏编号应为 {I(i + 1)}，实际为 {I(box.Number)}");
                if (box.AfterTask < 1 || box.AfterTask > plan.Tasks.Count) Add(at + ".afterTask", $"任务 {I(box.AfterTask)} 不存在");
                for (var j = 0; j < box.Projects.Count; j++)
                {
                    var pr = box.Projects[j];
                    var pat = $"{at}.projects[{I(j)}]";
                    CheckCode(pr.Code, pat + ".code", _projectCodes, "项目");
                    if (pr.AreaM2 is < 0) Add(pat + ".areaM2", "面积不能为负");
                    if (pr.InvestmentWan is < 0) Add(pat + ".investmentWan", "投资不能为负");
                    if (pr.NewSeats is < 0) Add(pat + ".newSeats", "新增学位不能为负");
                    if (pr.Parts is { Count: > 0 } parts && pr.Dwellings is { } total
                        && parts.All(x => x.Dwellings is not null) && parts.Sum(x => x.Dwellings!.Value) != total)
                    {
                        Add(pat + ".parts", $"分项套数合计 {I(parts.Sum(x => x.Dwellings!.Value))} 与总套数 {I(total)} 不符");
                    }
                }
            }
        }

        private void CheckFormula(PlanIndicatorFormula f, string at)
        {
            if (f.Factor == 0m) Add(at + ".factor", "系数不能为 0");
            if (f.Decimals is < 0 or > 10) Add(at + ".decimals", "小数位数应在 0 到 10 之间");
            CheckExpression(f.Numerator, at + ".numerator");
            if (f.Denominator is { } d) CheckExpression(d, at + ".denominator");
        }

        private void CheckExpression(string text, string path)
        {
            try
            {
                var e = EduCounty.Indicators.Expressions.Expression.Parse(text);
                foreach (var r in e.Elements.Where(r => EduCounty.Indicators.DataElements.DataElementCatalog.Find(r.Code) is null))
                {
                    Add(path, $"未知的数据元素“{r.Code}”");
                }
            }
            catch (EduCounty.Indicators.Expressions.ExpressionParseException ex)
            {
                Add(path, "表达式" + ex.Message);
            }
        }

        /// <summary>The one review mark the evaluation knows: 待核实 (docs/adr/0026).</summary>
        private void CheckReview(string? review, string path)
        {
            if (review is not null && review != "待核实") Add(path, $"核实标记应为“待核实”，实际为“{review}”");
        }

        private void CheckCode(string code, string path, HashSet<string> seen, string what)
        {
            if (!CodeRegex().IsMatch(code))
            {
                Add(path, $"{what}编码“{code}”格式不对：应为小写英文、数字、下划线或连字符，以点分段");
            }
            else if (!seen.Add(code))
            {
                Add(path, $"{what}编码“{code}”重复");
            }
        }
    }
}
