using EduCounty.Common;
using EduCounty.Indicators.DataElements;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Tests.Registry;

/// <summary>
/// "School open at a date" (Registry/OpenSchools): open from OpenedOn (inclusive) until ClosedOn (exclusive), unknown
/// dates never close it. One rule in memory and, translated, in SQL on both databases.
/// </summary>
public sealed class OpenSchoolsTests
{
    private static readonly DateOnly Census = new(2022, 9, 30);

    public static readonly TheoryData<DateOnly?, DateOnly?, bool> Cases = new()
    {
        { null, null, true },                                   // no dates: always open
        { new DateOnly(2022, 9, 30), null, true },              // opened on the census date: counted
        { new DateOnly(2022, 10, 1), null, false },             // opened the day after: not yet
        { null, new DateOnly(2022, 9, 30), false },             // closed on the census date: gone
        { null, new DateOnly(2022, 10, 1), true },              // closed the day after: still counted
        { new DateOnly(2010, 9, 1), new DateOnly(2015, 7, 1), false }, // merged away years before
        { new DateOnly(2010, 9, 1), new DateOnly(2030, 7, 1), true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_school_is_open_from_its_opening_day_until_the_day_it_closes(DateOnly? opened, DateOnly? closed, bool open)
    {
        Assert.Equal(open, OpenSchools.IsOpen(opened, closed, Census));
        var school = new School { Code = "2100000001", Name = "测试学校", CountyCode = "652302", TownshipCode = "652302001", OpenedOn = opened, ClosedOn = closed };
        Assert.Equal(open, school.IsOpenOn(Census));
        // The indicators' grouped school rows use the same rule at the census date of the school year.
        Assert.Equal(open, new SchoolRow(SchoolType.Primary, false, true, null, opened, closed, 1).OpenIn(2022));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_query_form_selects_the_same_schools_in_sql(string provider)
    {
        await using var db = Database.Open(await TestDatabases.CreateEmptyAsync(provider, "open-schools"));
        db.Actor = "test";
        var id = 0;
        var schools = Cases.Select(c => new School
        {
            Code = $"21000000{++id:D2}",
            Name = $"学校{id}",
            CountyCode = "652302",
            TownshipCode = "652302001",
            OpenedOn = (DateOnly?)c[0],
            ClosedOn = (DateOnly?)c[1],
        }).ToList();
        db.Schools.AddRange(schools);
        await db.SaveChangesAsync();
        var expected = schools.Where(s => s.IsOpenOn(Census)).Select(s => s.Code).Order().ToList();
        Assert.Equal(4, expected.Count); // the rows marked true above

        Assert.Equal(expected, await db.Schools.OpenOn(Census).Select(s => s.Code).OrderBy(c => c).ToListAsync());
        // Another date reuses the query with another parameter value: 2016-09-30 also drops the one opened in 2022 and
        // keeps the 2010–2030 one; the one merged in 2015 is still gone.
        var y2016 = new DateOnly(2016, 9, 30);
        Assert.Equal(schools.Where(s => s.IsOpenOn(y2016)).Select(s => s.Code).Order().ToList(),
            await db.Schools.OpenOn(y2016).Select(s => s.Code).OrderBy(c => c).ToListAsync());
    }
}
