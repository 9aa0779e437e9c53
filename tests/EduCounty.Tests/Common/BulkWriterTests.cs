using System.Globalization;
using EduCounty.Common;
using EduCounty.Imports;
using EduCounty.Registry;
using EduCounty.Tests.Imports;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace EduCounty.Tests.Common;

/// <summary>
/// The bulk path (imports and the demo): on PostgreSQL a binary COPY stream encoded by <see cref="BulkWriter.PgCopyWriter"/>
/// (issue 20 §6), on SQLite one prepared INSERT. What is written must read back exactly as written, and a failure half-way
/// writes nothing.
/// </summary>
public sealed class BulkWriterTests
{
    /// <summary>
    /// Every type the encoder knows, at its edges, in a table of PostgreSQL's own types; read back by PostgreSQL itself
    /// (numeric as text, so that its scale is compared too).
    /// </summary>
    [Fact]
    public async Task The_copy_encoder_writes_every_type_as_PostgreSQL_reads_it()
    {
        var setting = await TestDatabases.CreateEmptyAsync(TestDatabases.Postgres, "bulk-encoder");
        await using var conn = new NpgsqlConnection(setting);
        await conn.OpenAsync();
        await using (var create = new NpgsqlCommand("CREATE TABLE enc (k int4, i int4, l int8, t text, b bool, d float8, n numeric, dt date, ts timestamptz, by bytea)", conn))
        {
            await create.ExecuteNonQueryAsync();
        }
        var rows = new (int I, long L, string T, bool B, double D, decimal N, DateOnly Dt, DateTimeOffset Ts, byte[] By)[]
        {
            (0, 0, "", false, 0, 0m, new DateOnly(2000, 1, 1), new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), []),
            (int.MaxValue, long.MaxValue, "阜康市第一中学", true, 0.1, 0.5m, new DateOnly(1999, 12, 31), new DateTimeOffset(2026, 12, 7, 16, 5, 9, 123, 456, TimeSpan.FromHours(8)), [0, 1, 255]),
            (int.MinValue, long.MinValue, "𠀀 x\t\"'\\", true, -1.5e300, -123.4500m, new DateOnly(2025, 9, 1), new DateTimeOffset(1970, 1, 1, 0, 0, 0, TimeSpan.Zero), [7]),
            (-1, -1, new string('字', 30000), false, double.Epsilon, 10000m, new DateOnly(1, 1, 1), new DateTimeOffset(1999, 12, 31, 23, 59, 59, 999, 999, TimeSpan.Zero), new byte[70000]),
            (42, 42, "a", false, 1e-10, 0.00001m, new DateOnly(9999, 12, 31), new DateTimeOffset(2038, 1, 19, 3, 14, 8, TimeSpan.Zero), [1]),
            (7, 7, "b", true, 3, 79228162514264337593543950335m, new DateOnly(2024, 2, 29), new DateTimeOffset(2024, 2, 29, 12, 0, 0, TimeSpan.FromHours(-5)), [2]),
            (8, 8, "c", true, 4, -1.10m, new DateOnly(2024, 3, 1), new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero), [3]),
            (9, 9, "d", true, 5, 1234567.000100m, new DateOnly(2024, 3, 2), new DateTimeOffset(2024, 3, 2, 0, 0, 0, TimeSpan.Zero), [4]),
        };
        await using (var stream = await conn.BeginRawBinaryCopyAsync("COPY enc FROM STDIN (FORMAT BINARY)"))
        {
            using var w = new BulkWriter.PgCopyWriter(stream);
            for (var k = 0; k < rows.Length; k++)
            {
                var r = rows[k];
                w.StartRow(10);
                w.Int32(k);
                w.Int32(r.I);
                w.Int64(r.L);
                w.Text(r.T);
                w.Boolean(r.B);
                w.Double(r.D);
                w.Numeric(r.N);
                w.Date(r.Dt);
                w.TimestampTz(r.Ts);
                w.Bytes(r.By);
            }
            // A row of NULLs.
            w.StartRow(10);
            w.Int32(rows.Length);
            for (var c = 0; c < 9; c++)
            {
                w.Null();
            }
            w.Finish();
        }
        await using var cmd = new NpgsqlCommand("SELECT k, i, l, t, b, d, n::text, dt, ts, by FROM enc ORDER BY k", conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        for (var k = 0; k < rows.Length; k++)
        {
            Assert.True(await reader.ReadAsync());
            var r = rows[k];
            Assert.Equal(k, reader.GetInt32(0));
            Assert.Equal(r.I, reader.GetInt32(1));
            Assert.Equal(r.L, reader.GetInt64(2));
            Assert.Equal(r.T, reader.GetString(3));
            Assert.Equal(r.B, reader.GetBoolean(4));
            Assert.Equal(r.D, reader.GetDouble(5));
            // numeric keeps the decimal's scale: -123.4500, -1.10, 1234567.000100.
            Assert.Equal(r.N.ToString(CultureInfo.InvariantCulture), reader.GetString(6));
            Assert.Equal(r.Dt, reader.GetFieldValue<DateOnly>(7));
            Assert.Equal(r.Ts.UtcDateTime, reader.GetFieldValue<DateTime>(8));
            Assert.Equal(r.By, reader.GetFieldValue<byte[]>(9));
        }
        Assert.True(await reader.ReadAsync());
        Assert.Equal(rows.Length, reader.GetInt32(0));
        Assert.All(Enumerable.Range(1, 9), c => Assert.True(reader.IsDBNull(c)));
        Assert.False(await reader.ReadAsync());
    }

    /// <summary>Entities through <see cref="BulkWriter.WriteAsync"/> read back by EF as written: enums, nulls, ciphers, dates, doubles, times.</summary>
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Entities_written_in_bulk_read_back_as_written(string provider)
    {
        await using var db = await SchoolAsync(provider, "bulk-entities");
        var students = Students(3);
        students[0].ClassId = 1;
        students[1].IdNumberCipher = null;
        students[1].IdNumberHash = null;
        students[1].Hukou = Hukou.NonAgricultural;
        students[2].Name = "阿依古丽·𠀀";
        students[2].Disabled = true;
        students[2].DisabilityCipher = [9, 8, 7];
        Assert.Equal(3, await BulkWriter.WriteAsync(db, students));
        var batch = new ImportBatch
        {
            Id = 5,
            Kind = "students",
            FileName = "学籍.xlsx",
            Sha256 = new string('a', 64),
            At = new DateTimeOffset(2026, 12, 7, 9, 30, 15, 250, TimeSpan.Zero),
            Entity = "Student",
            Year = 2026,
            RolledBackAt = null,
        };
        Assert.Equal(1, await BulkWriter.WriteAsync(db, new[] { batch }));
        var facility = new Facility { Id = 3, SchoolId = 1, Year = 2026, LandM2 = 12345.6, BuildingM2 = 0.1, EquipmentValueYuan = 1.5e7, Books = 30000 };
        Assert.Equal(1, await BulkWriter.WriteAsync(db, new[] { facility }));
        db.ChangeTracker.Clear();

        var back = await db.Students.AsNoTracking().OrderBy(s => s.Id).ToListAsync();
        Assert.Equal(students.Count, back.Count);
        foreach (var (a, b) in students.Zip(back))
        {
            Assert.Equal((a.Id, a.StudentNumber, a.StudentNumberHash, a.Name, a.Sex, a.BirthDate, a.EthnicityCode, a.Hukou),
                (b.Id, b.StudentNumber, b.StudentNumberHash, b.Name, b.Sex, b.BirthDate, b.EthnicityCode, b.Hukou));
            Assert.Equal((a.MigrantChild, a.LeftBehindChild, a.Disabled, a.SchoolId, a.Grade, a.ClassId, a.Status, a.EnrolledOn),
                (b.MigrantChild, b.LeftBehindChild, b.Disabled, b.SchoolId, b.Grade, b.ClassId, b.Status, b.EnrolledOn));
            Assert.Equal(a.StudentNumberCipher, b.StudentNumberCipher);
            Assert.Equal(a.IdNumberCipher, b.IdNumberCipher);
            Assert.Equal(a.IdNumberHash, b.IdNumberHash);
            Assert.Equal(a.DisabilityCipher, b.DisabilityCipher);
            Assert.Null(b.HardshipCipher);
        }
        var storedBatch = await db.ImportBatches.AsNoTracking().SingleAsync();
        Assert.Equal((batch.At, batch.FileName, batch.Year, batch.RolledBackAt, batch.ValidOnly), (storedBatch.At, storedBatch.FileName, storedBatch.Year, storedBatch.RolledBackAt, storedBatch.ValidOnly));
        var storedFacility = await db.Facilities.AsNoTracking().SingleAsync();
        Assert.Equal((12345.6, 0.1, 1.5e7, 30000), (storedFacility.LandM2, storedFacility.BuildingM2, storedFacility.EquipmentValueYuan, storedFacility.Books));
    }

    /// <summary>A failure in the rows half-way (here a reader error after 1,500 rows): the error comes out, nothing is written and the connection works on.</summary>
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_failure_half_way_writes_nothing_and_leaves_the_connection_usable(string provider)
    {
        await using var db = await SchoolAsync(provider, "bulk-failure");
        static IEnumerable<Student> Failing()
        {
            foreach (var s in Students(1500))
            {
                yield return s;
            }
            throw new InvalidDataException("文件第 1502 行无法读取");
        }
        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => BulkWriter.WriteAsync(db, Failing()));
        Assert.Equal("文件第 1502 行无法读取", ex.Message);
        Assert.Equal(0, await db.Students.CountAsync());
        Assert.Equal(2, await BulkWriter.WriteAsync(db, Students(2)));
        Assert.Equal(2, await db.Students.CountAsync());
    }

    private static async Task<EduDb> SchoolAsync(string provider, string name)
    {
        var db = Database.Open(await TestDatabases.CreateEmptyAsync(provider, name));
        db.Clock = new FixedClock(new DateTimeOffset(2026, 10, 15, 2, 0, 0, TimeSpan.Zero));
        db.Actor = "test";
        db.Schools.Add(new School { Id = 1, Code = "2165000001", Name = "测试小学", Type = SchoolType.Primary, CountyCode = "652302", TownshipCode = "652302001" });
        db.Classes.Add(new SchoolClass { Id = 1, SchoolId = 1, Year = 2026, Grade = "P3", Number = 1, Name = "三年级(1)班", Headcount = 1 });
        await db.SaveChangesAsync();
        return db;
    }

    /// <summary>Synthetic students (no real names or numbers): ids from 1, L-form 学籍号, every field set.</summary>
    private static List<Student> Students(int n) =>
        [.. Enumerable.Range(1, n).Select(i => new Student
        {
            Id = i,
            StudentNumber = $"L{i:D10}",
            StudentNumberHash = $"{i:x64}",
            StudentNumberCipher = [1, (byte)i, 3],
            IdNumberCipher = [4, 5, (byte)(i % 256)],
            IdNumberHash = $"{i + 1_000_000:x64}",
            Name = $"学生{i}",
            Sex = i % 2 == 0 ? Sex.Female : Sex.Male,
            BirthDate = new DateOnly(2015, 1, 1).AddDays(i % 365),
            EthnicityCode = "01",
            Hukou = Hukou.Agricultural,
            MigrantChild = i % 3 == 0,
            LeftBehindChild = i % 5 == 0,
            SchoolId = 1,
            Grade = "P3",
            ClassId = null,
            Status = StudentStatus.Enrolled,
            EnrolledOn = new DateOnly(2023, 9, 1),
        })];
}
