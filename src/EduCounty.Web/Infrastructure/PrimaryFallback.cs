using System.Net.Sockets;
using EduCounty.Common;
using Npgsql;

namespace EduCounty.Web.Infrastructure;

/// <summary>
/// The reads every signed-in request makes besides its page (the session check, the security policy, the user's school
/// scope) go to the main database; when a read database (a streaming standby, docs/adr/0028) is configured and the main
/// one cannot be reached, they are read from the standby instead, so that dashboards, lists and reports keep being
/// served while the primary is down (issue 20 §5, docs/adr/0040). Writes are never redirected: they fail as before.
/// After a failure the main database is not tried again for <see cref="RetryAfter"/> (no connection attempt per request
/// to a host that is down); the first success afterwards clears the state.
/// </summary>
public sealed class PrimaryFallback(ReadDatabase read, TimeProvider clock, ILogger<PrimaryFallback> log)
{
    /// <summary>How long the main database is considered down after a connection failure.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    private long _downUntil;

    /// <summary>Whether a read database is configured (otherwise every read goes to the main database, failures included).</summary>
    public bool HasStandby => read.Options is not null;

    /// <summary>Whether the main database failed within <see cref="RetryAfter"/>.</summary>
    public bool PrimaryDown => HasStandby && clock.GetUtcNow().UtcTicks < Interlocked.Read(ref _downUntil);

    /// <summary>
    /// Runs <paramref name="onPrimary"/>, or <paramref name="onStandby"/> when the main database is down (known, or found
    /// now by a connection failure) and a standby is configured.
    /// </summary>
    public async Task<T> ReadAsync<T>(Func<Task<T>> onPrimary, Func<Task<T>> onStandby)
    {
        ArgumentNullException.ThrowIfNull(onPrimary);
        ArgumentNullException.ThrowIfNull(onStandby);
        if (PrimaryDown)
        {
            return await onStandby();
        }
        try
        {
            return await onPrimary();
        }
        catch (Exception ex) when (HasStandby && IsConnectionFailure(ex))
        {
            MarkDown(ex);
            return await onStandby();
        }
    }

    /// <summary>The synchronous form of <see cref="ReadAsync{T}"/> (the school scope is computed synchronously).</summary>
    public T Read<T>(Func<T> onPrimary, Func<T> onStandby)
    {
        ArgumentNullException.ThrowIfNull(onPrimary);
        ArgumentNullException.ThrowIfNull(onStandby);
        if (PrimaryDown)
        {
            return onStandby();
        }
        try
        {
            return onPrimary();
        }
        catch (Exception ex) when (HasStandby && IsConnectionFailure(ex))
        {
            MarkDown(ex);
            return onStandby();
        }
    }

    /// <summary>
    /// Runs <paramref name="read"/> on an unrestricted context of the main database (<paramref name="primary"/> when the
    /// caller has one), or of the standby when the main database is down (<see cref="EduDbFactory.CreateUnrestrictedReader"/>).
    /// </summary>
    public Task<T> ReadAsync<T>(EduDbFactory factory, Func<EduDb, Task<T>> read, EduDb? primary = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(read);
        return ReadAsync(
            async () =>
            {
                if (primary is not null)
                {
                    return await read(primary);
                }
                await using var db = factory.CreateUnrestricted();
                return await read(db);
            },
            async () =>
            {
                await using var db = factory.CreateUnrestrictedReader();
                return await read(db);
            });
    }

    /// <summary>The synchronous form of <see cref="ReadAsync{T}(EduDbFactory, Func{EduDb, Task{T}}, EduDb?)"/>.</summary>
    public T Read<T>(EduDbFactory factory, Func<EduDb, T> read)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(read);
        return Read(
            () =>
            {
                using var db = factory.CreateUnrestricted();
                return read(db);
            },
            () =>
            {
                using var db = factory.CreateUnrestrictedReader();
                return read(db);
            });
    }

    /// <summary>Records a failure of the main database found elsewhere (e.g. Identity's security stamp check).</summary>
    public void MarkDown(Exception ex)
    {
        var until = (clock.GetUtcNow() + RetryAfter).UtcTicks;
        if (Interlocked.Exchange(ref _downUntil, until) < clock.GetUtcNow().UtcTicks)
        {
            log.LogWarning("主库无法连接（{Reason}），{Seconds} 秒内的会话、安全策略与权限范围改从只读备库读取", ex.GetBaseException().Message, RetryAfter.TotalSeconds);
        }
    }

    /// <summary>
    /// A failure to reach PostgreSQL rather than an error of the statement: refused or broken connections, a server
    /// shutting down or not accepting connections (SQLSTATE classes 08 and 57P, 55000 for a database closed to new
    /// connections), and what Npgsql itself marks transient.
    /// </summary>
    public static bool IsConnectionFailure(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException pg when pg.SqlState.StartsWith("08", StringComparison.Ordinal)
                    || pg.SqlState.StartsWith("57P", StringComparison.Ordinal) || pg.SqlState == PostgresErrorCodes.ObjectNotInPrerequisiteState:
                    return true;
                case PostgresException:
                    return false;
                case NpgsqlException { IsTransient: true }:
                case SocketException:
                case EndOfStreamException:
                case IOException:
                    return true;
            }
        }
        return false;
    }
}
