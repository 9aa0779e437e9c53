using System.Diagnostics;
using EduCounty.Common;
using EduCounty.Common.Tabular;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace EduCounty.Imports;

/// <summary>
/// One run of the import pipeline (<see cref="Importer"/>) over one file: its fields are the run's state and each
/// method is a phase — open the file and load the stored records, find the header, the streaming pass that validates
/// every row and feeds the new ones to <see cref="BulkWriter"/>, then the updates, the companion rows, the audit and
/// the commit in one transaction. Any error (all-or-nothing mode), a refusal or a cancellation rolls it back.
/// </summary>
internal sealed class ImportRunner<T>(ImportKind<T> kind, ImportRun run) where T : class
{
    private readonly EduDb _db = run.Db;
    private readonly ImportRequest _req = run.Request;
    private readonly Stopwatch _sw = Stopwatch.StartNew();
    private readonly Stopwatch _phaseClock = new();
    private readonly List<(string, TimeSpan)> _phases = [];
    private readonly List<string> _notes = [];
    private readonly List<ImportIssue> _issues = [];
    private readonly Dictionary<string, (int, ImportColumn)> _map = [];
    private readonly Dictionary<(string, string), string> _owners = [];
    private readonly Dictionary<ulong, int> _seen = [];
    private readonly Dictionary<(string, ulong), int> _seenUnique = [];
    private readonly List<(T Stored, T Incoming)> _updates = [];
    private readonly List<int> _unchangedIds = [];

    private TabularFile _file = default!;
    private IEnumerator<TabularRow> _rows = default!;
    private Dictionary<string, T> _existing = [];
    private ImportContext _ctx = default!;
    private RowValues _rv = default!;
    private string[] _compared = [];
    private Dictionary<string, System.Reflection.PropertyInfo> _getters = [];
    private string? _sha;
    private long _fileBytes;
    private int? _estimated;
    private int _headerRow;
    private int _dataRows, _created, _updated, _unchanged, _errorRows, _errors, _warnings;
    private int _nextId;
    private int? _firstCreated;
    private ImportBatch? _batch;
    private IDbContextTransaction? _tx;

    public async Task<ImportReport> RunAsync(CancellationToken ct)
    {
        try
        {
            _file = TabularFile.Open(_req.Path, _req.FileName, _req.Limits);
        }
        catch (TabularRefusedException ex)
        {
            return Refused(ex.Message);
        }
        using var fileScope = _file;
        // The reader starts first: it scans an .xlsx's parts, then MiniExcel reads a sheet without <dimension> through
        // once before its first row, and both overlap with hashing the file and loading the stored records.
        // Short queues (512 rows read ahead, 128 entities ahead of the writer, in chunks of 64): every gen-0 collection
        // copies what waits in them. With 4,096 + 1,024 the 200k 学籍 benchmark made 25–35 gen-1 collections instead of 8
        // (GC pauses 1.7 s instead of 1.0 s); at 1 M rows 1,024 + 256 in chunks of 256 paused 2.0 s, these 0.8–1.0 s
        // (issue 20 §6).
        using var rows = ImportFile.Prefetch(_file.Rows(), 512).GetEnumerator();
        _rows = rows;
        var firstRow = Task.Run(rows.MoveNext, CancellationToken.None);
        try
        {
            await LoadAsync(ct);
            _phases.Add(("检查与加载已有记录", _sw.Elapsed));
        }
        catch
        {
            // The enumerator is disposed on the way out: let the first read finish (or fail) before that.
            await firstRow.ContinueWith(_ => { }, TaskScheduler.Default);
            throw;
        }
        try
        {
            if (ReadHeader(await firstRow) is { } refused)
            {
                return refused;
            }
        }
        catch (TabularRefusedException ex)
        {
            return Refused(ex.Message);
        }
        Prepare();
        try
        {
            Prescan(ct);
            if (_req.DryRun)
            {
                foreach (var _ in Pass(ct))
                {
                }
                kind.AfterPass(_ctx, _notes);
            }
            else
            {
                await CommitAsync(ct);
            }
        }
        catch (TabularRefusedException ex)
        {
            await Importer.DiscardAsync(_db, _tx);
            return Refused(ex.Message);
        }
        catch (PeriodLockedException ex)
        {
            // A row of a locked 学年 × form (Common/PeriodGuard): nothing of the file is written.
            await Importer.DiscardAsync(_db, _tx);
            return Refused($"文件“{_req.FileName}”：{ex.Message}");
        }
        catch
        {
            await Importer.DiscardAsync(_db, _tx);
            throw;
        }
        finally
        {
            await CloseAsync();
        }
        return Report();
    }

    private ImportReport Refused(string message) => Importer.Refused(kind, _req, message, _sha, _sw);

    /// <summary>Hashes the file, estimates its rows and loads the stored records (and what must stay unique).</summary>
    private async Task LoadAsync(CancellationToken ct)
    {
        _sha = ImportFile.Sha256(_req.Path);
        _fileBytes = new FileInfo(_req.Path).Length;
        _estimated = _file.EstimateRows() is { } est ? (int?)Math.Max(0, est - 1) : null;
        var today = SchoolYear.Today(run.Clock);
        _ctx = new ImportContext
        {
            Db = _db,
            Protector = run.Protector,
            FileName = _req.FileName,
            Today = today,
            Year = _req.Year ?? SchoolYear.Containing(today),
        };
        Progress(0, "读取");
        // The in-file duplicate check (one key a row) sized once from the estimate, capped by the row limit: growing it by
        // doubling to a million keys copies it about 20 times and leaves the old arrays on the large-object heap.
        if (_estimated is { } rowsAhead)
        {
            _seen.EnsureCapacity(Math.Min(rowsAhead, _req.Limits.MaxRows));
        }
        _existing = await kind.LoadAsync(_ctx, ct);
        foreach (var (key, e) in _existing)
        {
            foreach (var u in kind.UniqueValues(e))
            {
                _owners.TryAdd(u, key);
            }
        }
    }

    /// <summary>
    /// The header: the first of the first 10 rows that names a required column (title rows above it are skipped).
    /// Returns the refusal when there is none or it lacks a required column.
    /// </summary>
    private ImportReport? ReadHeader(bool more)
    {
        var lookup = new Dictionary<string, ImportColumn>(StringComparer.OrdinalIgnoreCase);
        foreach (var c in kind.Columns)
        {
            foreach (var n in c.Names)
            {
                lookup.TryAdd(Importer.NormaliseHeader(n), c);
            }
        }
        while (_headerRow == 0 && more)
        {
            var (n, cells) = _rows.Current;
            if (cells.Any(h => h is not null && lookup.TryGetValue(Importer.NormaliseHeader(h), out var c) && c.Required))
            {
                _headerRow = n;
                MapHeader(n, cells, lookup);
            }
            else if (n >= 10)
            {
                break;
            }
            more = _headerRow == 0 && _rows.MoveNext();
        }
        if (_headerRow == 0)
        {
            return Refused($"文件 {_req.FileName} 前 10 行中找不到“{kind.Title}”的表头（应含 {string.Join("、", kind.Columns.Where(c => c.Required).Select(c => c.Header))}）");
        }
        var missing = kind.Columns.Where(c => c.Required && !_map.ContainsKey(c.Key)).Select(c => c.Header).ToList();
        return missing.Count > 0 ? Refused($"文件 {_req.FileName} 第 {_headerRow} 行表头缺少必填列：{string.Join("、", missing)}") : null;
    }

    private void MapHeader(int n, string?[] cells, Dictionary<string, ImportColumn> lookup)
    {
        var ignored = new List<string>();
        for (var i = 0; i < cells.Length; i++)
        {
            if (cells[i] is not { } h)
            {
                continue;
            }
            if (!lookup.TryGetValue(Importer.NormaliseHeader(h), out var col))
            {
                ignored.Add(h);
            }
            else if (!_map.TryAdd(col.Key, (i, col)))
            {
                _notes.Add($"{_req.FileName} 第 {n} 行：列“{TabularText.Clip(h)}”与前面的“{col.Header}”列重复，已忽略");
            }
        }
        if (ignored.Count > 0)
        {
            _notes.Add($"{_req.FileName} 第 {n} 行：以下列不属于“{kind.Title}”模板，已忽略：{string.Join("、", ignored.Take(20).Select(h => TabularText.Clip(h)))}{(ignored.Count > 20 ? $" 等 {ignored.Count} 列" : "")}");
        }
    }

    private void Prepare()
    {
        _rv = new RowValues(_req.FileName, _map);
        _compared = kind.ComparedProperties(_map.Keys);
        _getters = _compared.ToDictionary(p => p, p => typeof(T).GetProperty(p)!);
        // The reader's first row (an .xlsx: the parts' scan and MiniExcel's pass for the sheet's size) beyond the load.
        _phases.Add(("读到表头", _sw.Elapsed - _phases[0].Item2));
        _phaseClock.Start();
    }

    /// <summary>
    /// A kind that needs the whole file's keys before its rows (a 教学点 above its 所属学校) reads the file once more
    /// first: the schools files it applies to are small.
    /// </summary>
    private void Prescan(CancellationToken ct)
    {
        if (!kind.Prescans)
        {
            return;
        }
        using var again = TabularFile.Open(_req.Path, _req.FileName, _req.Limits);
        var rv = new RowValues(_req.FileName, _map);
        foreach (var (n, cells) in again.Rows())
        {
            ct.ThrowIfCancellationRequested();
            if (n <= _headerRow)
            {
                continue;
            }
            rv.Reset(n, cells);
            if (!rv.IsBlank)
            {
                kind.Prescan(rv, _ctx);
            }
        }
    }

    private void Phase(string name)
    {
        _phases.Add((name, _phaseClock.Elapsed));
        _phaseClock.Restart();
    }

    private void Progress(int rows, string phase) =>
        _req.Progress?.Report(new ImportProgress(rows, _fileBytes, phase, _estimated));

    /// <summary>The streaming pass: validates every row and yields the new entities (none in a dry run).</summary>
    private IEnumerable<T> Pass(CancellationToken ct)
    {
        while (_rows.MoveNext())
        {
            ct.ThrowIfCancellationRequested();
            var (n, cells) = _rows.Current;
            _rv.Reset(n, cells);
            if (_rv.IsBlank)
            {
                continue;
            }
            _dataRows++;
            var e = kind.Build(_rv, _ctx);
            var key = e is null ? null : Check(e, n);
            Count();
            if (_dataRows % 1000 == 0)
            {
                Progress(_dataRows, _req.DryRun ? "校验" : "校验并写入");
            }
            if (_rv.HasErrors || e is null)
            {
                _errorRows++;
                continue;
            }
            if (Classify(key!, e))
            {
                yield return e;
            }
        }
    }

    /// <summary>Duplicates in the file and against the stored records, then the kind's plausibility checks; returns the key.</summary>
    private string Check(T e, int n)
    {
        var key = kind.KeyOf(e);
        var h = Importer.Hash64(key);
        if (!_seen.TryAdd(h, n))
        {
            _rv.Error(kind.KeyColumn, $"与第 {_seen[h]} 行重复（同一{kind.KeyLabel}）");
        }
        foreach (var (col, value) in kind.UniqueValues(e))
        {
            if (_owners.TryGetValue((col, value), out var owner) && owner != key)
            {
                _rv.Error(col, "与数据库中另一条记录重复");
            }
            else if (!_seenUnique.TryAdd((col, Importer.Hash64(value)), n))
            {
                _rv.Error(col, $"与第 {_seenUnique[(col, Importer.Hash64(value))]} 行重复");
            }
        }
        kind.Check(e, _rv, _ctx);
        return key;
    }

    private void Count()
    {
        foreach (var i in _rv.Issues)
        {
            if (i.IsWarning)
            {
                _warnings++;
            }
            else
            {
                _errors++;
            }
            if (_issues.Count < _req.MaxIssues)
            {
                _issues.Add(i);
            }
        }
    }

    /// <summary>New, updated or unchanged against the stored record; true for a new row (given its id unless a dry run).</summary>
    private bool Classify(string key, T e)
    {
        if (_existing.TryGetValue(key, out var stored))
        {
            if (_compared.All(p => kind.Same(p, _getters[p].GetValue(stored), _getters[p].GetValue(e), run.Protector)))
            {
                _unchanged++;
                if (!_req.DryRun && kind.HasCompanions)
                {
                    _unchangedIds.Add(ImportKind<T>.IdOf(stored));
                }
            }
            else
            {
                _updated++;
                if (!_req.DryRun)
                {
                    _updates.Add((stored, e));
                }
            }
            return false;
        }
        _created++;
        if (_req.DryRun)
        {
            return false;
        }
        _firstCreated ??= _nextId;
        ImportKind<T>.SetId(e, _nextId++);
        return true;
    }

    /// <summary>The commit: one transaction around the batch, the streaming write, the updates, the companions and the audit.</summary>
    private async Task CommitAsync(CancellationToken ct)
    {
        _nextId = await Importer.NextIdAsync<T>(_db, ct);
        if (!_db.IsPostgres)
        {
            // 128 MB page cache for this connection (default 2 MB): new rows land at random places of the
            // keyed-hash indexes, which otherwise thrash the cache on a large file. Reset in CloseAsync.
            await _db.Database.OpenConnectionAsync(ct);
            await _db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -131072", ct);
        }
        // Set-based statements over a million rows (snapshots) outlast the default 30 s command timeout.
        _db.Database.SetCommandTimeout(TimeSpan.FromHours(1));
        _tx = await _db.Database.BeginTransactionAsync(ct);
        _batch = new ImportBatch
        {
            Kind = kind.Name,
            FileName = _req.FileName,
            Sha256 = _sha!,
            UserName = _db.Actor,
            At = run.Clock.GetUtcNow(),
            Entity = kind.Entity,
            ValidOnly = _req.ValidOnly,
            Year = _ctx.Year.StartYear,
        };
        _db.ImportBatches.Add(_batch);
        await _db.SaveChangesAsync(ct);
        _db.AuditDetail = $"import:{_batch.Id}";
        var suspended = await SuspendIndexesAsync(ct);
        if (suspended is not null && !_db.IsPostgres)
        {
            await BulkSqlitePragmasAsync(ct);
        }
        Phase("准备");
        // Validation runs on its own thread (reading on a third) so it overlaps with the database writes.
        await BulkWriter.WriteAsync(_db, ImportFile.Prefetch(Pass(ct), 128), ct);
        kind.AfterPass(_ctx, _notes);
        Phase("读取校验写入");
        if (suspended is not null && (_errors == 0 || _req.ValidOnly))
        {
            Progress(_dataRows, "重建索引");
            await BulkWriter.RestoreIndexesAsync(_db, suspended, ct);
            Phase("重建索引");
        }
        if (_errors > 0 && !_req.ValidOnly)
        {
            await _tx.RollbackAsync(ct);
            _notes.Add("文件有错误，按“全部或全不”规则未写入任何数据（可改正后重新导入，或选择只导入正确的行）");
            return;
        }
        Progress(_dataRows, "更新已有记录");
        await Importer.ApplyAsync(kind, _db, _batch, _updates, _compared, run.Protector, ct);
        Phase("更新");
        if (_created > 0)
        {
            _batch.FirstCreatedId = _firstCreated;
            _batch.LastCreatedId = _nextId - 1;
            _db.PendingAudit.Add(new AuditItem("import", kind.Entity, $"{_firstCreated}-{_nextId - 1}", null,
                $"import:{_batch.Id} 新增 {_created} 行（{_req.FileName}）"));
            await BulkWriter.ResetIdentityAsync<T>(_db, ct);
        }
        await CompanionsAsync(suspended is not null, ct);
        await FinishAsync(ct);
    }

    /// <summary>Bulk load (docs/adr/0018): a large file into a small table is written with the table's indexes dropped.</summary>
    private async Task<BulkWriter.SuspendedIndexes?> SuspendIndexesAsync(CancellationToken ct)
    {
        if (_req.BulkLoadFromRows is not { } bulkFrom || _estimated is not { } est || est < bulkFrom || est < 2L * _existing.Count)
        {
            return null;
        }
        var suspended = await BulkWriter.SuspendIndexesAsync<T>(_db, ct);
        _notes.Add($"大批量导入：约 {est:N0} 行，先写入数据、再一次性重建{kind.Title}表的 {suspended.Recreate.Count} 个索引与约束");
        return suspended;
    }

    /// <summary>
    /// A bulk load into SQLite (indexes dropped): the rows are appended to the table, which needs no large page cache, so
    /// the connection's cache goes back down to 32 MB — the index rebuild's sorter takes as much again, and with the
    /// 128 MB cache the 1 M-row 学籍 benchmark peaked at 516–518 MB, with 32 MB at 398–399 MB (issue 20 §6). The
    /// sorter of the rebuilds, the snapshots and the census may use auxiliary threads (PRAGMA threads; SQLite's
    /// default is none): after the pass the reader and the validation are done and the other cores are idle.
    /// Both reset in CloseAsync.
    /// </summary>
    private async Task BulkSqlitePragmasAsync(CancellationToken ct)
    {
        await _db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -32768", ct);
        var threads = Math.Clamp(Environment.ProcessorCount - 1, 1, 4);
#pragma warning disable EF1002 // an integer computed here, not input
        await _db.Database.ExecuteSqlRawAsync($"PRAGMA threads = {threads}", ct);
#pragma warning restore EF1002
    }

    /// <summary>The rows that go with the imported ones (snapshots, assignment history, the derived census…).</summary>
    private async Task CompanionsAsync(bool bulk, CancellationToken ct)
    {
        Progress(_dataRows, "写入关联记录");
        var companions = new List<BulkWriter.SuspendedIndexes>();
        if (bulk && _created > 0)
        {
            foreach (var entity in kind.CompanionEntities)
            {
                companions.Add(await BulkWriter.SuspendIndexesAsync(_db, entity, ct));
            }
        }
        var note = await kind.WriteCompanionsAsync(_ctx, new ImportWritten(_batch!.Id, _ctx.Year, _ctx.Today,
            _created > 0 ? _firstCreated : null, _created > 0 ? _nextId - 1 : null,
            [.. _updates.Select(u => ImportKind<T>.IdOf(u.Stored))], _unchangedIds), ct);
        if (note is not null)
        {
            _notes.Add(note);
        }
        foreach (var c in companions)
        {
            await BulkWriter.RestoreIndexesAsync(_db, c, ct);
        }
        Phase("关联记录");
    }

    private async Task FinishAsync(CancellationToken ct)
    {
        Progress(_dataRows, "审计与提交");
        var batch = _batch!;
        batch.Rows = _dataRows;
        batch.Created = _created;
        batch.Updated = _updated;
        batch.Unchanged = _unchanged;
        batch.Errors = _errorRows;
        batch.Warnings = _warnings;
        await _db.SaveChangesAsync(ct);
        batch.LastAuditId = await _db.AuditEntries.MaxAsync(a => a.Id, ct);
        _db.AuditDetail = null;
        await _db.SaveChangesAsync(ct);
        // Rows written by raw SQL and bulk copies: the data version moves with this commit.
        await _db.MarkDataChangedAsync(ct);
        Phase("审计");
        await _tx!.CommitAsync(ct);
        Phase("提交");
        // Fresh statistics for the planner (SQLite keeps none by itself): the evaluation's statements
        // choose their index by them (the partial index of students with a disability, issue 20).
        if (_created + _updated >= 1000)
        {
            await Common.Database.AnalyzeAsync(_db, kind.AnalyzedEntities, ct);
            Phase("统计信息");
        }
    }

    private async Task CloseAsync()
    {
        _db.AuditDetail = null;
        _db.Database.SetCommandTimeout(null);
        if (_tx is not null)
        {
            await _tx.DisposeAsync();
            if (!_db.IsPostgres)
            {
                await _db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -2000; PRAGMA threads = 0", CancellationToken.None);
                await _db.Database.CloseConnectionAsync();
            }
        }
    }

    private ImportReport Report()
    {
        var committed = !_req.DryRun && (_errors == 0 || _req.ValidOnly);
        // Committed or not, nothing of the run stays tracked: a later run on the same context starts from the database.
        _db.ChangeTracker.Clear();
        return new ImportReport
        {
            Kind = kind.Name,
            FileName = _req.FileName,
            Sha256 = _sha,
            DryRun = _req.DryRun,
            Year = _ctx.Year,
            Committed = committed,
            BatchId = committed ? _batch?.Id : null,
            HeaderRow = _headerRow,
            Rows = _dataRows,
            Created = _created,
            Updated = _updated,
            Unchanged = _unchanged,
            ErrorRows = _errorRows,
            Errors = _errors,
            Warnings = _warnings,
            Issues = _issues,
            Notes = _notes,
            Elapsed = _sw.Elapsed,
            Phases = _phases,
        };
    }
}
