using System.Globalization;
using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.DropoutPrevention;

/// <summary>
/// The 控辍保学 part of the annual evaluation report (plan task 28, “三避免一落实”; issue 14 item 11): cases opened and
/// closed (销号) in the 学年, the year's 辍学, 劝返, 依法延缓 and 仍辍学 with the 劝返率 (<see cref="GetDropoutReport"/>, the
/// monthly figures at the last month), and the cases still open per 乡镇 — all as of the report's day, which is never after
/// the 学年's 08-31: a case opened, a step or a 销号 dated later is not known to the report (dropout-prevention.md §4–§5).
/// </summary>
public static class DropoutReportSection
{
    public const string Title = "控辍保学";

    /// <summary>The table's header (the 附件 控辍保学情况表, one row per 乡镇 and 合计).</summary>
    public static readonly string[] Headers = ["乡镇", "辍学（人）", "劝返复学（人）", "依法延缓入学或休学（人）", "仍辍学（人）", "劝返率（%）", "疑似辍学（人）", "未销号个案（个）"];

    /// <summary>The paragraphs and the table rows.</summary>
    public sealed record Section(IReadOnlyList<string> Lines, IReadOnlyList<string[]> Rows);

    private sealed record Case(string Town, CaseKind Kind, DateOnly OpenedOn, bool Closed, DateOnly? ClosedOn);

    /// <summary>The part for <paramref name="year"/> as of <paramref name="asOf"/> (capped at the year's last day).</summary>
    public static async Task<Section> BuildAsync(EduDb db, SchoolYear year, DateOnly asOf, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var day = asOf < year.LastDay ? asOf : year.LastDay;
        var when = string.Create(CultureInfo.InvariantCulture, $"{year.StartYear}—{year.EndYear}学年（截至{day:yyyy-MM-dd}）");
        var cases = await db.DropoutCases.AsNoTracking().Where(k => k.OpenedOn <= day)
            .Select(k => new Case(db.Set<School>().Where(s => s.Id == k.SchoolId).Select(s => s.TownshipCode).First(), k.Kind, k.OpenedOn, k.Closed, k.ClosedOn))
            .ToListAsync(ct);
        bool OpenAt(Case k) => !(k.Closed && k.ClosedOn <= day);
        var opened = cases.Where(k => k.OpenedOn >= year.FirstDay).ToList();
        var closed = cases.Count(k => k.Closed && k.ClosedOn >= year.FirstDay && k.ClosedOn <= day);
        var report = await GetDropoutReport.HandleAsync(db, year, day, ct);
        var latest = report.Latest;
        var lines = new List<string>();
        if (opened.Count == 0 && closed == 0 && !cases.Any(OpenAt))
        {
            lines.Add($"{when}，控辍保学台账未新建个案，无未销号个案。");
        }
        else
        {
            var kinds = new[] { (CaseKind.Dropout, "辍学"), (CaseKind.SuspectedDropout, "疑似辍学"), (CaseKind.NotEnrolled, "适龄未入学") }
                .Select(x => (Name: x.Item2, N: opened.Count(k => k.Kind == x.Item1))).Where(x => x.N > 0).ToList();
            lines.Add($"{when}，控辍保学台账新建个案{opened.Count}个" + (kinds.Count > 0 ? $"（{string.Join("、", kinds.Select(x => $"{x.Name}{x.N}个"))}）" : "") +
                $"，本学年销号{closed}个。");
        }

        var c = latest?.County;
        if (c is not null)
        {
            lines.Add(c.Dropouts == 0
                ? "本学年义务教育阶段无新增辍学学生。"
                : $"本学年义务教育阶段辍学{c.Dropouts}人，已劝返复学（含送教上门、特教学校就读）{c.Persuaded}人，依法延缓入学或休学{c.Exempt}人，仍辍学{c.StillOut}人，" +
                  $"劝返率{(c.Rate is { } r ? r.ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—")}" + (c.StillOut == 0 ? "，实现动态清零。" : "。"));
        }

        var open = cases.Where(OpenAt).ToList();
        var names = latest?.Townships.ToDictionary(t => t.Code, t => t.Name) ?? [];
        lines.Add(open.Count == 0
            ? $"截至{day:yyyy-MM-dd}，个案均已销号。"
            : $"截至{day:yyyy-MM-dd}，未销号个案{open.Count}个：" +
              string.Join("、", open.GroupBy(k => k.Town).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{names.GetValueOrDefault(g.Key, g.Key)}{g.Count()}个")) + "。");

        var rows = new List<string[]>();
        if (latest is not null)
        {
            string[] Row(DropoutFigures f, int openCases) =>
            [
                f.Name, I(f.Dropouts), I(f.Persuaded), I(f.Exempt), I(f.StillOut), f.Rate is { } r ? r.ToString("0.0", CultureInfo.InvariantCulture) : "—", I(f.Suspected), I(openCases),
            ];
            rows.AddRange(latest.Townships.Select(t => Row(t, open.Count(k => k.Town == t.Code)))
                .Where(r => r.Skip(1).Any(x => x is not ("0" or "—"))));
            rows.Add(Row(latest.County with { Name = "合计" }, open.Count));
        }
        return new Section(lines, rows);
    }

    private static string I(int n) => n.ToString(CultureInfo.InvariantCulture);
}
