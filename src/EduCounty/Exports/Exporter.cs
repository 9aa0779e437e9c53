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

    /// <summary>Writes the table and audits the export; returns the number of rows written.</summary>
    public static async Task<int> WriteAsync(EduDb db, ExportTable table, ExportFormat format, Stream output, bool canSeeIdNumbers, CancellationToken ct = default)
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
            await output.SaveAsAsync(rows, sheetName: table.Title, excelType: ExcelType.XLSX, cancellationToken: ct);
        }
        else
        {
            await using var w = new StreamWriter(output, new UTF8Encoding(true), 1 << 16, leaveOpen: true);
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
        await db.AuditAsync("export", table.Entity, null, $"{table.Title} {count} 行 {Extension(format)}{ids}", ct);
        return count;
    }

    private static string Quote(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}
