using System.Globalization;
using EduCounty.Common;

namespace EduCounty.StudentAid;

/// <summary>
/// The 学生资助 part of the annual evaluation report (plan task 29, “确保建档立卡家庭学生资助政策全覆盖”; issue 14 item 11):
/// 资助项目 and 人数, 应发, 实发, 到账 and 差额 (万元), the 资助全覆盖 coverage of 建档立卡/低保/特困/残疾 students, and the
/// programme × 学期 table — from <see cref="GetAidReport"/> as of the report's day (<see cref="GetAidReport.AsOfAsync"/>:
/// nothing dated after that day, which is never after the 学年's 08-31). Written in 公文 style: 万元, %, 个百分点, full-width
/// punctuation, the body's school year written 2024—2025学年.
/// </summary>
public static class AidReportSection
{
    public const string Title = "学生资助";

    /// <summary>The table's header (the 附件 学生资助情况表).</summary>
    public static readonly string[] Headers = ["资助项目", "学期", "资助人数（人）", "应发（万元）", "实发（万元）", "到账（万元）", "差额（万元）"];

    /// <summary>The paragraphs and the table rows.</summary>
    public sealed record Section(IReadOnlyList<string> Lines, IReadOnlyList<string[]> Rows);

    /// <summary>The part for <paramref name="year"/> as of <paramref name="asOf"/> (the report's day; capped at the year's last day).</summary>
    public static async Task<Section> BuildAsync(EduDb db, SchoolYear year, DateOnly asOf, AidRules? rules = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var day = asOf < year.LastDay ? asOf : year.LastDay;
        var r = await GetAidReport.AsOfAsync(db, rules ?? AidRules.Default(), year, day, ct);
        return Of(r, day);
    }

    /// <summary>The part from a report computed as of <paramref name="day"/>.</summary>
    public static Section Of(GetAidReport.Result r, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(r);
        var y = r.Year.StartYear;
        var when = string.Create(CultureInfo.InvariantCulture, $"{y}—{y + 1}学年（截至{day:yyyy-MM-dd}）");
        var lines = new List<string>();
        var c = r.Coverage;
        if (r.Programmes.Count == 0 && r.Rows.Count == 0)
        {
            lines.Add($"{when}，系统中尚无学生资助申请和资金到账记录。");
        }
        else
        {
            var granted = r.Programmes.Where(p => p.Students > 0).ToList();
            var due = r.Rows.Sum(x => x.DueWan);
            var paid = r.Rows.Sum(x => x.PaidWan);
            var text = $"{when}，落实学生资助项目{granted.Count}项，资助学生{r.Students}人，应发资助资金{W(due)}万元，实发{W(paid)}万元";
            if (r.WithFunding)
            {
                var received = r.Rows.Sum(x => x.ReceivedWan ?? 0);
                var gap = received - paid;
                text += $"，上级资金到账{W(received)}万元，" + (gap == 0 ? "到账与实发一致" : gap > 0 ? $"到账资金结余{W(gap)}万元" : $"实发超出到账{W(-gap)}万元");
            }
            lines.Add(text + (due > paid ? $"；已审批待发放{W(due - paid)}万元" : "") + "。");
            if (granted.Count > 0)
            {
                lines.Add("分项目：" + string.Join("；", granted.Select(p => $"{p.Name}{p.Students}人，应发{W(p.DueWan)}万元、实发{W(p.PaidWan)}万元")) + "。");
            }
            if (r.Pending > 0) lines.Add($"截至{day:yyyy-MM-dd}，尚有资助申请{r.Pending}份待审核。");
        }

        lines.Add(c.Group == 0
            ? $"本学年认定家庭经济困难学生{c.Assessed}人，其中尚无建档立卡、低保、特困、残疾学生的认定记录，资助全覆盖无法评价。"
            : $"本学年认定家庭经济困难学生{c.Assessed}人，其中建档立卡、低保、特困、残疾学生{c.Group}人，已获资助{c.Aided}人，覆盖率{P(c.Percent!.Value)}%" +
              (c.Aided == c.Group ? "，实现资助全覆盖。" : $"，距全覆盖差{P(100m - c.Percent.Value)}个百分点，尚有{c.Group - c.Aided}人未获资助。"));

        var rows = r.Rows.Select(x => new[]
        {
            x.Name, x.TermLabel, x.Students.ToString(CultureInfo.InvariantCulture), W(x.DueWan), W(x.PaidWan),
            x.ReceivedWan is { } rc ? W(rc) : "—", x.GapWan is { } g ? W(g) : "—",
        }).ToList();
        if (rows.Count > 0)
        {
            rows.Add(["合计", "", r.Students.ToString(CultureInfo.InvariantCulture), W(r.Rows.Sum(x => x.DueWan)), W(r.Rows.Sum(x => x.PaidWan)),
                r.WithFunding ? W(r.Rows.Sum(x => x.ReceivedWan ?? 0)) : "—", r.WithFunding ? W(r.Rows.Sum(x => x.GapWan ?? 0)) : "—"]);
        }
        return new Section(lines, rows);
    }

    /// <summary>万元 at two decimals, no trailing zeros (1.25, 0.6, 3).</summary>
    public static string W(decimal wan) => Math.Round(wan, 2, MidpointRounding.AwayFromZero).ToString("0.##", CultureInfo.InvariantCulture);

    private static string P(decimal percent) => percent.ToString("0.0", CultureInfo.InvariantCulture);
}
