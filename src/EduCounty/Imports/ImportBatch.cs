using EduCounty.Common;

namespace EduCounty.Imports;

/// <summary>One committed import of a spreadsheet (issue 5 §3): what, from which file, by whom, with what result.</summary>
public sealed class ImportBatch
{
    public int Id { get; set; }
    /// <summary>Kind name: schools, classes, students, staff, facilities, population, statistics.</summary>
    public required string Kind { get; set; }
    public required string FileName { get; set; }
    /// <summary>SHA-256 of the file, hex.</summary>
    public required string Sha256 { get; set; }
    public string? UserName { get; set; }
    public DateTimeOffset At { get; set; }
    public int Rows { get; set; }
    public int Created { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }
    public int Errors { get; set; }
    public int Warnings { get; set; }
    public bool ValidOnly { get; set; }
    /// <summary>Start year of the school year the records were imported for (null: batches from before it was chosen).</summary>
    public int? Year { get; set; }
    /// <summary>Entity type written (Student, School…).</summary>
    public required string Entity { get; set; }
    /// <summary>New rows are bulk-written with consecutive ids: the first and last id (null when none).</summary>
    public int? FirstCreatedId { get; set; }
    public int? LastCreatedId { get; set; }
    /// <summary>The largest audit entry id written by this import: later entries on the same rows block a rollback.</summary>
    public long LastAuditId { get; set; }
    public DateTimeOffset? RolledBackAt { get; set; }
    public string? RolledBackBy { get; set; }
}

/// <summary>The old values of one row an import updated, so the import can be rolled back.</summary>
[NotAudited("导入的回滚旧值：导入本身以批次审计记录留痕")]
public sealed class ImportChange
{
    public long Id { get; set; }
    public int BatchId { get; set; }
    public required string Entity { get; set; }
    public int EntityId { get; set; }
    /// <summary>JSON object: property → old value (ciphertexts as base64).</summary>
    [EncryptedJson]
    public required string OldValues { get; set; }
}
