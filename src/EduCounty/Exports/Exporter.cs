using System.Globalization;
using System.Text;
using EduCounty.Common;
using MiniExcelLibs;

namespace EduCounty.Exports;

public enum ExportFormat
{
    Xlsx,
    Csv,
}

/// <summary>A table to export: headers, rows (streamed) and which columns hold 身份证号.</summary>
public sealed record ExportTable(string Title, string Entity, IReadOnlyList<string> Headers, IEnumerable<object?[]> Rows)
{
    /// <summary>Indexes of columns holding 身份证号 (plaintext from the query; masked unless the caller may see them).</summary>
    public IReadOnlySet<int> IdNumberColumns { get; init; } = new HashSet<int>();
}

/// <summary>
/// The shared exporter (issue 5 §5): .xlsx through MiniExcel or .csv in UTF-8 with BOM (Excel opens it
/// correctly); a text cell beginning with = + - @ (or tab/CR) gets a leading ' so no spreadsheet runs it as a
/// formula (CSV/formula injection); 身份证号 is masked unless the caller holds the right; every export is audited.
/// </summary>
public static class Exporter
{
    public static string Neutralise(string s) =>
        s.Length > 0 && s[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + s : s;

    public static string ContentType(ExportFormat f) => f == ExportFormat.Xlsx
        ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        : "text/csv; charset=utf-8";

    public static string Extension(ExportFormat f) => f == ExportFormat.Xlsx ? ".xlsx" : ".csv";

    /// <summary>Writes the table and audits the export; returns the number of rows written (the command line: an operator on the server).</summary>
    public static Task<int> WriteAsync(EduDb db, ExportTable table, ExportFormat format, Stream output, bool canSeeIdNumbers, CancellationToken ct = default) =>
        WriteAsync(db, table, format, output, canSeeIdNumbers, null, ct);

    /// <summary>
    /// Writes the table for a web user: 身份证号 masked, or — under a <paramref name="permit"/> (a stated purpose, the
    /// day's rows left; issue 13 §12) — in clear with the permit's watermark in the file (CSV: the first line; .xlsx: the
    /// first row of a sheet "导出说明" and the document's title), refused past the rows left, recorded with its purpose.
    /// </summary>
    public static Task<int> WriteAsync(EduDb db, ExportTable table, ExportFormat format, Stream output, UnmaskedExports.Permit? permit, CancellationToken ct = default) =>
        WriteAsync(db, table, format, output, permit is not null, permit, ct);

    private static async Task<int> WriteAsync(EduDb db, ExportTable table, ExportFormat format, Stream output, bool canSeeIdNumbers, UnmaskedExports.Permit? permit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(table);
        var count = 0;
        IEnumerable<object?[]> Safe()
        {
            foreach (var row in table.Rows)
            {
                ct.ThrowIfCancellationRequested();
                var r = new object?[row.Length];
                for (var i = 0; i < row.Length; i++)
                {
                    var v = row[i];
                    r[i] = v switch
                    {
                        string s when table.IdNumberColumns.Contains(i) && !canSeeIdNumbers => Neutralise(IdNumber.Mask(s)),
                        string s => Neutralise(s),
                        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                        bool b => b ? "是" : "否",
                        _ => v,
                    };
                }
                count++;
                if (permit is not null && count > permit.RowsLeft)
                {
                    throw new RuleException($"本次导出超过今天剩余的身份证号明文导出额度（{permit.RowsLeft} 行），未导出；请缩小筛选范围，或联系安全管理员");
                }
                yield return r;
            }
        }
        if (format == ExportFormat.Xlsx)
        {
            var rows = Safe().Select(r =>
            {
                var d = new Dictionary<string, object?>(table.Headers.Count);
                for (var i = 0; i < table.Headers.Count; i++)
                {
                    d[table.Headers[i]] = i < r.Length ? r[i] : null;
                }
                return d;
            });
            if (permit is null)
            {
                await output.SaveAsAsync(rows, sheetName: table.Title, excelType: ExcelType.XLSX, cancellationToken: ct);
            }
            else
            {
                var sheets = new Dictionary<string, object>
                {
                    [table.Title] = rows,
                    ["导出说明"] = new[] { new Dictionary<string, object?> { ["水印"] = permit.Watermark } },
                };
                await output.SaveAsAsync(sheets, excelType: ExcelType.XLSX, cancellationToken: ct);
            }
        }
        else
        {
            await using var w = new StreamWriter(output, new UTF8Encoding(true), 1 << 16, leaveOpen: true);
            if (permit is not null)
            {
                await w.WriteLineAsync(Quote("# " + permit.Watermark));
            }
            await w.WriteLineAsync(string.Join(",", table.Headers.Select(h => Quote(Neutralise(h)))));
            foreach (var r in Safe())
            {
                await w.WriteLineAsync(string.Join(",", r.Select(v => Quote(v switch
                {
                    null => "",
                    IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                    _ => v.ToString() ?? "",
                }))));
            }
        }
        var ids = table.IdNumberColumns.Count == 0 ? "" : canSeeIdNumbers ? "，含身份证号明文" : "，身份证号已遮蔽";
        if (permit is not null)
        {
            UnmaskedExports.Record(db, permit, table.Entity, count);
            ids += $"，用途：{permit.Purpose}";
        }
        await db.AuditAsync("export", table.Entity, null, $"{table.Title} {count} 行 {Extension(format)}{ids}", ct);
        return count;
    }

    private static string Quote(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}
