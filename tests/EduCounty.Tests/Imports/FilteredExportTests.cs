using EduCounty.Common;
using EduCounty.Exports;
using EduCounty.Registry;
using EduCounty.Tests.Infrastructure;
using static EduCounty.Tests.Imports.ImportTestFiles;

namespace EduCounty.Tests.Imports;

/// <summary>Exports write exactly what the list shows for the same filters, every page (issue 5 §5).</summary>
public sealed class FilteredExportTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Export_with_a_filter_returns_only_matching_rows_of_every_page(string provider)
    {
        await using var db = await SeededAsync(provider, "imp-expfilter");
        // 学生1…学生25 in P1, 学生26…学生30 in P2 (older birth dates would only warn; P2 rows are born a year earlier).
        var rows = new List<string[]> { StudentHeaders };
        rows.AddRange(Enumerable.Range(1, 25).Select(i => Student(i)));
        rows.AddRange(Enumerable.Range(26, 5).Select(i => Student(i, grade: "P2", birth: new DateOnly(2018, 3, 1))));
        Assert.True((await RunAsync(db, "students", Csv("s.csv", rows))).Committed);

        // 25 P1 pupils: more than one page of the student search (20 a page), all exported.
        var p1 = await RegistryExports.StudentsAsync(db, TestDatabases.Protector, new SearchStudents.Query(Grade: "P1"), null);
        var p1Rows = p1.Rows.ToList();
        Assert.Equal(25, p1Rows.Count);
        Assert.All(p1Rows, r => Assert.Equal("一年级", r[8]));
        Assert.Equal(25, (await SearchStudents.HandleAsync(db, TestDatabases.Protector, new SearchStudents.Query(Grade: "P1"), null)).Total);

        var p2 = (await RegistryExports.StudentsAsync(db, TestDatabases.Protector, new SearchStudents.Query(Grade: "P2"), null)).Rows.ToList();
        Assert.Equal(["学生26", "学生27", "学生28", "学生29", "学生30"], p2.Select(r => (string)r[1]!).Order(StringComparer.Ordinal));

        // Name contains "学生1": 学生1, 学生10…学生19 = 11 rows.
        var named = (await RegistryExports.StudentsAsync(db, TestDatabases.Protector, new SearchStudents.Query(Name: "学生1"), null)).Rows.ToList();
        Assert.Equal(11, named.Count);

        // Schools filtered by type: only the junior school of the two.
        var juniors = (await RegistryExports.SchoolsAsync(db, new ListSchools.Query(Type: SchoolType.Junior), null)).Rows.ToList();
        Assert.Equal("3165000002", Assert.Single(juniors)[0]);
    }
}
