using EduCounty.Common;
using EduCounty.Common.Protection;
using EduCounty.Demo;
using EduCounty.Fitness;
using EduCounty.Registry;
using EduCounty.Security;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Tests.Demo;

public sealed class DemoCountyTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_2020_census_carries_the_plans_own_headcounts(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        var s = await GetCensusStats.HandleAsync(db, new SchoolYear(2020));
        // The plan's 主要指标 table, 2020 column: 0.5669 / 1.5083 / 0.4119 万人 and 特殊教育在校生规模 86 人, which counts
        // 特教学校 + 随班就读 + 送教上门 (docs/adr/0027), so Special is that sum, not the 特教 grades alone.
        Assert.Equal((5669, 15083, 4119, 86), (s.Preschool, s.Compulsory, s.SeniorStage, s.Special));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_county_has_32_schools_in_2020_and_the_plans_new_ones_later(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        var census = new SchoolYear(2020).CensusDate;
        var open2020 = await db.Schools.Where(x => !x.IsTeachingPoint && (x.OpenedOn == null || x.OpenedOn <= census)).CountAsync();
        Assert.Equal(32, open2020); // 全市共有各级各类学校32所
        Assert.Equal(12, await db.Schools.CountAsync(x => x.IsTeachingPoint)); // task 20: 12个教学点
        var later = await db.Schools.Where(x => x.OpenedOn > census).Select(x => x.Name).ToListAsync();
        Assert.Contains(later, n => n.EndsWith("第七小学", StringComparison.Ordinal));
        Assert.Contains(later, n => n.EndsWith("第五中学", StringComparison.Ordinal));
        Assert.True(await db.Schools.AllAsync(x => x.Code.Length == 10));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_census_table_agrees_with_the_student_records(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        foreach (var year in new[] { 2020, 2023, 2025 })
        {
            var census = await db.GradeEnrolments.Where(e => e.Year == year).SumAsync(e => e.Students);
            var records = await db.StudentYears.CountAsync(e => e.Year == year);
            Assert.Equal(records, census);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Identity_numbers_are_encrypted_valid_and_unique(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        var sample = await db.Students.OrderBy(s => s.Id).Take(500).ToListAsync();
        var ids = sample.Select(s => TestDatabases.Protector.Decrypt(s.IdNumberCipher!)).ToList();
        Assert.All(ids, id => Assert.Null(IdNumber.Validate(id)));
        Assert.All(sample, s => Assert.Contains("**********", s.StudentNumber)); // G + 身份证号 shown masked
        Assert.Equal(await db.Students.CountAsync(), await db.Students.Select(s => s.IdNumberHash).Distinct().CountAsync());
        // The birth date and sex in the number match the record.
        Assert.All(sample.Zip(ids), p => Assert.Equal((p.First.BirthDate, p.First.Sex), (IdNumber.BirthDate(p.Second)!.Value, IdNumber.SexOf(p.Second))));
    }

    /// <summary>
    /// The run's SQLite and PostgreSQL demo counties are two generations with the same seed (each database generates its
    /// own, TestDatabases.DemoAsync), every year and every step after the records (teachers, plan progress, safety,
    /// dropout, aid, groups): they hold the same county. Two generations of its own here cost two minutes of CI.
    /// </summary>
    [Fact]
    public async Task The_same_seed_gives_the_same_county()
    {
        var a = await CountsAsync(TestDatabases.Sqlite);
        var b = await CountsAsync(TestDatabases.Postgres);
        Assert.Equal(a, b);
        Assert.True(a.Students > 25_000);

        static async Task<(int Students, int Staff, int Classes, int Changes, int Years, int Cases, string Names, int Fitness, int Failing, int Myopic, double Totals)> CountsAsync(string provider)
        {
            await using var db = await TestDatabases.OpenDemoAsync(provider);
            var names = string.Join(",", await db.Students.OrderBy(s => s.Id).Take(50).Select(s => s.Name).ToListAsync());
            return (await db.Students.CountAsync(), await db.Staff.CountAsync(), await db.Classes.CountAsync(), await db.StatusChanges.CountAsync(),
                await db.StudentYears.CountAsync(), await db.Set<EduCounty.DropoutPrevention.DropoutCase>().CountAsync(), names,
                await db.FitnessTests.CountAsync(), await db.FitnessTests.CountAsync(t => t.Rating == EduCounty.Fitness.FitnessRating.Fail),
                await db.VisionScreenings.CountAsync(v => v.Myopia),
                // Summed here in id order: the two databases add doubles in orders of their own (9308800 against 9308800.0999…).
                Math.Round((await db.FitnessTests.OrderBy(t => t.Id).Select(t => t.TotalScore).ToListAsync()).Sum(), 6));
        }
    }

    /// <summary>
    /// The records the generator builds do not depend on the key ring (only their ciphertexts do): two builds of two school
    /// years in memory under fresh key rings give the same students, yearly places, staff and test results, field by
    /// field; another seed gives another county (so the fingerprint sees the records).
    /// </summary>
    [Fact]
    public void The_same_seed_builds_the_same_records_under_another_key_ring()
    {
        var a = Fingerprint(DemoCounty.DefaultSeed);
        Assert.Equal(a, Fingerprint(DemoCounty.DefaultSeed));
        Assert.NotEqual(a, Fingerprint(DemoCounty.DefaultSeed + 1));

        static string Fingerprint(int seed)
        {
            var m = new DemoModel(new DemoOptions { LastYear = 2021, Seed = seed }, PersonalDataProtector.FromKeyRing(KeyRing.Generate()), new DemoIds()).Build();
            Assert.True(m.Students.Count > 25_000);
            var text = new System.Text.StringBuilder();
            foreach (var s in m.Students)
            {
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{s.Id}|{s.Name}|{s.Sex}|{s.BirthDate}|{s.SchoolId}|{s.Grade}|{s.ClassId}|{s.EnrolledOn}|{s.Disabled}|{s.Changes.Count}\n");
            }
            foreach (var y in m.StudentYears)
            {
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{y.StudentId}|{y.Year}|{y.SchoolId}|{y.Grade}|{y.ClassId}|{y.NewEntrant}\n");
            }
            foreach (var s in m.Staff)
            {
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{s.Id}|{s.Name}|{s.SchoolId}|{s.BirthDate}\n");
            }
            foreach (var t in m.FitnessTests)
            {
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{t.StudentId}|{t.TotalScore}|{t.Rating}\n");
            }
            foreach (var v in m.VisionScreenings)
            {
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{v.StudentId}|{v.Myopia}\n");
            }
            return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.ToString())));
        }
    }

    [Fact]
    public async Task Generating_twice_into_the_same_database_is_refused()
    {
        // A copy of the run's generated demo county (not a generation of its own: CI time), then the same county again.
        var setting = await TestDatabases.PristineDemoCopyAsync(TestDatabases.Sqlite, "twice");
        await using var db = Database.Open(setting);
        var students = await db.Students.CountAsync();
        var e = await Assert.ThrowsAsync<RuleException>(() => DemoCounty.GenerateAsync(db, TestDatabases.Protector, new DemoOptions { FirstYear = 2020, LastYear = 2020 }));
        Assert.Contains("已有", e.Message);
        Assert.Equal(students, await db.Students.CountAsync());
    }

    [Fact]
    public void The_retention_solver_finds_a_pair_rounding_to_the_plans_rate()
    {
        var (j3, intake) = DemoModel.SolveRetention(1503, 109.98);
        Assert.Equal(109.98, Math.Round(j3 * 100.0 / intake, 2, MidpointRounding.AwayFromZero));
        Assert.InRange(j3, 1450, 1560);
    }

    [Fact]
    public void Allocation_by_largest_remainder_is_exact()
    {
        // 10 split 1:1:1 → 3.33 each; the remainders tie, so the first index gets the extra unit.
        Assert.Equal([4, 3, 3], DemoModel.Allocate(10, [1, 1, 1]));
        Assert.Equal(5669, DemoModel.Allocate(5669, [0.326, 0.333, 0.341]).Sum());
    }
}
