using EduCounty.Registry;
using EduCounty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static EduCounty.Tests.Imports.ImportTestFiles;

namespace EduCounty.Tests.Imports;

public sealed class PlausibilityTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Age_far_from_the_grade_is_a_warning_not_an_error(string provider)
    {
        await using var db = await SeededAsync(provider, "imp-age");
        // Born 2015-03-01: 10 on 2025-09-01, four years above the typical 6 of 一年级.
        var old = Student(1, birth: new DateOnly(2015, 3, 1));
        var r = await RunAsync(db, "students", Csv("age.csv", [StudentHeaders, old, Student(2)]));

        Assert.True(r.Committed);
        Assert.Equal(2, r.Created);
        var w = Assert.Single(r.Issues);
        Assert.True(w.IsWarning);
        Assert.Equal(2, w.Row);
        Assert.Contains("10 岁", w.Rule);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Area_per_student_far_from_the_county_range_is_flagged_in_a_dry_run_of_the_demo(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        var year = await db.Facilities.MaxAsync(f => f.Year);
        var school = await db.GradeEnrolments.Where(g => g.Year == year)
            .GroupBy(g => g.SchoolId).Select(g => new { g.Key, N = g.Sum(x => x.Students) })
            .Where(x => x.N > 100).OrderBy(x => x.Key).FirstAsync();
        var code = await db.Schools.Where(s => s.Id == school.Key).Select(s => s.Code).SingleAsync();
        var facilities = await db.Facilities.CountAsync();
        // 1,000 ㎡ of 教学及辅助用房 per student: far above any school's figure (the standards ask for a few ㎡).
        var path = Csv("fac.csv",
        [
            ["学校标识码", "学年", "教学及辅助用房面积", "体育运动场馆面积", "教学仪器设备值"],
            [code, year.ToString(), (school.N * 1000).ToString(), "5000", "100"],
        ]);

        var r = await RunAsync(db, "facilities", path, q => q with { DryRun = true });

        Assert.False(r.Committed);
        Assert.Equal(1, r.Updated);
        var w = Assert.Single(r.Issues);
        Assert.True(w.IsWarning);
        Assert.Equal("教学及辅助用房面积", w.Column);
        Assert.Contains("远离本县同年范围", w.Rule);
        Assert.Equal(facilities, await db.Facilities.CountAsync());
    }
}
