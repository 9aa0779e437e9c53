using EduCounty.Common;
using EduCounty.DropoutPrevention;
using EduCounty.Registry;

namespace EduCounty.Tests.DropoutPrevention;

/// <summary>
/// 适龄未入学 from the population counts (issue 17 item 1; dropout-prevention.md §2 失学, §4 户籍↔学籍; docs/adr/0034) on
/// SQLite and PostgreSQL: per 乡镇 and county, 6–15 周岁 population of the year minus the students of that age (周岁 on
/// 08-31) on the year's census rolls, counted by hand; a school's account sees no 乡镇 it only partly holds.
/// </summary>
public sealed class DropoutGapTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_gap_is_population_of_the_band_minus_students_of_that_age_on_the_rolls(string provider)
    {
        var (db, setting) = await DropoutCounty.CreateAsync(provider, "dropout-gap");
        await using var _db = db;
        void Pop(string code, int age, int count) => db.AgePopulations.Add(new AgePopulation { DivisionCode = code, Year = 2025, Age = age, Count = count });
        // 甲镇 6 (ages 5 and 16 are outside 6–15), 乙乡 2, the county's own rows 9; another year is not read.
        Pop(DropoutCounty.TownA, 5, 4);
        Pop(DropoutCounty.TownA, 6, 3);
        Pop(DropoutCounty.TownA, 10, 2);
        Pop(DropoutCounty.TownA, 15, 1);
        Pop(DropoutCounty.TownA, 16, 5);
        Pop(DropoutCounty.TownB, 8, 2);
        Pop("652302", 7, 9);
        db.AgePopulations.Add(new AgePopulation { DivisionCode = DropoutCounty.TownB, Year = 2024, Age = 8, Count = 50 });
        var born = new (int School, DateOnly Birth)[]
        {
            (1, new DateOnly(2015, 3, 1)),  // 10 周岁 on 2025-08-31: counted (甲镇)
            (2, new DateOnly(2019, 8, 31)), // 6 on the day: counted (甲镇)
            (1, new DateOnly(2019, 9, 1)),  // 5: not counted
            (1, new DateOnly(2009, 9, 1)),  // 15: counted (甲镇)
            (1, new DateOnly(2009, 8, 31)), // 16: not counted
            (3, new DateOnly(2013, 1, 1)),  // 12: counted (乙乡)
        };
        var students = born.Select((b, i) =>
        {
            var st = DropoutCounty.Student(db, i + 1, b.School, "P1");
            st.BirthDate = b.Birth;
            return st;
        }).ToList();
        await db.SaveChangesAsync();
        db.StudentYears.AddRange(students.Select(st => new StudentYear { StudentId = st.Id, Year = 2025, SchoolId = st.SchoolId, Grade = "P1" }));
        await db.SaveChangesAsync();

        // 甲镇 6 − 3 = 3; 乙乡 2 − 1 = 1; 全县 9 − 4 = 5.
        var gaps = await GetNotEnrolledGap.HandleAsync(db, DropoutRules.Default(), new SchoolYear(2025));
        Assert.Equal([("甲镇", 6, 3, 3, true), ("乙乡", 2, 1, 1, true), ("全县", 9, 4, 5, true)],
            gaps.Select(g => (g.Name, g.Population, g.Enrolled, g.Difference, g.Flagged)));
        // No census rolls in 2024: no figure (缺数据), not the whole population as a gap.
        Assert.Empty(await GetNotEnrolledGap.HandleAsync(db, DropoutRules.Default(), new SchoolYear(2024)));

        var report = await GetDropoutReport.HandleAsync(db, new SchoolYear(2025), new DateOnly(2025, 11, 15));
        var nov = report.Latest!;
        Assert.Equal((3, 1, 5), (nov.Townships[0].NotEnrolledGap, nov.Townships[1].NotEnrolledGap, nov.County.NotEnrolledGap));

        // School 1's account holds part of 甲镇 only: no 乡镇 row, no county row; 甲镇's three schools: 甲镇 only.
        await using var one = DropoutCounty.Scoped(setting, 1);
        Assert.Empty(await GetNotEnrolledGap.HandleAsync(one, DropoutRules.Default(), new SchoolYear(2025)));
        await using var town = DropoutCounty.Scoped(setting, 1, 2, 4);
        Assert.Equal([("甲镇", 3)], (await GetNotEnrolledGap.HandleAsync(town, DropoutRules.Default(), new SchoolYear(2025))).Select(g => (g.Name, g.Difference)));
    }
}
