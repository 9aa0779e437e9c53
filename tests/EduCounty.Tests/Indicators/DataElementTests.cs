using EduCounty.Indicators.DataElements;
using EduCounty.Tests.Plan;

namespace EduCounty.Tests.Indicators;

public sealed class DataElementTests
{
    private static async Task<DataElementValues> LoadAsync(string provider, DataScope scope, params (string Code, int Year)[] wanted)
    {
        await using var db = await SmallCounty.CreateAsync(provider, "elements");
        return await DataElementLoader.LoadAsync(db, wanted, scope);
    }

    // Expected values are summed by hand from the rows in SmallCounty.
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task County_elements_count_the_records_as_defined(string provider)
    {
        var codes = DataElementCatalog.All.Select(e => (e.Code, 2020)).ToArray();
        var v = await LoadAsync(provider, DataScope.County(SmallCounty.County), codes);
        decimal? Get(string code) => v.Get(code, 2020)!.Value;

        Assert.Equal(72m, Get("enrolment.preschool"));                 // 30 + 20 + 10 + 7 + 5 (教学点 included)
        Assert.Equal(55m, Get("enrolment.preschool.public"));          // school 1 (50) + its 教学点 (5)
        Assert.Equal(10m, Get("enrolment.preschool.inclusive_private")); // school 2 only; school 3 is not 普惠
        Assert.Equal(105m, Get("enrolment.primary"));                  // 40 + 35 + 30
        Assert.Equal(110m, Get("enrolment.junior"));                   // 50 + 60
        Assert.Equal(215m, Get("enrolment.compulsory"));
        Assert.Equal(60m, Get("enrolment.junior.grade3"));
        Assert.Equal(73m, Get("intake.primary.grade1"));               // 38 + 35 new entrants; the statistic 999 is not used
        Assert.Equal(70m, Get("enrolment.senior_stage"));              // 40 + 30
        Assert.Equal(0m, Get("enrolment.senior.general"));
        Assert.Equal(70m, Get("enrolment.senior.vocational"));
        Assert.Equal(8m, Get("enrolment.special"));
        Assert.Equal(55m, Get("graduates.junior"));
        Assert.Equal(33m, Get("entrants.senior.fresh_graduates"));
        Assert.Equal(3m, Get("enrolment.adult_senior"));
        Assert.Equal(4m, Get("population.disabled_compulsory_age"));
        Assert.Equal(75m, Get("population.age3to5"));                  // 20 + 25 + 30
        Assert.Equal(10m, Get("population.age6to14"));
        Assert.Equal(70m, Get("population.age15to17"));                // 22 + 23 + 25
        Assert.Equal(2m, Get("students.disabled.compulsory"));         // P1 and X1; the K1 child is not counted
        Assert.Equal(2m, Get("teachers.vocational"));
        Assert.Equal(1m, Get("teachers.vocational.dual_qualified"));
        Assert.Equal(3m, Get("teachers.permanent"));                   // staff 1, 3, 4 (5 is not a teacher)
        Assert.Equal(2m, Get("teachers.permanent.mandarin_standard")); // staff 1 and 3
        Assert.Equal(7m, Get("schools.all"));                          // 1, 2, 3, 5, 6, 7, 8 (教学点 4 not counted, 9 opens 2022)
        Assert.Equal(6m, Get("schools.national_language"));            // school 6 does not
        Assert.Equal(2m, Get("schools.primary_secondary"));            // 5 and 6
        Assert.Equal(0m, Get("schools.digital_campus"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Years_without_records_fall_back_to_the_yearly_statistic(string provider)
    {
        var v = await LoadAsync(provider, DataScope.County(SmallCounty.County),
            ("intake.primary.grade1", 2012), ("intake.primary.grade1", 2021), ("intake.primary.grade1", 2013), ("enrolment.preschool", 2013));
        Assert.Equal(80m, v.Get("intake.primary.grade1", 2012)!.Value);
        Assert.StartsWith("年度统计", v.Get("intake.primary.grade1", 2012)!.Source, StringComparison.Ordinal);
        Assert.Equal(45m, v.Get("intake.primary.grade1", 2021)!.Value); // records exist for 2021
        Assert.Null(v.Get("intake.primary.grade1", 2013)!.Value);       // neither records nor a statistic
        Assert.Null(v.Get("enrolment.preschool", 2013)!.Value);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Township_and_school_scopes_restrict_the_records(string provider)
    {
        var town = await LoadAsync(provider, DataScope.Township(SmallCounty.TownA),
            ("enrolment.preschool", 2020), ("population.age3to5", 2020), ("enrolment.compulsory", 2020), ("schools.digital_campus", 2021));
        Assert.Equal(50m, town.Get("enrolment.preschool", 2020)!.Value); // school 1 only (its 教学点 lies in town B)
        Assert.Equal(30m, town.Get("population.age3to5", 2020)!.Value);
        Assert.Equal(105m, town.Get("enrolment.compulsory", 2020)!.Value);
        Assert.Equal(1m, town.Get("schools.digital_campus", 2021)!.Value);

        var school = await LoadAsync(provider, DataScope.School(6), ("enrolment.junior.grade3", 2020), ("population.age3to5", 2020));
        Assert.Equal(60m, school.Get("enrolment.junior.grade3", 2020)!.Value);
        Assert.Null(school.Get("population.age3to5", 2020)!.Value);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Schools_count_at_each_years_census_date(string provider)
    {
        var v = await LoadAsync(provider, DataScope.County(SmallCounty.County),
            ("schools.primary_secondary", 2022), ("schools.digital_campus", 2021), ("schools.digital_campus", 2022));
        Assert.Equal(3m, v.Get("schools.primary_secondary", 2022)!.Value); // school 9 opened 2022-09-01
        Assert.Equal(1m, v.Get("schools.digital_campus", 2021)!.Value);
        Assert.Equal(2m, v.Get("schools.digital_campus", 2022)!.Value);
    }

    [Fact]
    public void Unknown_elements_are_refused_and_every_catalog_code_parses()
    {
        foreach (var e in DataElementCatalog.All)
        {
            var parsed = EduCounty.Indicators.Expressions.Expression.Parse($"#{{{e.Code}}}");
            Assert.Single(parsed.Elements);
        }

        Assert.Equal(DataElementCatalog.All.Count, DataElementCatalog.All.Select(e => e.Code).Distinct().Count());
        Assert.Null(DataElementCatalog.Find("no.such"));
    }
}
