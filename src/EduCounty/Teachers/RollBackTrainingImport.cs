using System.Globalization;
using EduCounty.Common;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Teachers;

/// <summary>Removes the records of one training import (the batch stays, marked rolled back), in one transaction, audited.</summary>
public static class RollBackTrainingImport
{
    /// <summary>Returns the number of records removed; a second roll-back or an unknown batch is refused.</summary>
    public static async Task<int> HandleAsync(EduDb db, int importId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var batch = await db.TrainingImports.FirstOrDefaultAsync(b => b.Id == importId, ct)
            ?? throw new RuleException($"没有编号为 {importId} 的继续教育导入批次") { Field = "batch" };
        var own = db.Database.CurrentTransaction is null;
        await using var tx = own ? await db.Database.BeginTransactionAsync(ct) : null;
        batch.RollBack(db.Actor ?? "system", db.Clock.GetLocalNow());
        // Every record of the batch, whoever can see it: a batch is rolled back whole.
        var removed = await db.TrainingRecords.IgnoreQueryFilters().Where(r => r.ImportId == importId).ExecuteDeleteAsync(ct);
        await db.SaveChangesAsync(ct);
        await db.AuditAsync("rollback", nameof(TrainingImport), importId.ToString(CultureInfo.InvariantCulture),
            $"回滚继续教育导入：{batch.FileName}，删除 {removed} 条记录", ct);
        if (tx is not null)
        {
            await tx.CommitAsync(ct);
        }
        return removed;
    }
}
