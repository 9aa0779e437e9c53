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

    internal static ImportReport Refused(ImportKind kind, ImportRequest req, string message, string? sha = null, Stopwatch? sw = null) => new()
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
    internal static string NormaliseHeader(string h) => TabularHeader.WithoutBrackets(h).Replace("*", "", StringComparison.Ordinal);

    internal static Task<ImportReport> RunAsync<T>(ImportKind<T> kind, ImportRun run, CancellationToken ct) where T : class =>
        new ImportRunner<T>(kind, run).RunAsync(ct);

    internal static async Task DiscardAsync(EduDb db, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction? tx)
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

    internal static async Task<int> NextIdAsync<T>(EduDb db, CancellationToken ct) where T : class
    {
        // Every school's rows: a school-scoped context (a school's user) must not hand out an id another school holds.
        var max = await db.Set<T>().IgnoreQueryFilters().Select(e => (int?)EF.Property<int>(e, "Id")).MaxAsync(ct);
        return (max ?? 0) + 1;
    }

    /// <summary>Updates stored rows (tracked, so audited with the batch id) and keeps their old values.</summary>
    internal static async Task ApplyAsync<T>(ImportKind<T> kind, EduDb db, ImportBatch batch, List<(T Stored, T Incoming)> updates, string[] compared,
        EduCounty.Common.Protection.PersonalDataProtector protector, CancellationToken ct) where T : class
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
                if (kind.Same(p, prop.CurrentValue, nv, protector))
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
    internal static ulong Hash64(string s)
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
    /// entry touched one of its rows; returns the reasons it was refused (empty when done). With
    /// <paramref name="requestedBy"/> (the web: the signed-in user) only the batch's importer may roll it back (issue 13
    /// §10); the command line, run by an operator on the server, passes none.
    /// </summary>
    public static Task<IReadOnlyList<string>> RollbackAsync(EduDb db, int batchId, CancellationToken ct = default) => RollbackAsync(db, batchId, null, ct);

    /// <inheritdoc cref="RollbackAsync(EduDb, int, CancellationToken)"/>
    public static async Task<IReadOnlyList<string>> RollbackAsync(EduDb db, int batchId, string? requestedBy, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var batch = await db.ImportBatches.FirstOrDefaultAsync(b => b.Id == batchId, ct);
        if (batch is null)
        {
            return [$"导入批次 {batchId} 不存在"];
        }
        if (batch.RolledBackAt is not null)
        {
            return [$"导入批次 {batchId} 已于 {LocalTime.Text(batch.RolledBackAt)} 回滚"];
        }
        if (requestedBy is not null && !string.Equals(batch.UserName, requestedBy, StringComparison.OrdinalIgnoreCase))
        {
            var refused = $"导入批次 {batchId} 由 {batch.UserName ?? "（未知）"} 导入，只有导入人可以在网页上回滚（其他情况请由管理员在服务器上用命令行回滚）";
            await db.AuditAsync("rollback-refused", nameof(ImportBatch), batchId.ToString(System.Globalization.CultureInfo.InvariantCulture), refused, ct);
            return [refused];
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
        catch (PeriodLockedException ex)
        {
            // The batch wrote rows of a 学年 × form locked since (Common/PeriodGuard): nothing is rolled back.
            db.ChangeTracker.Clear();
            await tx.RollbackAsync(CancellationToken.None);
            return [$"导入批次 {batchId} 不能回滚：{ex.Message}"];
        }
        finally
        {
            db.AuditDetail = null;
        }
        await tx.CommitAsync(ct);
        return [];
    }
}
