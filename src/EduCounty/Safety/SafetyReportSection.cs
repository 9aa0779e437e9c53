using System.Globalization;
using EduCounty.Common;

namespace EduCounty.Safety;

/// <summary>
/// The 校园安全 paragraphs of the annual evaluation report (plan tasks 54–57): the hazards of the school year by grade, how
/// many were closed and how fast, what stays open or overdue (挂牌督办 ones named), the monthly 排查 reports, and the
/// coverage items against their targets (明厨亮灶 = the plan's target safety.kitchen_coverage).
/// </summary>
public static class SafetyReportSection
{
    public const string Title = "校园安全隐患排查治理情况：";

    public static async Task<IReadOnlyList<string>> BuildAsync(EduDb db, SchoolYear year, DateOnly today, SafetyRules? rules = null, CancellationToken ct = default)
    {
        rules ??= SafetyRules.Default();
        var asOf = today < year.LastDay ? today : year.LastDay;
        var d = await GetSafetyDashboard.HandleAsync(db, rules, year, asOf, ct);
        var compliance = await GetInspectionCompliance.HandleAsync(db, rules, year, asOf, ct);
        var coverage = await GetSafetyCoverage.HandleAsync(db, rules, asOf, ct);
        var open = await ListHazards.HandleAsync(db, rules, new ListHazards.Query(asOf, year, OpenOnly: true), ct);
        return Lines(d, compliance, coverage, open);
    }

    public static IReadOnlyList<string> Lines(GetSafetyDashboard.Result d, GetInspectionCompliance.Result compliance, IReadOnlyList<CoverageResult> coverage,
        IReadOnlyList<HazardRow> open)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(compliance);
        ArgumentNullException.ThrowIfNull(coverage);
        ArgumentNullException.ThrowIfNull(open);
        var lines = new List<string>();
        if (d.Found == 0)
        {
            lines.Add($"{d.Year} 学年未登记安全隐患。");
        }
        else
        {
            lines.Add($"{d.Year} 学年（截至 {d.Today:yyyy-MM-dd}）共排查登记安全隐患 {d.Found} 项，" +
                string.Join("、", d.ByGrade.Select(g => $"{g.Key} {g.Found} 项")) + $"；已销号 {d.Closed} 项，销号率 {Pct(d.Closed, d.Found)}%。" +
                string.Join("；", d.ByGrade.Where(g => g.MedianDaysToClose is not null).Select(g => $"{g.Key}隐患从发现到销号中位 {g.MedianDaysToClose:0.#} 天")) + "。");
            lines.Add($"未销号 {d.Open} 项，其中逾期 {d.Overdue} 项（已报乡镇 {d.EscalatedTownship} 项、已报县 {d.EscalatedCounty} 项），挂牌督办 {d.SupervisedOpen} 项。");
            lines.AddRange(open.Where(h => h.Supervised).Select(h =>
                $"挂牌督办：{h.School}{h.Location}（{h.CategoryName}，{h.GradeName}，发现于 {h.FoundOn:yyyy-MM-dd}，整改时限 {h.DueDate:yyyy-MM-dd}，{h.StateLabel}" +
                (h.Overdue ? $"，已逾期 {h.DaysOverdue} 天" : "") + "）。"));
        }
        if (compliance.DueMonths.Count > 0)
        {
            var flagged = compliance.Schools.Where(s => s.Flagged).ToList();
            lines.Add($"月度排查报告：应报 {compliance.DueMonths.Count} 个月，{compliance.Schools.Count - flagged.Count} 所学校按月报送，" +
                (flagged.Count == 0 ? "无漏报。" : $"{flagged.Count} 所学校有漏报：{string.Join("、", flagged.Take(10).Select(s => $"{s.School}（{s.Missing.Count} 个月）"))}{(flagged.Count > 10 ? " 等" : "")}。"));
        }
        foreach (var c in coverage)
        {
            lines.Add($"{c.Item.Name}覆盖率 {(c.Percent is { } p ? p.ToString("0.#", CultureInfo.InvariantCulture) + "%" : "无数据")}" +
                $"（{c.Installed}/{c.Applicable} 所，目标 {c.Item.Target.ToString("0.#", CultureInfo.InvariantCulture)}%{(c.Item.PlanTarget is null ? "" : "，规划目标")}）" +
                (c.Met ? "，已达标。" : c.Missing.Count > 0 ? $"，未覆盖 {c.Missing.Count} 所。" : "。"));
        }
        return lines;
    }

    private static string Pct(int part, int whole) =>
        whole == 0 ? "0" : Math.Round(100m * part / whole, 1).ToString("0.#", CultureInfo.InvariantCulture);
}
