using System.CommandLine;
using System.Globalization;
using EduCounty.Common;
using EduCounty.Common.Tabular;
using EduCounty.Exports;
using EduCounty.Imports;
using EduCounty.Registry;

namespace EduCounty.Cli;

/// <summary>
/// <c>import &lt;kind&gt; &lt;file&gt;</c>, <c>import template</c>, <c>import rollback</c>, <c>import list</c> and
/// <c>export</c> (issue 5 §6). Exit code 1 when the file was refused, 2 when rows were refused.
/// </summary>
internal static class ImportCommands
{
    private static readonly string KindNames = string.Join("、", ImportKind.All.Select(k => $"{k.Name}（{k.Title}）"));

    /// <summary>The verbs of this feature: import (with template, rollback, list) and export.</summary>
    public static Command[] All() => [Import(), Export()];

    private static Command Import()
    {
        var kind = new Argument<string>("kind") { Description = "导入类型：" + KindNames };
        kind.AcceptOnlyFromAmong([.. ImportKind.All.Select(k => k.Name)]);
        var file = new Argument<string>("file") { Description = ".xlsx、.xls 或 .csv（UTF-8 或 GBK）文件" };
        var dryRun = new Option<bool>("--dry-run") { Description = "只校验，不写入" };
        var validOnly = new Option<bool>("--valid-only") { Description = "只导入正确的行（默认：有任何错误则全部不写入）" };
        var errors = new Option<string?>("--errors") { Description = "把带“错误与提示”列、标出错误单元格的文件副本写到此 .xlsx" };
        var maxRows = new Option<int?>("--max-rows") { Description = $"行数上限（默认 {TabularLimits.Default.MaxRows}）" };
        var maxMb = new Option<int?>("--max-mb") { Description = $"文件大小上限 MB（默认 {TabularLimits.Default.MaxFileBytes / 1048576}）" };
        var year = new Option<string?>("--year")
        {
            Description = $"数据所属学年，如 2024-2025（默认：今天所在的学年；可选今年及之前 {ImportYears.YearsBack} 个学年，更早的须加 --backfill）：决定学生、教职工的学年快照和按年龄核对年级所用的 9月1日",
        };
        var backfill = new Option<bool>("--backfill")
        {
            Description = $"补录历史学年：--year 可早于最近 {ImportYears.YearsBack} 个学年，最早 {ImportYears.Label(ImportYears.EarliestBackfill)}",
        };
        var bulkFrom = new Option<int?>("--bulk-load-from")
        {
            Description = $"大批量导入的行数门槛（默认 {ImportRequest.DefaultBulkLoadFromRows:N0}；0 表示从不）：文件达到此行数且不少于表中现有行数的两倍时，先写数据、再一次性重建索引（docs/adr/0018）",
        };

        var cmd = new Command("import", "从国家系统导出的表格导入数据：先校验，再在一个事务中全部写入（或全部不写入）；有被拒收的文件或行时返回非零");
        cmd.Arguments.Add(kind);
        cmd.Arguments.Add(file);
        cmd.Options.Add(dryRun);
        cmd.Options.Add(validOnly);
        cmd.Options.Add(errors);
        cmd.Options.Add(maxRows);
        cmd.Options.Add(maxMb);
        cmd.Options.Add(year);
        cmd.Options.Add(backfill);
        cmd.Options.Add(bulkFrom);
        cmd.Subcommands.Add(Template());
        cmd.Subcommands.Add(Rollback());
        cmd.Subcommands.Add(List());
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var k = ImportKind.Find(r.GetValue(kind)!)!;
            var path = r.GetValue(file)!;
            // The one rule of import years (ImportYears): the current year and the 5 before, older ones with --backfill;
            // refused before anything is opened or read (exit code 2).
            SchoolYear? schoolYear = r.GetValue(year) is { } yearText
                ? ImportYears.Check(CliOptions.Year(yearText), TimeProvider.System, r.GetValue(backfill))
                : null;
            var limits = TabularLimits.Default;
            if (r.GetValue(maxRows) is { } mr)
            {
                limits = limits with { MaxRows = mr };
            }
            if (r.GetValue(maxMb) is { } mb)
            {
                limits = limits with { MaxFileBytes = mb * 1048576L };
            }
            await using var db = await CliOptions.OpenAsync(r, ct);
            var protector = Platform.Protector(CliOptions.DbOf(r));
            using var bar = new ProgressBar();
            var request = new ImportRequest(path, Path.GetFileName(path))
            {
                DryRun = r.GetValue(dryRun),
                ValidOnly = r.GetValue(validOnly),
                Limits = limits,
                Progress = bar,
                Year = schoolYear,
            };
            if (r.GetValue(bulkFrom) is { } bf)
            {
                request = request with { BulkLoadFromRows = bf > 0 ? bf : null };
            }
            ImportReport report;
            try
            {
                report = await Importer.RunAsync(db, protector, k, request, ct);
            }
            catch (OperationCanceledException)
            {
                bar.Dispose();
                return CliOptions.Fail("已取消，未写入任何数据");
            }
            bar.Finish(report);
            Print(report);
            if (r.GetValue(errors) is { } errPath && report.Refused is null)
            {
                await using (var fs = File.Create(errPath))
                {
                    ImportOutputs.WriteErrorFile(path, report, fs, limits);
                }
                Console.WriteLine($"错误标注文件：{errPath}");
            }
            return report.Refused is not null ? 1 : report.ErrorRows > 0 ? 2 : 0;
        });
        return cmd;
    }

    private static void Print(ImportReport r)
    {
        if (r.Refused is not null)
        {
            Console.Error.WriteLine("拒收：" + r.Refused);
            return;
        }
        foreach (var n in r.Notes)
        {
            Console.WriteLine("说明：" + n);
        }
        foreach (var i in r.Issues.Take(200))
        {
            (i.IsWarning ? Console.Out : Console.Error).WriteLine(i.Message);
        }
        if (r.Issues.Count > 200)
        {
            Console.WriteLine($"……另有 {r.Errors + r.Warnings - 200} 条问题未显示（用 --errors 输出全部）");
        }
        var mode = r.DryRun ? "校验（未写入）" : r.Committed ? $"已写入，导入批次 {r.BatchId}" : "未写入";
        Console.WriteLine($"{r.FileName}：{mode}。共 {r.Rows} 行：新增 {r.Created}，更新 {r.Updated}，未变 {r.Unchanged}，" +
            $"有错误的行 {r.ErrorRows}（错误 {r.Errors} 条），提示 {r.Warnings} 条；用时 {r.Elapsed.TotalSeconds:0.0} 秒；学年 {r.Year}");
    }

    private static Command Template()
    {
        var kind = new Argument<string>("kind") { Description = "导入类型：" + KindNames };
        kind.AcceptOnlyFromAmong([.. ImportKind.All.Select(k => k.Name)]);
        var output = new Option<string>("--out") { Description = "模板文件路径（.xlsx）", Required = true };
        var cmd = new Command("template", "生成导入模板：第一页为中文表头，第二页说明每列的格式、单位和代码表");
        cmd.Arguments.Add(kind);
        cmd.Options.Add(output);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var k = ImportKind.Find(r.GetValue(kind)!)!;
            var path = r.GetValue(output)!;
            await using (var fs = File.Create(path))
            {
                ImportOutputs.WriteTemplate(k, fs);
            }
            Console.WriteLine($"已生成“{k.Title}”导入模板：{path}");
            return 0;
        });
        return cmd;
    }

    private static Command Rollback()
    {
        var id = new Argument<int>("batchId") { Description = "导入批次号" };
        var cmd = new Command("rollback", "回滚一次导入（该批次之后没有其他修改涉及相同记录时）");
        cmd.Arguments.Add(id);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            await using var db = await CliOptions.OpenAsync(r, ct);
            var refused = await Importer.RollbackAsync(db, r.GetValue(id), ct);
            if (refused.Count > 0)
            {
                foreach (var line in refused)
                {
                    Console.Error.WriteLine(line);
                }
                return 1;
            }
            Console.WriteLine($"导入批次 {r.GetValue(id)} 已回滚");
            return 0;
        });
        return cmd;
    }

    private static Command List()
    {
        var cmd = new Command("list", "列出导入批次");
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            await using var db = await CliOptions.OpenReadAsync(r, ct);
            var batches = await ImportBatches.ListAsync(db, 50, ct: ct);
            foreach (var b in batches)
            {
                Console.WriteLine($"{b.Id,5}  {LocalTime.Text(b.At)}  {b.Kind,-10} {b.FileName}  新增 {b.Created} 更新 {b.Updated} 未变 {b.Unchanged} 错误行 {b.Errors}  {b.UserName}{(b.RolledBackAt is null ? "" : "  已回滚")}");
            }
            return 0;
        });
        return cmd;
    }

    private static Command Export()
    {
        var what = new Argument<string>("list") { Description = "schools、students 或 staff" };
        what.AcceptOnlyFromAmong("schools", "students", "staff");
        var output = new Option<string>("--out") { Description = "输出文件（.xlsx 或 .csv）", Required = true };
        var showId = new Option<bool>("--show-id") { Description = "导出身份证号明文（须有权限；默认遮蔽）" };
        var cmd = new Command("export", "导出名册（xlsx 或 csv；以 = + - @ 开头的单元格加 ' 防公式注入；导出记入审计）");
        cmd.Arguments.Add(what);
        cmd.Options.Add(output);
        cmd.Options.Add(showId);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            await using var db = await CliOptions.OpenAsync(r, ct);
            var protector = Platform.Protector(CliOptions.DbOf(r));
            var path = r.GetValue(output)!;
            var show = r.GetValue(showId);
            var table = r.GetValue(what) switch
            {
                "schools" => await RegistryExports.SchoolsAsync(db, new ListSchools.Query(), null, ct),
                "students" => await RegistryExports.StudentsAsync(db, protector, new SearchStudents.Query(IncludeLeft: true), null, ct),
                _ => await RegistryExports.StaffAsync(db, protector, new ListStaff.Query(), null, ct),
            };
            var format = path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? ExportFormat.Csv : ExportFormat.Xlsx;
            int n;
            await using (var fs = File.Create(path))
            {
                n = await Exporter.WriteAsync(db, table, format, fs, show, ct);
            }
            Console.WriteLine($"已导出 {table.Title} {n} 行：{path}");
            return 0;
        });
        return cmd;
    }

    /// <summary>
    /// A progress bar on stderr, only when it is a terminal (redirected: nothing, so logs stay clean):
    /// <c>[#########-----------]  45%  450,000 / 约 1,000,000 行  校验并写入  12,345 行/秒</c>. The total is the
    /// importer's estimate (<see cref="TabularFile.EstimateRows()"/>), so the bar stops at 99% until the import is done;
    /// without an estimate it shows the count only.
    /// </summary>
    private sealed class ProgressBar : IProgress<ImportProgress>, IDisposable
    {
        private const int Width = 20;
        private readonly bool _on = !Console.IsErrorRedirected;
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
        private readonly Lock _gate = new();
        private TimeSpan _lastDraw = TimeSpan.MinValue;
        private string? _lastPhase;
        private int _lastColumns;
        private bool _drawn;

        public void Report(ImportProgress value)
        {
            if (!_on)
            {
                return;
            }
            lock (_gate)
            {
                // Reports come every 1,000 rows (fast CSV: dozens a second): redraw at most 10 times a second,
                // but always when the phase changes.
                var now = _clock.Elapsed;
                if (value.Phase == _lastPhase && now - _lastDraw < TimeSpan.FromMilliseconds(100))
                {
                    return;
                }
                _lastDraw = now;
                _lastPhase = value.Phase;
                Draw(Line(value.Rows, value.Estimated, value.Phase, now, done: false));
            }
        }

        /// <summary>The final state: 100% with the rows actually read when the import ran to its end.</summary>
        public void Finish(ImportReport report)
        {
            lock (_gate)
            {
                if (_drawn && report.Refused is null)
                {
                    Draw(Line(report.Rows, report.Rows, "完成", _clock.Elapsed, done: true));
                }
            }
            Dispose();
        }

        internal static string Line(int rows, int? estimated, string phase, TimeSpan elapsed, bool done)
        {
            var text = new System.Text.StringBuilder();
            if (estimated is { } total && (total > 0 || done))
            {
                var percent = done ? 100 : Math.Min(99, (int)(100L * rows / Math.Max(1, total)));
                var filled = Width * percent / 100;
                text.Append('[').Append('#', filled).Append('-', Width - filled).Append(']')
                    .Append(CultureInfo.InvariantCulture, $" {percent,3}%  {rows:N0} / {(done ? "" : "约 ")}{Math.Max(total, rows):N0} 行");
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"已处理 {rows:N0} 行");
            }
            text.Append("  ").Append(phase);
            if (rows > 0 && elapsed.TotalSeconds >= 0.5)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {rows / elapsed.TotalSeconds:N0} 行/秒");
            }
            return text.ToString();
        }

        private void Draw(string line)
        {
            // Pad over the previous line by display columns (CJK characters take two), no terminal escapes needed.
            var columns = line.Sum(c => c >= '\u2E80' ? 2 : 1);
            Console.Error.Write("\r" + line + new string(' ', Math.Max(0, _lastColumns - columns)));
            _lastColumns = columns;
            _drawn = true;
        }

        public void Dispose()
        {
            lock (_gate)
            {
                if (_drawn)
                {
                    Console.Error.WriteLine();
                    _drawn = false;
                }
            }
        }
    }
}
