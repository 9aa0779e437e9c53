using System.Globalization;
using EduCounty.Common;
using EduCounty.Common.Tabular;

namespace EduCounty.Balance;

/// <summary>The schools read from a spreadsheet, the indicator columns it lacks and every bad cell.</summary>
public sealed record BalanceSheet(IReadOnlyList<BalanceSchoolInput> Schools, IReadOnlyList<string> MissingColumns, IReadOnlyList<string> Errors);

/// <summary>
/// Reads one row per school with Chinese headers through the one tabular reader (<see cref="TabularFile"/>: .xlsx, .xls,
/// .csv in UTF-8 or GBK/GB18030) under <see cref="DefaultLimits"/>.
/// Teacher columns may be split per 学段 with a suffix, e.g. 高于规定学历教师数(小学) or （小学）.
/// Any subset of the indicator columns may be present; an absent column or empty cell is missing, never zero.
/// </summary>
public static class BalanceSpreadsheet
{
    private enum Field
    {
        Name, Type, Parent,
        PrimaryStudents, JuniorStudents, SeniorStudents,
        FullTimeTeachers, HigherDegreeTeachers, KeyTeachers, ArtsSportsTeachers, MidTitleTeachers,
        TeachingArea, IndoorSports, SportsArea, Equipment, EquipmentWan, Multimedia, Computers, Books,
    }

    private static readonly Dictionary<string, Field> Headers = new(StringComparer.Ordinal)
    {
        ["学校名称"] = Field.Name,
        ["办学类型"] = Field.Type,
        ["所属学校"] = Field.Parent,
        ["小学学生数"] = Field.PrimaryStudents,
        ["初中学生数"] = Field.JuniorStudents,
        ["高中学生数"] = Field.SeniorStudents,
        ["专任教师数"] = Field.FullTimeTeachers,
        ["高于规定学历教师数"] = Field.HigherDegreeTeachers,
        ["县级以上骨干教师数"] = Field.KeyTeachers,
        ["体育艺术专任教师数"] = Field.ArtsSportsTeachers,
        ["中级及以上职称教师数"] = Field.MidTitleTeachers,
        ["教学及辅助用房面积"] = Field.TeachingArea,
        ["室内体育用房面积"] = Field.IndoorSports,
        ["体育运动场馆面积"] = Field.SportsArea,
        ["教学仪器设备值(元)"] = Field.Equipment,
        ["教学仪器设备值"] = Field.Equipment,
        // Statistics tables give 万元 (balance-rules.md §2.1 L6): ×10 000.
        ["教学仪器设备值(万元)"] = Field.EquipmentWan,
        ["网络多媒体教室数"] = Field.Multimedia,
        ["计算机台数"] = Field.Computers,
        ["图书册数"] = Field.Books,
    };

    private static readonly Field[] IndicatorFields =
    [
        Field.FullTimeTeachers, Field.HigherDegreeTeachers, Field.KeyTeachers, Field.ArtsSportsTeachers, Field.MidTitleTeachers,
        Field.TeachingArea, Field.IndoorSports, Field.SportsArea, Field.Equipment, Field.Multimedia, Field.Computers, Field.Books,
    ];

    private static readonly Dictionary<string, Stage> Suffixes = new(StringComparer.Ordinal)
    {
        ["(小学)"] = Stage.Primary,
        ["(初中)"] = Stage.Junior,
        ["(高中)"] = Stage.Senior,
    };

    private static readonly Dictionary<string, SchoolType> Types = new(StringComparer.Ordinal)
    {
        ["小学"] = SchoolType.Primary,
        ["初级中学"] = SchoolType.Junior,
        ["初中"] = SchoolType.Junior,
        ["九年一贯制学校"] = SchoolType.NineYear,
        ["九年一贯制"] = SchoolType.NineYear,
        ["完全中学"] = SchoolType.Complete,
        ["高级中学"] = SchoolType.Senior,
        ["十二年一贯制学校"] = SchoolType.TwelveYear,
        ["十二年一贯制"] = SchoolType.TwelveYear,
        ["教学点"] = SchoolType.TeachingPoint,
        ["小学教学点"] = SchoolType.TeachingPoint,
        ["幼儿园"] = SchoolType.Kindergarten,
        ["中等职业学校"] = SchoolType.Vocational,
        ["特殊教育学校"] = SchoolType.Special,
    };

    /// <summary>
    /// One row per school: even a province's table is far below 20,000 rows and 20 MB (a 4.3 MB sheet sized to 16,384
    /// columns once cost 54 s and 1.2 GB here before the reader had limits).
    /// </summary>
    public static TabularLimits DefaultLimits { get; } = TabularLimits.Default with
    {
        MaxFileBytes = 20L * 1024 * 1024,
        MaxRows = 20_000,
        MaxUncompressedBytes = 200L * 1024 * 1024,
    };

    /// <summary>Reads a file on disk (the CLI); the name gives the extension.</summary>
    public static BalanceSheet Read(string path, TabularLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = Path.GetFileName(path);
        try
        {
            using var file = TabularFile.Open(path, name, limits ?? DefaultLimits);
            return Parse(file.Rows(), file.FileName);
        }
        catch (TabularRefusedException ex)
        {
            return new BalanceSheet([], [], [ex.Message]);
        }
    }

    /// <summary>Reads an upload (the web page); <paramref name="file"/> gives the name and extension.</summary>
    public static BalanceSheet Read(Stream stream, string file, TabularLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(file);
        var name = Path.GetFileName(file);
        try
        {
            using var tabular = TabularFile.Open(stream, name, limits ?? DefaultLimits);
            return Parse(tabular.Rows(), tabular.FileName);
        }
        catch (TabularRefusedException ex)
        {
            return new BalanceSheet([], [], [ex.Message]);
        }
    }

    private static BalanceSheet Parse(IEnumerable<TabularRow> rows, string file)
    {
        var errors = new List<string>();
        var schools = new List<BalanceSchoolInput>();
        (Field Field, Stage? Stage)?[]? map = null;
        string[] names = [];
        foreach (var (rowNo, row) in rows)
        {
            if (row.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }
            if (map is null)
            {
                names = row.Select(h => TabularText.Clip(h?.Trim() ?? "")).ToArray();
                map = row.Select(h => MapHeader(TabularHeader.Normalise(h))).ToArray();
                var fields = map.Where(m => m is not null).Select(m => m!.Value.Field).ToHashSet();
                foreach (var required in new[] { Field.Name, Field.Type })
                {
                    if (!fields.Contains(required))
                    {
                        errors.Add($"文件 {file} 第 {rowNo} 行（表头）：缺少必需列“{Headers.First(h => h.Value == required).Key}”");
                    }
                }
                if (errors.Count > 0)
                {
                    return new BalanceSheet([], [], errors);
                }
                continue;
            }
            var school = ParseRow(row, map, names, rowNo, file, errors);
            if (school is not null)
            {
                schools.Add(school);
            }
        }
        if (map is null)
        {
            return new BalanceSheet([], [], [$"文件 {file} 是空表，没有表头行"]);
        }
        var present = map.Where(m => m is not null).Select(m => m!.Value.Field == Field.EquipmentWan ? Field.Equipment : m!.Value.Field).ToHashSet();
        var missing = IndicatorFields.Where(f => !present.Contains(f)).Select(f => Headers.First(h => h.Value == f).Key).ToList();
        if (!present.Contains(Field.PrimaryStudents) && !present.Contains(Field.JuniorStudents))
        {
            errors.Add($"文件 {file}：缺少“小学学生数”和“初中学生数”两列，无法评估");
        }
        return new BalanceSheet(schools, missing, errors);
    }

    private static (Field, Stage?)? MapHeader(string h)
    {
        if (Headers.TryGetValue(h, out var f))
        {
            return (f, null);
        }
        foreach (var (suffix, stage) in Suffixes)
        {
            if (h.EndsWith(suffix, StringComparison.Ordinal) && Headers.TryGetValue(h[..^suffix.Length], out var tf) && tf is >= Field.FullTimeTeachers and <= Field.MidTitleTeachers)
            {
                return (tf, stage);
            }
        }
        // A unit in the header, e.g. 教学及辅助用房面积(㎡) or 图书册数(册).
        var open = h.LastIndexOf('(');
        if (open > 0 && h.EndsWith(')') && Headers.TryGetValue(h[..open], out var uf) && uf != Field.Equipment)
        {
            return (uf, null);
        }
        return null;
    }

    private static BalanceSchoolInput? ParseRow(string?[] row, (Field Field, Stage? Stage)?[] map, string[] names, int rowNo, string file, List<string> errors)
    {
        string? name = null, typeText = null, parent = null;
        var numbers = new Dictionary<(Field, Stage?), double?>();
        var before = errors.Count;
        for (var c = 0; c < map.Length; c++)
        {
            if (map[c] is not { } m)
            {
                continue;
            }
            var raw = c < row.Length ? row[c]?.Trim() : null;
            switch (m.Field)
            {
                case Field.Name:
                    name = raw;
                    break;
                case Field.Type:
                    typeText = raw;
                    break;
                case Field.Parent:
                    parent = string.IsNullOrEmpty(raw) ? null : raw;
                    break;
                default:
                    numbers[(m.Field, m.Stage)] = Number(raw, m.Field, names[c], rowNo, file, errors);
                    break;
            }
        }
        if (string.IsNullOrEmpty(name))
        {
            errors.Add($"文件 {file} 第 {rowNo} 行「学校名称」列：值为空，缺少学校名称");
        }
        SchoolType type = default;
        if (string.IsNullOrEmpty(typeText))
        {
            errors.Add($"文件 {file} 第 {rowNo} 行「办学类型」列：值为空，缺少办学类型");
        }
        else if (!TryType(typeText, out type))
        {
            errors.Add($"文件 {file} 第 {rowNo} 行「办学类型」列：值“{TabularText.Clip(typeText)}”不是可识别的办学类型（如 小学、初级中学、九年一贯制学校、完全中学、十二年一贯制学校、教学点 或代码 211）");
        }
        if (errors.Count > before)
        {
            return null;
        }
        double? Get(Field f, Stage? s = null) => numbers.GetValueOrDefault((f, s));
        int? Students(Field f) => Get(f) is { } v ? (int)v : null;
        TeacherCount Teachers(Field f) => new(Get(f), Get(f, Stage.Primary), Get(f, Stage.Junior), Get(f, Stage.Senior));
        return new BalanceSchoolInput(name!, type)
        {
            ParentName = parent,
            PrimaryStudents = Students(Field.PrimaryStudents),
            JuniorStudents = Students(Field.JuniorStudents),
            SeniorStudents = Students(Field.SeniorStudents),
            FullTimeTeachers = Teachers(Field.FullTimeTeachers),
            HigherDegreeTeachers = Teachers(Field.HigherDegreeTeachers),
            KeyTeachers = Teachers(Field.KeyTeachers),
            ArtsSportsTeachers = Teachers(Field.ArtsSportsTeachers),
            MidTitleTeachers = Teachers(Field.MidTitleTeachers),
            TeachingAreaM2 = Get(Field.TeachingArea),
            IndoorSportsM2 = Get(Field.IndoorSports),
            SportsAreaM2 = Get(Field.SportsArea),
            EquipmentValueYuan = Get(Field.Equipment) ?? Get(Field.EquipmentWan) * 10_000,
            MultimediaClassrooms = Get(Field.Multimedia),
            Computers = Get(Field.Computers),
            Books = Get(Field.Books),
        };
    }

    /// <summary>A Chinese label (小学, 九年一贯制学校 …) or the official code (211, 312 …; GB/T 33782 表4).</summary>
    private static bool TryType(string text, out SchoolType type)
    {
        if (Types.TryGetValue(TabularHeader.Normalise(text), out type))
        {
            return true;
        }
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var code) && Enum.IsDefined(typeof(SchoolType), code))
        {
            type = (SchoolType)code;
            return true;
        }
        return false;
    }

    private static double? Number(string? raw, Field field, string column, int rowNo, string file, List<string> errors)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return null;
        }
        var where = $"文件 {file} 第 {rowNo} 行「{column}」列：值“{TabularText.Clip(raw)}”";
        if (!double.TryParse(raw, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
        {
            errors.Add($"{where}不是数字");
            return null;
        }
        if (v < 0)
        {
            errors.Add($"{where}不能为负数");
            return null;
        }
        var counted = field is not (Field.TeachingArea or Field.IndoorSports or Field.SportsArea or Field.Equipment or Field.EquipmentWan);
        if (counted && v != Math.Floor(v))
        {
            errors.Add($"{where}应为整数（人数、间数、台数、册数）");
            return null;
        }
        return v;
    }
}
