using System.Data.Common;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
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

    /// <summary>
    /// Binary COPY, the stream encoded here (<see cref="PgCopyWriter"/>) rather than value by value through Npgsql's
    /// NpgsqlBinaryImporter, whose per-value parameter binding cost the 1 M-row 学籍 import 8.7 s of CPU on its writer
    /// thread against 2.5 s now, as much as the validation of the rows (issue 20 §6). Completing the stream commits the
    /// COPY (the server's errors surface there); any failure before that cancels it, so nothing of it is written.
    /// </summary>
    private static async Task<long> CopyAsync<T>(NpgsqlConnection conn, TableMap<T> map, IEnumerable<T> rows, CancellationToken ct)
    {
        var cols = string.Join(", ", map.Columns.Select(c => $"\"{c.Name}\""));
        var writers = map.PgWriters;
        var stream = await conn.BeginRawBinaryCopyAsync($"COPY \"{map.Table}\" ({cols}) FROM STDIN (FORMAT BINARY)", ct);
        // No timeout (0): completing the COPY of a million rows outlasts Npgsql's default 30 s on a busy machine.
        stream.ReadTimeout = 0;
        stream.WriteTimeout = 0;
        long n = 0;
        try
        {
            using var w = new PgCopyWriter(stream);
            var fields = (short)writers.Length;
            foreach (var row in rows)
            {
                ct.ThrowIfCancellationRequested();
                w.StartRow(fields);
                foreach (var write in writers)
                {
                    write(w, row);
                }
                n++;
            }
            w.Finish();
        }
        catch
        {
            try
            {
                await stream.CancelAsync();
            }
            catch (Exception broken) when (broken is NpgsqlException or ObjectDisposedException)
            {
                // The connection broke (the COPY ended with it): the original failure is the one to report.
            }
            await stream.DisposeAsync();
            throw;
        }
        await stream.DisposeAsync();
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

    /// <summary>
    /// PostgreSQL's binary COPY format (https://www.postgresql.org/docs/current/sql-copy.html, "Binary Format"): the
    /// signature, flags and header extension, then per row a 16-bit field count and per field a 32-bit length (-1 for
    /// NULL) and the value in the type's binary send format, big-endian; a -1 field count ends the data. Values are
    /// encoded into a 64 KB buffer that goes to the stream whole.
    /// </summary>
    internal sealed class PgCopyWriter : IDisposable
    {
        private static readonly byte[] Signature = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0];
        // Strict: a string that is not valid UTF-16 (a lone surrogate) fails instead of being stored altered.
        private static readonly System.Text.UTF8Encoding Utf8 = new(false, true);
        // date: days since 2000-01-01; timestamptz: microseconds since 2000-01-01 00:00 UTC.
        private static readonly int EpochDay = new DateOnly(2000, 1, 1).DayNumber;
        private static readonly long EpochTicks = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
        private readonly Stream _out;
        private byte[] _buf = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 16);
        private int _pos;

        public PgCopyWriter(Stream output)
        {
            _out = output;
            Signature.CopyTo(_buf, 0);
            _pos = Signature.Length + 8; // flags 0, header extension length 0
            _buf.AsSpan(Signature.Length, 8).Clear();
        }

        private Span<byte> Take(int bytes)
        {
            if (_pos + bytes > _buf.Length)
            {
                Flush();
                if (bytes > _buf.Length)
                {
                    System.Buffers.ArrayPool<byte>.Shared.Return(_buf);
                    _buf = System.Buffers.ArrayPool<byte>.Shared.Rent(bytes);
                }
            }
            var span = _buf.AsSpan(_pos, bytes);
            _pos += bytes;
            return span;
        }

        private void Flush()
        {
            _out.Write(_buf, 0, _pos);
            _pos = 0;
        }

        public void StartRow(short fields) => System.Buffers.Binary.BinaryPrimitives.WriteInt16BigEndian(Take(2), fields);

        public void Null() => System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(Take(4), -1);

        public void Int32(int value)
        {
            var s = Take(8);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(s, 4);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(s[4..], value);
        }

        public void Int64(long value)
        {
            var s = Take(12);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(s, 8);
            System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(s[4..], value);
        }

        public void Boolean(bool value)
        {
            var s = Take(5);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(s, 1);
            s[4] = value ? (byte)1 : (byte)0;
        }

        public void Double(double value)
        {
            var s = Take(12);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(s, 8);
            System.Buffers.Binary.BinaryPrimitives.WriteDoubleBigEndian(s[4..], value);
        }

        /// <summary>
        /// numeric: digit count, weight (of the first digit, in powers of 10,000), sign (0 or 0x4000 for negative),
        /// display scale, then the digits in base 10,000 — from the decimal's invariant text, which keeps its scale.
        /// </summary>
        public void Numeric(decimal value)
        {
            var text = Math.Abs(value).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var dot = text.IndexOf('.', StringComparison.Ordinal);
            var (whole, fraction) = dot < 0 ? (text, "") : (text[..dot], text[(dot + 1)..]);
            whole = whole.TrimStart('0');
            // Whole digits padded on the left and fraction digits on the right to groups of four.
            var digits = new string('0', (4 - (whole.Length % 4)) % 4) + whole + fraction + new string('0', (4 - (fraction.Length % 4)) % 4);
            var groups = new short[digits.Length / 4];
            for (var g = 0; g < groups.Length; g++)
            {
                groups[g] = short.Parse(digits.AsSpan(g * 4, 4), System.Globalization.CultureInfo.InvariantCulture);
            }
            var weight = ((whole.Length + 3) / 4) - 1;
            var (first, last) = (0, groups.Length);
            while (first < last && groups[first] == 0)
            {
                first++;
                weight--;
            }
            while (last > first && groups[last - 1] == 0)
            {
                last--;
            }
            var count = last - first;
            var s = Take(4 + 8 + (2 * count));
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(s, 8 + (2 * count));
            System.Buffers.Binary.BinaryPrimitives.WriteInt16BigEndian(s[4..], (short)count);
            System.Buffers.Binary.BinaryPrimitives.WriteInt16BigEndian(s[6..], (short)(count == 0 ? 0 : weight));
            System.Buffers.Binary.BinaryPrimitives.WriteInt16BigEndian(s[8..], (short)(value < 0 && count > 0 ? 0x4000 : 0));
            System.Buffers.Binary.BinaryPrimitives.WriteInt16BigEndian(s[10..], (short)fraction.Length);
            for (var g = 0; g < count; g++)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteInt16BigEndian(s[(12 + (2 * g))..], groups[first + g]);
            }
        }

        public void Date(DateOnly value) => Int32(value.DayNumber - EpochDay);

        public void TimestampTz(DateTimeOffset value) => Int64((value.UtcTicks - EpochTicks) / TimeSpan.TicksPerMicrosecond);

        public void Text(string value)
        {
            var s = Take(4 + Utf8.GetMaxByteCount(value.Length));
            var n = Utf8.GetBytes(value, s[4..]);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(s, n);
            _pos -= s.Length - 4 - n;
        }

        public void Bytes(byte[] value)
        {
            var s = Take(4 + value.Length);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(s, value.Length);
            value.CopyTo(s[4..]);
        }

        /// <summary>The trailer (a -1 field count) and the last buffer.</summary>
        public void Finish()
        {
            StartRow(-1);
            Flush();
        }

        public void Dispose()
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(_buf);
            _buf = [];
        }
    }

    private sealed class TableMap<T>
    {
        private static TableMap<T>? _cached;

        public required string Table { get; init; }
        public required Column[] Columns { get; init; }
        public required SqliteBinder<T>[] SqliteBinders { get; init; }
        public required Action<PgCopyWriter, T>[] PgWriters { get; init; }

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

        /// <summary>(writer, row) =&gt; writer.Int32/Text/…(row.Property) by the property's type (enums as their integer), Null() for nulls.</summary>
        private static Action<PgCopyWriter, T> PgWriter(System.Reflection.PropertyInfo pi)
        {
            var writer = Expression.Parameter(typeof(PgCopyWriter), "writer");
            Expression Call(string method, Expression arg) => Expression.Call(writer, typeof(PgCopyWriter).GetMethod(method)!, arg);
            return PerValue<Action<PgCopyWriter, T>>(pi, [writer], (clr, nonNull) => clr switch
            {
                _ when clr == typeof(int) => Call(nameof(PgCopyWriter.Int32), nonNull),
                _ when clr.IsEnum => Call(nameof(PgCopyWriter.Int32), Expression.Convert(nonNull, typeof(int))),
                _ when clr == typeof(long) => Call(nameof(PgCopyWriter.Int64), nonNull),
                _ when clr == typeof(string) => Call(nameof(PgCopyWriter.Text), nonNull),
                _ when clr == typeof(bool) => Call(nameof(PgCopyWriter.Boolean), nonNull),
                _ when clr == typeof(double) => Call(nameof(PgCopyWriter.Double), nonNull),
                _ when clr == typeof(decimal) => Call(nameof(PgCopyWriter.Numeric), nonNull),
                _ when clr == typeof(DateOnly) => Call(nameof(PgCopyWriter.Date), nonNull),
                _ when clr == typeof(DateTimeOffset) => Call(nameof(PgCopyWriter.TimestampTz), nonNull),
                _ when clr == typeof(byte[]) => Call(nameof(PgCopyWriter.Bytes), nonNull),
                _ => throw new NotSupportedException($"批量写入不支持类型 {clr.Name}"),
            }, Expression.Call(writer, typeof(PgCopyWriter).GetMethod(nameof(PgCopyWriter.Null))!));
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
    }
}
