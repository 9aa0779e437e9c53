using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using EduCounty.Exports;
using EduCounty.Imports;
using EduCounty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using static EduCounty.Tests.Imports.ImportTestFiles;

namespace EduCounty.Tests.Imports;

public sealed class ImportOutputTests
{
    [Fact]
    public void Template_has_the_headers_and_a_sheet_describing_every_column()
    {
        foreach (var kind in ImportKind.All)
        {
            var path = NewPath(kind.Name + ".xlsx");
            using (var fs = File.Create(path))
            {
                ImportOutputs.WriteTemplate(kind, fs);
            }
            var sheets = MiniExcel.GetSheetNames(path);
            Assert.Equal([kind.Title, "填写说明"], sheets);
            var header = ((IDictionary<string, object?>)MiniExcel.Query(path, sheetName: kind.Title).First()).Values.Cast<string>().ToList();
            Assert.Equal(kind.Columns.Select(c => c.Header), header);
            var described = MiniExcel.Query(path, useHeaderRow: true, sheetName: "填写说明").Cast<IDictionary<string, object?>>().ToList();
            Assert.Equal(kind.Columns.Count, described.Count);
        }
        var students = ImportKind.Find("students")!;
        var sex = students.Columns.Single(c => c.Header == "性别");
        Assert.Equal("1 男；2 女", sex.Codes); // GB/T 2261.1 (codes.md §5)
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Error_file_has_an_error_column_and_highlights_the_bad_cells(string provider)
    {
        await using var db = await SeededAsync(provider, "imp-errfile");
        var bad = Student(2);
        bad[5] = "60";
        var path = Csv("e.csv", [StudentHeaders, Student(1), bad]);
        var r = await RunAsync(db, "students", path, q => q with { DryRun = true });
        var outPath = NewPath("e-errors.xlsx");
        using (var fs = File.Create(outPath))
        {
            ImportOutputs.WriteErrorFile(path, r, fs);
        }

        using var doc = SpreadsheetDocument.Open(outPath, false);
        var sheet = doc.WorkbookPart!.WorksheetParts.Single().Worksheet;
        var cells = sheet.Descendants<Cell>().ToDictionary(c => c.CellReference!.Value!);
        Assert.Equal("错误与提示", cells["K1"].InnerText);
        Assert.Equal((uint)CellLook.Error, cells["F3"].StyleIndex!.Value); // 民族 of row 3
        Assert.Equal((uint)CellLook.Plain, cells["F2"].StyleIndex!.Value);
        Assert.Contains("不在代码表", cells["K3"].InnerText);
        Assert.False(cells.ContainsKey("K2"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Export_neutralises_formulas_masks_id_numbers_and_is_audited(string provider)
    {
        await using var db = await SeededAsync(provider, "imp-export");
        var evil = Student(1);
        evil[1] = "=1+2";
        Assert.True((await RunAsync(db, "students", Csv("s.csv", [StudentHeaders, evil]))).Committed);
        var id = evil[2];

        var table = await RegistryExports.StudentsAsync(db, TestDatabases.Protector, new EduCounty.Registry.SearchStudents.Query(), null);
        using var csv = new MemoryStream();
        var n = await Exporter.WriteAsync(db, table, ExportFormat.Csv, csv, canSeeIdNumbers: false);
        var bytes = csv.ToArray();
        var text = Encoding.UTF8.GetString(bytes);

        Assert.Equal(1, n);
        Assert.True(bytes.AsSpan().StartsWith("\uFEFF"u8)); // UTF-8 BOM
        Assert.Contains(",'=1+2,", text);
        Assert.DoesNotContain(id, text);
        Assert.Contains("G" + id[..4] + "**********" + id[^4..], text);
        Assert.Contains("," + id[..4] + "**********" + id[^4..] + ",", text); // 身份证号 column, masked as on the detail pages

        var table2 = await RegistryExports.StudentsAsync(db, TestDatabases.Protector, new EduCounty.Registry.SearchStudents.Query(), null);
        var xlsx = NewPath("s.xlsx");
        await using (var fs = File.Create(xlsx))
        {
            await Exporter.WriteAsync(db, table2, ExportFormat.Xlsx, fs, canSeeIdNumbers: true);
        }
        var row = (IDictionary<string, object?>)MiniExcel.Query(xlsx, useHeaderRow: true).First();
        Assert.Equal(id, row["身份证号"]);
        Assert.Equal("'=1+2", row["姓名"]);

        var audits = await db.AuditEntries.Where(a => a.Action == "export").Select(a => a.Detail).ToListAsync();
        Assert.Equal(2, audits.Count);
        Assert.Contains(audits, d => d!.Contains("身份证号已遮蔽"));
        Assert.Contains(audits, d => d!.Contains("含身份证号明文"));
    }

    [Fact]
    public void Neutralise_prefixes_formula_starts()
    {
        Assert.Equal("'=1+1", Exporter.Neutralise("=1+1"));
        Assert.Equal("'+86", Exporter.Neutralise("+86"));
        Assert.Equal("'-2", Exporter.Neutralise("-2"));
        Assert.Equal("'@SUM(A1)", Exporter.Neutralise("@SUM(A1)"));
        Assert.Equal("阜康", Exporter.Neutralise("阜康"));
    }
}
