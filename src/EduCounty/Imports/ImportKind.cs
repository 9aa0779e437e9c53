using System.Reflection;
using EduCounty.Common;
using EduCounty.Common.Protection;
using EduCounty.Security;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Imports;

/// <summary>What an import kind reads and where it writes (one subclass per kind, see Kinds/*.cs).</summary>
public abstract class ImportKind
{
    /// <summary>CLI/URL name: schools, classes, students, staff, facilities, finance, population, statistics, census, divisions, vision, fitness, births, housing, changes, aid-recognition, aid-disbursement.</summary>
    public abstract string Name { get; }
    /// <summary>Chinese title, e.g. 学生学籍 (from Kinds/import-columns.json).</summary>
    public string Title => ImportColumns.Of(Name).Title;
    /// <summary>The template's columns with their national names and aliases (from Kinds/import-columns.json).</summary>
    public IReadOnlyList<ImportColumn> Columns => ImportColumns.Of(Name).Columns;
    public abstract string Entity { get; }

    /// <summary>
    /// The county offices that own the registry and statistics data; they import every kind, for the whole county
    /// (docs/adr/0032).
    /// </summary>
    public static readonly IReadOnlyList<string> CountyOffices = [Roles.Planning, Roles.BasicEducation, Roles.Personnel];

    /// <summary>
    /// Roles that may import this kind on the web (docs/adr/0032). School roles import within their school scope: the
    /// job's context is restricted to the uploader's schools, so a row naming another school's student is refused like
    /// an unknown 学籍号. Default: the county offices only.
    /// </summary>
    public virtual IReadOnlyList<string> Writers => CountyOffices;

    /// <summary>Whether a user holding these roles may import this kind.</summary>
    public bool MayImport(Func<string, bool> isInRole)
    {
        ArgumentNullException.ThrowIfNull(isInRole);
        return Writers.Any(isInRole);
    }

    /// <summary>Every role that may import some kind (the web's import policy).</summary>
    public static IReadOnlyList<string> AnyWriter => [.. All.SelectMany(k => k.Writers).Distinct(StringComparer.Ordinal)];

    internal abstract Task<ImportReport> RunAsync(ImportRun run, CancellationToken ct);

    internal abstract Task RollbackAsync(EduDb db, ImportBatch batch, CancellationToken ct);

    internal abstract Task<List<string>> BlockersAsync(EduDb db, ImportBatch batch, CancellationToken ct);

    /// <summary>Fresh instances (a kind may hold per-run reference data).</summary>
    public static IReadOnlyList<ImportKind> All =>
    [
        new Kinds.SchoolsKind(), new Kinds.ClassesKind(), new Kinds.StudentsKind(), new Kinds.StaffKind(),
        new Kinds.FacilitiesKind(), new Kinds.FinanceKind(), new Kinds.PopulationKind(), new Kinds.StatisticsKind(),
        new Kinds.CensusKind(), new Kinds.DivisionsKind(), new Kinds.VisionKind(), new Kinds.FitnessKind(), new Kinds.BirthsKind(), new Kinds.HousingKind(),
        new Kinds.ChangesKind(), new Kinds.AidRecognitionKind(), new Kinds.AidDisbursementKind(),
    ];

    public static ImportKind? Find(string name) =>
        All.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>Shared state of one run: database, protector, reference data loaded once.</summary>
public sealed class ImportContext
{
    public required EduDb Db { get; init; }
    public required PersonalDataProtector Protector { get; init; }
    public required string FileName { get; init; }
    public required DateOnly Today { get; init; }
    /// <summary>The school year the imported records belong to (<see cref="ImportRequest.Year"/>).</summary>
    public required SchoolYear Year { get; init; }
    /// <summary>Schools by 学校标识码.</summary>
    public Dictionary<string, SchoolRef> Schools { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// What one commit wrote, for the rows that go with it (per-year snapshots, assignment history): the import's
/// school year, the range of created ids, and the stored ids of updated and unchanged rows.
/// </summary>
public sealed record ImportWritten(int BatchId, SchoolYear Year, DateOnly Date, int? FirstCreated, int? LastCreated, IReadOnlyList<int> Updated, IReadOnlyList<int> Unchanged);

public sealed record SchoolRef(int Id, string Code, string Name, SchoolType Type);

/// <summary>
/// Generic kind over an entity with an int key "Id": a row becomes a detached entity; the natural key finds
/// the stored one; <see cref="Compared"/> properties decide new / updated / unchanged.
/// </summary>
public abstract class ImportKind<T> : ImportKind where T : class
{
    public override string Entity => typeof(T).Name;

    /// <summary>Properties compared and written on update (a "…Hash" property carries its "…Cipher" sibling).</summary>
    protected abstract string[] Compared { get; }

    internal string[] ComparedProperties() => Compared;

    /// <summary>
    /// Optional columns by the property they fill: when the file lacks the column, the stored value is
    /// kept (not compared, not overwritten with a default).
    /// </summary>
    protected internal virtual IReadOnlyDictionary<string, string> OptionalSources { get; } = new Dictionary<string, string>();

    internal string[] ComparedProperties(ICollection<string> presentColumns) =>
        [.. Compared.Where(p => !OptionalSources.TryGetValue(p, out var col) || presentColumns.Contains(col))];

    /// <summary>The column that carries the natural key (named in duplicate errors) and what the key is.</summary>
    protected internal abstract string KeyColumn { get; }
    protected internal abstract string KeyLabel { get; }

    /// <summary>Loads reference data and the stored entities keyed by natural key.</summary>
    protected internal abstract Task<Dictionary<string, T>> LoadAsync(ImportContext ctx, CancellationToken ct);

    /// <summary>Builds the entity of a row, recording every problem; null when the row has errors.</summary>
    protected internal abstract T? Build(RowValues row, ImportContext ctx);

    protected internal abstract string KeyOf(T entity);

    /// <summary>Other values that must be unique (e.g. a student's 身份证号): column, value.</summary>
    protected internal virtual IEnumerable<(string Column, string Value)> UniqueValues(T entity) => [];

    /// <summary>
    /// True for a kind that must see every row's key before building rows (a 教学点 may come before its 所属学校 in the
    /// file): the importer then reads the file once first and hands each row to <see cref="Prescan"/>.
    /// </summary>
    protected internal virtual bool Prescans => false;

    /// <summary>The first reading of a row when <see cref="Prescans"/> (no issue is recorded from it).</summary>
    protected internal virtual void Prescan(RowValues row, ImportContext ctx)
    {
    }

    /// <summary>After the last row (dry run and commit): notes on the file as a whole, e.g. schools without rows.</summary>
    protected internal virtual void AfterPass(ImportContext ctx, List<string> notes)
    {
    }

    /// <summary>Plausibility warnings on a built row (age for grade, area per student…).</summary>
    protected internal virtual void Check(T entity, RowValues row, ImportContext ctx)
    {
    }

    /// <summary>
    /// Entities <see cref="WriteCompanionsAsync"/> writes in bulk: in a bulk load their indexes and foreign keys are
    /// suspended too, from before the companions are written until after.
    /// </summary>
    protected internal virtual IReadOnlyList<Type> CompanionEntities => [];

    /// <summary>
    /// The entities whose statistics a large import refreshes (its own, its companions', what they derive); null, the
    /// default, refreshes every table.
    /// </summary>
    protected internal virtual IEnumerable<Type>? AnalyzedEntities => null;

    /// <summary>Whether <see cref="WriteCompanionsAsync"/> needs the ids of unchanged rows.</summary>
    protected internal virtual bool HasCompanions => false;

    /// <summary>
    /// Writes the rows that go with the imported ones in the same transaction (e.g. the 学年 snapshot, so that
    /// imported records count in the year's figures); returns a note for the report or null.
    /// </summary>
    protected internal virtual Task<string?> WriteCompanionsAsync(ImportContext ctx, ImportWritten written, CancellationToken ct) =>
        Task.FromResult<string?>(null);

    /// <summary>Undoes <see cref="WriteCompanionsAsync"/> on rollback: before created rows are deleted and after updated rows were restored.</summary>
    protected internal virtual Task RollbackCompanionsAsync(EduDb db, ImportBatch batch, IReadOnlyList<int> restored, CancellationToken ct) =>
        Task.CompletedTask;

    /// <summary>
    /// The school year a batch was imported for: the one chosen at import, or (batches from before the choice existed)
    /// the one containing its date, local time of the bureau.
    /// </summary>
    internal static SchoolYear YearOf(EduDb db, ImportBatch batch) => batch.Year is { } y
        ? new SchoolYear(y)
        : SchoolYear.Containing(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(batch.At, db.Clock.LocalTimeZone).DateTime));

    private static readonly PropertyInfo IdProperty = typeof(T).GetProperty("Id")!;

    internal static int IdOf(T e) => (int)IdProperty.GetValue(e)!;

    internal static void SetId(T e, int id) => IdProperty.SetValue(e, id);

    internal IEnumerable<string> WrittenProperties()
    {
        foreach (var p in Compared)
        {
            yield return p;
            if (p.EndsWith("Hash", StringComparison.Ordinal) && typeof(T).GetProperty(p[..^4] + "Cipher") is not null)
            {
                yield return p[..^4] + "Cipher";
            }
        }
    }

    /// <summary>
    /// Whether a stored and an incoming value of a compared property are the same. Ciphertexts (a "…Cipher" property
    /// compared by itself, e.g. 残疾类别) are compared by their plaintext: each encryption draws a new nonce.
    /// </summary>
    protected internal virtual bool Same(string property, object? stored, object? incoming, PersonalDataProtector protector) =>
        (stored, incoming) is (byte[] a, byte[] b) && property.EndsWith("Cipher", StringComparison.Ordinal)
            ? protector.Decrypt(a) == protector.Decrypt(b)
            : SameValue(stored, incoming);

    internal static bool SameValue(object? a, object? b) => (a, b) switch
    {
        (double x, double y) => Math.Abs(x - y) <= 1e-6 * Math.Max(1, Math.Abs(x)),
        _ => Equals(a, b),
    };

    internal override Task<ImportReport> RunAsync(ImportRun run, CancellationToken ct) => Importer.RunAsync(this, run, ct);

    internal override async Task RollbackAsync(EduDb db, ImportBatch batch, CancellationToken ct)
    {
        // Only this entity's old values: a kind may keep other records of the batch (the census: rows it replaced).
        var entityName = Entity;
        var changes = await db.ImportChanges.Where(c => c.BatchId == batch.Id && c.Entity == entityName).ToListAsync(ct);
        foreach (var c in changes)
        {
            var entity = await db.Set<T>().FindAsync([c.EntityId], ct)
                ?? throw new InvalidOperationException($"{Entity} {c.EntityId} 已不存在，无法回滚");
            using var doc = System.Text.Json.JsonDocument.Parse(c.OldValues);
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                var prop = db.Entry(entity).Property(p.Name);
                prop.CurrentValue = p.Value.Deserialize(prop.Metadata.ClrType);
            }
        }
        await db.SaveChangesAsync(ct);
        await RollbackCompanionsAsync(db, batch, [.. changes.Select(c => c.EntityId)], ct);
        if (batch.FirstCreatedId is { } first && batch.LastCreatedId is { } last)
        {
            var created = await db.Set<T>().Where(e => EF.Property<int>(e, "Id") >= first && EF.Property<int>(e, "Id") <= last).ToListAsync(ct);
            db.Set<T>().RemoveRange(created);
        }
        await db.SaveChangesAsync(ct);
    }

    internal override async Task<List<string>> BlockersAsync(EduDb db, ImportBatch batch, CancellationToken ct)
    {
        var touched = new HashSet<int>(await db.ImportChanges.Where(c => c.BatchId == batch.Id).Select(c => c.EntityId).ToListAsync(ct));
        var entity = Entity;
        var later = await db.AuditEntries
            .Where(a => a.Id > batch.LastAuditId && a.Entity == entity && a.EntityId != null)
            .Select(a => new { a.Id, a.EntityId, a.Action, a.At, a.UserName })
            .ToListAsync(ct);
        var blockers = new List<string>();
        foreach (var a in later)
        {
            if (!int.TryParse(a.EntityId, out var id))
            {
                continue;
            }
            var inRange = batch.FirstCreatedId is { } f && batch.LastCreatedId is { } l && id >= f && id <= l;
            if (touched.Contains(id) || inRange)
            {
                blockers.Add($"{entity} {id} 在导入后于 {LocalTime.Text(a.At)} 被 {a.UserName ?? "（未知）"} {a.Action}（审计 #{a.Id}）");
            }
        }
        return blockers;
    }
}

/// <summary>Extension used by rollback: JSON element → CLR value of a property type.</summary>
internal static class JsonValues
{
    public static object? Deserialize(this System.Text.Json.JsonElement e, Type t) =>
        e.ValueKind == System.Text.Json.JsonValueKind.Null ? null : System.Text.Json.JsonSerializer.Deserialize(e.GetRawText(), t);
}
