using System.Globalization;
using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Teachers;

/// <summary>Removes the records of one 教师队伍 import (any <see cref="TeacherImportKind"/>) (the batch stays, marked rolled back), in one transaction, audited.</summary>
public static class RollBackTrainingImport
{
    /// <summary>Returns the number of records removed; a second roll-back or an unknown batch is refused.</summary>
    public static async Task<int> HandleAsync(EduDb db, int importId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var batch = await db.TrainingImports.FirstOrDefaultAsync(b => b.Id == importId, ct)
            ?? throw new RuleException($"没有编号为 {importId} 的教师队伍导入批次") { Field = "batch" };
        var own = db.Database.CurrentTransaction is null;
        await using var tx = own ? await db.Database.BeginTransactionAsync(ct) : null;
        var kind = Enum.TryParse<TeacherImportKind>(batch.Kind, out var k) ? k : TeacherImportKind.Training;
        if (kind == TeacherImportKind.Hiring && await db.HiringResults.IgnoreQueryFilters().AnyAsync(r => r.ImportId == importId && r.MovedPost, ct))
        {
            // The moves changed the registry's assignment history (and later records may rest on it): corrected person by person.
            throw new RuleException($"导入批次 {importId} 的跨校竞聘、组织调剂已改变教师的任职学校，不能整批回滚；请逐人更正任职记录") { Field = "batch" };
        }
        batch.RollBack(db.Actor ?? "system", db.Clock.GetUtcNow());
        // Every record of the batch, whoever can see it: a batch is rolled back whole.
        var removed = kind switch
        {
            TeacherImportKind.Rotation => await db.TeacherRotations.IgnoreQueryFilters().Where(r => r.ImportId == importId).ExecuteDeleteAsync(ct),
            TeacherImportKind.Qualification => await db.TeacherQualifications.IgnoreQueryFilters().Where(r => r.ImportId == importId).ExecuteDeleteAsync(ct),
            TeacherImportKind.Title => await db.TeacherTitleAppointments.IgnoreQueryFilters().Where(r => r.ImportId == importId).ExecuteDeleteAsync(ct),
            TeacherImportKind.KeyTitle => await db.KeyTeacherTitles.IgnoreQueryFilters().Where(r => r.ImportId == importId).ExecuteDeleteAsync(ct),
            TeacherImportKind.Principal => await db.PrincipalTerms.IgnoreQueryFilters().Where(r => r.ImportId == importId).ExecuteDeleteAsync(ct),
            TeacherImportKind.Hiring => await db.HiringResults.IgnoreQueryFilters().Where(r => r.ImportId == importId).ExecuteDeleteAsync(ct),
            TeacherImportKind.Dual => await db.DualQualifiedCertifications.IgnoreQueryFilters().Where(r => r.ImportId == importId).ExecuteDeleteAsync(ct),
            _ => await db.TrainingRecords.IgnoreQueryFilters().Where(r => r.ImportId == importId).ExecuteDeleteAsync(ct),
        };
        await RestoreSummariesAsync(db, importId, ct);
        await db.SaveChangesAsync(ct);
        await db.AuditAsync("rollback", nameof(TrainingImport), importId.ToString(CultureInfo.InvariantCulture),
            $"回滚{TeacherFiles.Name(kind)}导入：{batch.FileName}，删除 {removed} 条记录", ct);
        if (tx is not null)
        {
            await tx.CommitAsync(ct);
        }
        return removed;
    }

    /// <summary>
    /// Puts back the registry summaries the batch raised (职称, 骨干 level, 教师资格 and 双师型 flags, the 双师型 flag of a
    /// census snapshot) to the value kept with the batch (<see cref="TeacherSummaryChange"/>).
    /// Restore rather than recompute from the records that remain: these summaries have a second owner, the staff import
    /// (the 教职工 file carries 职称, 骨干 level and the flags with no record behind them), so recomputing from the 教师队伍
    /// records alone would wipe a value the staff import set (a 一级 teacher with no 聘任 record would fall to 未定级). The kept
    /// value is exactly what was there before the import. A summary changed again since (a later form, import or staff
    /// import: its value is no longer the one the batch wrote) is left alone: the later change owns it.
    /// </summary>
    private static async Task RestoreSummariesAsync(EduDb db, int importId, CancellationToken ct)
    {
        var changes = await db.TeacherSummaryChanges.IgnoreQueryFilters().Where(c => c.ImportId == importId).ToListAsync(ct);
        foreach (var chunk in changes.Select(c => c.StaffId).Distinct().Chunk(500))
        {
            var staff = await db.Staff.IgnoreQueryFilters().Where(s => chunk.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
            var years = await db.StaffYears.IgnoreQueryFilters().Where(y => chunk.Contains(y.StaffId)).ToListAsync(ct);
            foreach (var c in changes.Where(c => chunk.Contains(c.StaffId)))
            {
                if (c.Year is { } year)
                {
                    if (years.FirstOrDefault(y => y.StaffId == c.StaffId && y.Year == year) is { } y && (y.DualQualified ? "1" : "0") == c.After)
                    {
                        y.DualQualified = c.Before == "1";
                    }
                }
                else if (staff.TryGetValue(c.StaffId, out var s) && TeacherSummaries.Read(s, c.Field) == c.After)
                {
                    TeacherSummaries.Write(s, c.Field, c.Before);
                }
            }
        }
    }
}
