using System.IO.Compression;
using EduCounty.Common.Tabular;
using EduCounty.Imports;
using EduCounty.Registry;
using EduCounty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static EduCounty.Tests.Imports.ImportTestFiles;

namespace EduCounty.Tests.Imports;

public sealed class HostileFileTests
{
    private static string StudentsXlsx(int n) =>
        Xlsx("students.xlsx", StudentHeaders, Enumerable.Range(1, n).Select(i => Student(i).Cast<object?>().ToArray()));

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_zip_bomb_is_refused_and_nothing_written(string provider)
    {
        await using var db = await SeededAsync(provider, "imp-bomb");
        var path = StudentsXlsx(3);
        // 64 MB of blanks between the sheet's elements: valid XML, compresses about 1000:1.
        ReplacePart(path, "xl/worksheets/sheet1.xml", x => x.Replace("</x:sheetData>", new string(' ', 64 << 20) + "</x:sheetData>", StringComparison.Ordinal)
            .Replace("</sheetData>", new string(' ', 64 << 20) + "</sheetData>", StringComparison.Ordinal));
        var entry = ZipFile.OpenRead(path).GetEntry("xl/worksheets/sheet1.xml")!;
        Assert.True(entry.Length > 200 * entry.CompressedLength);

        var r = await RunAsync(db, "students", path);

        Assert.NotNull(r.Refused);
        Assert.Contains("压缩炸弹", r.Refused);
        Assert.Equal(0, await db.Students.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task An_entity_expansion_workbook_is_refused_and_nothing_written(string provider)
    {
        await using var db = await SeededAsync(provider, "imp-xxe");
        var path = StudentsXlsx(3);
        const string Dtd = "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">" +
            "<!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">]>";
        ReplacePart(path, "xl/worksheets/sheet1.xml", x =>
        {
            var root = x.IndexOf('<', x.IndexOf("?>", StringComparison.Ordinal) + 2);
            return x[..root] + Dtd + x[root..];
        });

        var r = await RunAsync(db, "students", path);

        Assert.NotNull(r.Refused);
        Assert.Contains("DTD", r.Refused);
        Assert.Equal(0, await db.Students.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Files_over_the_size_or_row_limit_are_refused_and_nothing_written(string provider)
    {
        await using var db = await SeededAsync(provider, "imp-limits");
        var path = StudentsXlsx(5);

        var big = await RunAsync(db, "students", path, q => q with { Limits = new TabularLimits { MaxFileBytes = 1000 } });
        var rows = await RunAsync(db, "students", path, q => q with { Limits = new TabularLimits { MaxRows = 4 } });
        var ok = await RunAsync(db, "students", path, q => q with { DryRun = true });

        Assert.Contains("超过上限", big.Refused);
        Assert.Contains("超过 4 行的上限", rows.Refused);
        Assert.Equal(5, ok.Created);
        Assert.Equal(0, await db.Students.CountAsync());
        Assert.Equal(1, await db.ImportBatches.CountAsync()); // the schools
    }

    [Fact]
    public void A_file_that_is_not_a_zip_is_refused()
    {
        var path = NewPath("fake.xlsx");
        File.WriteAllText(path, "not a workbook");
        var ex = Assert.Throws<TabularRefusedException>(() => TabularFile.Open(path, "fake.xlsx", TabularLimits.Default));
        Assert.Contains("不是有效的 .xlsx", ex.Message);
    }
}
