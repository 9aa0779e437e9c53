using System.Globalization;

namespace EduCounty.Common;

/// <summary>学年 such as "2020-2021"; statistics are taken at the autumn census of its first year.</summary>
public readonly record struct SchoolYear(int StartYear) : IComparable<SchoolYear>
{
    public int EndYear => StartYear + 1;

    /// <summary>
    /// The census date (统计时点). The 教育事业统计 autumn census counts enrolment at the start of the
    /// school year; we use 9月30日 (configurable choice recorded in docs/adr/0003).
    /// </summary>
    public DateOnly CensusDate => new(StartYear, 9, 30);

    public DateOnly FirstDay => new(StartYear, 9, 1);

    public DateOnly LastDay => new(EndYear, 8, 31);

    public SchoolYear Next => new(StartYear + 1);

    public SchoolYear Previous => new(StartYear - 1);

    public override string ToString() => $"{StartYear}-{EndYear}";

    public int CompareTo(SchoolYear other) => StartYear.CompareTo(other.StartYear);

    public static bool operator <(SchoolYear a, SchoolYear b) => a.StartYear < b.StartYear;

    public static bool operator >(SchoolYear a, SchoolYear b) => a.StartYear > b.StartYear;

    public static bool operator <=(SchoolYear a, SchoolYear b) => a.StartYear <= b.StartYear;

    public static bool operator >=(SchoolYear a, SchoolYear b) => a.StartYear >= b.StartYear;

    /// <summary>The bureau's date today (the clock's local time zone).</summary>
    public static DateOnly Today(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
    }

    /// <summary>The school year today falls in.</summary>
    public static SchoolYear Current(TimeProvider clock) => Containing(Today(clock));

    /// <summary>The school year a date falls in (1 September starts a year).</summary>
    public static SchoolYear Containing(DateOnly date) => new(date.Month >= 9 ? date.Year : date.Year - 1);

    public static bool TryParse(string? text, out SchoolYear year)
    {
        year = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var t = text.Trim();
        var parts = t.Split('-', '—', '/');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var a)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var b) && b == a + 1 && a is > 1900 and < 2200)
        {
            year = new SchoolYear(a);
            return true;
        }
        if (parts.Length == 1 && int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is > 1900 and < 2200)
        {
            year = new SchoolYear(y);
            return true;
        }
        return false;
    }

    public static SchoolYear Parse(string text) =>
        TryParse(text, out var y) ? y : throw new FormatException($"学年“{text}”格式应为 2020-2021");
}
