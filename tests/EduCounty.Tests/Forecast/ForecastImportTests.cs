using EduCounty.Forecast;
using EduCounty.Imports;
using Microsoft.EntityFrameworkCore;
using static EduCounty.Tests.Imports.ImportTestFiles;

namespace EduCounty.Tests.Forecast;

/// <summary>Import kinds <c>births</c> and <c>housing</c> (issue 19 §6) on both databases.</summary>
public sealed class ForecastImportTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Births_are_imported_by_source_and_bad_rows_are_named_in_Chinese(string provider)
    {
        await using var db = await SeededAsync(provider, "births");

        var ok = await RunAsync(db, "births", Csv("births.csv",
        [
            ["区划代码", "出生年份", "出生人数", "口径"],
            ["652302", "2019", "1650", "户籍"],
            ["652302", "2019", "1702", "出生医学证明"],
            ["652302001000", "2020", "410", ""],
        ]));

        Assert.True(ok.Committed);
        Assert.Equal(3, ok.Created);
        Assert.Equal(1702, (await db.Births.SingleAsync(b => b.Year == 2019 && b.Source == BirthSource.Certificate)).Count);
        Assert.Equal(BirthSource.Hukou, (await db.Births.SingleAsync(b => b.DivisionCode == "652302001")).Source); // blank 口径 = 户籍, 12 digits cut to 9

        var bad = await RunAsync(db, "births", Csv("births-bad.csv",
        [
            ["区划代码", "出生年份", "出生人数", "口径"],
            ["652302", "2021", "1500", "户籍"],
            ["652302", "2021", "-3", "统计局"],
        ]));

        Assert.False(bad.Committed);
        var issues = bad.Issues.Where(i => !i.IsWarning).ToList();
        Assert.Contains(issues, i => i.Row == 3 && i.Column == "口径" && i.Message.Contains("births-bad.csv", StringComparison.Ordinal) && i.Message.Contains("户籍", StringComparison.Ordinal));
        Assert.Contains(issues, i => i.Row == 3 && i.Column == "出生人数");
        Assert.False(await db.Births.AnyAsync(b => b.Year == 2021)); // all or nothing
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Housing_names_its_school_or_is_refused(string provider)
    {
        await using var db = await SeededAsync(provider, "housing");
        var code = await db.Set<EduCounty.Registry.School>().Select(s => s.Code).FirstAsync();

        var bad = await RunAsync(db, "housing", Csv("housing.csv",
        [
            ["小区名称", "区划代码", "户数", "交付年份", "学区学校标识码"],
            ["阳光花园", "652302001", "600", "2027", code],
            ["未来城", "652302001", "0", "2028", "2165239999"],
        ]));
        Assert.False(bad.Committed);
        Assert.Contains(bad.Issues, i => i.Row == 3 && i.Column == "户数");
        Assert.Contains(bad.Issues, i => i.Row == 3 && i.Column == "学区学校标识码");

        var ok = await RunAsync(db, "housing", Csv("housing2.csv",
        [
            ["小区名称", "区划代码", "户数", "交付年份", "学区学校标识码"],
            ["阳光花园", "652302001", "600", "2027", code],
        ]));
        Assert.True(ok.Committed);
        var estate = await db.HousingProjects.SingleAsync();
        Assert.Equal((600, 2027), (estate.Households, estate.CompletionYear));
    }
}
