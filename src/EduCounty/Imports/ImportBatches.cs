using EduCounty.Common;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Imports;

/// <summary>Lists the latest import batches (newest first).</summary>
public static class ImportBatches
{
    /// <param name="onlyUser">When set, only that user's batches (a school or 体卫艺 user sees what they imported, not the
    /// county offices' import history; docs/adr/0032).</param>
    public static Task<List<ImportBatch>> ListAsync(EduDb db, int take, string? onlyUser = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var q = db.ImportBatches.AsNoTracking();
        if (onlyUser is not null)
        {
            q = q.Where(b => b.UserName == onlyUser);
        }
        return q.OrderByDescending(b => b.Id).Take(take).ToListAsync(ct);
    }
}
