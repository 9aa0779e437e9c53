using System.Globalization;
using System.Text.RegularExpressions;
using EduCounty.Common;
using EduCounty.Common.Tabular;

namespace EduCounty.DropoutPrevention;

/// <summary>One 劝返 attempt of a 台账 row (第N次劝返…): date, method code, participants, result, evidence, next planned date.</summary>
public sealed record LedgerStep(int Number, DateOnly Date, string Method, string Participants, string Result, string? Evidence, DateOnly? NextOn);

/// <summary>One 台账 row as read, its values parsed and checked on their own (the student is found later, in the reader's scope).</summary>
public sealed record LedgerLine(int Row, string? StudentNumber, string? IdNumber, string? Name, CaseKind Kind, CaseSource Source, DateOnly LeftOn,
    DateOnly? OpenedOn, string Causes, string? SchoolResponsible, string? TownshipResponsible, string? VillageResponsible, string? Notes,
    IReadOnlyList<LedgerStep> Steps, CaseClosure? Closure, DateOnly? ClosedOn, string? ClosureEvidence);

/// <summary>
/// A county's 控辍保学 台账 (辍学学生台账 / 疑似辍学学生台账) in the layout of dropout-prevention.md §5 ("台账 fields", a
/// derived design: no official template was found): one row per child — 学籍号 or 身份证件号, 姓名, 台账类型, 发现途径,
/// 离校日期, 建档日期, 辍学原因 (§3), the 联控联保 persons (§4: 学校, 乡镇, 村), 个案说明, the 劝返 attempts as numbered column
/// groups (第1次劝返日期, 第1次劝返方式, 第1次参与人, 第1次劝返结果, 第1次劝返证据, 第1次下次计划日期; §4 "record every 劝返
/// attempt"), and the 销号 (方式, 日期, 证据). Read through the one tabular reader; headers matched by name or alias.
/// </summary>
public static partial class DropoutLedgerFile
{
    /// <summary>Limits of a 台账 file (a county's cases: hundreds of rows).</summary>
    public static TabularLimits DefaultLimits { get; } = TabularLimits.Default with { MaxFileBytes = 20L * 1024 * 1024, MaxRows = 100_000 };

    /// <summary>The case columns: key, title in the template, required, aliases.</summary>
    public static readonly IReadOnlyList<(string Key, string Title, bool Required, string[] Aliases)> Columns =
    [
        ("number", "学籍号", false, ["全国学籍号", "学籍编号", "学生学籍号"]),
        ("id", "身份证件号", false, ["身份证号", "身份证件号码", "证件号码", "身份证号码"]),
        ("name", "姓名", false, ["学生姓名"]),
        ("kind", "台账类型", false, ["类型", "学生类型", "台账类别"]),
        ("source", "发现途径", false, ["来源", "发现方式"]),
        ("left", "离校日期", true, ["辍学日期", "辍学时间", "离校时间", "最后在校日期"]),
        ("opened", "建档日期", false, ["登记日期", "入账日期", "建档时间"]),
        ("causes", "辍学原因", false, ["原因", "辍学原因类型"]),
        ("school", "学校责任人", false, ["学校包联责任人", "校长班主任"]),
        ("town", "乡镇责任人", false, ["乡镇包联责任人", "包联干部"]),
        ("village", "村责任人", false, ["村(社区)责任人", "村干部", "村级责任人"]),
        ("notes", "个案说明", false, ["家庭情况", "备注"]),
        ("closure", "销号方式", false, ["销号类型", "销号状态"]),
        ("closedOn", "销号日期", false, ["销号时间"]),
        ("evidence", "销号证据", false, ["销号依据", "批准文号"]),
    ];

    /// <summary>The parts of a 劝返 attempt group: key, title after "第N次", aliases.</summary>
    private static readonly (string Key, string Title, string[] Aliases)[] StepParts =
    [
        ("date", "劝返日期", ["劝返时间"]),
        ("method", "劝返方式", []),
        ("people", "参与人", ["劝返人员", "参与人员"]),
        ("result", "劝返结果", []),
        ("evidence", "劝返证据", ["佐证材料"]),
        ("next", "下次计划日期", ["下次劝返日期"]),
    ];

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy/M/d", "yyyy.M.d", "yyyyMMdd", "yyyy-M-d"];

    [GeneratedRegex(@"^第(\d{1,2})次(.+)$")]
    private static partial Regex StepHeader();

    /// <summary>The column title of a step part of attempt <paramref name="n"/>.</summary>
    public static string StepTitle(int n, string key) => $"第{n}次{StepParts.First(p => p.Key == key).Title}";

    /// <summary>The case kind of a word (适龄未入学 is read, then refused by the import: no 学籍 to attach it to).</summary>
    public static CaseKind? Kind(string? text) => Norm(text) switch
    {
        null or "辍学" or "辍学学生" or "辍学学生台账" => CaseKind.Dropout,
        "疑似辍学" or "疑似辍学学生" or "疑似辍学学生台账" => CaseKind.SuspectedDropout,
        "适龄未入学" or "失学" or "适龄儿童台账" => CaseKind.NotEnrolled,
        _ => null,
    };

    /// <summary>The source of a word (发现途径, §5): 学校月报 or the 摸排/举报/督导 ways; 学籍异动 cases come from the sync only.</summary>
    public static CaseSource? Source(string? text) => Norm(text) switch
    {
        null or "学校月报" or "一月一报告" or "月报" => CaseSource.SchoolReport,
        "摸排" or "铁脚板摸排" or "四查三比对" or "举报" or "督导" or "人工登记" or "摸排、举报或督导" => CaseSource.Manual,
        _ => null,
    };

    /// <summary>The 销号 kind of a word (§5 status), or null for an empty cell; unknown words are an error.</summary>
    public static CaseClosure? Closure(string text) => Norm(text) switch
    {
        "已劝返复学" or "劝返复学" or "复学" => CaseClosure.Returned,
        "送教上门" => CaseClosure.HomeTeaching,
        "特教学校就读" or "特教学校" or "特殊教育学校就读" => CaseClosure.SpecialSchool,
        "依法延缓入学或休学" or "延缓入学" or "休学" or "依法延缓入学" or "依法休学" => CaseClosure.LegalExemption,
        _ => null,
    };

    private static string? Norm(string? text) => string.IsNullOrWhiteSpace(text) ? null : TabularHeader.Normalise(text);

    /// <summary>Reads the file: the lines whose values parse and the problems of the others (header problems stop at row 1).</summary>
    public static (List<LedgerLine> Lines, List<TabularIssue> Errors) Read(TabularFile file, DropoutRules rules)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(rules);
        var lines = new List<LedgerLine>();
        var errors = new List<TabularIssue>();
        Header? at = null;
        foreach (var row in file.Rows())
        {
            if (at is null)
            {
                at = ReadHeader(file.FileName, row, errors);
                if (errors.Count > 0)
                {
                    return (lines, errors);
                }
                continue;
            }
            if (!row.IsBlank && Line(file.FileName, row, at, rules, errors) is { } line)
            {
                lines.Add(line);
            }
        }
        if (at is null)
        {
            errors.Add(new TabularIssue(file.FileName, 1, null, null, "文件是空的（没有表头行）"));
        }
        return (lines, errors);
    }

    private sealed record Header(Dictionary<string, int> Case, SortedDictionary<int, Dictionary<string, int>> Steps);

    private static Header ReadHeader(string file, TabularRow row, List<TabularIssue> errors)
    {
        var at = new Dictionary<string, int>(StringComparer.Ordinal);
        var steps = new SortedDictionary<int, Dictionary<string, int>>();
        for (var c = 0; c < row.Cells.Length; c++)
        {
            var h = TabularHeader.WithoutBrackets(row[c]);
            var col = Columns.FirstOrDefault(x => x.Title == h || x.Aliases.Contains(h));
            if (col.Key is not null)
            {
                at.TryAdd(col.Key, c);
                continue;
            }
            var (n, part) = StepHeader().Match(h) is { Success: true } m ? (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m.Groups[2].Value) : (1, h);
            var p = StepParts.FirstOrDefault(x => x.Title == part || x.Aliases.Contains(part));
            if (p.Key is not null && n >= 1)
            {
                if (!steps.TryGetValue(n, out var group))
                {
                    steps[n] = group = new Dictionary<string, int>(StringComparer.Ordinal);
                }
                group.TryAdd(p.Key, c);
            }
        }
        foreach (var col in Columns.Where(x => x.Required && !at.ContainsKey(x.Key)))
        {
            errors.Add(new TabularIssue(file, row.Number, null, null, $"缺少“{col.Title}”列"));
        }
        if (!at.ContainsKey("number") && !at.ContainsKey("id"))
        {
            errors.Add(new TabularIssue(file, row.Number, null, null, "缺少“学籍号”或“身份证件号”列（至少一列用于找到学生）"));
        }
        foreach (var (n, group) in steps)
        {
            foreach (var key in new[] { "date", "method", "people", "result" }.Where(k => !group.ContainsKey(k)))
            {
                errors.Add(new TabularIssue(file, row.Number, null, null, $"有第{n}次劝返的列，但缺少“{StepTitle(n, key)}”列"));
            }
        }
        return new Header(at, steps);
    }

    private static LedgerLine? Line(string file, TabularRow row, Header h, DropoutRules rules, List<TabularIssue> errors)
    {
        var before = errors.Count;
        string? Cell(string key) => h.Case.TryGetValue(key, out var c) && row[c] is { } v && v.Trim().Length > 0 ? v.Trim() : null;
        string Title(string key) => Columns.First(x => x.Key == key).Title;
        void Error(string title, string? value, string reason) => errors.Add(new TabularIssue(file, row.Number, title, value, reason));
        DateOnly? Date(string title, string? value, bool required)
        {
            if (value is null)
            {
                if (required) Error(title, null, "不能为空");
                return null;
            }
            if (DateOnly.TryParseExact(value, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                return d;
            }
            Error(title, value, "日期应为 yyyy-MM-dd");
            return null;
        }
        string? Text(string key, int max)
        {
            var v = Cell(key);
            if (v is not null && v.Length > max)
            {
                Error(Title(key), v, $"不能超过 {max} 个字（实际 {v.Length} 个）");
            }
            return v;
        }
        var number = Cell("number")?.ToUpperInvariant();
        var id = Cell("id")?.ToUpperInvariant();
        if (number is null && id is null)
        {
            Error("学籍号", null, "学籍号和身份证件号不能都为空");
        }
        else if (number is null && IdNumber.Validate(id) is { } bad)
        {
            Error("身份证件号", IdNumber.Mask(id), bad);
        }
        var kind = Kind(Cell("kind"));
        if (kind is null)
        {
            Error(Title("kind"), Cell("kind"), "应为 辍学、疑似辍学 或 适龄未入学");
        }
        var source = Source(Cell("source"));
        if (source is null)
        {
            Error(Title("source"), Cell("source"), "应为 学校月报、摸排、四查三比对、举报 或 督导（学籍异动产生的个案由系统按学籍自动建立）");
        }
        var left = Date(Title("left"), Cell("left"), true);
        var opened = Date(Title("opened"), Cell("opened"), false);
        if (left is { } l && opened is { } o && o < l)
        {
            Error(Title("opened"), Cell("opened"), $"建档日期早于离校日期 {l:yyyy-MM-dd}");
        }
        var causes = "";
        if (Cell("causes") is { } words)
        {
            var codes = new List<string>();
            foreach (var w in words.Split(['、', ',', '，', ';', '；', '/'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var code = rules.Causes.FirstOrDefault(c => c.Code.Equals(w, StringComparison.OrdinalIgnoreCase) || c.Name == w || c.Name.StartsWith(w, StringComparison.Ordinal) || w.Contains(c.Name, StringComparison.Ordinal));
                if (code is null)
                {
                    Error(Title("causes"), w, $"未知的辍学原因，可选：{string.Join("、", rules.Causes.Select(x => x.Name))}");
                }
                else if (!codes.Contains(code.Code))
                {
                    codes.Add(code.Code);
                }
            }
            causes = string.Join(",", codes);
        }
        var steps = Steps(file, row, h, rules, left, errors);
        CaseClosure? closure = null;
        if (Cell("closure") is { } cw)
        {
            closure = Closure(cw);
            if (closure is null) Error(Title("closure"), cw, "应为 已劝返复学、送教上门、特教学校就读 或 依法延缓入学或休学");
        }
        var closedOn = Date(Title("closedOn"), Cell("closedOn"), closure is not null);
        if (closure is null && closedOn is not null)
        {
            Error(Title("closure"), null, "填写了销号日期，但没有销号方式");
        }
        if (closedOn is { } cd && left is { } lc && cd < lc)
        {
            Error(Title("closedOn"), Cell("closedOn"), $"销号日期早于离校日期 {lc:yyyy-MM-dd}");
        }
        var (school, town, village, notes, evidence) = (Text("school", 100), Text("town", 100), Text("village", 100), Text("notes", 2000), Text("evidence", 1000));
        return errors.Count > before ? null
            : new LedgerLine(row.Number, number, id, Cell("name"), kind!.Value, source!.Value, left!.Value, opened, causes, school, town, village, notes, steps,
                closure, closedOn, evidence);
    }

    /// <summary>The 劝返 attempts of a row (第N次… groups; an all-empty group is skipped), each checked; problems added to <paramref name="errors"/>.</summary>
    private static List<LedgerStep> Steps(string file, TabularRow row, Header h, DropoutRules rules, DateOnly? left, List<TabularIssue> errors)
    {
        void Error(string title, string? value, string reason) => errors.Add(new TabularIssue(file, row.Number, title, value, reason));
        DateOnly? Date(string title, string? value, bool required)
        {
            if (value is null)
            {
                if (required) Error(title, null, "不能为空");
                return null;
            }
            if (DateOnly.TryParseExact(value, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                return d;
            }
            Error(title, value, "日期应为 yyyy-MM-dd");
            return null;
        }
        var steps = new List<LedgerStep>();
        foreach (var (n, group) in h.Steps)
        {
            string? Part(string key) => group.TryGetValue(key, out var c) && row[c] is { } v && v.Trim().Length > 0 ? v.Trim() : null;
            if (group.Keys.All(k => Part(k) is null))
            {
                continue;
            }
            var date = Date(StepTitle(n, "date"), Part("date"), true);
            var methodWord = Part("method");
            var method = methodWord is null ? null : rules.Methods.FirstOrDefault(m => m.Code.Equals(methodWord, StringComparison.OrdinalIgnoreCase) || m.Name == methodWord);
            if (method is null)
            {
                Error(StepTitle(n, "method"), methodWord, methodWord is null ? "不能为空" : $"应为 {string.Join("、", rules.Methods.Select(x => x.Name))}");
            }
            var people = Part("people");
            if (people is null) Error(StepTitle(n, "people"), null, "不能为空（请填写参与劝返的人员）");
            else if (people.Length > 200) Error(StepTitle(n, "people"), people, $"不能超过 200 个字（实际 {people.Length} 个）");
            var result = Part("result");
            if (result is null) Error(StepTitle(n, "result"), null, "不能为空");
            else if (result.Length > 1000) Error(StepTitle(n, "result"), result, $"不能超过 1000 个字（实际 {result.Length} 个）");
            var next = Date(StepTitle(n, "next"), Part("next"), false);
            if (date is { } d)
            {
                if (left is { } lo && d < lo) Error(StepTitle(n, "date"), Part("date"), $"劝返日期早于离校日期 {lo:yyyy-MM-dd}");
                if (next is { } nx && nx <= d) Error(StepTitle(n, "next"), Part("next"), $"下次计划日期须晚于本次劝返日期 {d:yyyy-MM-dd}");
                if (steps.Count > 0 && d < steps[^1].Date) Error(StepTitle(n, "date"), Part("date"), $"早于第{steps[^1].Number}次劝返日期 {steps[^1].Date:yyyy-MM-dd}");
            }
            if (date is not null && method is not null && people is not null && result is not null)
            {
                steps.Add(new LedgerStep(n, date.Value, method.Code, people, result, Part("evidence"), next));
            }
        }
        return steps;
    }
}
