using System.Globalization;
using EduCounty.Common;
using EduCounty.Common.Protection;
using EduCounty.Common.Tabular;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Teachers;

/// <summary>Import of a training-record file (<see cref="TrainingFile"/>); a dry run checks and counts without writing.</summary>
public sealed record ImportTrainingRecords(Stream File, string FileName, bool DryRun = false);

/// <summary>What an import did: errors mean nothing was written (all-or-nothing); rows already recorded are counted unchanged.</summary>
public sealed record TrainingImportOutcome(int Rows, int Inserted, int Unchanged, IReadOnlyList<TabularIssue> Errors, int? ImportId, bool Written)
{
    public bool Ok => Errors.Count == 0;
}

public static class ImportTrainingRecordsHandler
{
    /// <summary>
    /// Reads the file, finds each teacher by 工号 or 身份证件号 (keyed hash, as the registry stores it) within the reader's
    /// scope, checks 姓名 and the values (<see cref="RecordTrainingHandler"/>'s rules), skips records already there (same
    /// teacher, course and dates) and writes the rest with one <see cref="TrainingImport"/> batch in one transaction, audited.
    /// </summary>
    public static async Task<TrainingImportOutcome> HandleAsync(EduDb db, PersonalDataProtector protector, ImportTrainingRecords cmd, TeacherRules rules,
        TabularLimits? limits = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(cmd);
        ArgumentNullException.ThrowIfNull(rules);
        List<TrainingLine> lines;
        List<TabularIssue> errors;
        try
        {
            using var file = TabularFile.Open(cmd.File, cmd.FileName, limits ?? TrainingFile.DefaultLimits);
            (lines, errors) = TrainingFile.Read(file);
        }
        catch (TabularRefusedException e)
        {
            return new TrainingImportOutcome(0, 0, 0, [new TabularIssue(cmd.FileName, 0, null, null, e.Message)], null, false);
        }
        // 身份证件号 → keyed hash, normalised as the registry does when it writes one.
        var hashOf = lines.Where(l => l.StaffNumber is null && l.IdNumber is not null).ToDictionary(l => l.Row, l => protector.LookupHash(l.IdNumber!.Trim().ToUpperInvariant()));
        var staff = await StaffAsync(db, lines, hashOf.Values, ct);
        var existing = await ExistingAsync(db, staff.Values.Select(s => s.Id).Distinct().ToList(), ct);
        var records = Check(cmd.FileName, lines, hashOf, staff, existing, rules, SchoolYear.Today(db.Clock), errors, out var unchanged);
        var rows = lines.Count + errors.Select(e => e.Row).Where(r => r > 1).Distinct().Count(r => lines.All(l => l.Row != r));
        if (errors.Count > 0 || cmd.DryRun || records.Count == 0)
        {
            return new TrainingImportOutcome(rows, errors.Count > 0 ? 0 : records.Count, unchanged, [.. errors.OrderBy(e => e.Row)], null, false);
        }
        var id = await WriteAsync(db, cmd.FileName, records, rows, unchanged, ct);
        return new TrainingImportOutcome(rows, records.Count, unchanged, [], id, true);
    }

    /// <summary>The file's teachers by 工号 ("N:…") and by 身份证件号 hash ("H:…"), within the reader's scope.</summary>
    private static async Task<Dictionary<string, (int Id, string Name)>> StaffAsync(EduDb db, List<TrainingLine> lines, IEnumerable<string> hashes, CancellationToken ct)
    {
        var found = new Dictionary<string, (int, string)>(StringComparer.Ordinal);
        foreach (var chunk in lines.Where(l => l.StaffNumber is not null).Select(l => l.StaffNumber!).Distinct().Chunk(500))
        {
            foreach (var s in await db.Staff.Where(s => chunk.Contains(s.StaffNumber)).Select(s => new { s.Id, s.StaffNumber, s.Name }).ToListAsync(ct))
            {
                found["N:" + s.StaffNumber] = (s.Id, s.Name);
            }
        }
        foreach (var chunk in hashes.Distinct().Chunk(500))
        {
            foreach (var s in await db.Staff.Where(s => s.IdNumberHash != null && chunk.Contains(s.IdNumberHash)).Select(s => new { s.Id, s.IdNumberHash, s.Name }).ToListAsync(ct))
            {
                found["H:" + s.IdNumberHash] = (s.Id, s.Name);
            }
        }
        return found;
    }

    private static async Task<HashSet<(int, string, DateOnly, DateOnly)>> ExistingAsync(EduDb db, List<int> staffIds, CancellationToken ct)
    {
        var set = new HashSet<(int, string, DateOnly, DateOnly)>();
        foreach (var chunk in staffIds.Chunk(500))
        {
            foreach (var r in await db.TrainingRecords.Where(r => chunk.Contains(r.StaffId)).Select(r => new { r.StaffId, r.Course, r.StartDate, r.EndDate }).ToListAsync(ct))
            {
                set.Add((r.StaffId, r.Course, r.StartDate, r.EndDate));
            }
        }
        return set;
    }

    private static List<TrainingRecord> Check(string file, List<TrainingLine> lines, Dictionary<int, string> hashOf, Dictionary<string, (int Id, string Name)> staff,
        HashSet<(int, string, DateOnly, DateOnly)> existing, TeacherRules rules, DateOnly today, List<TabularIssue> errors, out int unchanged)
    {
        var records = new List<TrainingRecord>();
        var seen = new Dictionary<(int, string, DateOnly, DateOnly), int>();
        unchanged = 0;
        foreach (var l in lines)
        {
            (int Id, string Name) who;
            if (l.StaffNumber is { } number)
            {
                if (!staff.TryGetValue("N:" + number, out who))
                {
                    errors.Add(new TabularIssue(file, l.Row, "工号", number, "没有此工号的教职工（或不在您的管理范围内）"));
                    continue;
                }
            }
            else if (!staff.TryGetValue("H:" + hashOf[l.Row], out who))
            {
                errors.Add(new TabularIssue(file, l.Row, "身份证件号", IdNumber.Mask(l.IdNumber), "没有此身份证件号的教职工（或不在您的管理范围内）"));
                continue;
            }
            if (l.Name is { } name && name != who.Name)
            {
                errors.Add(new TabularIssue(file, l.Row, "姓名", name, $"与教职工记录的姓名“{who.Name}”不符"));
                continue;
            }
            var (record, problem) = RecordTrainingHandler.Build(who.Id, l.Course, l.Level, l.Mode, l.StartDate, l.EndDate, l.Hours, l.Credits, l.Days, rules, today);
            if (problem is { } p)
            {
                var value = p.Field switch { "hours" => l.Hours ?? l.Credits, "days" => l.Days, _ => null };
                errors.Add(new TabularIssue(file, l.Row, TrainingFile.Columns.First(c => c.Key == p.Field).Title,
                    value?.ToString(CultureInfo.InvariantCulture) ?? l.EndDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), p.Reason));
                continue;
            }
            var k = (who.Id, l.Course, l.StartDate, l.EndDate);
            if (seen.TryGetValue(k, out var first))
            {
                errors.Add(new TabularIssue(file, l.Row, null, null, $"与第{first}行是同一教师的同一培训（项目与起止日期相同）"));
                continue;
            }
            seen[k] = l.Row;
            if (existing.Contains(k))
            {
                unchanged++;
                continue;
            }
            record!.CertificateNumber = l.CertificateNumber;
            record.Organiser = l.Organiser;
            records.Add(record);
        }
        return records;
    }

    private static async Task<int> WriteAsync(EduDb db, string fileName, List<TrainingRecord> records, int rows, int unchanged, CancellationToken ct)
    {
        var own = db.Database.CurrentTransaction is null;
        await using var tx = own ? await db.Database.BeginTransactionAsync(ct) : null;
        var batch = new TrainingImport
        {
            FileName = fileName,
            ImportedBy = db.Actor ?? "system",
            ImportedAt = db.Clock.GetUtcNow(),
            Rows = rows,
            Inserted = records.Count,
            Unchanged = unchanged,
        };
        db.TrainingImports.Add(batch);
        await db.SaveChangesAsync(ct);
        var next = await BulkWriter.NextIdAsync<TrainingRecord>(db, q => q.IgnoreQueryFilters().Select(r => r.Id), ct);
        foreach (var r in records)
        {
            r.Id = next++;
            r.ImportId = batch.Id;
        }
        await BulkWriter.WriteAsync(db, records, ct);
        await BulkWriter.ResetIdentityAsync<TrainingRecord>(db, ct);
        await db.AuditAsync("import", nameof(TrainingImport), batch.Id.ToString(CultureInfo.InvariantCulture),
            $"导入继续教育记录：{fileName}，{rows} 行（新增 {records.Count}，已有 {unchanged}）", ct);
        if (tx is not null)
        {
            await tx.CommitAsync(ct);
        }
        return batch.Id;
    }
}
