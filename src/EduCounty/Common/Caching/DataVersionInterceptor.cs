using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace EduCounty.Common.Caching;

/// <summary>
/// Bumps the <see cref="DataVersion"/> right before a transaction that changed business data commits, on the same
/// connection and transaction: the new version becomes visible exactly with the data (never before it, or a reader
/// could cache old data under the new version), and the counter's row is locked only for the instant of the commit
/// (a long import does not hold up other writers on it).
/// </summary>
public sealed class DataVersionInterceptor : DbTransactionInterceptor
{
    /// <summary>The one instance every context is configured with (Database.Configure…).</summary>
    public static readonly DataVersionInterceptor Instance = new();

    private const string Bump = "UPDATE \"DataVersions\" SET \"Version\" = \"Version\" + 1 WHERE \"Id\" = 1";

    public override async ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData,
        InterceptionResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is EduDb { DataVersionPending: true } db)
        {
            await using var cmd = transaction.Connection!.CreateCommand();
            cmd.Transaction = transaction;
            cmd.CommandText = Bump;
            await cmd.ExecuteNonQueryAsync(cancellationToken);
            db.DataVersionPending = false;
            db.DataVersionBumped = true;
        }
        return result;
    }

    public override InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is EduDb { DataVersionPending: true } db)
        {
            using var cmd = transaction.Connection!.CreateCommand();
            cmd.Transaction = transaction;
            cmd.CommandText = Bump;
            cmd.ExecuteNonQuery();
            (db.DataVersionPending, db.DataVersionBumped) = (false, true);
        }
        return result;
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        _ = TransactionCommittedAsync(transaction, eventData);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is EduDb { DataVersionBumped: true } db)
        {
            db.DataVersionBumped = false;
            VersionedCache.Invalidate(db.DatabaseKey);
        }
        return Task.CompletedTask;
    }

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is EduDb db) (db.DataVersionPending, db.DataVersionBumped) = (false, false);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is EduDb db) (db.DataVersionPending, db.DataVersionBumped) = (false, false);
    }
}
