using EduCounty.Common;

namespace EduCounty.Balance;

/// <summary>
/// The 义务教育优质均衡 paragraphs that the annual evaluation report includes (issue 4 §6): the county verdict of the
/// 2017 method (督导评估办法, balance-rules.md §2), each part's result, and every unit that fails with its shortfalls.
/// </summary>
public static class BalanceReportSection
{
    public static async Task<IReadOnlyList<string>> BuildAsync(EduDb db, string countyCode, SchoolYear year, CancellationToken ct = default) =>
        Lines(await EvaluateCountyVerdict.HandleAsync(db, countyCode, year, BalanceProfile.National(), ct: ct));

    /// <summary>达标, 未达标 (some item fails), or 待评估 (nothing fails but items still await a supervisor's record).</summary>
    private static string State(VerdictPart p) =>
        p.Pass ? "达标" : p.Items.Any(i => i.Met == false) || p.Name == AssuranceStandards.Resources ? "未达标" : "待评估";

    public static IReadOnlyList<string> Lines(CountyVerdict v)
    {
        var lines = new List<string>
        {
            $"按《县域义务教育优质均衡发展督导评估办法》（2017）评估，{v.Year} 学年全市{(v.Pass ? "已达到" : "尚未达到")}义务教育优质均衡发展要求。" +
            string.Join("；", v.Parts.Select(p => $"{p.Name}{State(p)}")) + "。",
        };
        foreach (var stage in v.Resources.Stages)
        {
            var failing = stage.Schools.Where(s => s.Pass == false).ToList();
            var cvOver = stage.Indicators.Where(i => !i.Pass).Select(i => i.Code).ToList();
            lines.Add($"{stage.Stage}：参评 {stage.Units} 个单位，{stage.Units - failing.Count} 个达到资源配置要求" +
                (cvOver.Count == 0 ? "，7 项指标校际差异系数均在限值以内。" : $"，差异系数超限的指标：{string.Join("、", cvOver)}。"));
            lines.AddRange(failing.Select(s => $"{s.Name}未达标：{string.Join("；", s.Shortfalls)}。"));
        }
        var other = v.Parts.Where(p => !p.Pass && p.Name != AssuranceStandards.Resources).ToList();
        foreach (var p in other)
        {
            var missing = p.Items.Count(i => i.Met is null);
            var failed = p.Items.Where(i => i.Met == false).Select(i => $"{i.Code} {i.Name}").ToList();
            lines.Add($"{p.Name}：" + (failed.Count > 0 ? $"未达标 {failed.Count} 项（{string.Join("；", failed)}）" : "无未达标项") +
                (missing > 0 ? $"，另有 {missing} 项尚待督导评估录入" : "") + "。");
        }
        return lines;
    }
}
