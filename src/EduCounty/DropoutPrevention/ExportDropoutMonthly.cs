using System.Globalization;
using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace EduCounty.DropoutPrevention;

/// <summary>
/// The monthly 控辍保学 figures (学校“一月一报告”, dropout-prevention.md §4; <see cref="GetDropoutReport"/>) as one .xlsx sheet
/// in the 公文 table shape: a title row, a row with the 学年, the day the figures stand at and the units (人, %), the
/// column heads, then per month each 乡镇 and the county (全县). Written with MiniExcel, the solution's spreadsheet writer,
/// without a header row of its own so the title can come first; numbers are numbers. The export is audited.
/// </summary>
public static class ExportDropoutMonthly
{
    /// <summary>The column heads, in order (the sheet's third row).</summary>
    public static readonly string[] Heads =
        ["月份", "区域", "辍学人数（人）", "本月新增（人）", "劝返人数（人）", "依法延缓入学或休学（人）", "仍辍学（人）", "劝返率（%）", "疑似辍学（人）", "适龄未入学差额（人，待核实）"];

    /// <summary>The sheet's rows: column letter → value (A…J), title and heads included.</summary>
    public static IReadOnlyList<Dictionary<string, object?>> Rows(GetDropoutReport.Result report, string countyName, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(report);
        var letters = Enumerable.Range(0, Heads.Length).Select(i => ((char)('A' + i)).ToString()).ToArray();
        Dictionary<string, object?> Row(params object?[] values) => letters.Select((l, i) => (l, v: i < values.Length ? values[i] : null)).ToDictionary(x => x.l, x => x.v);
        var end = report.Latest?.End is { } e && e < today ? e : today;
        var rows = new List<Dictionary<string, object?>>
        {
            Row($"{countyName}控辍保学工作月度统计表"),
            Row($"学年：{report.Year}　统计截至：{end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}　单位：人、%（劝返率 = 劝返人数 ÷（辍学人数 − 依法延缓入学或休学）× 100%；适龄未入学差额 = 6—15 周岁人口 − 该年龄在籍学生，为正数时须摸排核实）"),
            Row([.. Heads]),
        };
        foreach (var m in report.Months)
        {
            foreach (var f in m.Townships.Append(m.County))
            {
                rows.Add(Row(m.Label, f.Name, f.Dropouts, f.NewDropouts, f.Persuaded, f.Exempt, f.StillOut, f.Rate is { } r ? r : "—", f.Suspected,
                    f.NotEnrolledGap is { } g ? g : "—"));
            }
        }
        return rows;
    }

    /// <summary>Writes the sheet to <paramref name="output"/> and audits the export.</summary>
    public static async Task WriteXlsxAsync(EduDb db, GetDropoutReport.Result report, string countyName, DateOnly today, Stream output, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(report);
        await output.SaveAsAsync(Rows(report, countyName, today), printHeader: false, sheetName: "控辍保学月报", cancellationToken: ct);
        await db.AuditAsync("export", nameof(DropoutCase), null, $"导出控辍保学月度统计表：{report.Year} 学年 {report.Months.Count} 个月", ct);
    }

    /// <summary>The county's name for the title: the 县级 division of the schools in scope, else 全县.</summary>
    public static async Task<string> CountyNameAsync(EduDb db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var code = await db.Schools.OrderBy(s => s.Id).Select(s => s.CountyCode).FirstOrDefaultAsync(ct);
        return code is null ? "全县" : await db.Divisions.Where(d => d.Code == code).Select(d => d.Name).FirstOrDefaultAsync(ct) ?? "全县";
    }
}
