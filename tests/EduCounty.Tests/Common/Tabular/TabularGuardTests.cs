using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using EduCounty.Common.Tabular;
using MiniExcelLibs;
using static EduCounty.Tests.Imports.ImportTestFiles;

namespace EduCounty.Tests.Common.Tabular;

/// <summary>
/// Each guard of the one reader refuses its hostile file with a Chinese message naming file, row, column and reason,
/// and never repeats the hostile value.
/// </summary>
public sealed class TabularGuardTests
{
    /// <summary>Letters that do not compress much (a huge cell must not be stopped by the zip-bomb check instead).</summary>
    internal static string Noise(int length)
    {
        const string Letters = "阜康市天池博峰街道学校教师学生abcdefghijklmnopqrstuvwxyz0123456789";
        var bytes = RandomNumberGenerator.GetBytes(length);
        return string.Create(length, bytes, (span, b) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Letters[b[i] % Letters.Length];
            }
        });
    }

    internal static string Workbook(string name, params Dictionary<string, object?>[] rows)
    {
        var path = NewPath(name);
        MiniExcel.SaveAs(path, rows);
        return path;
    }

    private static TabularRefusedException Refused(string path, TabularLimits? limits = null) =>
        Assert.Throws<TabularRefusedException>(() =>
        {
            using var file = TabularFile.Open(path, Path.GetFileName(path), limits ?? TabularLimits.Default);
            foreach (var _ in file.Rows())
            {
            }
        });

    private static Dictionary<string, object?> School(string name, string type = "小学") => new() { ["学校名称"] = name, ["办学类型"] = type };

    [Fact]
    public void A_zip_bomb_is_refused_from_the_zip_directory()
    {
        var path = Workbook("炸弹.xlsx", School("甲"));
        // 64 MB of blanks inside the sheet: valid XML that compresses about 1000:1.
        ReplacePart(path, "xl/worksheets/sheet1.xml", x => x.Replace("</x:sheetData>", new string(' ', 64 << 20) + "</x:sheetData>", StringComparison.Ordinal));

        var ex = Assert.Throws<TabularRefusedException>(() => TabularFile.Open(path, "炸弹.xlsx", TabularLimits.Default));

        Assert.Matches(@"^文件 炸弹\.xlsx 的部件 xl/worksheets/sheet1\.xml 压缩比 \d+:1，超过上限 200:1（疑似压缩炸弹），已拒收$", ex.Message);
    }

    [Fact]
    public void A_huge_shared_string_is_refused_naming_the_cell_that_uses_it()
    {
        var path = Workbook("共享.xlsx", School("甲"), School("乙"));
        // Excel keeps text in xl/sharedStrings.xml and cells point at it (t="s"): make C3's text 40,000 characters.
        ReplacePart(path, "xl/worksheets/sheet1.xml", x => x.Replace("<x:c r=\"B3\" t=\"str\" s=\"2\"><x:v>小学</x:v></x:c>",
            "<x:c r=\"B3\" t=\"str\" s=\"2\"><x:v>小学</x:v></x:c><x:c r=\"C3\" t=\"s\"><x:v>0</x:v></x:c>", StringComparison.Ordinal));
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Update))
        {
            zip.GetEntry("xl/sharedStrings.xml")?.Delete();
            using var w = new StreamWriter(zip.CreateEntry("xl/sharedStrings.xml").Open(), new UTF8Encoding(false));
            w.Write($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>{Noise(40_000)}</t></si></sst>");
        }

        var ex = Refused(path);

        Assert.Equal("文件 共享.xlsx 第 3 行 C 列：单元格内容超过 32,767 个字符，已拒收", ex.Message);
    }

    [Fact]
    public void Text_split_by_comments_and_cdata_is_counted_as_one_cell()
    {
        // An XML reader joins <v>a<!--x-->b<![CDATA[c]]></v> into one value "abc": so must the count, and a fake
        // </c> inside a comment or CDATA must not end the cell.
        var piece = Noise(10_000);
        var path = Workbook("注释.xlsx", School("甲"));
        ReplacePart(path, "xl/worksheets/sheet1.xml", x => x.Replace("<x:v>甲</x:v>",
            $"<x:v>{piece}<!--</x:c>-->{piece}<![CDATA[</x:c>{piece}]]>{piece}</x:v>", StringComparison.Ordinal));

        var ex = Refused(path);

        Assert.Equal("文件 注释.xlsx 第 2 行 A 列：单元格内容超过 32,767 个字符，已拒收", ex.Message);
    }

    [Fact]
    public void A_cdata_section_ending_in_a_bracket_ends_where_an_xml_reader_ends_it()
    {
        // "]]]>" closes a CDATA section whose text ends in "]": the cell is "[甲]" and the next one is read as usual.
        var path = Workbook("括号.xlsx", School("甲"));
        ReplacePart(path, "xl/worksheets/sheet1.xml", x => x.Replace("<x:v>甲</x:v>", "<x:v><![CDATA[[甲]]]></x:v>", StringComparison.Ordinal));

        using var file = TabularFile.Open(path, "括号.xlsx", TabularLimits.Default);
        var rows = file.Rows().ToList();

        Assert.Equal("[甲]", rows[1][0]);
        Assert.Equal("小学", rows[1][1]);
    }

    [Fact]
    public void A_sheet_sized_to_16384_columns_is_refused_before_miniexcel_builds_its_rows()
    {
        // MiniExcel gives every row as many cells as the <dimension> says: XFD is 16,384 (a 4.3 MB table like this
        // once cost 54 s and 1.2 GB in the 优质均衡 check).
        var path = Workbook("宽表.xlsx", School("甲"));
        ReplacePart(path, "xl/worksheets/sheet1.xml", x => x.Replace("<x:sheetViews>", "<x:dimension ref=\"A1:XFD1048576\"/><x:sheetViews>", StringComparison.Ordinal));
        var cell = Workbook("远列.xlsx", School("甲"));
        ReplacePart(cell, "xl/worksheets/sheet1.xml", x => x.Replace("r=\"B2\"", "r=\"AAA2\"", StringComparison.Ordinal));

        Assert.Equal("文件 宽表.xlsx 的工作表范围 A1:XFD1048576 有 16,384 列，超过 256 列的上限，已拒收", Refused(path).Message);
        Assert.Equal("文件 远列.xlsx 第 2 行 AAA 列（第 703 列）超过 256 列的上限，已拒收", Refused(cell).Message);
    }

    [Fact]
    public void Too_many_rows_are_refused_in_a_sheet_before_reading_and_in_a_csv_as_they_come()
    {
        // One row at r="1048576": MiniExcel would yield a million empty rows before it.
        var far = Workbook("远行.xlsx", School("甲"));
        ReplacePart(far, "xl/worksheets/sheet1.xml", x => x.Replace("<x:row r=\"2\">", "<x:row r=\"1048576\">", StringComparison.Ordinal));
        var csv = NewPath("多行.csv");
        File.WriteAllText(csv, "学校名称\n" + string.Concat(Enumerable.Repeat("甲\n", 10)));

        Assert.Equal("文件 远行.xlsx 的工作表有第 1,048,576 行，超过 20,000 行的上限，已拒收",
            Refused(far, TabularLimits.Default with { MaxRows = 20_000 }).Message);
        Assert.Equal("文件 多行.csv 超过 5 行的上限（第 6 行），已拒收", Refused(csv, TabularLimits.Default with { MaxRows = 5 }).Message);
    }

    [Fact]
    public void A_huge_csv_field_is_refused_without_reading_the_rest_of_it()
    {
        // 50,000,000 characters in one quoted field: the record buffer stops long before.
        var path = NewPath("大字段.csv");
        using (var w = new StreamWriter(path, false, new UTF8Encoding(false)))
        {
            w.Write("学校名称,办学类型\n甲,\"");
            var block = new string('x', 1 << 20);
            for (var i = 0; i < 50; i++)
            {
                w.Write(block);
            }
            w.Write("\"\n");
        }
        var small = NewPath("长单元格.csv");
        File.WriteAllText(small, "学校名称,办学类型\n甲," + new string('长', 40_000) + "\n", new UTF8Encoding(false));

        var before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Refused(path);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal("文件 大字段.csv 第 2 行过长：单元格超过 32,767 个字符或整行超过 196,604 个字符，已拒收", ex.Message);
        // The record buffer grows to at most 196,604 characters (4 × 32,767 + 64 K): no 100 MB string, no 100 MB buffer.
        Assert.True(allocated < 4L << 20, $"{allocated:N0} bytes allocated");
        Assert.Equal("文件 长单元格.csv 第 2 行第 2 列（B 列）：单元格内容超过 32,767 个字符，已拒收", Refused(small).Message);
    }

    [Fact]
    public void Too_many_csv_columns_are_refused()
    {
        var path = NewPath("宽.csv");
        File.WriteAllText(path, "学校名称\n" + string.Join(",", Enumerable.Repeat("1", 300)) + "\n");

        Assert.Equal("文件 宽.csv 第 2 行有 300 列，超过 256 列的上限，已拒收", Refused(path).Message);
    }

    [Fact]
    public void An_oversize_file_is_refused_before_it_is_opened()
    {
        var path = NewPath("大.csv");
        File.WriteAllBytes(path, new byte[3 << 20]);

        var ex = Assert.Throws<TabularRefusedException>(() => TabularFile.Open(path, "大.csv", TabularLimits.Default with { MaxFileBytes = 2 << 20 }));

        Assert.Equal("文件 大.csv 大小 3 MB，超过上限 2 MB，已拒收", ex.Message);
    }

    [Fact]
    public void A_dtd_or_a_part_not_in_utf8_is_refused()
    {
        var dtd = Workbook("实体.xlsx", School("甲"));
        ReplacePart(dtd, "xl/worksheets/sheet1.xml", x => x.Replace("<x:worksheet", "<!DOCTYPE lolz [<!ENTITY lol \"lol\">]><x:worksheet", StringComparison.Ordinal));
        var gbk = Workbook("编码.xlsx", School("甲"));
        ReplacePart(gbk, "xl/workbook.xml", x => x.Replace("encoding=\"utf-8\"", "encoding=\"gbk\"", StringComparison.OrdinalIgnoreCase));

        Assert.Equal("文件 实体.xlsx 的部件 xl/worksheets/sheet1.xml 含有 DTD（可用于实体膨胀攻击），已拒收",
            Assert.Throws<TabularRefusedException>(() => TabularFile.Open(dtd, "实体.xlsx", TabularLimits.Default)).Message);
        Assert.Equal("文件 编码.xlsx 的部件 xl/workbook.xml 不是 UTF-8 编码（gbk），已拒收", Refused(gbk).Message);
    }
}

/// <summary>Counts every allocation of the process while it reads: nothing else may run at the same time.</summary>
[CollectionDefinition("Tabular allocations", DisableParallelization = true)]
public sealed class TabularAllocationsAlone;

[Collection("Tabular allocations")]
public sealed class TabularHugeCellTests
{
    [Fact]
    public void A_huge_cell_is_refused_before_it_is_materialised()
    {
        // 4,000,000 characters in B2 (the first school's 办学类型): 8 MB as a .NET string, 10 MB of UTF-8 in the sheet,
        // about 6 MB packed — under every size and ratio limit, so only the cell limit can stop it.
        var path = TabularGuardTests.Workbook("大单元格.xlsx", new Dictionary<string, object?> { ["学校名称"] = "甲", ["办学类型"] = TabularGuardTests.Noise(4_000_000) });
        Assert.True(new FileInfo(path).Length < 10 << 20);

        // From a file on disk and from an upload's stream.
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var ex = Assert.Throws<TabularRefusedException>(() =>
        {
            using var file = TabularFile.Open(path, "大单元格.xlsx", TabularLimits.Default);
            foreach (var _ in file.Rows())
            {
            }
        });
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        using var upload = new MemoryStream(File.ReadAllBytes(path));
        var beforeStream = GC.GetTotalAllocatedBytes(precise: true);
        var fromStream = Assert.Throws<TabularRefusedException>(() =>
        {
            using var file = TabularFile.Open(upload, "大单元格.xlsx", TabularLimits.Default);
            foreach (var _ in file.Rows())
            {
            }
        });
        var allocatedFromStream = GC.GetTotalAllocatedBytes(precise: true) - beforeStream;

        Assert.Equal("文件 大单元格.xlsx 第 2 行 B 列：单元格内容超过 32,767 个字符，已拒收", ex.Message);
        Assert.Equal(ex.Message, fromStream.Message);
        // Reading the cell would allocate at least its 8 MB string; the scan keeps only counters and 64 KB buffers, and
        // MiniExcel never starts. Every thread's allocations count, and no other test runs meanwhile (the collection below).
        Assert.True(allocated < 6 << 20, $"{allocated:N0} bytes allocated");
        Assert.True(allocatedFromStream < 6 << 20, $"{allocatedFromStream:N0} bytes allocated");
    }
}
