using System.IO.Compression;
using System.Text;
using EduCounty.Common.Tabular;
using MiniExcelLibs;
using static EduCounty.Tests.Imports.ImportTestFiles;

namespace EduCounty.Tests.Common.Tabular;

/// <summary>Each format and encoding the one reader takes: .xlsx written by MiniExcel, .xls made by LibreOffice, CSV in UTF-8, GBK and GB18030.</summary>
public sealed class TabularFormatTests
{
    private static void Cells(string?[] expected, string?[] actual) => Assert.Equal<string?>(expected.AsEnumerable(), actual.AsEnumerable());

    private static List<TabularRow> Read(string path, TabularLimits? limits = null)
    {
        using var file = TabularFile.Open(path, Path.GetFileName(path), limits ?? TabularLimits.Default);
        return [.. file.Rows()];
    }

    [Fact]
    public void An_xlsx_written_by_miniexcel_gives_each_cell_as_text_with_spreadsheet_row_numbers()
    {
        var path = NewPath("学校.xlsx");
        var rows = new[]
        {
            new Dictionary<string, object?> { ["学校标识码"] = 2165000001d, ["学校名称"] = " 阜康市第一小学 ", ["面积"] = 8.3, ["日期"] = new DateTime(2025, 9, 1), ["公办"] = true },
            new Dictionary<string, object?> { ["学校标识码"] = null, ["学校名称"] = null, ["面积"] = null, ["日期"] = null, ["公办"] = null },
            new Dictionary<string, object?> { ["学校标识码"] = 3165000002d, ["学校名称"] = "阜康市第一中学", ["面积"] = 0.1 + 0.2, ["日期"] = null, ["公办"] = false },
        };
        MiniExcel.SaveAs(path, rows);

        var read = Read(path);

        Assert.Equal([1, 2, 3, 4], read.Select(r => r.Number));
        Cells(["学校标识码", "学校名称", "面积", "日期", "公办"], read[0].Cells);
        // A 10-digit code typed as a number stays 10 digits; text is trimmed; 8.3 is 8.3 (not 8.3000000000000007);
        // dates are yyyy-MM-dd; TRUE is 是.
        Cells(["2165000001", "阜康市第一小学", "8.3", "2025-09-01", "是"], read[1].Cells);
        Assert.True(read[2].IsBlank);
        // 0.1 + 0.2 = 0.30000000000000004 in binary: shown to 15 significant digits as Excel shows it.
        Cells(["3165000002", "阜康市第一中学", "0.3", null, "否"], read[3].Cells);
    }

    [Fact]
    public void A_legacy_xls_made_by_libreoffice_is_read_through_exceldatareader()
    {
        // Fixtures/schools.xls = LibreOffice's "MS Excel 97" conversion of Fixtures/schools.csv beside it.
        var path = Path.Combine(AppContext.BaseDirectory, "Common", "Tabular", "Fixtures", "schools.xls");
        using var file = TabularFile.Open(path, "schools.xls", TabularLimits.Default);
        Assert.Equal(TabularFormat.Xls, file.Format);
        Assert.Equal(4, file.EstimateRows());

        var read = file.Rows().ToList();

        Assert.Equal([1, 2, 3, 4], read.Select(r => r.Number));
        Cells(["学校名称", "办学类型", "小学学生数", "教学及辅助用房面积", "填报日期", "1000米跑"], read[0].Cells);
        // LibreOffice typed 2025-09-01 as a date and 3:40 as a time of day (3 h 40 min): the reader shows what was stored.
        Cells(["阜康市第一小学", "小学", "1200", "5432.5", "2025-09-01", "3:40:00"], read[1].Cells);
        Assert.True(read[2].IsBlank);
        Cells(["天龙小学（喀什噶尔路）", "211", "300", "0.1", null, null], read[3].Cells);
    }

    [Fact]
    public void A_zip_named_xls_is_read_as_xlsx_and_a_web_page_named_xls_is_refused_with_advice()
    {
        var xlsx = NewPath("t.xlsx");
        MiniExcel.SaveAs(xlsx, new[] { new Dictionary<string, object?> { ["学校名称"] = "甲" } });
        var renamed = NewPath("导出.xls");
        File.Copy(xlsx, renamed);
        var page = NewPath("网页.xls");
        File.WriteAllText(page, "<html><table><tr><td>学校名称</td></tr></table></html>");
        var compound = Path.Combine(AppContext.BaseDirectory, "Common", "Tabular", "Fixtures", "schools.xls");

        Cells(["学校名称"], Read(renamed)[0].Cells);
        var refused = Assert.Throws<TabularRefusedException>(() => TabularFile.Open(page, "网页.xls", TabularLimits.Default));
        Assert.Equal("文件 网页.xls 不是有效的 .xls 文件（可能是网页或文本导出后改了扩展名：请用 Excel 或 WPS 打开后另存为 .xlsx）", refused.Message);
        var misnamed = Assert.Throws<TabularRefusedException>(() => TabularFile.Open(compound, "改名.xlsx", TabularLimits.Default));
        Assert.Contains("不是有效的 .xlsx 文件", misnamed.Message);
        var other = Assert.Throws<TabularRefusedException>(() => TabularFile.Open(page, "名单.docx", TabularLimits.Default));
        Assert.Equal("文件 名单.docx：不支持的文件类型“.docx”，应为 .xlsx、.xls 或 .csv", other.Message);
    }

    // 阿依古丽·买买提 in Uyghur script: Arabic letters are outside GBK and take four bytes in GB18030.
    private const string Uyghur = "ئايگۈل";

    public static TheoryData<string, string> Encodings => new()
    {
        { "utf-8", "UTF-8" },
        { "utf-8-bom", "UTF-8" },
        { "gbk", "GB18030" },
        { "gb18030", "GB18030" },
        { "utf-16-bom", "UTF-16" },
    };

    [Theory]
    [MemberData(nameof(Encodings))]
    public void A_csv_reads_the_same_in_every_encoding_the_county_sends(string encoding, string detected)
    {
        var gb = TabularEncoding.Gb18030;
        var text = "学籍号,姓名,家庭住址\n"
            + "G001,阿依古丽,\"阜康市,博峰街 2 号\"\n"
            + "\n"
            + $"G002,{(encoding == "gbk" ? "钱七" : Uyghur)},\"多行\n地址\"\n";
        byte[] bytes = encoding switch
        {
            "utf-8" => new UTF8Encoding(false).GetBytes(text),
            "utf-8-bom" => [.. "\uFEFF"u8, .. new UTF8Encoding(false).GetBytes(text)],
            // GBK is code page 936; its bytes are GB18030's for these characters.
            "gbk" => Encoding.GetEncoding(936).GetBytes(text),
            "gb18030" => gb.GetBytes(text),
            _ => Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(text)).ToArray(),
        };
        var path = NewPath("学生.csv");
        File.WriteAllBytes(path, bytes);
        if (encoding == "gb18030")
        {
            // Really four-byte GB18030 and really not UTF-8.
            Assert.Equal(4, gb.GetByteCount(Uyghur[..1]));
            Assert.Throws<DecoderFallbackException>(() => TabularEncoding.StrictUtf8.GetString(bytes));
        }

        Assert.StartsWith(detected, TabularEncoding.Detect(path).WebName.ToUpperInvariant().Replace("UTF-16LE", "UTF-16", StringComparison.Ordinal), StringComparison.Ordinal);
        var read = Read(path);

        Assert.Equal([1, 2, 3, 4], read.Select(r => r.Number));
        Cells(["学籍号", "姓名", "家庭住址"], read[0].Cells);
        Cells(["G001", "阿依古丽", "阜康市,博峰街 2 号"], read[1].Cells);
        Assert.True(read[2].IsBlank);
        Cells(["G002", encoding == "gbk" ? "钱七" : Uyghur, "多行\n地址"], read[3].Cells);
    }

    [Fact]
    public void A_csv_keeps_hash_signs_and_quotes_inside_a_field_as_data()
    {
        var path = NewPath("体测.csv");
        File.WriteAllText(path, "#备注,1000米跑\n#1,3'40\"\n", new UTF8Encoding(false));

        var read = Read(path);

        Cells(["#备注", "1000米跑"], read[0].Cells);
        Cells(["#1", "3'40\""], read[1].Cells);
    }

    [Fact]
    public void A_stream_that_cannot_seek_is_copied_first_and_read_the_same()
    {
        var bytes = Encoding.UTF8.GetBytes("学校名称,办学类型\n阜康市第一小学,小学\n");
        using var pipe = new NonSeekable(new MemoryStream(bytes));

        using var file = TabularFile.Open(pipe, "学校.csv", TabularLimits.Default);

        Cells(["阜康市第一小学", "小学"], file.Rows().ElementAt(1).Cells);
    }

    [Theory]
    // Full-width letters, brackets and star, an ideographic space, a BOM and a zero-width space all fold away.
    [InlineData("\uFEFF学籍号＊", "学籍号*")]
    [InlineData("身高　（ｃｍ）", "身高(cm)")]
    [InlineData(" 教学仪器设备值 (万元)\u200B", "教学仪器设备值(万元)")]
    [InlineData(null, "")]
    public void The_header_normaliser_folds_width_spaces_and_invisible_marks(string? header, string expected) =>
        Assert.Equal(expected, TabularHeader.Normalise(header));

    [Theory]
    [InlineData("身高（cm）", "身高")]
    [InlineData("学籍号(必填(18位))", "学籍号")]
    [InlineData("出生日期", "出生日期")]
    public void Without_brackets_drops_units_and_notes(string header, string expected) =>
        Assert.Equal(expected, TabularHeader.WithoutBrackets(header));

    [Fact]
    public void Clip_never_gives_back_more_than_fifty_characters_of_a_value()
    {
        var huge = new string('值', 30_000);

        var clipped = TabularText.Clip(huge);

        Assert.Equal(new string('值', 50) + "…（共 30,000 字）", clipped);
        Assert.Equal("短值", TabularText.Clip("短值"));
        Assert.Equal("A", TabularText.ColumnName(1));
        Assert.Equal("AA", TabularText.ColumnName(27));
        Assert.Equal("XFD", TabularText.ColumnName(16384));
    }

    [Fact]
    public void The_row_estimate_reads_an_xlsx_dimension_and_a_csv_size()
    {
        var csv = NewPath("e.csv");
        File.WriteAllText(csv, "a,b\n1,2\n3,4");
        var xlsx = NewPath("e.xlsx");
        MiniExcel.SaveAs(xlsx, Enumerable.Range(1, 40).Select(i => new Dictionary<string, object?> { ["n"] = i }));
        // MiniExcel writes no <dimension>: an exact count under 256 KB (40 rows and the header).
        using (var zip = ZipFile.OpenRead(xlsx))
        {
            using var r = new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open());
            Assert.DoesNotContain("dimension", r.ReadToEnd(), StringComparison.Ordinal);
        }

        Assert.Equal(3, TabularFile.EstimateRows(csv, "e.csv"));
        Assert.Equal(41, TabularFile.EstimateRows(xlsx, "e.xlsx"));
    }

    private sealed class NonSeekable(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
