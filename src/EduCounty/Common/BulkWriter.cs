using System.Data.Common;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using SQLitePCL;

namespace EduCounty.Common;

/// <summary>
/// Writes many rows of an entity through each provider's fast path, bypassing the change tracker:
/// SQLite — one prepared INSERT reused in the caller's transaction; PostgreSQL — binary COPY.
/// Column names and order come from the EF model, so the bulk path can never drift from the schema.
/// Rows must carry their keys (the caller assigns ids); call <see cref="ResetIdentityAsync"/> afterwards.
/// </summary>
public static class BulkWriter
{
    public static async Task<long> WriteAsync<T>(EduDb db, IEnumerable<T> rows, CancellationToken ct = default) where T : class
    {
        var map = TableMap<T>.Get(db);
        var conn = db.Database.GetDbConnection();
        if (conn.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(ct);
        }
        return conn is NpgsqlConnection pg
            ? await CopyAsync(pg, map, rows, ct)
            : await InsertAsync(db, conn, map, rows, ct);
    }

    private static async Task<long> CopyAsync<T>(NpgsqlConnection conn, TableMap<T> map, IEnumerable<T> rows, CancellationToken ct)
    {
        var cols = string.Join(", ", map.Columns.Select(c => $"\"{c.Name}\""));
        await using var importer = await conn.BeginBinaryImportAsync($"COPY \"{map.Table}\" ({cols}) FROM STDIN (FORMAT BINARY)", ct);
        // No timeout: completing a COPY of a million rows (index maintenance) takes the server longer than Npgsql's
        // default 30 s on a busy machine, and the timeout aborted the benchmark's PostgreSQL run. The caller's token cancels.
        importer.Timeout = TimeSpan.Zero;
        long n = 0;
        foreach (var row in rows)
        {
            importer.StartRow();
            foreach (var c in map.Columns)
            {
                var v = c.Get(row!);
                if (v is null)
                {
                    importer.WriteNull();
                }
                else
                {
                    importer.Write(v, c.PgType);
                }
            }
            n++;
        }
        await importer.CompleteAsync(ct);
        return n;
    }

    private static async Task<long> InsertAsync<T>(EduDb db, DbConnection conn, TableMap<T> map, IEnumerable<T> rows, CancellationToken ct)
    {
        var own = db.Database.CurrentTransaction is null;
        await using var tx = own ? await db.Database.BeginTransactionAsync(ct) : null;
        var cols = string.Join(", ", map.Columns.Select(c => $"\"{c.Name}\""));
        var pars = string.Join(", ", map.Columns.Select((_, i) => "?" + (i + 1)));
        // One statement prepared on the connection's native handle and bound by position: Microsoft.Data.Sqlite
        // re-resolves every parameter by name and walks its statement list on each execution, which cost as much
        // as the insert itself (profiled on the 学籍 import benchmark). Same transaction as the caller's.
        var handle = ((Microsoft.Data.Sqlite.SqliteConnection)conn).Handle!;
        var rc = raw.sqlite3_prepare_v2(handle, $"INSERT INTO \"{map.Table}\" ({cols}) VALUES ({pars})", out var stmt);
        Check(handle, rc);
        long n = 0;
        try
        {
            foreach (var row in rows)
            {
                ct.ThrowIfCancellationRequested();
                for (var i = 0; i < map.Columns.Length; i++)
                {
                    rc = Bind(stmt, i + 1, map.Columns[i].GetSqlite(row!));
                    Check(handle, rc);
                }
                rc = raw.sqlite3_step(stmt);
                if (rc != raw.SQLITE_DONE)
                {
                    Check(handle, rc);
                }
                raw.sqlite3_reset(stmt);
                n++;
            }
        }
        finally
        {
            stmt.Dispose();
        }
        if (tx is not null)
        {
            await tx.CommitAsync(ct);
        }
        return n;
    }

    private static int Bind(sqlite3_stmt stmt, int i, object? v) => v switch
    {
        null => raw.sqlite3_bind_null(stmt, i),
        int x => raw.sqlite3_bind_int64(stmt, i, x),
        long x => raw.sqlite3_bind_int64(stmt, i, x),
        short x => raw.sqlite3_bind_int64(stmt, i, x),
        double x => raw.sqlite3_bind_double(stmt, i, x),
        float x => raw.sqlite3_bind_double(stmt, i, x),
        string x => raw.sqlite3_bind_text(stmt, i, x),
        byte[] x => raw.sqlite3_bind_blob(stmt, i, x),
        // As Microsoft.Data.Sqlite (and so EF) stores decimals: invariant TEXT.
        decimal x => raw.sqlite3_bind_text(stmt, i, x.ToString("0.0###########################", System.Globalization.CultureInfo.InvariantCulture)),
        _ => throw new NotSupportedException($"批量写入不支持类型 {v.GetType().Name}"),
    };

    private static void Check(sqlite3 handle, int rc)
    {
        if (rc != raw.SQLITE_OK && rc != raw.SQLITE_ROW && rc != raw.SQLITE_DONE)
        {
            throw new Microsoft.Data.Sqlite.SqliteException(
                $"SQLite Error {rc}: '{raw.sqlite3_errmsg(handle).utf8_to_string()}'.", rc, raw.sqlite3_extended_errcode(handle));
        }
    }

    /// <summary>After rows were written with explicit ids, move PostgreSQL's identity past the largest id.</summary>
    public static async Task ResetIdentityAsync<T>(EduDb db, CancellationToken ct = default) where T : class
    {
        if (!db.IsPostgres)
        {
            return; // SQLite AUTOINCREMENT follows the largest id by itself.
        }
        var table = TableMap<T>.Get(db).Table;
#pragma warning disable EF1002 // table name comes from the EF model, not from input
        await db.Database.ExecuteSqlRawAsync(
            $"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'Id'), GREATEST(COALESCE((SELECT MAX(\"Id\") FROM \"{table}\"), 0), 1))", ct);
#pragma warning restore EF1002
    }

    /// <summary>The next free id of an entity with an integer key "Id".</summary>
    public static async Task<int> NextIdAsync<T>(EduDb db, Func<IQueryable<T>, IQueryable<int>> ids, CancellationToken ct = default) where T : class
    {
        var max = await ids(db.Set<T>()).Select(x => (int?)x).MaxAsync(ct);
        return (max ?? 0) + 1;
    }

    private sealed record Column(string Name, Func<object, object?> Get, NpgsqlDbType PgType, Func<object, object?> GetSqlite);

    private sealed class TableMap<T>
    {
        private static TableMap<T>? _cached;

        public required string Table { get; init; }
        public required Column[] Columns { get; init; }

        public static TableMap<T> Get(EduDb db) => _cached ??= Build(db);

        private static TableMap<T> Build(EduDb db)
        {
            var et = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} 不是实体");
            var table = et.GetTableName()!;
            var store = StoreObjectIdentifier.Table(table, et.GetSchema());
            var cols = et.GetProperties()
                .Where(p => p.PropertyInfo is not null)
                .Select(p =>
                {
                    var get = Getter(p.PropertyInfo!);
                    var clr = Nullable.GetUnderlyingType(p.ClrType) ?? p.ClrType;
                    var pgType = PgTypeOf(clr);
                    Func<object, object?> pgGet = clr.IsEnum ? o => get(o) is { } v ? Convert.ToInt32(v) : null : get;
                    Func<object, object?> sqliteGet = clr switch
                    {
                        _ when clr.IsEnum => o => get(o) is { } v ? Convert.ToInt32(v) : null,
                        _ when clr == typeof(DateOnly) => o => get(o) is DateOnly d ? d.ToString("yyyy-MM-dd") : null,
                        _ when clr == typeof(DateTimeOffset) => o => get(o) is DateTimeOffset d ? d.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFFzzz") : null,
                        _ when clr == typeof(bool) => o => get(o) is bool b ? (b ? 1 : 0) : null,
                        _ => get,
                    };
                    return new Column(p.GetColumnName(store)!, pgGet, pgType, sqliteGet);
                })
                .ToArray();
            return new TableMap<T> { Table = table, Columns = cols };
        }

        private static Func<object, object?> Getter(System.Reflection.PropertyInfo pi)
        {
            var o = Expression.Parameter(typeof(object));
            var body = Expression.Convert(Expression.Property(Expression.Convert(o, typeof(T)), pi), typeof(object));
            return Expression.Lambda<Func<object, object?>>(body, o).Compile();
        }

        private static NpgsqlDbType PgTypeOf(Type t) => t switch
        {
            _ when t == typeof(int) || t.IsEnum => NpgsqlDbType.Integer,
            _ when t == typeof(long) => NpgsqlDbType.Bigint,
            _ when t == typeof(string) => NpgsqlDbType.Text,
            _ when t == typeof(bool) => NpgsqlDbType.Boolean,
            _ when t == typeof(double) => NpgsqlDbType.Double,
            _ when t == typeof(decimal) => NpgsqlDbType.Numeric,
            _ when t == typeof(DateOnly) => NpgsqlDbType.Date,
            _ when t == typeof(DateTimeOffset) => NpgsqlDbType.TimestampTz,
            _ when t == typeof(byte[]) => NpgsqlDbType.Bytea,
            _ => throw new NotSupportedException($"批量写入不支持类型 {t.Name}"),
        };
    }
}
