using EduCounty.Common;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Security;

/// <summary>An account holder's own sign-in history (issue 6 §3: a user sees their own sign-in history).</summary>
public static class ListSignIns
{
    public sealed record Query(string UserId, int Take = 100);

    public sealed record Row(long Id, DateTimeOffset At, string Result, string? Reason, string? Ip, string? UserAgent);

    public static async Task<List<Row>> HandleAsync(EduDb db, Query query, CancellationToken ct = default) =>
        // Newest first by id (ids follow insertion order; SQLite cannot order by a DateTimeOffset column).
        await db.SignInEvents.AsNoTracking().Where(e => e.UserId == query.UserId).OrderByDescending(e => e.Id).Take(query.Take)
            .Select(e => new Row(e.Id, e.At, e.Result, e.Reason, e.Ip, e.UserAgent))
            .ToListAsync(ct);
}
