using System.Globalization;

namespace EduCounty.Common.Tabular;

/// <summary>The one conversion of a cell value to text, and the helpers messages use to name cells without echoing them.</summary>
public static class TabularText
{
    /// <summary>Most characters of a cell value a message repeats.</summary>
    public const int EchoChars = 50;

    /// <summary>
    /// A value as a message may show it: at most <paramref name="max"/> characters, a longer one cut with its length
    /// (a 30,000-character cell must not come back 100,000 times in an import report).
    /// </summary>
    public static string Clip(string? value, int max = EchoChars)
    {
        if (value is null || value.Length <= max)
        {
            return value ?? string.Empty;
        }
        var cut = char.IsHighSurrogate(value[max - 1]) ? max - 1 : max;
        return $"{value[..cut]}…（共 {value.Length:N0} 字）";
    }

    /// <summary>The spreadsheet name of a 1-based column: 1 → A, 27 → AA.</summary>
    public static string ColumnName(int column)
    {
        if (column < 1)
        {
            return "?";
        }
        Span<char> buffer = stackalloc char[8];
        var i = buffer.Length;
        for (var n = column; n > 0 && i > 0; n = (n - 1) / 26)
        {
            buffer[--i] = (char)('A' + (n - 1) % 26);
        }
        return new string(buffer[i..]);
    }

    internal static string Megabytes(long bytes) => (bytes / 1048576.0).ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>
    /// The text of a cell value read from .xlsx (MiniExcel) or .xls (ExcelDataReader), trimmed, empty → null.
    /// Whole numbers below 10^15 without exponent (a 10-digit 学校标识码 typed as a number stays 10 digits); other
    /// numbers to 15 significant digits, as Excel shows them (8.3, not 8.3000000000000007); dates yyyy-MM-dd; a time of
    /// day (Excel stores it as a date before 1900) as H:mm:ss, with fractions of a second when there are any.
    /// </summary>
    public static string? Cell(object? value)
    {
        var t = value switch
        {
            null => null,
            string s => s,
            double d => Number(d),
            float f => Number(f),
            decimal m => m.ToString(CultureInfo.InvariantCulture),
            DateTime dt when dt.Year < 1901 => Time(dt.TimeOfDay),
            DateTime dt => dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            TimeSpan ts => Time(ts),
            bool b => b ? "是" : "否",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
        t = t?.Trim();
        return string.IsNullOrEmpty(t) ? null : t;
    }

    private static string Number(double d)
    {
        if (!double.IsFinite(d))
        {
            return d.ToString(CultureInfo.InvariantCulture);
        }
        if (Math.Abs(d) < 1e15)
        {
            return d == Math.Floor(d)
                ? ((long)d).ToString(CultureInfo.InvariantCulture)
                : ((decimal)d).ToString(CultureInfo.InvariantCulture);
        }
        return d.ToString("R", CultureInfo.InvariantCulture);
    }

    private static string Time(TimeSpan t)
    {
        var text = $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}";
        return t.Milliseconds == 0 ? text : text + (t.Milliseconds / 1000m).ToString(".###", CultureInfo.InvariantCulture);
    }
}

/// <summary>
/// The one header normaliser: full-width ASCII folded to half-width (（）→(), ＊→*, Ａ→A), white space of every kind,
/// byte-order marks and zero-width characters dropped. Aliases and what a bracket means stay with the caller.
/// </summary>
public static class TabularHeader
{
    public static string Normalise(string? header)
    {
        if (string.IsNullOrEmpty(header))
        {
            return string.Empty;
        }
        Span<char> buffer = header.Length <= 256 ? stackalloc char[header.Length] : new char[header.Length];
        var n = 0;
        foreach (var c in header)
        {
            if (char.IsWhiteSpace(c) || c is '\uFEFF' or '\u200B' or '\u200C' or '\u200D' or '\u2060')
            {
                continue;
            }
            buffer[n++] = c is >= '\uFF01' and <= '\uFF5E' ? (char)(c - 0xFEE0) : c;
        }
        return new string(buffer[..n]);
    }

    /// <summary>
    /// <see cref="Normalise"/> without the bracketed parts (units and notes): 身高（cm） → 身高, 学籍号(必填) → 学籍号.
    /// </summary>
    public static string WithoutBrackets(string? header)
    {
        var h = Normalise(header);
        if (h.IndexOf('(', StringComparison.Ordinal) < 0)
        {
            return h;
        }
        var sb = new System.Text.StringBuilder(h.Length);
        var depth = 0;
        foreach (var c in h)
        {
            if (c == '(')
            {
                depth++;
            }
            else if (c == ')')
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (depth == 0)
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }
}
