using System.Globalization;
using EduCounty.Common;
using EduCounty.Common.Audit;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Security;

/// <summary>
/// The 审计管理员's viewer (issue 6 §4 "a viewer with filters"): entries by time range (days in the configured zone, LocalTime,
/// yyyy-MM-dd, both ends included), user, action and entity, newest first, one page at a time.
/// </summary>
public static class SearchAudit
{
    public sealed record Query(DateOnly? From, DateOnly? To, string? User, string? Action, string? Entity, int Page = 1, int PageSize = 50);

    public sealed record Row(long Id, DateTimeOffset At, string? User, string Action, string? Entity, string? EntityId, string? Changes, string? Detail);

    public sealed record Result(int Total, IReadOnlyList<Row> Rows);

    public static async Task<Result> HandleAsync(EduDb db, Query q, CancellationToken ct = default)
    {
        DateTimeOffset? from = q.From is { } f ? LocalTime.StartOf(f).ToUniversalTime() : null;
        DateTimeOffset? to = q.To is { } t ? LocalTime.StartOf(t.AddDays(1)).ToUniversalTime() : null;
        IQueryable<AuditEntry> entries = db.AuditEntries.AsNoTracking();
        if (from is not null || to is not null)
        {
            if (db.IsPostgres)
            {
                if (from is { } a)
                {
                    entries = entries.Where(e => e.At >= a);
                }
                if (to is { } b)
                {
                    entries = entries.Where(e => e.At < b);
                }
            }
            else
            {
                // SQLite keeps DateTimeOffset as text ("yyyy-MM-dd HH:mm:ss.fff+00:00"; audit times are UTC), which EF does
                // not compare in SQL; the text compares in time order, so the range is given as text.
                var lo = (from ?? DateTimeOffset.MinValue).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
                var hi = (to ?? DateTimeOffset.MaxValue).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
                entries = db.AuditEntries.FromSqlInterpolated($"SELECT * FROM \"AuditEntries\" WHERE \"At\" >= {lo} AND \"At\" < {hi}").AsNoTracking();
            }
        }
        if (!string.IsNullOrWhiteSpace(q.User))
        {
            var u = q.User.Trim();
            entries = entries.Where(e => e.UserName == u);
        }
        if (!string.IsNullOrWhiteSpace(q.Action))
        {
            var a = q.Action.Trim();
            entries = entries.Where(e => e.Action == a);
        }
        if (!string.IsNullOrWhiteSpace(q.Entity))
        {
            var en = q.Entity.Trim();
            entries = entries.Where(e => e.Entity == en);
        }
        var total = await entries.CountAsync(ct);
        var page = Math.Max(q.Page, 1);
        var rows = await entries.OrderByDescending(e => e.Id).Skip((page - 1) * q.PageSize).Take(q.PageSize)
            .Select(e => new Row(e.Id, e.At, e.UserName, e.Action, e.Entity, e.EntityId, e.Changes, e.Detail)).ToListAsync(ct);
        return new Result(total, rows);
    }
}
