using EduCounty.Common;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Imports;

/// <summary>Lists the latest import batches (newest first).</summary>
public static class ImportBatches
{
    public static Task<List<ImportBatch>> ListAsync(EduDb db, int take, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.ImportBatches.AsNoTracking().OrderByDescending(b => b.Id).Take(take).ToListAsync(ct);
    }
}
