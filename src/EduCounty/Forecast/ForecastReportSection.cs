using System.Globalization;
using EduCounty.Common;

namespace EduCounty.Forecast;

/// <summary>
/// The 学位预测 paragraphs of the annual evaluation report (plan task 21; issue 19 item 5): enrolment by 学段 projected to
/// 2030 and 2035 from the report year's census (中方案), the seat gap and 大班额 risk, the gap plan (调剂 → 扩建 → 新建) and
/// the back-test error. Only years after the base year are stated, and nothing at all without census data by grade.
/// </summary>
public static class ForecastReportSection
{
    public const string Title = "学位供需预测情况：";

    private static readonly int[] Milestones = [2030, 2035];

    /// <summary>The paragraphs for the report on <paramref name="year"/>: the forecast from that year's census (no later data).</summary>
    public static async Task<IReadOnlyList<string>> BuildAsync(EduDb db, SchoolYear year, ForecastRules? rules = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        rules ??= ForecastRules.Default();
        var history = (await ReadForecastHistory.HandleAsync(db, ct)).Until(year.StartYear);
        if (history.Enrolment.Count == 0)
        {
            return ["暂无分年级在校生数据，未作学位预测。"];
        }
        var to = Math.Max(Milestones[^1], history.LastYear + 1);
        if (to > history.LastYear + 30)
        {
            return [];
        }
        return Lines(RunForecast.Compute(history, new ForecastQuery(to, ["mid"], Rules: rules)), rules);
    }

    public static IReadOnlyList<string> Lines(ForecastResult r, ForecastRules rules)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(rules);
        static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
        const string scenario = "mid";
        var years = Milestones.Where(y => y > r.Origin && y <= r.To).ToList();
        if (years.Count == 0)
        {
            years = [r.To];
        }
        var stages = new[] { "学前", "小学", "初中" };
        var byStage = r.ByStage(scenario);
        string Stage(int y) => string.Join("、", stages
            .Select(s => (s, n: y == r.Origin ? r.Actual.Where(a => a.Stage == s && a.Year == y).Sum(a => a.Students) : byStage.Where(x => x.Stage == s && x.Year == y).Sum(x => x.Students)))
            .Where(x => x.n > 0).Select(x => $"{x.s} {N(x.n)} 人"));
        var lines = new List<string>
        {
            $"以 {r.Origin} 学年秋季统计为基年，按年级升级比法、出生人口法和小升初流向（中方案，尚未出生年份出生数每年 ×{rules.MidFactor.ToString("0.00", CultureInfo.InvariantCulture)}）预测：" +
            $"基年在校生 {Stage(r.Origin)}；" + string.Join("；", years.Select(y => $"到 {y} 年 {Stage(y)}")) + "。",
        };
        var totals = r.Rows[scenario].Where(x => x.Grade == ForecastRow.Total).ToList();
        var first = years[0];
        var at = totals.Where(x => x.Year == first && x.Gap is not null).ToList();
        if (at.Count > 0)
        {
            var shortSchools = at.Where(x => x.Gap > 0).ToList();
            var risky = at.Where(x => x.Risk is "大班额" or "超大班额").Select(x => x.School).ToList();
            lines.Add($"按班额标准（小学 {rules.ClassSize.Primary} 人、初中 {rules.ClassSize.Junior} 人、幼儿园 {rules.ClassSize.Preschool} 人）和现有教室测算，{first} 年" +
                (shortSchools.Count == 0 ? "各校现有教室均可容纳" : $"学位不足的学校 {shortSchools.Count} 所、合计缺 {N(shortSchools.Sum(x => x.Gap!.Value))} 个学位") +
                $"，富余学位合计 {N(at.Where(x => x.Gap < 0).Sum(x => -x.Gap!.Value))} 个" +
                (risky.Count == 0 ? "，无大班额风险学校。" : $"；按现有教室计有大班额风险的学校 {risky.Count} 所（{string.Join("、", risky.Take(5))}{(risky.Count > 5 ? " 等" : "")}）。"));
        }
        var plan = r.Plans.GetValueOrDefault(scenario);
        var rows = plan?.Rows.Where(x => x.Year == first).ToList() ?? [];
        if (rows.Count > 0)
        {
            // Phased (docs/adr/0033): what is built up to the milestone, each build sized to the peak of the later years.
            var upTo = plan!.Rows.Where(x => x.Year <= first).ToList();
            var shortage = rows.Sum(x => x.Shortage);
            var rooms = upTo.Sum(x => x.NewClassrooms);
            lines.Add(shortage == 0 && rooms == 0
                ? $"按学区汇总，{first} 年各学区现有学位可满足需求，无需扩建或新建。"
                : $"按学区先调剂、再扩建、后新建测算（新增教室按以后各年的最大缺口一次建成，先建的教室计入以后各年），{first} 年学位缺口 {N(shortage)} 个，其中同学区调剂 {N(rows.Sum(x => x.Redistributed))} 个；" +
                  $"到 {first} 年累计扩建 {N(upTo.Sum(x => x.Extended))} 个、新建 {N(upTo.Sum(x => x.Built))} 个学位，新增教室 {N(rooms)} 间，累计测算投资 {upTo.Sum(x => x.CostWan).ToString("0.##", CultureInfo.InvariantCulture)} 万元（单价待核实）。");
        }
        var h1 = r.Backtest.Where(e => e.Horizon == 1 && e.Method != Backtest.Naive).OrderBy(e => e.Mape).FirstOrDefault();
        var naive = r.Backtest.FirstOrDefault(e => e.Horizon == 1 && e.Method == Backtest.Naive);
        if (h1 is not null)
        {
            lines.Add($"以本县历年数据回测，提前 1 年预测各校分年级在校生的平均绝对百分比误差为 {h1.Mape.ToString("0.0", CultureInfo.InvariantCulture)}%" +
                (naive is null ? "" : $"（上年持平基线 {naive.Mape.ToString("0.0", CultureInfo.InvariantCulture)}%）") + "；预测年份越远误差越大，远期数字仅供规划参考。");
        }
        return lines;
    }
}
