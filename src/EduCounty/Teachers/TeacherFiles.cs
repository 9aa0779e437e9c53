using System.Globalization;
using EduCounty.Common;
using EduCounty.Common.Tabular;

namespace EduCounty.Teachers;

/// <summary>The 教师队伍 files a county can import (CLI <c>teachers … import</c>, the upload on /teachers).</summary>
public enum TeacherImportKind
{
    /// <summary>继续教育 (<see cref="TrainingFile"/>).</summary>
    Training = 1,

    /// <summary>交流轮岗 roster (tab 15 of the national record).</summary>
    Rotation = 2,

    /// <summary>教师资格 (tab 8).</summary>
    Qualification = 3,

    /// <summary>职称 / 专业技术职务聘任 (tab 5).</summary>
    Title = 4,

    /// <summary>骨干教师 / 学科带头人 / 教学能手 titles (no national tab: a bureau's 名册).</summary>
    KeyTitle = 5,

    /// <summary>职业教育"双师型"教师认定 (教师厅〔2022〕2号; no national tab: a province's 认定名单, teachers.md §8).</summary>
    Dual = 6,

    /// <summary>校长/副校长 任职 (届) — tab 4 岗位聘任 of the national record [unverified field list], teachers.md §2, §9.</summary>
    Principal = 7,

    /// <summary>县管校聘 竞聘结果 (teachers.md §3; no national tab: a bureau's 竞聘结果名单 [unverified layout]).</summary>
    Hiring = 8,
}

/// <summary>A column of a 教师队伍 file: key, title in the template, required, aliases read as the same column, and what to write.</summary>
public sealed record TeacherColumn(string Key, string Title, bool Required, string[] Aliases, string Hint);

/// <summary>Who a row is about: 工号 or 身份证件号 (one is needed), and 姓名 checked against the registry when given.</summary>
public sealed record TeacherRef(int Row, string? StaffNumber, string? IdNumber, string? Name);

public sealed record RotationLine(TeacherRef Who, int Year, string FromCode, string ToCode, RotationKind Kind, DateOnly StartDate, DateOnly? EndDate, bool? Key);

public sealed record QualificationLine(TeacherRef Who, TeacherCertificateType Type, string? Subject, string? CertificateNumber, DateOnly? IssuedOn, string? IssuedBy);

public sealed record TitleLine(TeacherRef Who, Title Title, DateOnly AppointedOn);

public sealed record DualLine(TeacherRef Who, DualQualifiedLevel Level, DateOnly CertifiedOn, DateOnly? ValidUntil, string? Authority);

public sealed record HiringLine(TeacherRef Who, int Year, string SchoolCode, HiringOutcome Outcome, string? ToCode, DateOnly DecidedOn);

public sealed record PrincipalLine(TeacherRef Who, string SchoolCode, PrincipalPost Post, DateOnly StartDate, DateOnly? EndDate);

public sealed record KeyTitleLine(TeacherRef Who, KeyTitleKind Kind, AuthorityLevel Level, string? Subject, string? AwardedBy, DateOnly AwardedOn, DateOnly? ValidUntil);

/// <summary>
/// The layouts of the rotation roster, certificates, 职称 and 骨干 files and their reader, made like <see cref="TrainingFile"/>:
/// one tabular reader (Common/Tabular), headers matched by the national 教师管理信息系统 names (teachers.md §9: tab 15
/// 交流轮岗 "是否交流, 类型, 起止年月, 原单位, 交流单位", tab 8 教师资格 "资格种类, 任教学科, 证书号码, 认定日期, 认定机构",
/// tab 5 专业技术职务聘任 "职称, 聘任起止" — all [unverified field list]) or aliases a bureau's own 名册 uses; the 骨干 file
/// has no national tab, its columns are those of teachers.md §7's model (称号, 级别, 学科, 认定单位, 认定日期, 有效期至).
/// Every value is checked with a message naming file, row and column.
/// </summary>
public static class TeacherFiles
{
    private static readonly TeacherColumn[] Who =
    [
        new("staff", "工号", false, ["教职工号", "教师编号", "教职工编号"], "工号和身份证件号至少填一项"),
        new("id", "身份证件号", false, ["身份证号", "身份证件号码", "证件号码"], "18 位居民身份证号"),
        new("name", "姓名", false, [], "填写时须与教职工记录一致"),
    ];

    /// <summary>The columns of a file kind (the training file's are <see cref="TrainingFile.Columns"/>).</summary>
    public static IReadOnlyList<TeacherColumn> Columns(TeacherImportKind kind) => kind switch
    {
        TeacherImportKind.Rotation =>
        [
            .. Who,
            new("year", "学年", true, ["交流学年", "年度"], "如 2024-2025"),
            new("from", "原学校标识码", true, ["原单位标识码", "派出学校标识码", "原学校代码"], "10 位学校标识码"),
            new("to", "交流学校标识码", true, ["交流单位标识码", "接收学校标识码", "交流学校代码"], "10 位学校标识码，本县域内另一所学校"),
            new("kind", "交流方式", true, ["交流类型", "交流形式", "类型"], "交流、支教、走教 或 集团内交流"),
            new("start", "开始日期", true, ["交流开始日期", "起始日期"], "yyyy-MM-dd，在该学年内"),
            new("end", "结束日期", false, ["交流结束日期", "截止日期"], "yyyy-MM-dd"),
            new("key", "是否骨干", false, ["是否骨干教师", "骨干教师"], "是 或 否；填“是”须已有县级及以上骨干记录"),
        ],
        TeacherImportKind.Qualification =>
        [
            .. Who,
            new("type", "资格种类", true, ["教师资格种类", "教师资格证种类", "资格类别"], "幼儿园、小学、初中、高中、中职专业课、中职实习指导 或 高校"),
            new("subject", "任教学科", false, ["资格学科", "学科"], "如 语文"),
            new("number", "证书号码", false, ["教师资格证号码", "资格证书号码", "证书编号"], ""),
            new("issued", "取得日期", false, ["认定日期", "发证日期"], "yyyy-MM-dd"),
            new("authority", "认定机构", false, ["发证机关", "认定机构名称"], ""),
        ],
        TeacherImportKind.Title =>
        [
            .. Who,
            new("title", "职称", true, ["专业技术职务", "专业技术职务级别", "职称级别", "职务级别"], "正高级、高级、一级、二级、三级 或 未定级（旧称如 中学高级教师 可用）"),
            new("date", "聘任日期", true, ["聘任开始日期", "聘任起始日期", "聘任时间"], "yyyy-MM-dd"),
        ],
        TeacherImportKind.KeyTitle =>
        [
            .. Who,
            new("kind", "称号", true, ["称号名称", "荣誉称号", "骨干类别"], "学科带头人、骨干教师、教学能手、名师 或 特级教师"),
            new("level", "级别", true, ["称号级别", "认定级别"], "国家级、自治区级、州级、县级 或 校级"),
            new("subject", "学科", false, ["任教学科"], ""),
            new("by", "认定单位", false, ["认定机构", "授予单位"], ""),
            new("from", "任期开始", true, ["认定日期", "任期起", "开始日期"], "yyyy-MM-dd"),
            new("until", "任期结束", false, ["有效期至", "任期止", "结束日期"], "yyyy-MM-dd，空表示未定"),
        ],
        TeacherImportKind.Dual =>
        [
            .. Who,
            new("level", "认定级别", true, ["双师型级别", "级别", "双师型教师级别"], "初级、中级 或 高级（各省认定标准，teachers.md §8）"),
            new("date", "认定日期", true, ["认定时间", "取得日期"], "yyyy-MM-dd"),
            new("until", "有效期至", false, ["有效期", "认定有效期至"], "yyyy-MM-dd，空表示未定"),
            new("authority", "认定机构", false, ["认定单位", "发证机关"], ""),
        ],
        TeacherImportKind.Principal =>
        [
            .. Who,
            new("school", "学校标识码", true, ["任职学校标识码", "学校代码"], "10 位学校标识码，本县域内的学校"),
            new("post", "职务", true, ["岗位", "任职岗位", "领导职务"], "校长 或 副校长"),
            new("start", "任职开始", true, ["任期开始", "聘任开始日期", "任职日期"], "yyyy-MM-dd，本届任期的开始"),
            new("end", "任职结束", false, ["任期结束", "聘任结束日期"], "yyyy-MM-dd，本届任期的结束（空表示未定）"),
        ],
        TeacherImportKind.Hiring =>
        [
            .. Who,
            new("year", "学年", true, ["竞聘学年", "年度"], "如 2024-2025"),
            new("school", "竞聘学校标识码", true, ["原学校标识码", "所在学校标识码", "学校标识码"], "10 位学校标识码：教师竞聘前任教的学校"),
            new("outcome", "竞聘结果", true, ["结果", "聘用结果"], "本校聘任、跨校竞聘、组织调剂 或 待岗培训"),
            new("to", "聘任学校标识码", false, ["调剂学校标识码", "受聘学校标识码"], "跨校竞聘、组织调剂必填：本县域内另一所学校；本校聘任、待岗培训不填"),
            new("date", "生效日期", true, ["聘任日期", "调剂日期", "日期"], "yyyy-MM-dd，在该学年内"),
        ],
        _ => [.. TrainingFile.Columns.Select(c => new TeacherColumn(c.Key, c.Title, c.Required, c.Aliases, ""))],
    };

    /// <summary>The Chinese name of a file kind.</summary>
    public static string Name(TeacherImportKind kind) => kind switch
    {
        TeacherImportKind.Training => "继续教育记录",
        TeacherImportKind.Rotation => "交流轮岗名单",
        TeacherImportKind.Qualification => "教师资格证",
        TeacherImportKind.Title => "职称聘任",
        TeacherImportKind.Dual => "双师型教师认定",
        TeacherImportKind.Principal => "校长任职",
        TeacherImportKind.Hiring => "县管校聘竞聘结果",
        _ => "骨干教师称号",
    };

    private static readonly Dictionary<string, RotationKind> KindWords = new(StringComparer.Ordinal)
    {
        ["交流"] = RotationKind.Exchange,
        ["交流轮岗"] = RotationKind.Exchange,
        ["轮岗"] = RotationKind.Exchange,
        ["调动"] = RotationKind.Exchange,
        ["支教"] = RotationKind.SupportTeaching,
        ["走教"] = RotationKind.ItinerantTeaching,
        ["集团内交流"] = RotationKind.GroupExchange,
        ["学区内交流"] = RotationKind.GroupExchange,
    };

    private static readonly Dictionary<string, TeacherCertificateType> TypeWords = new(StringComparer.Ordinal)
    {
        ["幼儿园"] = TeacherCertificateType.Kindergarten,
        ["小学"] = TeacherCertificateType.Primary,
        ["初中"] = TeacherCertificateType.Junior,
        ["初级中学"] = TeacherCertificateType.Junior,
        ["高中"] = TeacherCertificateType.Senior,
        ["高级中学"] = TeacherCertificateType.Senior,
        ["中职专业课"] = TeacherCertificateType.Vocational,
        ["中职"] = TeacherCertificateType.Vocational,
        ["中等职业学校"] = TeacherCertificateType.Vocational,
        ["中职实习指导"] = TeacherCertificateType.VocationalPractice,
        ["中等职业学校实习指导"] = TeacherCertificateType.VocationalPractice,
        ["高校"] = TeacherCertificateType.HigherEducation,
        ["高等学校"] = TeacherCertificateType.HigherEducation,
    };

    /// <summary>
    /// 职称 words: the unified series' levels (teachers.md §6, 正高级/高级/一级/二级/三级 [unverified]), the grade equivalents of
    /// §6 (正高/副高/中级/助理级/员级 [unverified]) and the pre-2015 names mapped as the 2015 reform did (原中学高级 → 高级;
    /// 原中学一级、小学高级 → 一级; 原中学二级、小学一级 → 二级; 原中学三级、小学二级、三级 → 三级 — [unverified], from memory
    /// of 人社部发〔2015〕79号; a province may map otherwise).
    /// </summary>
    private static readonly Dictionary<string, Title> TitleWords = new(StringComparer.Ordinal)
    {
        ["正高级"] = Title.Senior,
        ["正高级教师"] = Title.Senior,
        ["正高"] = Title.Senior,
        ["高级"] = Title.SubSenior,
        ["高级教师"] = Title.SubSenior,
        ["副高级"] = Title.SubSenior,
        ["副高"] = Title.SubSenior,
        ["中学高级教师"] = Title.SubSenior,
        ["一级"] = Title.First,
        ["一级教师"] = Title.First,
        ["中级"] = Title.First,
        ["中学一级教师"] = Title.First,
        ["小学高级教师"] = Title.First,
        ["二级"] = Title.Second,
        ["二级教师"] = Title.Second,
        ["助理级"] = Title.Second,
        ["初级"] = Title.Second,
        ["中学二级教师"] = Title.Second,
        ["小学一级教师"] = Title.Second,
        ["三级"] = Title.Third,
        ["三级教师"] = Title.Third,
        ["员级"] = Title.Third,
        ["中学三级教师"] = Title.Third,
        ["小学二级教师"] = Title.Third,
        ["小学三级教师"] = Title.Third,
        ["未定级"] = Title.None,
        ["无"] = Title.None,
    };

    public static RotationKind? RotationKindOf(string? text) =>
        text is null ? null : KindWords.TryGetValue(TabularHeader.Normalise(text), out var k) ? k : TeacherLabels.Parse<RotationKind>(text, TeacherLabels.Of);

    public static TeacherCertificateType? CertificateTypeOf(string? text)
    {
        if (text is null)
        {
            return null;
        }
        var t = TabularHeader.Normalise(text);
        foreach (var suffix in new[] { "教师资格证", "教师资格", "" })
        {
            if (t.EndsWith(suffix, StringComparison.Ordinal) && TypeWords.TryGetValue(t[..^suffix.Length], out var v))
            {
                return v;
            }
        }
        return TeacherLabels.Parse<TeacherCertificateType>(text, TeacherLabels.Of);
    }

    public static Title? TitleOf(string? text) =>
        text is null ? null : TitleWords.TryGetValue(TabularHeader.Normalise(text), out var t) ? t : Enum.GetValues<Title>().Cast<Title?>().FirstOrDefault(v => Labels.Of(v!.Value) == text.Trim());

    public static KeyTitleKind? KeyTitleKindOf(string? text) => TeacherLabels.Parse<KeyTitleKind>(text, TeacherLabels.Of);

    /// <summary>Reads a file of <paramref name="kind"/> (not the training file): the lines whose values parse and the problems of the others.</summary>
    public static (List<T> Lines, List<TabularIssue> Errors) Read<T>(TabularFile file, TeacherImportKind kind, Func<RowReader, T?> line) where T : class
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(line);
        var columns = Columns(kind);
        var lines = new List<T>();
        var errors = new List<TabularIssue>();
        Dictionary<string, int>? at = null;
        foreach (var row in file.Rows())
        {
            if (at is null)
            {
                at = Header(file.FileName, row, columns, errors);
                if (errors.Count > 0)
                {
                    return (lines, errors);
                }
                continue;
            }
            if (!row.IsBlank)
            {
                var reader = new RowReader(file.FileName, row, at, columns, errors);
                var who = reader.Who();
                if (line(reader) is { } l && !reader.Failed && who is not null)
                {
                    lines.Add(l);
                }
            }
        }
        if (at is null)
        {
            errors.Add(new TabularIssue(file.FileName, 1, null, null, "文件是空的（没有表头行）"));
        }
        return (lines, errors);
    }

    private static Dictionary<string, int> Header(string file, TabularRow row, IReadOnlyList<TeacherColumn> columns, List<TabularIssue> errors)
    {
        var at = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var c = 0; c < row.Cells.Length; c++)
        {
            var h = TabularHeader.WithoutBrackets(row[c]);
            if (columns.FirstOrDefault(x => x.Title == h || x.Aliases.Contains(h)) is { } col && !at.ContainsKey(col.Key))
            {
                at[col.Key] = c;
            }
        }
        foreach (var col in columns.Where(x => x.Required && !at.ContainsKey(x.Key)))
        {
            errors.Add(new TabularIssue(file, row.Number, null, null, $"缺少“{col.Title}”列"));
        }
        if (!at.ContainsKey("staff") && !at.ContainsKey("id"))
        {
            errors.Add(new TabularIssue(file, row.Number, null, null, "缺少“工号”或“身份证件号”列（至少一列用于找到教师）"));
        }
        return at;
    }

    /// <summary>One row's cells by column key, with the checks every layout uses; each problem is added to the file's errors.</summary>
    public sealed class RowReader
    {
        private readonly string file;
        private readonly TabularRow row;
        private readonly Dictionary<string, int> at;
        private readonly IReadOnlyList<TeacherColumn> columns;
        private readonly List<TabularIssue> errors;
        private readonly int before;

        internal RowReader(string file, TabularRow row, Dictionary<string, int> at, IReadOnlyList<TeacherColumn> columns, List<TabularIssue> errors)
        {
            (this.file, this.row, this.at, this.columns, this.errors) = (file, row, at, columns, errors);
            before = errors.Count;
        }

        public int Number => row.Number;

        /// <summary>Some value of this row was refused.</summary>
        public bool Failed => errors.Count > before;

        public string? Cell(string key) => at.TryGetValue(key, out var c) && row[c]?.Trim() is { Length: > 0 } v ? v : null;

        public void Error(string key, string reason) => errors.Add(new TabularIssue(file, row.Number, columns.First(x => x.Key == key).Title, Cell(key), reason));

        /// <summary>A text of at most <paramref name="max"/> characters, or null.</summary>
        public string? Text(string key, int max)
        {
            var v = Cell(key);
            if (v is { Length: var n } && n > max)
            {
                Error(key, $"不能超过 {max} 个字（实际 {n} 个）");
                return null;
            }
            return v;
        }

        public DateOnly? Date(string key, bool required)
        {
            if (Cell(key) is not { } v)
            {
                if (required)
                {
                    Error(key, "不能为空");
                }
                return null;
            }
            if (DateOnly.TryParseExact(v, ["yyyy-MM-dd", "yyyy/M/d", "yyyy.M.d", "yyyyMMdd", "yyyy-M-d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                return d;
            }
            Error(key, "日期应为 yyyy-MM-dd");
            return null;
        }

        /// <summary>A code read by <paramref name="parse"/>; empty or unknown is an error naming the choices (<paramref name="choices"/>).</summary>
        public TCode? Code<TCode>(string key, Func<string?, TCode?> parse, string choices) where TCode : struct
        {
            var v = Cell(key);
            if (v is null)
            {
                Error(key, "不能为空");
                return null;
            }
            if (parse(v) is { } c)
            {
                return c;
            }
            Error(key, "应为 " + choices);
            return null;
        }

        /// <summary>是/否 (also 1/0, Y/N), or null when empty.</summary>
        public bool? YesNo(string key)
        {
            var v = Cell(key);
            switch (v)
            {
                case null:
                    return null;
                case "是" or "1" or "Y" or "y" or "有":
                    return true;
                case "否" or "0" or "N" or "n" or "无":
                    return false;
                default:
                    Error(key, "应为 是 或 否");
                    return null;
            }
        }

        /// <summary>The row's teacher reference; both 工号 and 身份证件号 empty is an error.</summary>
        public TeacherRef? Who()
        {
            var (staff, id) = (Cell("staff"), Cell("id"));
            if (staff is null && id is null)
            {
                errors.Add(new TabularIssue(file, row.Number, "工号", null, "工号和身份证件号不能都为空"));
                return null;
            }
            return new TeacherRef(row.Number, staff, id, Cell("name"));
        }
    }

    /// <summary>The row's 学年 (2024-2025) as its first year; an error named on the column when blank or malformed.</summary>
    private static int? YearOf(RowReader r)
    {
        if (r.Cell("year") is not { } y)
        {
            r.Error("year", "不能为空");
            return null;
        }
        if (SchoolYear.TryParse(y, out var sy))
        {
            return sy.StartYear;
        }
        r.Error("year", "学年应写作 2024-2025");
        return null;
    }

    /// <summary>Reads a rotation roster row.</summary>
    internal static RotationLine? RotationRow(RowReader r)
    {
        var year = YearOf(r);
        var from = SchoolCode(r, "from");
        var to = SchoolCode(r, "to");
        if (from is not null && from == to)
        {
            r.Error("to", "交流学校与原学校相同");
        }
        var kind = r.Code("kind", RotationKindOf, "交流、支教、走教 或 集团内交流");
        var start = r.Date("start", true);
        var end = r.Date("end", false);
        if (start is { } s && end is { } e && e < s)
        {
            r.Error("end", $"结束日期早于开始日期 {s:yyyy-MM-dd}");
        }
        if (start is { } s2 && year is { } yy && SchoolYear.Containing(s2).StartYear != yy)
        {
            r.Error("start", $"开始日期不在 {new SchoolYear(yy)} 学年内（{new SchoolYear(yy).FirstDay:yyyy-MM-dd} 至 {new SchoolYear(yy).LastDay:yyyy-MM-dd}）");
        }
        var key = r.YesNo("key");
        return r.Failed ? null : new RotationLine(new TeacherRef(r.Number, r.Cell("staff"), r.Cell("id"), r.Cell("name")), year!.Value, from!, to!, kind!.Value, start!.Value, end, key);
    }

    private static string? SchoolCode(RowReader r, string key)
    {
        var v = r.Cell(key);
        if (v is null)
        {
            r.Error(key, "不能为空");
            return null;
        }
        if (v.Length != 10 || !v.All(char.IsAsciiDigit))
        {
            r.Error(key, "学校标识码应为 10 位数字");
            return null;
        }
        return v;
    }

    /// <summary>Reads a certificate row.</summary>
    internal static QualificationLine? QualificationRow(RowReader r)
    {
        var type = r.Code("type", CertificateTypeOf, "幼儿园、小学、初中、高中、中职专业课、中职实习指导 或 高校（《教师资格条例》第四条）");
        var subject = r.Text("subject", 50);
        var number = r.Text("number", 100);
        var issued = r.Date("issued", false);
        var authority = r.Text("authority", 200);
        return r.Failed ? null : new QualificationLine(Ref(r), type!.Value, subject, number, issued, authority);
    }

    /// <summary>Reads a 职称 row.</summary>
    internal static TitleLine? TitleRow(RowReader r)
    {
        var title = r.Code("title", TitleOf, "正高级、高级、一级、二级、三级 或 未定级");
        var date = r.Date("date", true);
        return r.Failed ? null : new TitleLine(Ref(r), title!.Value, date!.Value);
    }

    /// <summary>Reads a 骨干 title row.</summary>
    internal static KeyTitleLine? KeyTitleRow(RowReader r)
    {
        var kind = r.Code("kind", KeyTitleKindOf, "学科带头人、骨干教师、教学能手、名师 或 特级教师");
        var level = r.Code("level", TrainingFile.Level, "国家级、自治区级（省级）、州级、县级 或 校级");
        var subject = r.Text("subject", 50);
        var by = r.Text("by", 200);
        var from = r.Date("from", true);
        var until = r.Date("until", false);
        if (from is { } f && until is { } u && u < f)
        {
            r.Error("until", $"任期结束早于任期开始 {f:yyyy-MM-dd}");
        }
        return r.Failed ? null : new KeyTitleLine(Ref(r), kind!.Value, level!.Value, subject, by, from!.Value, until);
    }

    public static DualQualifiedLevel? DualLevelOf(string? text) =>
        TeacherLabels.Parse<DualQualifiedLevel>(text is null ? null : text.Trim().Replace("双师型", "", StringComparison.Ordinal).Replace("教师", "", StringComparison.Ordinal), TeacherLabels.Of);

    public static PrincipalPost? PrincipalPostOf(string? text) => TeacherLabels.Parse<PrincipalPost>(text, TeacherLabels.Of);

    /// <summary>Reads a 校长任职 row.</summary>
    internal static PrincipalLine? PrincipalRow(RowReader r)
    {
        var school = SchoolCode(r, "school");
        var post = r.Code("post", PrincipalPostOf, "校长 或 副校长");
        var start = r.Date("start", true);
        var end = r.Date("end", false);
        if (start is { } s && end is { } e && e < s)
        {
            r.Error("end", $"任职结束早于任职开始 {s:yyyy-MM-dd}");
        }
        return r.Failed ? null : new PrincipalLine(Ref(r), school!, post!.Value, start!.Value, end);
    }

    private static readonly Dictionary<string, HiringOutcome> OutcomeWords = new(StringComparer.Ordinal)
    {
        ["聘任"] = HiringOutcome.Hired,
        ["本校聘任"] = HiringOutcome.Hired,
        ["校内聘任"] = HiringOutcome.Hired,
        ["跨校竞聘"] = HiringOutcome.CrossSchool,
        ["跨校聘任"] = HiringOutcome.CrossSchool,
        ["组织调剂"] = HiringOutcome.Assigned,
        ["调剂"] = HiringOutcome.Assigned,
        ["待岗培训"] = HiringOutcome.AwaitingPost,
        ["待岗"] = HiringOutcome.AwaitingPost,
    };

    public static HiringOutcome? HiringOutcomeOf(string? text) =>
        text is null ? null : OutcomeWords.TryGetValue(TabularHeader.Normalise(text), out var o) ? o : TeacherLabels.Parse<HiringOutcome>(text, TeacherLabels.Of);

    /// <summary>Reads a 县管校聘 竞聘结果 row: a school to move to for 跨校竞聘/组织调剂 only, the date inside the school year.</summary>
    internal static HiringLine? HiringRow(RowReader r)
    {
        var year = YearOf(r);
        var school = SchoolCode(r, "school");
        var outcome = r.Code("outcome", HiringOutcomeOf, "本校聘任、跨校竞聘、组织调剂 或 待岗培训");
        string? to = null;
        if (outcome is HiringOutcome.CrossSchool or HiringOutcome.Assigned)
        {
            to = SchoolCode(r, "to");
            if (to is not null && to == school)
            {
                r.Error("to", "聘任学校与竞聘学校相同：本校聘任请写“本校聘任”");
            }
        }
        else if (outcome is not null && r.Cell("to") is { } given && given != school)
        {
            r.Error("to", $"{TeacherLabels.Of(outcome.Value)}不填聘任学校");
        }
        var date = r.Date("date", true);
        if (date is { } d && year is { } yy && SchoolYear.Containing(d).StartYear != yy)
        {
            r.Error("date", $"生效日期不在 {new SchoolYear(yy)} 学年内（{new SchoolYear(yy).FirstDay:yyyy-MM-dd} 至 {new SchoolYear(yy).LastDay:yyyy-MM-dd}）");
        }
        return r.Failed ? null : new HiringLine(Ref(r), year!.Value, school!, outcome!.Value, to, date!.Value);
    }

    /// <summary>Reads a 双师型 认定 row.</summary>
    internal static DualLine? DualRow(RowReader r)
    {
        var level = r.Code("level", DualLevelOf, "初级、中级 或 高级");
        var date = r.Date("date", true);
        var until = r.Date("until", false);
        if (date is { } d && until is { } u && u < d)
        {
            r.Error("until", $"有效期至早于认定日期 {d:yyyy-MM-dd}");
        }
        var authority = r.Text("authority", 200);
        return r.Failed ? null : new DualLine(Ref(r), level!.Value, date!.Value, until, authority);
    }

    private static TeacherRef Ref(RowReader r) => new(r.Number, r.Cell("staff"), r.Cell("id"), r.Cell("name"));
}

