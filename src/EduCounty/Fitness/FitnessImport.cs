using System.Globalization;
using System.Text.RegularExpressions;
using EduCounty.Common;
using EduCounty.Common.Tabular;

namespace EduCounty.Fitness;

/// <summary>A problem with one cell or row of an import file; <see cref="Message"/> names file, row, column, value and reason.</summary>
public sealed record FitnessImportIssue(string File, int Row, string? Column, string? Value, string Reason)
{
    public string Message => Column is null
        ? Row == 0 ? $"{File}：{Reason}" : $"{File} 第{Row}行：{Reason}"
        : $"{File} 第{Row}行“{Column}”列，值“{TabularText.Clip(Value)}”：{Reason}";

    public override string ToString() => Message;
}

/// <summary>One accepted row: its row number in the file and the result to score.</summary>
public sealed record FitnessImportRow(int Row, FitnessResult Result, string? Name, string? ClassName);

/// <summary>The accepted rows, the refused rows' errors and the warnings of an import.</summary>
public sealed record FitnessImportResult(
    IReadOnlyList<FitnessImportRow> Rows,
    IReadOnlyList<FitnessImportIssue> Errors,
    IReadOnlyList<FitnessImportIssue> Warnings)
{
    /// <summary>Number of rows refused because of at least one error (a file-level error counts as row 0).</summary>
    public int RefusedRows => Errors.Select(e => e.Row).Distinct().Count();
}

/// <summary>
/// Reads the national 学生体质健康 upload template (国家学生体质健康标准数据上报模板) through the one tabular reader
/// (<see cref="TabularFile"/>: .xlsx, .xls, .csv in UTF-8 or GBK/GB18030, with its limits). The header row may be
/// preceded by title rows and its columns may come in any order; unknown columns are ignored. Values are converted to
/// the reference units (times to seconds via <see cref="FitnessTime"/>).
/// </summary>
public static partial class FitnessImport
{
    /// <summary>A county's or a prefecture's students, one row each: 100 MB, 500,000 rows.</summary>
    public static TabularLimits DefaultLimits { get; } = TabularLimits.Default with
    {
        MaxFileBytes = 100L * 1024 * 1024,
        MaxRows = 500_000,
        MaxUncompressedBytes = 1024L * 1024 * 1024,
    };

    private enum Field
    {
        GradeCode,
        ClassCode,
        ClassName,
        StudentNumber,
        Ethnicity,
        Name,
        Sex,
        BirthDate,
        Address,
        Height,
        Weight,
        Item,
    }

    private sealed record Column(string Header, Field Field, FitnessItem Item = FitnessItem.Bmi, bool Timed = false, bool Count = false, bool MayBeNegative = false);

    /// <summary>The template columns. Ranges in <see cref="Plausible"/> are sanity bounds for data entry, not from the standard.</summary>
    private static readonly Column[] Columns =
    [
        new("年级编号", Field.GradeCode),
        new("班级编号", Field.ClassCode),
        new("班级名称", Field.ClassName),
        new("学籍号", Field.StudentNumber),
        new("民族代码", Field.Ethnicity),
        new("姓名", Field.Name),
        new("性别", Field.Sex),
        new("出生日期", Field.BirthDate),
        new("家庭住址", Field.Address),
        new("身高", Field.Height),
        new("体重", Field.Weight),
        new("肺活量", Field.Item, FitnessItem.VitalCapacity, Count: true),
        new("50米跑", Field.Item, FitnessItem.Run50m, Timed: true),
        new("立定跳远", Field.Item, FitnessItem.StandingLongJump),
        new("坐位体前屈", Field.Item, FitnessItem.SitAndReach, MayBeNegative: true),
        new("800米跑", Field.Item, FitnessItem.Run800m, Timed: true),
        new("1000米跑", Field.Item, FitnessItem.Run1000m, Timed: true),
        new("一分钟仰卧起坐", Field.Item, FitnessItem.SitUps1Min, Count: true),
        new("引体向上", Field.Item, FitnessItem.PullUps, Count: true),
        new("一分钟跳绳", Field.Item, FitnessItem.RopeSkip1Min, Count: true),
        new("50米×8往返跑", Field.Item, FitnessItem.Shuttle50x8, Timed: true),
    ];

    /// <summary>
    /// Plausible ranges (inclusive) per column. A value outside is kept but warned about. These are
    /// data-entry sanity bounds chosen for this importer (human range), not part of the standard.
    /// </summary>
    private static readonly Dictionary<string, (decimal Min, decimal Max, string Hint)> Plausible = new()
    {
        ["身高"] = (80m, 230m, "身高应以厘米填写"),
        ["体重"] = (12m, 200m, "体重应以千克填写"),
        ["肺活量"] = (300m, 9000m, "肺活量应以毫升填写"),
        ["50米跑"] = (5m, 30m, "50米跑应以秒填写"),
        ["立定跳远"] = (50m, 350m, "立定跳远应以厘米填写（不是米）"),
        ["坐位体前屈"] = (-30m, 40m, "坐位体前屈应以厘米填写"),
        ["800米跑"] = (100m, 600m, "800米跑应为 3'40\" 或秒数"),
        ["1000米跑"] = (120m, 700m, "1000米跑应为 3'40\" 或秒数"),
        ["一分钟仰卧起坐"] = (0m, 90m, "一分钟仰卧起坐应为次数"),
        ["引体向上"] = (0m, 60m, "引体向上应为次数"),
        ["一分钟跳绳"] = (0m, 300m, "一分钟跳绳应为次数"),
        ["50米×8往返跑"] = (70m, 400m, "50米×8往返跑应为 1'36\" 或秒数"),
    };

    /// <summary>年级编号 of the upload template → grade code of grades.csv (11–16 小学, 21–23 初中, 31–33 高中, 41–44 大学).</summary>
    public static string? GradeFromTemplateCode(string code) => code.Trim() switch
    {
        [var s, var n] when s is '1' && n is >= '1' and <= '6' => "P" + n,
        [var s, var n] when s is '2' && n is >= '1' and <= '3' => "J" + n,
        [var s, var n] when s is '3' && n is >= '1' and <= '3' => "S" + n,
        [var s, var n] when s is '4' && n is >= '1' and <= '4' => "U" + n,
        _ => null,
    };

    /// <summary>Reads a file by its extension (.xlsx, .xls or .csv).</summary>
    public static FitnessImportResult Read(string path, FitnessStandard? standard = null, TabularLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = Path.GetFileName(path);
        try
        {
            using var file = TabularFile.Open(path, name, limits ?? DefaultLimits);
            return Read(file, standard);
        }
        catch (TabularRefusedException ex)
        {
            return Refused(name, ex);
        }
    }

    public static FitnessImportResult Read(Stream stream, string fileName, FitnessStandard? standard = null, TabularLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(fileName);
        var name = Path.GetFileName(fileName);
        try
        {
            using var file = TabularFile.Open(stream, name, limits ?? DefaultLimits);
            return Read(file, standard);
        }
        catch (TabularRefusedException ex)
        {
            return Refused(name, ex);
        }
    }

    private static FitnessImportResult Read(TabularFile file, FitnessStandard? standard) =>
        Parse(file.Rows().Select(r => (r.Number, (IReadOnlyList<string?>)r.Cells.Select(FromTimeCell).ToArray())), file.FileName, standard ?? FitnessStandard.Default);

    /// <summary>The file as a whole is refused (size, zip bomb, huge cell …): one error on row 0, nothing accepted.</summary>
    private static FitnessImportResult Refused(string file, TabularRefusedException ex) =>
        new([], [new FitnessImportIssue(file, 0, null, null, ex.Message)], []);

    /// <summary>
    /// A time typed into Excel arrives as a time of day (H:mm:ss). Typed as 3:40 it was stored as 3 h 40 min: a whole
    /// number of minutes with no seconds is read as minutes and seconds (3:40); otherwise hours count as 60 minutes
    /// (0:03:40.5 → 3:40.5). Other text is left as it is.
    /// </summary>
    internal static string? FromTimeCell(string? cell)
    {
        if (cell is null || TimeOfDay().Match(cell) is not { Success: true } m)
        {
            return cell;
        }
        var hours = int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture);
        var minutes = int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture);
        var seconds = m.Groups["s"].Value;
        return hours > 0 && seconds == "00" ? $"{hours}:{minutes:00}" : $"{hours * 60 + minutes}:{seconds}";
    }

    [GeneratedRegex(@"^(?<h>\d{1,3}):(?<m>\d\d):(?<s>\d\d(?:\.\d+)?)$")]
    private static partial Regex TimeOfDay();

    /// <summary>
    /// A header through the one normaliser without its units in brackets, then this template's aliases: 1分钟 = 一分钟;
    /// 50米x8/*8 = 50米×8; 仰卧起坐, 跳绳 and 50米×8 for their full names.
    /// </summary>
    private static string NormaliseHeader(string? header)
    {
        var h = TabularHeader.WithoutBrackets(header)
            .Replace("1分钟", "一分钟", StringComparison.Ordinal)
            .Replace('*', '×').Replace('x', '×').Replace('X', '×').Replace('✕', '×');
        return h switch
        {
            "仰卧起坐" => "一分钟仰卧起坐",
            "跳绳" => "一分钟跳绳",
            "50米×8" => "50米×8往返跑",
            _ => h,
        };
    }

    private static FitnessImportResult Parse(IEnumerable<(int Row, IReadOnlyList<string?> Cells)> rows, string file, FitnessStandard standard)
    {
        var accepted = new List<FitnessImportRow>();
        var errors = new List<FitnessImportIssue>();
        var warnings = new List<FitnessImportIssue>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        Dictionary<Column, int>? map = null;
        var headerRow = 0;

        foreach (var (row, cells) in rows)
        {
            if (cells.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }
            if (map is null)
            {
                map = TryHeader(cells, file, row, errors);
                if (map is null)
                {
                    if (row >= 10 || errors.Count > 0)
                    {
                        if (errors.Count == 0)
                        {
                            errors.Add(new FitnessImportIssue(file, 0, null, null, "前 10 行中找不到表头（应含“学籍号”“性别”等列）"));
                        }
                        return new FitnessImportResult(accepted, errors, warnings);
                    }
                    continue;
                }
                headerRow = row;
                continue;
            }
            var parsed = ParseRow(row, cells, map, file, standard, errors, warnings);
            if (parsed is null)
            {
                continue;
            }
            if (seen.TryGetValue(parsed.Result.StudentNumber, out var first))
            {
                warnings.Add(new FitnessImportIssue(file, row, "学籍号", parsed.Result.StudentNumber, $"与第{first}行学籍号重复"));
            }
            else
            {
                seen[parsed.Result.StudentNumber] = row;
            }
            accepted.Add(parsed);
        }
        if (map is null && errors.Count == 0)
        {
            errors.Add(new FitnessImportIssue(file, 0, null, null, headerRow == 0 ? "文件为空或找不到表头（应含“学籍号”“性别”等列）" : "没有数据行"));
        }
        return new FitnessImportResult(accepted, errors, warnings);
    }

    private static Dictionary<Column, int>? TryHeader(IReadOnlyList<string?> cells, string file, int row, List<FitnessImportIssue> errors)
    {
        var names = cells.Select(NormaliseHeader).ToArray();
        if (!names.Contains("学籍号") || !names.Contains("性别"))
        {
            return null;
        }
        var map = new Dictionary<Column, int>();
        for (var i = 0; i < names.Length; i++)
        {
            var col = Array.Find(Columns, c => c.Header == names[i]);
            if (col is null)
            {
                continue;
            }
            if (!map.TryAdd(col, i))
            {
                errors.Add(new FitnessImportIssue(file, row, col.Header, cells[i], "表头重复"));
            }
        }
        foreach (var required in new[] { "年级编号", "学籍号", "性别", "身高", "体重" })
        {
            if (!map.Keys.Any(c => c.Header == required))
            {
                errors.Add(new FitnessImportIssue(file, row, required, null, "缺少必需的列"));
            }
        }
        return errors.Count > 0 ? null : map;
    }

    private static FitnessImportRow? ParseRow(
        int row, IReadOnlyList<string?> cells, Dictionary<Column, int> map, string file, FitnessStandard standard,
        List<FitnessImportIssue> errors, List<FitnessImportIssue> warnings)
    {
        var r = new RowReader(row, cells, map, file, errors, warnings);
        var grade = ReadGrade(r, standard);
        var numberCol = Col(Field.StudentNumber);
        var number = r.Cell(numberCol);
        if (number.Length == 0)
        {
            r.Error(numberCol, number, "学籍号不能为空");
        }
        var sex = ReadSex(r);
        var (height, weight) = ReadBody(r);
        var values = new decimal?[FitnessItems.Count];
        foreach (var c in Columns.Where(c => c.Field == Field.Item && map.ContainsKey(c)))
        {
            values[(int)c.Item] = r.Number(c, required: false);
        }
        if (grade is not null && sex is not null)
        {
            CheckItemsTaken(r, standard, grade, sex.Value, values);
        }
        if (r.Failed)
        {
            return null;
        }

        var result = new FitnessResult(number, grade!, sex!.Value) { HeightCm = height, WeightKg = weight };
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] is { } v)
            {
                result = result.With((FitnessItem)i, v);
            }
        }
        var name = r.Cell(Col(Field.Name));
        var className = r.Cell(Col(Field.ClassName));
        return new FitnessImportRow(row, result, name.Length == 0 ? null : name, className.Length == 0 ? null : className);
    }

    private static Column Col(Field f) => Array.Find(Columns, c => c.Field == f)!;

    private static string? ReadGrade(RowReader r, FitnessStandard standard)
    {
        var gradeCol = Col(Field.GradeCode);
        var gradeText = r.Cell(gradeCol);
        var grade = GradeFromTemplateCode(gradeText) ?? (standard.IsGrade(gradeText.ToUpperInvariant()) ? gradeText.ToUpperInvariant() : null);
        if (grade is null)
        {
            r.Error(gradeCol, gradeText, "年级编号应为 11–16（小学）、21–23（初中）、31–33（高中）或 41–44（大学）");
        }
        return grade;
    }

    private static Sex? ReadSex(RowReader r)
    {
        var sexCol = Col(Field.Sex);
        var sexText = r.Cell(sexCol);
        Sex? sex = sexText switch
        {
            "1" or "男" => Sex.Male,
            "2" or "女" => Sex.Female,
            _ => null,
        };
        if (sex is null)
        {
            r.Error(sexCol, sexText, "性别应为 1（男）或 2（女）");
        }
        return sex;
    }

    private static (decimal? Height, decimal? Weight) ReadBody(RowReader r)
    {
        var heightCol = Col(Field.Height);
        var weightCol = Col(Field.Weight);
        var height = r.Number(heightCol, required: true);
        var weight = r.Number(weightCol, required: true);
        if (height == 0)
        {
            r.Error(heightCol, r.Cell(heightCol), "身高不能为 0");
        }
        if (weight == 0)
        {
            r.Error(weightCol, r.Cell(weightCol), "体重不能为 0");
        }
        return (height, weight);
    }

    /// <summary>The grade's and sex's 必测项目 must be there; an item not taken is warned about and ignored.</summary>
    private static void CheckItemsTaken(RowReader r, FitnessStandard standard, string grade, Sex sex, decimal?[] values)
    {
        var taken = standard.Weights(sex, grade).Select(w => w.Item).ToHashSet();
        var who = $"{standard.Grades[standard.GradeIndex(grade)].NameZh}{Labels.Of(sex)}生";
        foreach (var c in Columns.Where(c => c.Field == Field.Item))
        {
            var has = values[(int)c.Item] is not null;
            if (taken.Contains(c.Item) && !has && !r.HasParseError(c))
            {
                r.Error(c, r.Cell(c), $"{who}的必测项目不能为空");
            }
            else if (!taken.Contains(c.Item) && has)
            {
                r.Warn(c, r.Cell(c), $"{who}不测此项，已忽略");
                values[(int)c.Item] = null;
            }
        }
    }

    /// <summary>
    /// One measurement cell of the template under its (normalised) header: the value in the reference units (a time in
    /// seconds for the runs), or the reason it is refused; a value outside <see cref="Plausible"/> is kept with a warning.
    /// Shared by this reader (<c>fitness score</c>) and the import kind <c>fitness</c>, so both apply the same rules.
    /// </summary>
    internal static (decimal? Value, string? Error, string? Warning) Measurement(string header, string text)
    {
        var c = Array.Find(Columns, x => x.Header == header) ?? throw new ArgumentOutOfRangeException(nameof(header), header, "不是体质健康模板的测量列");
        decimal value;
        if (c.Timed)
        {
            if (!FitnessTime.TryParseSeconds(text, out value, out var why))
            {
                return (null, why!, null);
            }
        }
        else if (!decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out value))
        {
            return (null, "不是数值", null);
        }
        if (value < 0 && !c.MayBeNegative)
        {
            return (null, "不能为负数", null);
        }
        if (c.Count && value != decimal.Truncate(value))
        {
            return (null, "应为整数", null);
        }
        return Plausible.TryGetValue(c.Header, out var range) && (value < range.Min || value > range.Max)
            ? (value, null, $"数值不合常理（合理范围 {range.Min}–{range.Max}），请核对；{range.Hint}")
            : (value, null, null);
    }

    /// <summary>The cells of one row with the issues they raise (errors since the row began make it refused).</summary>
    private sealed class RowReader(int row, IReadOnlyList<string?> cells, Dictionary<Column, int> map, string file,
        List<FitnessImportIssue> errors, List<FitnessImportIssue> warnings)
    {
        private readonly int _errorsBefore = errors.Count;

        public bool Failed => errors.Count > _errorsBefore;

        public string Cell(Column c) => map.TryGetValue(c, out var i) && i < cells.Count ? cells[i]?.Trim() ?? string.Empty : string.Empty;

        public void Error(Column c, string value, string reason) => errors.Add(new FitnessImportIssue(file, row, c.Header, value, reason));

        public void Warn(Column c, string value, string reason) => warnings.Add(new FitnessImportIssue(file, row, c.Header, value, reason));

        public bool HasParseError(Column c) => errors.Skip(_errorsBefore).Any(e => e.Column == c.Header);

        /// <summary>A number (a time in seconds for timed items); null when blank (an error when required) or invalid.</summary>
        public decimal? Number(Column c, bool required)
        {
            var text = Cell(c);
            if (text.Length == 0)
            {
                if (required)
                {
                    Error(c, text, "不能为空");
                }
                return null;
            }
            var (value, error, warning) = Measurement(c.Header, text);
            if (error is not null)
            {
                Error(c, text, error);
            }
            else if (warning is not null)
            {
                Warn(c, text, warning);
            }
            return value;
        }
    }
}
