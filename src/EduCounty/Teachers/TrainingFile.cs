using System.Globalization;
using EduCounty.Common.Tabular;

namespace EduCounty.Teachers;

/// <summary>One row of a training file as read: who (工号 or 身份证件号, 姓名) and the course, values parsed and checked on their own.</summary>
public sealed record TrainingLine(int Row, string? StaffNumber, string? IdNumber, string? Name, string Course, AuthorityLevel Level, TrainingMode Mode,
    DateOnly StartDate, DateOnly EndDate, double? Hours, double? Credits, double? Days, string? CertificateNumber, string? Organiser);

/// <summary>
/// The training-record file in the layout of the national 教师管理信息系统's 国内培训 tab (teachers.md §9: 年度, 项目, 级别,
/// 学时/学分 [C]) plus the dates, form and certificate: read through the one tabular reader (Common/Tabular), headers
/// matched by their national names or common aliases, every value checked with a message naming file, row and column.
/// </summary>
public static class TrainingFile
{
    /// <summary>Limits of a training file (a county's teachers × a few courses a year; Common/Tabular README).</summary>
    public static TabularLimits DefaultLimits { get; } = TabularLimits.Default with { MaxFileBytes = 100L * 1024 * 1024, MaxRows = 1_000_000 };

    /// <summary>The columns: title in the template, then the aliases a national or provincial export uses.</summary>
    public static readonly IReadOnlyList<(string Key, string Title, bool Required, string[] Aliases)> Columns =
    [
        ("staff", "工号", false, ["教职工号", "教师编号", "教职工编号"]),
        ("id", "身份证件号", false, ["身份证号", "身份证件号码", "证件号码"]),
        ("name", "姓名", false, []),
        ("course", "培训项目名称", true, ["项目名称", "培训项目", "课程名称", "培训名称"]),
        ("level", "培训级别", true, ["级别", "项目级别"]),
        ("mode", "培训形式", true, ["培训方式", "形式"]),
        ("start", "开始日期", true, ["培训开始日期", "起始日期", "开始时间"]),
        ("end", "结束日期", true, ["培训结束日期", "截止日期", "结束时间"]),
        ("hours", "学时", false, ["培训学时", "获得学时"]),
        ("credits", "学分", false, ["培训学分", "获得学分"]),
        ("days", "企业实践天数", false, ["实践天数", "天数"]),
        ("certificate", "证书编号", false, ["结业证书编号", "培训证书编号"]),
        ("organiser", "培训机构", false, ["主办单位", "培训机构名称", "承办单位"]),
    ];

    private static readonly Dictionary<string, AuthorityLevel> LevelWords = new(StringComparer.Ordinal)
    {
        ["国家级"] = AuthorityLevel.National,
        ["国培"] = AuthorityLevel.National,
        ["自治区级"] = AuthorityLevel.Region,
        ["省级"] = AuthorityLevel.Region,
        ["区级"] = AuthorityLevel.Region,
        ["州级"] = AuthorityLevel.Prefecture,
        ["地市级"] = AuthorityLevel.Prefecture,
        ["地州级"] = AuthorityLevel.Prefecture,
        ["县级"] = AuthorityLevel.County,
        ["县(市)级"] = AuthorityLevel.County,
        ["县市级"] = AuthorityLevel.County,
        ["市级"] = AuthorityLevel.County,
        ["校级"] = AuthorityLevel.School,
        ["校本"] = AuthorityLevel.School,
    };

    private static readonly Dictionary<string, TrainingMode> ModeWords = new(StringComparer.Ordinal)
    {
        ["集中培训"] = TrainingMode.Centralised,
        ["集中"] = TrainingMode.Centralised,
        ["面授"] = TrainingMode.Centralised,
        ["线下"] = TrainingMode.Centralised,
        ["网络研修"] = TrainingMode.Online,
        ["网络"] = TrainingMode.Online,
        ["线上"] = TrainingMode.Online,
        ["在线"] = TrainingMode.Online,
        ["网络培训"] = TrainingMode.Online,
        ["校本研修"] = TrainingMode.SchoolBased,
        ["校本"] = TrainingMode.SchoolBased,
        ["校本培训"] = TrainingMode.SchoolBased,
        ["混合式"] = TrainingMode.Mixed,
        ["混合"] = TrainingMode.Mixed,
        ["企业实践"] = TrainingMode.EnterprisePractice,
        ["企业实训"] = TrainingMode.EnterprisePractice,
        ["实训基地实训"] = TrainingMode.EnterprisePractice,
    };

    /// <summary>The level of a word (阜康市 is a 县级市: "市级" is read as 县(市)级), or null.</summary>
    public static AuthorityLevel? Level(string? text) =>
        text is null ? null : LevelWords.TryGetValue(TabularHeader.Normalise(text), out var l) ? l : TeacherLabels.Parse<AuthorityLevel>(text, TeacherLabels.Of);

    /// <summary>The form of a word, or null.</summary>
    public static TrainingMode? Mode(string? text) =>
        text is null ? null : ModeWords.TryGetValue(TabularHeader.Normalise(text), out var m) ? m : TeacherLabels.Parse<TrainingMode>(text, TeacherLabels.Of);

    /// <summary>Reads the file: the lines whose values parse and the problems of the others (header problems stop at row 1).</summary>
    public static (List<TrainingLine> Lines, List<TabularIssue> Errors) Read(TabularFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var lines = new List<TrainingLine>();
        var errors = new List<TabularIssue>();
        Dictionary<string, int>? at = null;
        foreach (var row in file.Rows())
        {
            if (at is null)
            {
                at = Header(file.FileName, row, errors);
                if (errors.Count > 0)
                {
                    return (lines, errors);
                }
                continue;
            }
            if (!row.IsBlank && Line(file.FileName, row, at, errors) is { } line)
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

    private static Dictionary<string, int> Header(string file, TabularRow row, List<TabularIssue> errors)
    {
        var at = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var c = 0; c < row.Cells.Length; c++)
        {
            var h = TabularHeader.WithoutBrackets(row[c]);
            var col = Columns.FirstOrDefault(x => x.Title == h || x.Aliases.Contains(h));
            if (col.Key is not null && !at.ContainsKey(col.Key))
            {
                at[col.Key] = c;
            }
        }
        foreach (var col in Columns.Where(x => x.Required && !at.ContainsKey(x.Key)))
        {
            errors.Add(new TabularIssue(file, row.Number, null, null, $"缺少“{col.Title}”列"));
        }
        if (!at.ContainsKey("staff") && !at.ContainsKey("id"))
        {
            errors.Add(new TabularIssue(file, row.Number, null, null, "缺少“工号”或“身份证件号”列（至少一列用于找到教师）"));
        }
        return at;
    }

    private static TrainingLine? Line(string file, TabularRow row, Dictionary<string, int> at, List<TabularIssue> errors)
    {
        var before = errors.Count;
        string? Cell(string key) => at.TryGetValue(key, out var c) && row[c] is { Length: > 0 } v ? v : null;
        string Title(string key) => Columns.First(x => x.Key == key).Title;
        void Error(string key, string reason) => errors.Add(new TabularIssue(file, row.Number, Title(key), Cell(key), reason));
        DateOnly? Date(string key)
        {
            if (Cell(key) is not { } v)
            {
                Error(key, "不能为空");
                return null;
            }
            if (DateOnly.TryParseExact(v, ["yyyy-MM-dd", "yyyy/M/d", "yyyy.M.d", "yyyyMMdd", "yyyy-M-d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                return d;
            }
            Error(key, "日期应为 yyyy-MM-dd");
            return null;
        }
        double? Number(string key)
        {
            if (Cell(key) is not { } v)
            {
                return null;
            }
            if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n > 0 && n < 100_000)
            {
                return n;
            }
            Error(key, "应为大于 0 的数");
            return null;
        }
        var staff = Cell("staff");
        var id = Cell("id");
        if (staff is null && id is null)
        {
            errors.Add(new TabularIssue(file, row.Number, "工号", null, "工号和身份证件号不能都为空"));
        }
        var course = Cell("course");
        if (course is null)
        {
            Error("course", "不能为空");
        }
        else if (course.Length > 200)
        {
            Error("course", $"不能超过 200 个字（实际 {course.Length} 个）");
        }
        var level = Level(Cell("level"));
        if (level is null)
        {
            Error("level", "应为 国家级、自治区级（省级）、州级、县级 或 校级");
        }
        var mode = Mode(Cell("mode"));
        if (mode is null)
        {
            Error("mode", "应为 集中培训、网络研修、校本研修、混合式 或 企业实践");
        }
        var (start, end) = (Date("start"), Date("end"));
        if (start is { } s && end is { } e && e < s)
        {
            Error("end", $"结束日期早于开始日期 {s:yyyy-MM-dd}");
        }
        var (hours, credits, days) = (Number("hours"), Number("credits"), Number("days"));
        return errors.Count > before ? null
            : new TrainingLine(row.Number, staff, id, Cell("name"), course!, level!.Value, mode!.Value, start!.Value, end!.Value, hours, credits, days,
                Cell("certificate"), Cell("organiser"));
    }
}
