using System.Globalization;
using EduCounty.Common;

namespace EduCounty.SpecialGroups;

/// <summary>
/// The 特殊群体 part of the annual evaluation report (issue 17 item 4; plan tasks 24 and 30): the placement of the disabled
/// 适龄 children (特教学校, 随班就读, 送教上门), the 送教上门 一人一案 with visits and 课时 delivered against the plan
/// (dropout-prevention.md §6), 资源教室 and the schools with ≥ the rules' threshold of 随班就读 pupils and no room, 留守儿童
/// with a 结对帮扶 teacher and a 关爱 record in the term, and the 随迁子女 share in 公办 schools (两为主, balance-rules.md G15)
/// — all from <see cref="GetGroupsReport"/> as of the report's day (never after the 学年's 08-31), so that the figures are
/// the ones <c>groups report --on</c> that day prints. No child is named (a 送教 name tells a disability); schools are.
/// </summary>
public static class GroupsReportSection
{
    public const string Title = "特殊群体";

    /// <summary>The table's header (the 附件 特殊群体情况表: one row per figure).</summary>
    public static readonly string[] Headers = ["类别", "项目", "数量"];

    /// <summary>The paragraphs and the table rows.</summary>
    public sealed record Section(IReadOnlyList<string> Lines, IReadOnlyList<string[]> Rows);

    /// <summary>The part for <paramref name="year"/> as of <paramref name="asOf"/> (capped at the year's last day), county-wide.</summary>
    public static async Task<Section> BuildAsync(EduDb db, SchoolYear year, DateOnly asOf, GroupsRules? rules = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var day = asOf < year.LastDay ? asOf : year.LastDay;
        return Of(await GetGroupsReport.HandleAsync(db, rules ?? GroupsRules.Default(), year, day, showNames: false, ct: ct));
    }

    /// <summary>The part from a report (its day and rules).</summary>
    public static Section Of(GetGroupsReport.Report r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var when = string.Create(CultureInfo.InvariantCulture, $"{r.Year.StartYear}—{r.Year.EndYear}学年（截至{r.AsOf:yyyy-MM-dd}）");
        var p = r.Placements;
        var visits = r.HomeTeaching.Sum(h => h.Visits);
        var share = r.PlannedHours == 0 ? (decimal?)null : Math.Round(r.DeliveredHours * 100 / r.PlannedHours, 1);
        var lines = new List<string>
        {
            p.Total == 0
                ? $"{when}，系统中尚无适龄残疾儿童少年的安置记录。"
                : $"{when}，适龄残疾儿童少年{p.Total}人，其中特殊教育学校就读{p.SpecialSchool}人、普通学校随班就读{p.Regular}人、送教上门{p.HomeTeaching}人。",
        };
        if (r.HomeTeaching.Count > 0)
        {
            lines.Add($"送教上门落实“一人一案”{r.HomeTeaching.Count}个，累计送教{visits}次，已送教{N(r.DeliveredHours)}课时，占计划{N(r.PlannedHours)}课时的" +
                $"{(share is { } s ? N(s) + "%" : "—")}" + (r.OverdueHomeTeaching > 0 ? $"；{r.OverdueHomeTeaching}人超过{r.Rules.VisitGapDays}天未送教。" : "。"));
        }

        var withRoom = r.ResourceRooms.Count(x => x.HasRoom);
        var flagged = r.ResourceRooms.Where(x => x.Flagged).ToList();
        lines.Add($"普通中小学建有资源教室{withRoom}所" + (flagged.Count == 0
            ? $"，随班就读{r.Rules.ResourceRoomThreshold}人及以上的学校均已建有资源教室。"
            : $"；随班就读{r.Rules.ResourceRoomThreshold}人及以上而未建资源教室的学校{flagged.Count}所（{string.Join("、", flagged.Select(x => x.School))}）。"));

        var lb = r.LeftBehind;
        lines.Add(lb.Children == 0
            ? "在读学生中无登记的留守儿童。"
            : $"在读留守儿童{lb.Children}人，已落实结对帮扶教师{lb.WithContact}人，{lb.Term}有关爱记录{lb.CaredInTerm}人" +
              (lb.Flagged.Count > 0 ? $"，尚有{lb.Flagged.Count}人未结对帮扶或本学期无关爱记录。" : "，实现关爱全覆盖。"));

        var m = r.Migrants;
        lines.Add(m.Compulsory.Migrants == 0
            ? "义务教育阶段无随迁子女在读。"
            : $"义务教育阶段随迁子女{m.Compulsory.Migrants}人，" +
              (m.Compulsory.Purchased > 0
                  ? $"在公办学校和政府购买学位的民办学校就读{m.Compulsory.InPublic}人（其中购买学位{m.Compulsory.Purchased}人）"
                  : $"在公办学校就读{m.Compulsory.InPublic}人") +
              $"，占{P(m.Compulsory.Share!.Value)}%，" +
              (m.Meets == true ? $"达到{N(m.Threshold)}%的要求。" : $"低于{N(m.Threshold)}%的要求。"));

        var rows = new List<string[]>
        {
            new[] { "残疾儿童少年安置", "特殊教育学校就读（人）", I(p.SpecialSchool) },
            new[] { "", "随班就读（人）", I(p.Regular) },
            new[] { "", "送教上门（人）", I(p.HomeTeaching) },
            new[] { "", "合计（人）", I(p.Total) },
            new[] { "送教上门", "一人一案（个）", I(r.HomeTeaching.Count) },
            new[] { "", "送教次数（次）", I(visits) },
            new[] { "", "计划课时", N(r.PlannedHours) },
            new[] { "", "已送教课时", N(r.DeliveredHours) },
            new[] { "", "课时完成率（%）", share is { } sh ? N(sh) : "—" },
            new[] { "", "逾期未送教（人）", I(r.OverdueHomeTeaching) },
            new[] { "资源教室", "建有资源教室的学校（所）", I(withRoom) },
            new[] { "", $"随班就读{r.Rules.ResourceRoomThreshold}人及以上未建资源教室的学校（所）", I(flagged.Count) },
            new[] { "留守儿童", "在读留守儿童（人）", I(lb.Children) },
            new[] { "", "已结对帮扶（人）", I(lb.WithContact) },
            new[] { "", "本学期有关爱记录（人）", I(lb.CaredInTerm) },
        };
        var first = true;
        foreach (var x in m.ByStage.Append(m.Compulsory))
        {
            rows.Add([first ? "随迁子女" : "", $"{x.Stage}随迁子女（人）", I(x.Migrants)]);
            first = false;
            rows.Add(["", $"{x.Stage}在公办学校就读（人）", I(x.InPublic)]);
            if (x.Purchased > 0)
            {
                rows.Add(["", $"{x.Stage}其中政府购买民办学校学位（人）", I(x.Purchased)]);
            }
            rows.Add(["", $"{x.Stage}公办学校就读比例（%）", x.Share is { } v ? P(v) : "—"]);
        }
        return new Section(lines, rows);
    }

    private static string I(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>A number without trailing zeros (8.5, 30, 28.3).</summary>
    private static string N(decimal v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private static string P(decimal percent) => percent.ToString("0.00", CultureInfo.InvariantCulture);
}
