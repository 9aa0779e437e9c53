using System.Globalization;
using EduCounty.Common;
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
        batch.RollBack(db.Actor ?? "system", db.Clock.GetUtcNow());
        // Every record of the batch, whoever can see it: a batch is rolled back whole. The registry summaries an import
        // raised (职称, 骨干 level, 教师资格 flag) stay as they are: the staff import owns them too.
        var kind = Enum.TryParse<TeacherImportKind>(batch.Kind, out var k) ? k : TeacherImportKind.Training;
        var removed = kind switch
        {
            TeacherImportKind.Rotation => await db.TeacherRotations.IgnoreQueryFilters().Where(r => r.ImportId == importId).ExecuteDeleteAsync(ct),
            TeacherImportKind.Qualification => await db.TeacherQualifications.IgnoreQueryFilters().Where(r => r.ImportId == importId).ExecuteDeleteAsync(ct),
            TeacherImportKind.Title => await db.TeacherTitleAppointments.IgnoreQueryFilters().Where(r => r.ImportId == importId).ExecuteDeleteAsync(ct),
            TeacherImportKind.KeyTitle => await db.KeyTeacherTitles.IgnoreQueryFilters().Where(r => r.ImportId == importId).ExecuteDeleteAsync(ct),
            _ => await db.TrainingRecords.IgnoreQueryFilters().Where(r => r.ImportId == importId).ExecuteDeleteAsync(ct),
        };
        await db.SaveChangesAsync(ct);
        await db.AuditAsync("rollback", nameof(TrainingImport), importId.ToString(CultureInfo.InvariantCulture),
            $"回滚{TeacherFiles.Name(kind)}导入：{batch.FileName}，删除 {removed} 条记录", ct);
        if (tx is not null)
        {
            await tx.CommitAsync(ct);
        }
        return removed;
    }
}
