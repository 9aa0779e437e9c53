using System.Globalization;
using EduCounty.Common;

namespace EduCounty.Supervision;

/// <summary>
/// The 教育督导 paragraphs of the annual evaluation report (plan task 44: 责任督学挂牌督导、经常性督导、专项督导): 督学 and
/// schools covered, visits and cadence coverage, findings by grade with their rectification, overdue ones, campaigns.
/// </summary>
public static class SupervisionReportSection
{
    public const string Title = "责任督学挂牌督导情况：";

    public static async Task<IReadOnlyList<string>> BuildAsync(EduDb db, SchoolYear year, DateOnly today, SupervisionRules? rules = null, CancellationToken ct = default)
    {
        rules ??= SupervisionRules.Default();
        var asOf = today < year.LastDay ? today : year.LastDay;
        var d = await GetSupervisionDashboard.HandleAsync(db, rules, year, asOf, ct: ct);
        var supervisors = await ListSupervisors.HandleAsync(db, asOf, ct);
        var campaigns = (await CreateCampaign.ListAsync(db, ct)).Where(c => c.StartsOn <= year.LastDay && c.EndsOn >= year.FirstDay).ToList();
        var summaries = new List<string>();
        foreach (var c in campaigns)
        {
            summaries.Add((await GetCampaignSummary.HandleAsync(db, rules, c.Id, ct)).Summary);
        }
        return Lines(d, supervisors, summaries);
    }

    public static IReadOnlyList<string> Lines(GetSupervisionDashboard.Result d, ListSupervisors.Result supervisors, IReadOnlyList<string> campaigns)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(supervisors);
        ArgumentNullException.ThrowIfNull(campaigns);
        var cadence = d.Cadence;
        var assigned = cadence.Schools.Count(s => s.State != CadenceState.Unassigned);
        var lines = new List<string>
        {
            $"{d.Year} 学年（截至 {d.Today:yyyy-MM-dd}）全市有责任督学 {supervisors.Supervisors.Count(s => s.Active)} 名，挂牌督导学校 {assigned} 所" +
            (supervisors.Unassigned.Count > 0 ? $"，{supervisors.Unassigned.Count} 所学校尚未配备责任督学" : "，实现学校全覆盖") + "。" +
            $"开展经常性督导 {d.Visits} 校次，按期督导覆盖率 {(cadence.CoveragePercent is { } p ? p.ToString("0.#", CultureInfo.InvariantCulture) + "%" : "—")}" +
            $"，当前逾期未督导学校 {cadence.Schools.Count(s => s.State == CadenceState.Overdue)} 所。",
        };
        var findings = d.Findings;
        if (findings.Count == 0)
        {
            lines.Add("督导中未发现需整改的问题。");
        }
        else
        {
            var closed = findings.Count(f => f.State == FindingState.Closed);
            lines.Add($"督导发现问题 {findings.Count} 个（{string.Join("、", d.ByGrade.Select(g => $"{g.Key} {g.Found} 个"))}），已整改销号 {closed} 个" +
                $"，整改销号率 {Math.Round(100m * closed / findings.Count, 1).ToString("0.#", CultureInfo.InvariantCulture)}%" +
                (d.ByGrade.Any(g => g.MedianDaysToClose is not null)
                    ? "；从发现到销号中位 " + string.Join("、", d.ByGrade.Where(g => g.MedianDaysToClose is not null).Select(g => $"{g.Key} {g.MedianDaysToClose:0.#} 天"))
                    : "") + $"；逾期未整改 {findings.Count(f => f.Overdue)} 个。");
            lines.Add("问题较多的督导事项：" + string.Join("；", d.ByItem.OrderByDescending(i => i.Found).Take(3).Select(i => $"{i.Key}（{i.Found} 个）")) + "。");
        }
        lines.AddRange(campaigns);
        return lines;
    }
}
