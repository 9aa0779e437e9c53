using System.Globalization;
using EduCounty.Common;

namespace EduCounty.Imports;

/// <summary>
/// The school years an import may be made for (docs/adr/0018, 0019) — one rule for the web form and the CLI's
/// <c>--year</c>:
/// <list type="bullet">
/// <item>an ordinary import: the current school year (from the clock; a school year starts on 1 September,
/// <see cref="SchoolYear.Containing"/>) and the <see cref="YearsBack"/> before it;</item>
/// <item>a back-fill (the CLI's <c>--backfill</c>, a deliberate act of the bureau's data office): any year from
/// <see cref="EarliestBackfill"/> up to the current one — the records the plan's rates read reach back that far
/// (docs/adr/0011: the 2020 巩固率 takes the grade-1 intake of autumn 2012);</item>
/// <item>never a year that has not started.</item>
/// </list>
/// </summary>
public static class ImportYears
{
    /// <summary>How many school years before the current one an ordinary import may be for.</summary>
    public const int YearsBack = 5;

    /// <summary>The earliest school year a back-fill may be for (2012-2013).</summary>
    public static readonly SchoolYear EarliestBackfill = new(2012);

    /// <summary>The years of an ordinary import, newest first (the web form's 学年 select).</summary>
    public static IReadOnlyList<SchoolYear> Offered(TimeProvider clock) => Allowed(clock, backfill: false);

    /// <summary>The years allowed, newest first.</summary>
    public static IReadOnlyList<SchoolYear> Allowed(TimeProvider clock, bool backfill)
    {
        var current = SchoolYear.Current(clock);
        var earliest = backfill ? Math.Min(EarliestBackfill.StartYear, current.StartYear) : current.StartYear - YearsBack;
        return [.. Enumerable.Range(earliest, current.StartYear - earliest + 1).Reverse().Select(y => new SchoolYear(y))];
    }

    /// <summary>"2025-2026学年".</summary>
    public static string Label(SchoolYear year) => year + "学年";

    /// <summary>The year if it is allowed; otherwise a refusal naming the range.</summary>
    /// <exception cref="RuleException">The year is outside the range.</exception>
    public static SchoolYear Check(SchoolYear year, TimeProvider clock, bool backfill = false) =>
        Allowed(clock, backfill).Contains(year) ? year : throw Refusal(year.ToString(), clock, backfill);

    /// <summary>
    /// A posted or typed value (the start year "2025", or "2025-2026"): empty means the current year (the form's
    /// default); anything else must be an allowed year.
    /// </summary>
    /// <exception cref="RuleException">Not a school year, or outside the range.</exception>
    public static SchoolYear Resolve(string? text, TimeProvider clock, bool backfill = false)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return SchoolYear.Current(clock);
        }
        return SchoolYear.TryParse(text, out var y) && Allowed(clock, backfill).Contains(y) ? y : throw Refusal(text, clock, backfill);
    }

    private static RuleException Refusal(string text, TimeProvider clock, bool backfill)
    {
        var allowed = Allowed(clock, backfill);
        var shown = text.Trim()[..Math.Min(text.Trim().Length, 20)];
        return new RuleException(string.Format(CultureInfo.InvariantCulture, "学年“{0}”不可选：只能导入 {1} 至 {2} 的数据",
            shown, Label(allowed[^1]), Label(allowed[0])))
        { Field = "year" };
    }
}
