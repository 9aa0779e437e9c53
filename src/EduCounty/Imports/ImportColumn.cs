using System.Globalization;
using EduCounty.Common;

namespace EduCounty.Imports;

/// <summary>
/// One column of an import kind: the Chinese header of the template, the aliases the national systems
/// use, whether it is required, and the description written into the template's second sheet.
/// </summary>
public sealed record ImportColumn(string Key, string Header, bool Required, string Format, string? Unit = null, string? Codes = null, params string[] Aliases)
{
    public IEnumerable<string> Names => Aliases.Prepend(Header);
}

/// <summary>A problem in the file: row 0 means the file as a whole.</summary>
public sealed record ImportIssue(int Row, string? Column, int? ColumnIndex, string? Value, string Rule, bool IsWarning, string Message);

/// <summary>The cells of one data row, with typed readers that record every problem (not only the first).</summary>
public sealed class RowValues
{
    private readonly string _file;
    private readonly Dictionary<string, (int Index, ImportColumn Column)> _map;
    private string?[] _cells = [];

    internal RowValues(string file, Dictionary<string, (int, ImportColumn)> map)
    {
        _file = file;
        _map = map;
    }

    public int Row { get; private set; }
    public List<ImportIssue> Issues { get; } = [];
    public bool HasErrors { get; private set; }

    internal void Reset(int row, string?[] cells)
    {
        Row = row;
        _cells = cells;
        Issues.Clear();
        HasErrors = false;
    }

    /// <summary>The file has this column.</summary>
    public bool Has(string key) => _map.ContainsKey(key);

    public string? Raw(string key) =>
        _map.TryGetValue(key, out var m) && m.Index < _cells.Length ? _cells[m.Index] : null;

    public bool IsBlank
    {
        get
        {
            foreach (var c in _cells)
            {
                if (c is not null)
                {
                    return false;
                }
            }
            return true;
        }
    }

    /// <summary>Records an error on a column: "文件 第 N 行 “列” 列 值“…”：规则".</summary>
    public void Error(string key, string rule) => Add(key, rule, false);

    public void Warning(string key, string rule) => Add(key, rule, true);

    private void Add(string key, string rule, bool warning)
    {
        var has = _map.TryGetValue(key, out var m);
        var header = has ? m.Column.Header : key;
        var value = Raw(key);
        // A cell may hold up to MaxCellChars characters: the message repeats at most 50 of them.
        var shown = value is null ? "（空）" : $"“{Common.Tabular.TabularText.Clip(value)}”";
        var kind = warning ? "提示" : "错误";
        Issues.Add(new ImportIssue(Row, header, has ? m.Index : null, value is null ? null : Common.Tabular.TabularText.Clip(value), rule, warning,
            $"{_file} 第 {Row} 行 “{header}”列 值{shown}：{rule}（{kind}）"));
        HasErrors |= !warning;
    }

    public string? Text(string key, int maxLength = 100)
    {
        var v = Raw(key);
        if (v is null)
        {
            if (_map.TryGetValue(key, out var m) && m.Column.Required)
            {
                Error(key, "必填项为空");
            }
            return null;
        }
        if (v.Length > maxLength)
        {
            Error(key, $"长度 {v.Length} 超过上限 {maxLength}");
            return null;
        }
        return v;
    }

    public int? Whole(string key, int min, int max)
    {
        var v = Text(key);
        if (v is null)
        {
            return null;
        }
        if (!decimal.TryParse(v, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) || d != decimal.Truncate(d))
        {
            Error(key, "应为整数");
            return null;
        }
        if (d < min || d > max)
        {
            Error(key, $"应在 {min} 到 {max} 之间");
            return null;
        }
        return (int)d;
    }

    public double? Number(string key, double min = 0, double max = 1e12)
    {
        var v = Text(key);
        if (v is null)
        {
            return null;
        }
        if (!double.TryParse(v, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var d) || !double.IsFinite(d))
        {
            Error(key, "应为数值");
            return null;
        }
        if (d < min || d > max)
        {
            Error(key, $"应在 {min} 到 {max} 之间");
            return null;
        }
        return d;
    }

    private static readonly string[] DateFormats =
        ["yyyy-MM-dd", "yyyy-M-d", "yyyy/M/d", "yyyy/MM/dd", "yyyy.M.d", "yyyyMMdd", "yyyy年M月d日", "yyyy-MM-dd HH:mm:ss", "yyyy/M/d H:mm:ss"];

    /// <summary>Dates as yyyy-MM-dd and the usual variants (yyyy/M/d, yyyy.M.d, yyyyMMdd, yyyy年M月d日, Excel serial numbers).</summary>
    public DateOnly? Date(string key)
    {
        var v = Text(key);
        if (v is null)
        {
            return null;
        }
        // The usual form first, by hand: parsing against the whole format list cost a fifth of validating a 学籍 row.
        if (v.Length == 10 && v[4] == '-' && v[7] == '-' && Digits(v, 0, 4) is var y and > 0 && Digits(v, 5, 2) is var m and >= 1 and <= 12
            && Digits(v, 8, 2) is var d and >= 1 && d <= DateTime.DaysInMonth(y, m))
        {
            return new DateOnly(y, m, d);
        }
        if (DateTime.TryParseExact(v, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt))
        {
            return DateOnly.FromDateTime(dt);
        }
        // An Excel date cell exported as its serial number (1 = 1900-01-01; 20000 = 1954, 80000 = 2119).
        if (int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var serial) && serial is > 20000 and < 80000)
        {
            return DateOnly.FromDateTime(DateTime.FromOADate(serial));
        }
        Error(key, DateRule);
        return null;
    }

    private static readonly string[] MonthFormats = ["yyyyMM", "yyyy.MM", "yyyy.M", "yyyy-MM", "yyyy-M", "yyyy/MM", "yyyy/M", "yyyy年M月", "yyyy年MM月"];

    /// <summary>
    /// A date, or a month as the national systems write 入学年月/参加工作年月 (yyyyMM, yyyy.MM, yyyy-MM, yyyy年M月): the
    /// first day of that month.
    /// </summary>
    public DateOnly? DateOrMonth(string key)
    {
        var v = Raw(key)?.Trim();
        if (v is not null && v.Length <= 9 && DateTime.TryParseExact(v, MonthFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)
            && month.Year is >= 1900 and <= 2100)
        {
            return new DateOnly(month.Year, month.Month, 1);
        }
        var d = Date(key);
        if (d is null && v is not null && HasErrors && Issues[^1].Rule == DateRule)
        {
            Issues[^1] = Issues[^1] with { Rule = MonthRule, Message = Issues[^1].Message.Replace(DateRule, MonthRule, StringComparison.Ordinal) };
        }
        return d;
    }

    private const string DateRule = "日期格式应为 yyyy-MM-dd";
    private const string MonthRule = "日期格式应为 yyyy-MM-dd，或年月 yyyyMM、yyyy.MM、yyyy年M月";

    /// <summary>The number written by <paramref name="count"/> ASCII digits from <paramref name="start"/>, or -1.</summary>
    private static int Digits(string s, int start, int count)
    {
        var n = 0;
        for (var i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(s[i]))
            {
                return -1;
            }
            n = n * 10 + (s[i] - '0');
        }
        return n;
    }

    public bool? Bool(string key)
    {
        var v = Text(key);
        return v switch
        {
            null => null,
            "是" or "1" or "Y" or "y" or "true" or "TRUE" or "True" => true,
            "否" or "0" or "N" or "n" or "false" or "FALSE" or "False" => false,
            _ => Fail<bool?>(key, "应为“是”或“否”", null),
        };
    }

    /// <summary>A code or its label from a code list.</summary>
    public T? Code<T>(string key, CodeList<T> list) where T : struct
    {
        var v = Text(key);
        if (v is null)
        {
            return null;
        }
        if (list.TryParse(v, out var c))
        {
            return c;
        }
        Error(key, $"不在代码表“{list.Name}”中");
        return null;
    }

    /// <summary>学年 as "2020-2021" or its start year "2020".</summary>
    public int? Year(string key)
    {
        var v = Text(key);
        if (v is null)
        {
            return null;
        }
        if (SchoolYear.TryParse(v, out var y))
        {
            return y.StartYear;
        }
        if (int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1990 and <= 2100)
        {
            return n;
        }
        Error(key, "学年应为“2020-2021”或起始年份“2020”");
        return null;
    }

    public string? Grade(string key)
    {
        var v = Text(key);
        if (v is null)
        {
            return null;
        }
        if (CodeLists.GradeOf(v) is { } g)
        {
            return g;
        }
        Error(key, "不是有效年级（K1–K3、P1–P6、J1–J3、S1–S3、X1–X9 或 一年级、初一、高一 等）");
        return null;
    }

    private T Fail<T>(string key, string rule, T value)
    {
        Error(key, rule);
        return value;
    }
}
