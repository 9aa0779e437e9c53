using System.Diagnostics;
using System.Text.Json;
using EduCounty.Common;
using EduCounty.Common.Protection;
using EduCounty.Common.Tabular;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Imports;

/// <summary>What to import and how.</summary>
public sealed record ImportRequest(string Path, string FileName)
{
    /// <summary>Validate only: nothing is written.</summary>
    public bool DryRun { get; init; }
    /// <summary>Write the valid rows even when other rows have errors (otherwise every row or none).</summary>
    public bool ValidOnly { get; init; }
    /// <summary>Size, row, column, cell and zip limits of the file (<see cref="TabularLimits"/>).</summary>
    public TabularLimits Limits { get; init; } = TabularLimits.Default;
    /// <summary>Called synchronously every 1,000 rows (the CLI draws a bar, the page a counter).</summary>
    public IProgress<ImportProgress>? Progress { get; init; }
    /// <summary>Most issues kept in the report (all are counted).</summary>
    public int MaxIssues { get; init; } = 100_000;
    /// <summary>
    /// The school year the imported records belong to (学年 snapshots, the age-for-grade check); null: the year containing
    /// the import date.
    /// </summary>
    public SchoolYear? Year { get; init; }
    /// <summary>
    /// Bulk load (docs/adr/0018): when the file holds at least this many rows (estimated before reading) and at least
    /// twice as many as the table, the table's secondary indexes are dropped for the load and built once before commit.
    /// Null: never.
    /// </summary>
    public int? BulkLoadFromRows { get; init; } = DefaultBulkLoadFromRows;

    /// <summary>The default of <see cref="BulkLoadFromRows"/>.</summary>
    public const int DefaultBulkLoadFromRows = 50_000;
}

/// <summary>Progress of a run: data rows read so far, the file's size, the phase, and the estimated data rows (null when unknown).</summary>
public readonly record struct ImportProgress(int Rows, long BytesTotal, string Phase, int? Estimated = null);

/// <summary>The result of a dry run or a commit.</summary>
public sealed record ImportReport
{
    public required string Kind { get; init; }
    public required string FileName { get; init; }
    public string? Sha256 { get; init; }
    public bool DryRun { get; init; }
    /// <summary>The school year the records were imported for.</summary>
    public SchoolYear Year { get; init; }
    /// <summary>Rows were written (false for a dry run, a refused file or a file with errors in all-or-nothing mode).</summary>
    public bool Committed { get; init; }
    public int? BatchId { get; init; }
    /// <summary>The whole file was refused (size, zip bomb, DTD, missing columns, row limit): the reason.</summary>
    public string? Refused { get; init; }
    public int HeaderRow { get; init; }
    public int Rows { get; init; }
    public int Created { get; init; }
    public int Updated { get; init; }
    public int Unchanged { get; init; }
    public int ErrorRows { get; init; }
    public int Errors { get; init; }
    public int Warnings { get; init; }
    public IReadOnlyList<ImportIssue> Issues { get; init; } = [];
    public IReadOnlyList<string> Notes { get; init; } = [];
    public TimeSpan Elapsed { get; init; }
    /// <summary>Time spent in each phase of a commit (读取校验写入, 更新, 关联记录, 提交), in order.</summary>
    public IReadOnlyList<(string Phase, TimeSpan Time)> Phases { get; init; } = [];

    /// <summary>Anything refused: the file, or rows with errors.</summary>
    public bool AnythingRefused => Refused is not null || ErrorRows > 0;
}

internal sealed record ImportRun(EduDb Db, PersonalDataProtector Protector, ImportRequest Request, TimeProvider Clock);

/// <summary>
/// The import pipeline (issue 5 §2–4): one streaming pass validates every row and, unless it is a dry run,
/// feeds the new rows straight into <see cref="BulkWriter"/> inside one transaction; updated rows are
/// applied afterwards through the change tracker (audited, with their old values kept for rollback). Any
/// error (all-or-nothing mode), a refusal or a cancellation rolls the transaction back: nothing is written.
/// </summary>
public static class Importer
{
    public static async Task<ImportReport> RunAsync(EduDb db, PersonalDataProtector protector, ImportKind kind, ImportRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(request);
        return await kind.RunAsync(new ImportRun(db, protector, request, db.Clock), ct);
    }

    private static ImportReport Refused(ImportKind kind, ImportRequest req, string message, string? sha = null, Stopwatch? sw = null) => new()
    {
        Kind = kind.Name,
        FileName = req.FileName,
        Sha256 = sha,
        DryRun = req.DryRun,
        Refused = message,
        Issues = [new ImportIssue(0, null, null, null, "文件拒收", false, message)],
        Errors = 1,
        Elapsed = sw?.Elapsed ?? TimeSpan.Zero,
    };

    /// <summary>A header as the kinds' names are matched: the one normaliser, units in brackets and the template's * (必填) dropped.</summary>
    private static string NormaliseHeader(string h) => TabularHeader.WithoutBrackets(h).Replace("*", "", StringComparison.Ordinal);

    internal static async Task<ImportReport> RunAsync<T>(ImportKind<T> kind, ImportRun run, CancellationToken ct) where T : class
    {
        var sw = Stopwatch.StartNew();
        var (db, protector, req, clock) = run;
        TabularFile file;
        try
        {
            file = TabularFile.Open(req.Path, req.FileName, req.Limits);
        }
        catch (TabularRefusedException ex)
        {
            return Refused(kind, req, ex.Message, null, sw);
        }
        using var fileScope = file;
        // The reader starts first: it scans an .xlsx's parts, then MiniExcel reads a sheet without <dimension> through
        // once before its first row, and both overlap with hashing the file and loading the stored records.
        using var rows = ImportFile.Prefetch(file.Rows()).GetEnumerator();
        var firstRow = Task.Run(rows.MoveNext, CancellationToken.None);
        Dictionary<string, T> existing;
        string sha;
        long fileBytes;
        int? estimated;
        ImportContext ctx;
        try
        {
            sha = ImportFile.Sha256(req.Path);
            fileBytes = new FileInfo(req.Path).Length;
            estimated = file.EstimateRows() is { } est ? (int?)Math.Max(0, est - 1) : null;
            var today = SchoolYear.Today(clock);
            ctx = new ImportContext
            {
                Db = db,
                Protector = protector,
                FileName = req.FileName,
                Today = today,
                Year = req.Year ?? SchoolYear.Containing(today),
            };
            req.Progress?.Report(new ImportProgress(0, fileBytes, "读取", estimated));
            existing = await kind.LoadAsync(ctx, ct);
        }
        catch
        {
            // The enumerator is disposed on the way out: let the first read finish (or fail) before that.
            await firstRow.ContinueWith(_ => { }, TaskScheduler.Default);
            throw;
        }
        var owners = new Dictionary<(string, string), string>();
        foreach (var (key, e) in existing)
        {
            foreach (var u in kind.UniqueValues(e))
            {
                owners.TryAdd(u, key);
            }
        }

        var notes = new List<string>();
        // Header: the first of the first 10 rows that names a required column (title rows above it are skipped).
        var map = new Dictionary<string, (int, ImportColumn)>();
        var headerRow = 0;
        var lookup = new Dictionary<string, ImportColumn>(StringComparer.OrdinalIgnoreCase);
        foreach (var c in kind.Columns)
        {
            foreach (var n in c.Names)
            {
                lookup.TryAdd(NormaliseHeader(n), c);
            }
        }
        try
        {
            var more = await firstRow;
            while (headerRow == 0 && more)
            {
                var (n, cells) = rows.Current;
                var matched = cells.Select((h, i) => (h, i)).Where(x => x.h is not null && lookup.ContainsKey(NormaliseHeader(x.h))).ToList();
                if (matched.Any(x => lookup[NormaliseHeader(x.h!)].Required))
                {
                    headerRow = n;
                    var ignored = new List<string>();
                    for (var i = 0; i < cells.Length; i++)
                    {
                        if (cells[i] is not { } h)
                        {
                            continue;
                        }
                        if (lookup.TryGetValue(NormaliseHeader(h), out var col))
                        {
                            if (!map.TryAdd(col.Key, (i, col)))
                            {
                                notes.Add($"{req.FileName} 第 {n} 行：列“{TabularText.Clip(h)}”与前面的“{col.Header}”列重复，已忽略");
                            }
                        }
                        else
                        {
                            ignored.Add(h);
                        }
                    }
                    if (ignored.Count > 0)
                    {
                        notes.Add($"{req.FileName} 第 {n} 行：以下列不属于“{kind.Title}”模板，已忽略：{string.Join("、", ignored.Take(20).Select(h => TabularText.Clip(h)))}{(ignored.Count > 20 ? $" 等 {ignored.Count} 列" : "")}");
                    }
                }
                else if (n >= 10)
                {
                    break;
                }
                more = headerRow == 0 && rows.MoveNext();
            }
        }
        catch (TabularRefusedException ex)
        {
            return Refused(kind, req, ex.Message, sha, sw);
        }
        if (headerRow == 0)
        {
            return Refused(kind, req, $"文件 {req.FileName} 前 10 行中找不到“{kind.Title}”的表头（应含 {string.Join("、", kind.Columns.Where(c => c.Required).Select(c => c.Header))}）", sha, sw);
        }
        var missing = kind.Columns.Where(c => c.Required && !map.ContainsKey(c.Key)).Select(c => c.Header).ToList();
        if (missing.Count > 0)
        {
            return Refused(kind, req, $"文件 {req.FileName} 第 {headerRow} 行表头缺少必填列：{string.Join("、", missing)}", sha, sw);
        }

        var rv = new RowValues(req.FileName, map);
        var seen = new Dictionary<ulong, int>();
        var seenUnique = new Dictionary<(string, ulong), int>();
        var updates = new List<(T Stored, T Incoming)>();
        var unchangedIds = new List<int>();
        var issues = new List<ImportIssue>();
        int dataRows = 0, created = 0, updated = 0, unchanged = 0, errorRows = 0, errors = 0, warnings = 0;
        var compared = kind.ComparedProperties(map.Keys);
        var getters = compared.ToDictionary(p => p, p => typeof(T).GetProperty(p)!);

        var nextId = 0;
        var phases = new List<(string, TimeSpan)> { ("检查、加载与读表头", sw.Elapsed) };
        var phaseClock = Stopwatch.StartNew();
        void Phase(string name)
        {
            phases.Add((name, phaseClock.Elapsed));
            phaseClock.Restart();
        }
        ImportBatch? batch = null;
        Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction? tx = null;
        int? firstCreated = null;

        IEnumerable<T> Pass()
        {
            while (rows.MoveNext())
            {
                ct.ThrowIfCancellationRequested();
                var (n, cells) = rows.Current;
                rv.Reset(n, cells);
                if (rv.IsBlank)
                {
                    continue;
                }
                dataRows++;
                var e = kind.Build(rv, ctx);
                string? key = null;
                if (e is not null)
                {
                    key = kind.KeyOf(e);
                    var h = Hash64(key);
                    if (!seen.TryAdd(h, n))
                    {
                        rv.Error(kind.KeyColumn, $"与第 {seen[h]} 行重复（同一{kind.KeyLabel}）");
                    }
                    foreach (var (col, value) in kind.UniqueValues(e))
                    {
                        if (owners.TryGetValue((col, value), out var owner) && owner != key)
                        {
                            rv.Error(col, "与数据库中另一条记录重复");
                        }
                        else if (!seenUnique.TryAdd((col, Hash64(value)), n))
                        {
                            rv.Error(col, $"与第 {seenUnique[(col, Hash64(value))]} 行重复");
                        }
                    }
                    kind.Check(e, rv, ctx);
                }
                foreach (var i in rv.Issues)
                {
                    if (i.IsWarning)
                    {
                        warnings++;
                    }
                    else
                    {
                        errors++;
                    }
                    if (issues.Count < req.MaxIssues)
                    {
                        issues.Add(i);
                    }
                }
                if (dataRows % 1000 == 0)
                {
                    req.Progress?.Report(new ImportProgress(dataRows, fileBytes, req.DryRun ? "校验" : "校验并写入", estimated));
                }
                if (rv.HasErrors || e is null)
                {
                    errorRows++;
                    continue;
                }
                if (existing.TryGetValue(key!, out var stored))
                {
                    if (compared.All(p => ImportKind<T>.SameValue(getters[p].GetValue(stored), getters[p].GetValue(e))))
                    {
                        unchanged++;
                        if (!req.DryRun && kind.HasCompanions)
                        {
                            unchangedIds.Add(ImportKind<T>.IdOf(stored));
                        }
                    }
                    else
                    {
                        updated++;
                        if (!req.DryRun)
                        {
                            updates.Add((stored, e));
                        }
                    }
                }
                else
                {
                    created++;
                    if (!req.DryRun)
                    {
                        firstCreated ??= nextId;
                        ImportKind<T>.SetId(e, nextId++);
                        yield return e;
                    }
                }
            }
        }

        try
        {
            if (req.DryRun)
            {
                foreach (var _ in Pass())
                {
                }
            }
            else
            {
                nextId = await NextIdAsync<T>(db, ct);
                if (!db.IsPostgres)
                {
                    // 128 MB page cache for this connection (default 2 MB): new rows land at random places of the
                    // keyed-hash indexes, which otherwise thrash the cache on a large file. Reset in finally.
                    await db.Database.OpenConnectionAsync(ct);
                    await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -131072", ct);
                }
                // Set-based statements over a million rows (snapshots) outlast the default 30 s command timeout.
                db.Database.SetCommandTimeout(TimeSpan.FromHours(1));
                tx = await db.Database.BeginTransactionAsync(ct);
                batch = new ImportBatch
                {
                    Kind = kind.Name,
                    FileName = req.FileName,
                    Sha256 = sha,
                    UserName = db.Actor,
                    At = clock.GetUtcNow(),
                    Entity = kind.Entity,
                    ValidOnly = req.ValidOnly,
                    Year = ctx.Year.StartYear,
                };
                db.ImportBatches.Add(batch);
                await db.SaveChangesAsync(ct);
                db.AuditDetail = $"import:{batch.Id}";
                BulkWriter.SuspendedIndexes? suspended = null;
                if (req.BulkLoadFromRows is { } bulkFrom && estimated is { } est2 && est2 >= bulkFrom && est2 >= 2L * existing.Count)
                {
                    suspended = await BulkWriter.SuspendIndexesAsync<T>(db, ct);
                    notes.Add($"大批量导入：约 {est2:N0} 行，先写入数据、再一次性重建{kind.Title}表的 {suspended.Recreate.Count} 个索引与约束");
                }
                Phase("准备");
                // Validation runs on its own thread (reading on a third) so it overlaps with the database writes.
                await BulkWriter.WriteAsync(db, ImportFile.Prefetch(Pass(), 1024), ct);
                Phase("读取校验写入");
                if (suspended is not null && (errors == 0 || req.ValidOnly))
                {
                    req.Progress?.Report(new ImportProgress(dataRows, fileBytes, "重建索引", estimated));
                    await BulkWriter.RestoreIndexesAsync(db, suspended, ct);
                    Phase("重建索引");
                }
                if (errors > 0 && !req.ValidOnly)
                {
                    await tx.RollbackAsync(ct);
                    notes.Add("文件有错误，按“全部或全不”规则未写入任何数据（可改正后重新导入，或选择只导入正确的行）");
                }
                else
                {
                    req.Progress?.Report(new ImportProgress(dataRows, fileBytes, "更新已有记录", estimated));
                    await ApplyAsync(kind, db, batch, updates, compared, ct);
                    Phase("更新");
                    if (created > 0)
                    {
                        batch.FirstCreatedId = firstCreated;
                        batch.LastCreatedId = nextId - 1;
                        db.PendingAudit.Add(new AuditItem("import", kind.Entity, $"{firstCreated}-{nextId - 1}", null,
                            $"import:{batch.Id} 新增 {created} 行（{req.FileName}）"));
                        await BulkWriter.ResetIdentityAsync<T>(db, ct);
                    }
                    req.Progress?.Report(new ImportProgress(dataRows, fileBytes, "写入关联记录", estimated));
                    var companions = new List<BulkWriter.SuspendedIndexes>();
                    if (suspended is not null && created > 0)
                    {
                        foreach (var entity in kind.CompanionEntities)
                        {
                            companions.Add(await BulkWriter.SuspendIndexesAsync(db, entity, ct));
                        }
                    }
                    var note = await kind.WriteCompanionsAsync(ctx, new ImportWritten(batch.Id, ctx.Year, ctx.Today,
                        created > 0 ? firstCreated : null, created > 0 ? nextId - 1 : null,
                        [.. updates.Select(u => ImportKind<T>.IdOf(u.Stored))], unchangedIds), ct);
                    if (note is not null)
                    {
                        notes.Add(note);
                    }
                    foreach (var c in companions)
                    {
                        await BulkWriter.RestoreIndexesAsync(db, c, ct);
                    }
                    Phase("关联记录");
                    req.Progress?.Report(new ImportProgress(dataRows, fileBytes, "审计与提交", estimated));
                    batch.Rows = dataRows;
                    batch.Created = created;
                    batch.Updated = updated;
                    batch.Unchanged = unchanged;
                    batch.Errors = errorRows;
                    batch.Warnings = warnings;
                    await db.SaveChangesAsync(ct);
                    batch.LastAuditId = await db.AuditEntries.MaxAsync(a => a.Id, ct);
                    db.AuditDetail = null;
                    await db.SaveChangesAsync(ct);
                    // Rows written by raw SQL and bulk copies: the data version moves with this commit.
                    await db.MarkDataChangedAsync(ct);
                    await tx.CommitAsync(ct);
                    Phase("审计与提交");
                    // Fresh statistics for the planner (SQLite keeps none by itself): the evaluation's statements
                    // choose their index by them (the partial index of students with a disability, issue 20).
                    if (created + updated >= 1000)
                    {
                        await Database.AnalyzeAsync(db, ct);
                    }
                }
            }
        }
        catch (TabularRefusedException ex)
        {
            await DiscardAsync(db, tx);
            return Refused(kind, req, ex.Message, sha, sw);
        }
        catch
        {
            await DiscardAsync(db, tx);
            throw;
        }
        finally
        {
            db.AuditDetail = null;
            db.Database.SetCommandTimeout(null);
            if (tx is not null)
            {
                await tx.DisposeAsync();
                if (!db.IsPostgres)
                {
                    await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -2000", CancellationToken.None);
                    await db.Database.CloseConnectionAsync();
                }
            }
        }
        var committed = !req.DryRun && (errors == 0 || req.ValidOnly);
        if (!committed)
        {
            db.ChangeTracker.Clear();
        }
        return new ImportReport
        {
            Kind = kind.Name,
            FileName = req.FileName,
            Sha256 = sha,
            DryRun = req.DryRun,
            Year = ctx.Year,
            Committed = committed,
            BatchId = committed ? batch?.Id : null,
            HeaderRow = headerRow,
            Rows = dataRows,
            Created = created,
            Updated = updated,
            Unchanged = unchanged,
            ErrorRows = errorRows,
            Errors = errors,
            Warnings = warnings,
            Issues = issues,
            Notes = notes,
            Elapsed = sw.Elapsed,
            Phases = phases,
        };
    }

    private static async Task DiscardAsync(EduDb db, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction? tx)
    {
        db.AuditDetail = null;
        db.PendingAudit.Clear();
        db.ChangeTracker.Clear();
        if (tx is not null)
        {
            try
            {
                await tx.RollbackAsync(CancellationToken.None);
            }
            catch (InvalidOperationException)
            {
                // Already rolled back by the provider after a failed command.
            }
        }
    }

    private static async Task<int> NextIdAsync<T>(EduDb db, CancellationToken ct) where T : class
    {
        var max = await db.Set<T>().Select(e => (int?)EF.Property<int>(e, "Id")).MaxAsync(ct);
        return (max ?? 0) + 1;
    }

    /// <summary>Updates stored rows (tracked, so audited with the batch id) and keeps their old values.</summary>
    private static async Task ApplyAsync<T>(ImportKind<T> kind, EduDb db, ImportBatch batch, List<(T Stored, T Incoming)> updates, string[] compared, CancellationToken ct) where T : class
    {
        var count = 0;
        foreach (var (stored, incoming) in updates)
        {
            var entry = db.Attach(stored);
            var old = new SortedDictionary<string, object?>(StringComparer.Ordinal);
            foreach (var p in compared)
            {
                var prop = entry.Property(p);
                var nv = typeof(T).GetProperty(p)!.GetValue(incoming);
                if (ImportKind<T>.SameValue(prop.CurrentValue, nv))
                {
                    continue;
                }
                old[p] = prop.CurrentValue;
                prop.CurrentValue = nv;
                // A changed keyed hash carries its ciphertext (…Hash → …Cipher).
                if (p.EndsWith("Hash", StringComparison.Ordinal) && typeof(T).GetProperty(p[..^4] + "Cipher") is { } cp)
                {
                    var c = entry.Property(cp.Name);
                    old[cp.Name] = c.CurrentValue;
                    c.CurrentValue = cp.GetValue(incoming);
                }
            }
            db.ImportChanges.Add(new ImportChange
            {
                BatchId = batch.Id,
                Entity = kind.Entity,
                EntityId = ImportKind<T>.IdOf(stored),
                OldValues = JsonSerializer.Serialize(old),
            });
            if (++count % 2000 == 0)
            {
                await db.SaveChangesAsync(ct);
            }
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// 64-bit FNV-1a fingerprint of a key for in-file duplicate detection (1,000,000 keys in ~40 MB instead of
    /// the strings; a false match between two different keys has a probability near n²/2⁶⁵ ≈ 3·10⁻⁸ at a million rows).
    /// </summary>
    private static ulong Hash64(string s)
    {
        var h = 14695981039346656037UL;
        foreach (var c in s)
        {
            h = (h ^ c) * 1099511628211UL;
        }
        return h;
    }

    /// <summary>
    /// Rolls a batch back (restores old values of updated rows, deletes created rows) unless a later audit
    /// entry touched one of its rows; returns the reasons it was refused (empty when done).
    /// </summary>
    public static async Task<IReadOnlyList<string>> RollbackAsync(EduDb db, int batchId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var batch = await db.ImportBatches.FirstOrDefaultAsync(b => b.Id == batchId, ct);
        if (batch is null)
        {
            return [$"导入批次 {batchId} 不存在"];
        }
        if (batch.RolledBackAt is not null)
        {
            return [$"导入批次 {batchId} 已于 {batch.RolledBackAt:yyyy-MM-dd HH:mm} 回滚"];
        }
        var kind = ImportKind.Find(batch.Kind) ?? throw new InvalidOperationException($"未知导入类型 {batch.Kind}");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var blockers = await kind.BlockersAsync(db, batch, ct);
        if (blockers.Count > 0)
        {
            return [$"导入批次 {batchId} 之后已有其他修改涉及相同记录，不能回滚：", .. blockers.Take(20)];
        }
        db.AuditDetail = $"rollback:{batch.Id}";
        try
        {
            await kind.RollbackAsync(db, batch, ct);
            await db.MarkDataChangedAsync(ct);
            batch.RolledBackAt = db.Clock.GetUtcNow();
            batch.RolledBackBy = db.Actor;
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            db.AuditDetail = null;
        }
        await tx.CommitAsync(ct);
        return [];
    }
}
