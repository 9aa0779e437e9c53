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
        // A locked 学年 × form refuses the rows of its year (issue 22 §4; the imports and the demo tools write here).
        rows = await PeriodGuard.GuardBulkAsync(db, rows, ct);
        var conn = db.Database.GetDbConnection();
        if (conn.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(ct);
        }
        var written = conn is NpgsqlConnection pg
            ? await CopyAsync(pg, map, rows, ct)
            : await InsertAsync(db, conn, map, rows, ct);
        // Cached evaluations read these rows: the data version moves with the commit (Caching/DataVersion).
        await db.MarkDataChangedAsync(ct);
        return written;
    }

    private static async Task<long> CopyAsync<T>(NpgsqlConnection conn, TableMap<T> map, IEnumerable<T> rows, CancellationToken ct)
    {
        var cols = string.Join(", ", map.Columns.Select(c => $"\"{c.Name}\""));
        await using var importer = await conn.BeginBinaryImportAsync($"COPY \"{map.Table}\" ({cols}) FROM STDIN (FORMAT BINARY)", ct);
        // No timeout: completing a COPY of a million rows (index maintenance) takes the server longer than Npgsql's
        // default 30 s on a busy machine, and the timeout aborted the benchmark's PostgreSQL run. The caller's token cancels.
        importer.Timeout = TimeSpan.Zero;
        var writers = map.PgWriters;
        long n = 0;
        foreach (var row in rows)
        {
            importer.StartRow();
            foreach (var write in writers)
            {
                write(importer, row);
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
        var binders = map.SqliteBinders;
        long n = 0;
        try
        {
            foreach (var row in rows)
            {
                ct.ThrowIfCancellationRequested();
                for (var i = 0; i < binders.Length; i++)
                {
                    rc = binders[i](stmt, i + 1, row);
                    if (rc != raw.SQLITE_OK)
                    {
                        Check(handle, rc);
                    }
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

    // Typed binders (compiled per column, see TableMap.SqliteBinder): no boxing, and text bound as UTF-16 so SQLite
    // converts it natively instead of .NET allocating a UTF-8 copy per value. Stored forms as Microsoft.Data.Sqlite (and
    // so EF) writes them: DateOnly "yyyy-MM-dd", DateTimeOffset "yyyy-MM-dd HH:mm:ss.FFFFFFFzzz", bool 0/1, decimal text.
    private static int BindInt64(sqlite3_stmt s, int i, long v) => raw.sqlite3_bind_int64(s, i, v);

    private static int BindNull(sqlite3_stmt s, int i) => raw.sqlite3_bind_null(s, i);

    private static int BindDouble(sqlite3_stmt s, int i, double v) => raw.sqlite3_bind_double(s, i, v);

    private static int BindText(sqlite3_stmt s, int i, string v) => raw.sqlite3_bind_text16(s, i, v.AsSpan());

    private static int BindBlob(sqlite3_stmt s, int i, byte[] v) => raw.sqlite3_bind_blob(s, i, v);

    private static int BindBool(sqlite3_stmt s, int i, bool v) => raw.sqlite3_bind_int64(s, i, v ? 1 : 0);

    private static int BindDate(sqlite3_stmt s, int i, DateOnly v)
    {
        Span<char> text = stackalloc char[10];
        v.TryFormat(text, out var n, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return raw.sqlite3_bind_text16(s, i, text[..n]);
    }

    private static int BindDateTimeOffset(sqlite3_stmt s, int i, DateTimeOffset v) =>
        BindText(s, i, v.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFFzzz", System.Globalization.CultureInfo.InvariantCulture));

    private static int BindDecimal(sqlite3_stmt s, int i, decimal v) =>
        BindText(s, i, v.ToString("0.0###########################", System.Globalization.CultureInfo.InvariantCulture));

    private static void Check(sqlite3 handle, int rc)
    {
        if (rc != raw.SQLITE_OK && rc != raw.SQLITE_ROW && rc != raw.SQLITE_DONE)
        {
            throw new Microsoft.Data.Sqlite.SqliteException(
                $"SQLite Error {rc}: '{raw.sqlite3_errmsg(handle).utf8_to_string()}'.", rc, raw.sqlite3_extended_errcode(handle));
        }
    }

    /// <summary>
    /// Drops the secondary indexes of <typeparamref name="T"/>'s table (and, on PostgreSQL, its foreign keys) inside the
    /// caller's transaction, for a bulk load into a table much smaller than the load: inserting a million rows into the
    /// keyed-hash indexes one by one costs several times more than building them once afterwards (measured on the 学籍
    /// benchmark, docs/adr/0018). <see cref="RestoreIndexesAsync"/> recreates them from their own definitions before
    /// commit; a rollback undoes the drop. On PostgreSQL this holds an exclusive lock on the table until commit.
    /// </summary>
    public static Task<SuspendedIndexes> SuspendIndexesAsync<T>(EduDb db, CancellationToken ct = default) where T : class =>
        SuspendIndexesAsync(db, typeof(T), ct);

    /// <inheritdoc cref="SuspendIndexesAsync{T}"/>
    public static async Task<SuspendedIndexes> SuspendIndexesAsync(EduDb db, Type entity, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var tx = db.Database.CurrentTransaction ?? throw new InvalidOperationException("暂停索引须在事务中进行");
        var table = (db.Model.FindEntityType(entity) ?? throw new InvalidOperationException($"{entity.Name} 不是实体")).GetTableName()!;
        var conn = db.Database.GetDbConnection();
        var recreate = new List<string>();
        var drop = new List<string>();
        async Task ReadAsync(string sql, Func<DbDataReader, (string Drop, string Create)> row)
        {
            await using var cmd = conn.CreateCommand();
            cmd.Transaction = tx.GetDbTransaction();
            cmd.CommandText = sql;
            var p = cmd.CreateParameter();
            p.ParameterName = "t";
            p.Value = db.IsPostgres ? $"\"{table}\"" : table;
            cmd.Parameters.Add(p);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var (d, c) = row(r);
                drop.Add(d);
                recreate.Add(c);
            }
        }
        if (db.IsPostgres)
        {
            // Plain indexes only: the primary key and constraint-backed indexes stay.
            await ReadAsync("SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid " +
                "WHERE x.indrelid = @t::regclass AND NOT x.indisprimary AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)",
                r => ($"DROP INDEX \"{r.GetString(0)}\"", r.GetString(1)));
            // Foreign keys fire a check per row during COPY; re-adding one validates all rows in one join.
            await ReadAsync("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = @t::regclass AND contype = 'f'",
                r => ($"ALTER TABLE \"{table}\" DROP CONSTRAINT \"{r.GetString(0)}\"", $"ALTER TABLE \"{table}\" ADD CONSTRAINT \"{r.GetString(0)}\" {r.GetString(1)}"));
        }
        else
        {
            // sql is null for the automatic indexes of PRIMARY KEY/UNIQUE constraints, which stay.
            await ReadAsync("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = @t AND sql IS NOT NULL",
                r => ($"DROP INDEX \"{r.GetString(0)}\"", r.GetString(1)));
        }
#pragma warning disable EF1002 // names and definitions come from the database catalogue, not from input
        foreach (var d in drop)
        {
            await db.Database.ExecuteSqlRawAsync(d, ct);
        }
#pragma warning restore EF1002
        return new SuspendedIndexes(table, recreate);
    }

    /// <summary>Recreates what <see cref="SuspendIndexesAsync"/> dropped (indexes first, then foreign keys).</summary>
    public static async Task RestoreIndexesAsync(EduDb db, SuspendedIndexes suspended, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(suspended);
        if (db.IsPostgres)
        {
            // Sorting a million keys in memory instead of spilling to disk (the default is 64 MB); this transaction only.
            await db.Database.ExecuteSqlRawAsync("SET LOCAL maintenance_work_mem = '256MB'", ct);
        }
#pragma warning disable EF1002 // definitions come from the database catalogue, not from input
        foreach (var sql in suspended.Recreate)
        {
            await db.Database.ExecuteSqlRawAsync(sql.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal), ct);
        }
#pragma warning restore EF1002
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

    /// <summary>What <see cref="SuspendIndexesAsync"/> dropped: the statements that recreate it, in order.</summary>
    public sealed record SuspendedIndexes(string Table, IReadOnlyList<string> Recreate);

    private sealed record Column(string Name);

    private delegate int SqliteBinder<in T>(sqlite3_stmt stmt, int index, T row);

    // Typed COPY writers (compiled per column, see TableMap.PgWriter): Write<T> with the property's own type, so Npgsql
    // does not resolve the converter of a boxed object on every value.
    private static void PgWrite<TValue>(NpgsqlBinaryImporter importer, TValue value, NpgsqlDbType type) => importer.Write(value, type);

    private static void PgWriteNull(NpgsqlBinaryImporter importer) => importer.WriteNull();

    private sealed class TableMap<T>
    {
        private static TableMap<T>? _cached;

        public required string Table { get; init; }
        public required Column[] Columns { get; init; }
        public required SqliteBinder<T>[] SqliteBinders { get; init; }
        public required Action<NpgsqlBinaryImporter, T>[] PgWriters { get; init; }

        public static TableMap<T> Get(EduDb db) => _cached ??= Build(db);

        private static TableMap<T> Build(EduDb db)
        {
            var et = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} 不是实体");
            var table = et.GetTableName()!;
            var store = StoreObjectIdentifier.Table(table, et.GetSchema());
            var props = et.GetProperties().Where(p => p.PropertyInfo is not null).ToArray();
            var cols = props.Select(p => new Column(p.GetColumnName(store)!)).ToArray();
            return new TableMap<T>
            {
                Table = table,
                Columns = cols,
                SqliteBinders = [.. props.Select(p => SqliteBinder(p.PropertyInfo!))],
                PgWriters = [.. props.Select(p => PgWriter(p.PropertyInfo!))],
            };
        }

        private const System.Reflection.BindingFlags Helpers = System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static;

        /// <summary>(importer, row) =&gt; importer.Write(row.Property, type), enums as their integer, WriteNull for nulls.</summary>
        private static Action<NpgsqlBinaryImporter, T> PgWriter(System.Reflection.PropertyInfo pi)
        {
            var importer = Expression.Parameter(typeof(NpgsqlBinaryImporter), "importer");
            return PerValue<Action<NpgsqlBinaryImporter, T>>(pi, [importer],
                (clr, nonNull) =>
                {
                    var v = clr.IsEnum ? Expression.Convert(nonNull, typeof(int)) : nonNull;
                    return Expression.Call(typeof(BulkWriter).GetMethod(nameof(PgWrite), Helpers)!.MakeGenericMethod(v.Type), importer, v, Expression.Constant(PgTypeOf(clr)));
                },
                Expression.Call(typeof(BulkWriter).GetMethod(nameof(PgWriteNull), Helpers)!, importer));
        }

        /// <summary>(stmt, index, row) =&gt; Bind…(stmt, index, row.Property), with null checks for nullable properties.</summary>
        private static SqliteBinder<T> SqliteBinder(System.Reflection.PropertyInfo pi)
        {
            var stmt = Expression.Parameter(typeof(sqlite3_stmt), "stmt");
            var index = Expression.Parameter(typeof(int), "index");
            Expression Call(string method, Expression arg) => Expression.Call(typeof(BulkWriter).GetMethod(method, Helpers)!, stmt, index, arg);
            return PerValue<SqliteBinder<T>>(pi, [stmt, index], (clr, nonNull) => clr switch
            {
                _ when clr.IsEnum => Call(nameof(BindInt64), Expression.Convert(Expression.Convert(nonNull, Enum.GetUnderlyingType(clr)), typeof(long))),
                _ when clr == typeof(int) || clr == typeof(long) || clr == typeof(short) || clr == typeof(byte) => Call(nameof(BindInt64), Expression.Convert(nonNull, typeof(long))),
                _ when clr == typeof(bool) => Call(nameof(BindBool), nonNull),
                _ when clr == typeof(double) => Call(nameof(BindDouble), nonNull),
                _ when clr == typeof(float) => Call(nameof(BindDouble), Expression.Convert(nonNull, typeof(double))),
                _ when clr == typeof(decimal) => Call(nameof(BindDecimal), nonNull),
                _ when clr == typeof(string) => Call(nameof(BindText), nonNull),
                _ when clr == typeof(byte[]) => Call(nameof(BindBlob), nonNull),
                _ when clr == typeof(DateOnly) => Call(nameof(BindDate), nonNull),
                _ when clr == typeof(DateTimeOffset) => Call(nameof(BindDateTimeOffset), nonNull),
                _ => throw new NotSupportedException($"批量写入不支持类型 {clr.Name}"),
            }, Expression.Call(typeof(BulkWriter).GetMethod(nameof(BindNull), Helpers)!, stmt, index));
        }

        /// <summary>
        /// A compiled (leading parameters…, row) delegate that reads one property and hands its non-null value (of the
        /// property's type without Nullable) to <paramref name="whenValue"/>, or runs <paramref name="whenNull"/>.
        /// </summary>
        private static TDelegate PerValue<TDelegate>(System.Reflection.PropertyInfo pi, ParameterExpression[] leading,
            Func<Type, Expression, Expression> whenValue, Expression whenNull)
        {
            var row = Expression.Parameter(typeof(T), "row");
            var value = Expression.Variable(pi.PropertyType, "value");
            var underlying = Nullable.GetUnderlyingType(pi.PropertyType);
            var body = whenValue(underlying ?? pi.PropertyType, underlying is not null ? Expression.Property(value, "Value") : value);
            if (underlying is not null || !pi.PropertyType.IsValueType)
            {
                var isNull = underlying is not null
                    ? (Expression)Expression.Not(Expression.Property(value, "HasValue"))
                    : Expression.ReferenceEqual(value, Expression.Constant(null, pi.PropertyType));
                body = Expression.Condition(isNull, whenNull, body);
            }
            var block = Expression.Block([value], Expression.Assign(value, Expression.Property(row, pi)), body);
            return Expression.Lambda<TDelegate>(block, [.. leading, row]).Compile();
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
