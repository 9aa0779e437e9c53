using EduCounty.Common;
using EduCounty.Forecast;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Tests.Forecast;

/// <summary>
/// The hand-computed small county of issue 19 (three schools, five census years 2020–2024), on SQLite and PostgreSQL.
/// <code>
/// A 甲小学 (乡镇 T1, births known, 12 多媒体教室)   P1  P2  P3  P4  P5  P6
///   2020                                           100 100 100 100 100 100
///   2021                                           110 100 100 100 100 100
///   2022                                           120 110 100 100 100 100
///   2023                                           110 120 110 100 100 100
///   2024                                           100  99 120 110 100 100
/// B 乙小学 (乡镇 T2, no births, census 班数 2 per grade in 2024 = 12): every grade 60 each year except
///   P1 2023 66, P1 2024 72, P2 2024 66.
/// C 丙中学 (初中, T1, 8 多媒体教室): J1 150 150 144 152 152 (2020…2024), J2 and J3 150 every year.
/// Births T1 (户籍): 2014 150, 2015 150, 2016 120, 2017 150, 2018 120, 2019 120 (last known).
/// No 学籍 snapshots, so 初一 uses the county-level ratio.
///
/// Window 3 (the rules override leaves only gpr3); origin 2024; t = 2021…2023 for the GPR steps.
/// A GPR 1→2 = (110/110 + 120/120 + 99/110) / 3 = (1 + 1 + 0.9) / 3 = 0.966667 → P2 2025 = 100 × 0.966667 = 96.67 → 97.
///   GPR 2→3 = GPR 3→4 = … = 1 → P3 99, P4 120, P5 110, P6 100 (2025).
/// A entry: B_eff(t) = 8/12·B(t−6) + 4/12·B(t−7): 2022 80 + 50 = 130, 2023 100 + 40 = 140, 2024 80 + 50 = 130.
///   ER = (120/130 + 110/140 + 100/130) / 3 = (0.923077 + 0.785714 + 0.769231) / 3 = 0.826007.
///   2025: B_eff = 80 + 40 = 120 → P1 = 99.12 → 99.
///   2026 (B2020 unknown: mid 120 × 0.98 = 117.6): B_eff = 78.4 + 40 = 118.4 → 97.80 → 98;
///        low (× 0.95 = 114): 76 + 40 = 116 → 95.82 → 96; high (× 1.01 = 121.2): 80.8 + 40 = 120.8 → 99.78 → 100.
/// B entry (no births → trend of 60, 66, 72 over 2022–2024): slope 6 → 2025 78, 2026 84 (mid);
///   low 2026 = 84 × (0.95 / 0.98)² = 84 × 0.939713 = 78.94 → 79.
/// C 初一 = r × 全县六年级: r = (144/160 + 152/160 + 152/160) / 3 = 0.933333; 2025: 0.933333 × (100 + 60) = 149.33 → 149.
///   GPR J1→J2 = (150/150 + 150/144 + 150/152) / 3 = (1 + 1.041667 + 0.986842) / 3 = 1.009503 → J2 2025 = 152 × 1.009503 = 153.44 → 153.
/// Seats 2025 (mid):
///   A 99 97 99 120 110 100 = 625; classes at 45: 3 each = 18; seats 810; available 12 × 45 = 540 → gap 270;
///     625 / 12 = 52.1 per room → 偏大.
///   B 78 72 66 60 60 60 = 396; classes 2 each = 12; seats 540; available 12 × 45 = 540 → gap 0; 396 / 12 = 33.0 → 正常.
///   C 149 153 150 = 452; classes at 50: 3 + 4 + 3 = 10; seats 500; available 8 × 50 = 400 → gap 100; 452 / 8 = 56.5 → 大班额.
/// </code>
/// </summary>
public sealed class ForecastDatabaseTests
{
    private const string T1 = "652302001";
    private const string T2 = "652302002";

    internal static async Task<string> SmallCountyAsync(string provider)
    {
        var setting = await TestDatabases.CreateEmptyAsync(provider, "forecast");
        await using var db = Database.Open(setting);
        db.Actor = "test";
        db.Schools.AddRange(
            new School { Id = 1, Code = "2165230001", Name = "甲小学", Type = SchoolType.Primary, CountyCode = "652302", TownshipCode = T1 },
            new School { Id = 2, Code = "2165230002", Name = "乙小学", Type = SchoolType.Primary, CountyCode = "652302", TownshipCode = T2 },
            new School { Id = 3, Code = "3165230003", Name = "丙中学", Type = SchoolType.Junior, CountyCode = "652302", TownshipCode = T1 });
        int[][] a = [[100, 100, 100, 100, 100, 100], [110, 100, 100, 100, 100, 100], [120, 110, 100, 100, 100, 100], [110, 120, 110, 100, 100, 100], [100, 99, 120, 110, 100, 100]];
        int[][] b = [[60, 60, 60, 60, 60, 60], [60, 60, 60, 60, 60, 60], [60, 60, 60, 60, 60, 60], [66, 60, 60, 60, 60, 60], [72, 66, 60, 60, 60, 60]];
        int[][] c = [[150, 150, 150], [150, 150, 150], [144, 150, 150], [152, 150, 150], [152, 150, 150]];
        for (var i = 0; i < 5; i++)
        {
            Add(db, 1, 2020 + i, "P", a[i], null);
            Add(db, 2, 2020 + i, "P", b[i], i == 4 ? 2 : null);
            Add(db, 3, 2020 + i, "J", c[i], null);
        }
        db.Facilities.AddRange(new Facility { SchoolId = 1, Year = 2024, MultimediaClassrooms = 12 }, new Facility { SchoolId = 3, Year = 2024, MultimediaClassrooms = 8 });
        db.Births.AddRange(new[] { (2014, 150), (2015, 150), (2016, 120), (2017, 150), (2018, 120), (2019, 120) }
            .Select(x => new Birth { DivisionCode = T1, Year = x.Item1, Count = x.Item2, Source = BirthSource.Hukou }));
        await db.SaveChangesAsync();
        return setting;
    }

    /// <summary>Each grade as two sex rows (the reader sums them); the census 班数 on both rows (read as the larger).</summary>
    private static void Add(EduDb db, int school, int year, string stage, int[] grades, int? classes)
    {
        for (var g = 0; g < grades.Length; g++)
        {
            var male = grades[g] - (grades[g] / 2);
            db.GradeEnrolments.Add(new GradeEnrolment { SchoolId = school, Year = year, Grade = $"{stage}{g + 1}", Sex = Sex.Male, Students = male, Classes = classes });
            db.GradeEnrolments.Add(new GradeEnrolment { SchoolId = school, Year = year, Grade = $"{stage}{g + 1}", Sex = Sex.Female, Students = grades[g] - male, Classes = classes });
        }
    }

    private static readonly ForecastRules Window3 = ForecastRules.WithOverride("""{ "windows": [3] }""");

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Small_county_matches_the_hand_calculation(string provider)
    {
        var setting = await SmallCountyAsync(provider);
        await using var db = Database.Open(setting);

        var r = await RunForecast.HandleAsync(db, new ForecastQuery(2026, ["low", "mid", "high"], Rules: Window3));

        Assert.Equal(2024, r.Origin);
        var mid = r.Rows["mid"];
        int At(string s, string g, int y, string scenario = "mid") => r.Rows[scenario].Single(x => x.School == s && x.Grade == g && x.Year == y).Students;
        Assert.Equal([99, 97, 99, 120, 110, 100], new[] { "P1", "P2", "P3", "P4", "P5", "P6" }.Select(g => At("甲小学", g, 2025)));
        Assert.Equal((98, 96, 100), (At("甲小学", "P1", 2026), At("甲小学", "P1", 2026, "low"), At("甲小学", "P1", 2026, "high")));
        Assert.Equal([78, 72, 66, 60, 60, 60], new[] { "P1", "P2", "P3", "P4", "P5", "P6" }.Select(g => At("乙小学", g, 2025)));
        Assert.Equal((84, 79), (At("乙小学", "P1", 2026), At("乙小学", "P1", 2026, "low")));
        Assert.Equal([149, 153, 150], new[] { "J1", "J2", "J3" }.Select(g => At("丙中学", g, 2025)));

        ForecastRow Total(string s) => mid.Single(x => x.School == s && x.Grade == ForecastRow.Total && x.Year == 2025);
        Assert.Equal((625, 18, 810, 270, 52.1, "偏大"), (Total("甲小学").Students, Total("甲小学").Classes, Total("甲小学").Seats, Total("甲小学").Gap!.Value, Total("甲小学").PerClassroom!.Value, Total("甲小学").Risk));
        Assert.Equal((396, 12, 540, 0, "正常", ReadForecastHistory.ClassesBasis), (Total("乙小学").Students, Total("乙小学").Classes, Total("乙小学").Seats, Total("乙小学").Gap!.Value, Total("乙小学").Risk, Total("乙小学").ClassroomsBasis));
        Assert.Equal((452, 10, 500, 100, "大班额"), (Total("丙中学").Students, Total("丙中学").Classes, Total("丙中学").Seats, Total("丙中学").Gap!.Value, Total("丙中学").Risk));

        var methods = r.Methods.ToDictionary(m => m.School);
        Assert.StartsWith("出生人口（户籍，652302001）× 入学系数 0.8260", methods["甲小学"].Entry, StringComparison.Ordinal);
        Assert.Equal(ForecastEngine.TrendBasis, methods["乙小学"].Entry);
        Assert.Equal(ForecastEngine.CountyRatioBasis, methods["丙中学"].Junior);
    }

    /// <summary>A school user's reader sees only their school's rows (the county is still projected as a whole: C's 初一 needs A's and B's 六年级).</summary>
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_school_reader_sees_only_its_school(string provider)
    {
        var setting = await SmallCountyAsync(provider);
        await using var db = Database.Open(setting);

        var r = await RunForecast.HandleAsync(db, new ForecastQuery(2025, ["mid"], Scope: [3], Rules: Window3));

        Assert.Equal(["丙中学"], r.Rows["mid"].Select(x => x.School).Distinct());
        Assert.Equal(149, r.Rows["mid"].Single(x => x.Grade == "J1").Students);
        Assert.Equal(["丙中学"], r.Methods.Select(m => m.School));
    }

    /// <summary>
    /// The back-test sees nothing after its origin: a forecast from origin 2022 is the same after every 2023–2024 figure
    /// (enrolment ×3, births of 2023 on added) is changed, and differs when a 2022 figure is changed (so the comparison
    /// can fail: a window that read the last years, or births beyond the origin, would change it).
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Backtest_uses_only_data_up_to_its_origin(string provider)
    {
        var setting = await SmallCountyAsync(provider);
        await using var db = Database.Open(setting);
        var mid = Window3.ScenarioOf("mid");
        async Task<List<ForecastCell>> FromOrigin2022()
        {
            db.ChangeTracker.Clear();
            var h = await ReadForecastHistory.HandleAsync(db);
            return [.. ForecastEngine.Project(h, 2022, 2024, mid, Window3).Cells.OrderBy(c => (c.SchoolId, c.Grade, c.Year))];
        }
        var before = await FromOrigin2022();

        await db.GradeEnrolments.Where(e => e.Year > 2022).ExecuteUpdateAsync(s => s.SetProperty(e => e.Students, e => e.Students * 3));
        db.Births.AddRange(new Birth { DivisionCode = T1, Year = 2023, Count = 900 }, new Birth { DivisionCode = T1, Year = 2024, Count = 900 });
        await db.SaveChangesAsync();
        Assert.Equal(before, await FromOrigin2022());

        await db.GradeEnrolments.Where(e => e.Year == 2022 && e.Grade == "P1" && e.SchoolId == 1).ExecuteUpdateAsync(s => s.SetProperty(e => e.Students, e => e.Students + 30));
        Assert.NotEqual(before, await FromOrigin2022());
    }
}
