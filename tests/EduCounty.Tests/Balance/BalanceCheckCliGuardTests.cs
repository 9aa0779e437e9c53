using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using MiniExcelLibs;

namespace EduCounty.Tests.Balance;

/// <summary>
/// <c>balance check</c> as a user runs it refuses hostile tables (issue 15 §3): a zip bomb and a cell longer than
/// Excel allows, each with a Chinese message on stderr and exit code 2, never echoing the cell. No database is used.
/// </summary>
public sealed class BalanceCheckCliGuardTests
{
    private static string NewPath(string name)
    {
        var d = Path.Combine(Path.GetTempPath(), "educounty-cli-balance-guard", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(d);
        return Path.Combine(d, name);
    }

    private static string SchoolTable(string name, string type = "小学")
    {
        var path = NewPath(name);
        MiniExcel.SaveAs(path, new[]
        {
            new Dictionary<string, object?> { ["学校名称"] = "样例小学", ["办学类型"] = type, ["小学学生数"] = 1000, ["专任教师数"] = 60 },
        });
        return path;
    }

    [Fact]
    public async Task A_valid_table_is_checked_and_a_zip_bomb_is_refused()
    {
        // Checked: exit 3 is "evaluated, not 达标" (most indicator columns are absent), 2 is bad input.
        var ok = await CliProcess.RunAsync("balance", "check", "--input", SchoolTable("学校.xlsx"), "--format", "json");
        Assert.True(ok.Code == 3, ok.Err);
        Assert.Contains("\"students\": 1000", ok.Out, StringComparison.Ordinal);

        // 64 MB of blanks inside the sheet: valid XML, compresses about 1000:1.
        var bomb = SchoolTable("炸弹.xlsx");
        using (var zip = ZipFile.Open(bomb, ZipArchiveMode.Update))
        {
            var entry = zip.GetEntry("xl/worksheets/sheet1.xml")!;
            string xml;
            using (var r = new StreamReader(entry.Open()))
            {
                xml = r.ReadToEnd();
            }
            entry.Delete();
            using var w = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open(), new UTF8Encoding(false));
            w.Write(xml.Replace("</x:sheetData>", new string(' ', 64 << 20) + "</x:sheetData>", StringComparison.Ordinal));
        }

        var refused = await CliProcess.RunAsync("balance", "check", "--input", bomb, "--format", "json");

        Assert.Equal(2, refused.Code);
        Assert.Matches(@"错误：文件 炸弹\.xlsx 的部件 xl/worksheets/sheet1\.xml 压缩比 \d+:1，超过上限 200:1（疑似压缩炸弹），已拒收", refused.Err);
        Assert.DoesNotContain("\"students\"", refused.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cell_longer_than_excel_allows_is_refused_without_echoing_it()
    {
        const string Letters = "阜康市天池博峰街道学校abcdefghijklmnopqrstuvwxyz";
        var cell = string.Concat(RandomNumberGenerator.GetBytes(40_000).Select(b => Letters[b % Letters.Length]));
        var path = SchoolTable("大单元格.xlsx", cell);

        var refused = await CliProcess.RunAsync("balance", "check", "--input", path, "--format", "json");

        Assert.Equal(2, refused.Code);
        Assert.Contains("错误：文件 大单元格.xlsx 第 2 行 B 列：单元格内容超过 32,767 个字符，已拒收", refused.Err, StringComparison.Ordinal);
        Assert.DoesNotContain(cell[..60], refused.Err, StringComparison.Ordinal);
    }
}
