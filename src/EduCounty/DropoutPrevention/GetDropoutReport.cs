using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.DropoutPrevention;

/// <summary>
/// One month's figures of an area (a 乡镇 or the county), cumulative from the start of the school year to the month's
/// last day (学校“一月一报告”, dropout-prevention.md §4):
/// 辍学人数 <see cref="Dropouts"/> = 辍学 cases whose 离校日期 is in the year up to the month's end (of them
/// <see cref="NewDropouts"/> in the month); 劝返人数 <see cref="Persuaded"/> = of those, 销号 by the month's end as 劝返复学,
/// 送教上门 or 特教学校就读; <see cref="Exempt"/> = 销号 as 依法延缓入学/休学 (not a dropout, §2: "an approved status");
/// <see cref="StillOut"/> = 仍辍学 = 辍学 − 劝返 − 依法; 劝返率 <see cref="Rate"/> = 劝返 ÷ (辍学 − 依法) × 100 %, one decimal
/// (null when nobody dropped out); <see cref="Suspected"/> = 疑似辍学 cases open at the month's end; <see cref="NotEnrolledGap"/>
/// = 适龄未入学 差额 of the school year (6–15 周岁 population − students of that age on the rolls, <see cref="GetNotEnrolledGap"/>;
/// a figure to verify, flagged when positive; null without population counts or census rolls, or for a partial scope).
/// </summary>
public sealed record DropoutFigures(string Code, string Name, int Dropouts, int NewDropouts, int Persuaded, int Exempt, int StillOut, decimal? Rate, int Suspected,
    int? NotEnrolledGap = null);

/// <summary>A month of the school year: the figures per 乡镇 and for the county.</summary>
public sealed record DropoutMonth(int Year, int Month, DateOnly End, IReadOnlyList<DropoutFigures> Townships, DropoutFigures County)
{
    public string Label => $"{Year}年{Month}月";
}

/// <summary>
/// The monthly 控辍保学 figures of a school year (September to the month of <c>today</c>, or to August) per 乡镇 and for
/// the county, from the case ledger in the caller's scope. The case counts are small (a county's dropouts), so the
/// month-by-month cumulation is done over one read of the year's cases.
/// </summary>
public static class GetDropoutReport
{
    public sealed record Result(SchoolYear Year, IReadOnlyList<DropoutMonth> Months)
    {
        public DropoutMonth? Latest => Months.Count == 0 ? null : Months[^1];
    }

    private sealed record Item(string Town, CaseKind Kind, DateOnly LeftOn, DateOnly OpenedOn, bool Closed, CaseClosure? Closure, DateOnly? ClosedOn);

    public static Task<Result> HandleAsync(EduDb db, SchoolYear year, DateOnly today, CancellationToken ct = default) => HandleAsync(db, year, today, null, ct);

    /// <summary>The figures with a province's rules (the age band of the 适龄未入学 comparison).</summary>
    public static async Task<Result> HandleAsync(EduDb db, SchoolYear year, DateOnly today, DropoutRules? rules, CancellationToken ct = default)
    {
        var gaps = (await GetNotEnrolledGap.HandleAsync(db, rules ?? DropoutRules.Default(), year, ct)).ToDictionary(g => g.Code, g => g.Difference);
        var items = await db.DropoutCases.AsNoTracking()
            .Where(k => k.LeftOn <= year.LastDay && (k.LeftOn >= year.FirstDay || !k.Closed || k.ClosedOn >= year.FirstDay))
            .Select(k => new Item(db.Set<School>().Where(s => s.Id == k.SchoolId).Select(s => s.TownshipCode).First(), k.Kind, k.LeftOn, k.OpenedOn, k.Closed,
                k.Closure, k.ClosedOn))
            .ToListAsync(ct);
        var codes = await db.Schools.Select(s => s.TownshipCode).Distinct().ToListAsync(ct);
        codes = [.. codes.Union(items.Select(i => i.Town)).Order(StringComparer.Ordinal)];
        var names = await db.Divisions.Where(d => codes.Contains(d.Code)).ToDictionaryAsync(d => d.Code, d => d.Name, ct);
        var months = new List<DropoutMonth>();
        var last = today < year.LastDay ? today : year.LastDay;
        for (var first = year.FirstDay; first <= last; first = first.AddMonths(1))
        {
            var end = first.AddMonths(1).AddDays(-1);
            var towns = codes.Select(c => Figures(c, names.GetValueOrDefault(c, c), items.Where(i => i.Town == c), year, first, end) with
            {
                NotEnrolledGap = gaps.TryGetValue(c, out var g) ? g : null,
            }).ToList();
            months.Add(new DropoutMonth(first.Year, first.Month, end, towns, Figures("", "全县", items, year, first, end) with
            {
                NotEnrolledGap = gaps.TryGetValue("", out var cg) ? cg : null,
            }));
        }
        return new Result(year, months);
    }

    private static DropoutFigures Figures(string code, string name, IEnumerable<Item> items, SchoolYear year, DateOnly first, DateOnly end)
    {
        var list = items.ToList();
        var dropouts = list.Where(i => i.Kind == CaseKind.Dropout && i.LeftOn >= year.FirstDay && i.LeftOn <= end).ToList();
        bool ClosedBy(Item i) => i.Closed && i.ClosedOn <= end;
        var persuaded = dropouts.Count(i => ClosedBy(i) && i.Closure != CaseClosure.LegalExemption);
        var exempt = dropouts.Count(i => ClosedBy(i) && i.Closure == CaseClosure.LegalExemption);
        var denominator = dropouts.Count - exempt;
        decimal? rate = denominator == 0 ? null : Math.Round(persuaded * 100m / denominator, 1, MidpointRounding.AwayFromZero);
        var suspected = list.Count(i => i.Kind == CaseKind.SuspectedDropout && i.OpenedOn <= end && !ClosedBy(i));
        return new DropoutFigures(code, name, dropouts.Count, dropouts.Count(i => i.LeftOn >= first), persuaded, exempt, dropouts.Count - persuaded - exempt, rate, suspected);
    }
}
