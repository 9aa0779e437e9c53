using System.Data.Common;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

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
        await using var cmd = conn.CreateCommand();
        cmd.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        var cols = string.Join(", ", map.Columns.Select(c => $"\"{c.Name}\""));
        var pars = string.Join(", ", map.Columns.Select((_, i) => "$p" + i));
        cmd.CommandText = $"INSERT INTO \"{map.Table}\" ({cols}) VALUES ({pars})";
        var parameters = map.Columns.Select((_, i) =>
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "$p" + i;
            cmd.Parameters.Add(p);
            return p;
        }).ToArray();
        cmd.Prepare();
        long n = 0;
        foreach (var row in rows)
        {
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i].Value = map.Columns[i].GetSqlite(row!) ?? DBNull.Value;
            }
            await cmd.ExecuteNonQueryAsync(ct);
            n++;
        }
        if (tx is not null)
        {
            await tx.CommitAsync(ct);
        }
        return n;
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
