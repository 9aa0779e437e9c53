using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using EduCounty.Security;
using MiniExcelLibs;

namespace EduCounty.Web.Tests.Balance;

/// <summary>
/// /balance/check through the real app refuses hostile tables before reading them (issue 15 §3, issue 13 §6): a zip
/// bomb, a cell longer than Excel allows (not repeated back), an upload over the page's size limit. Before the one
/// tabular reader this page had no guards at all.
/// </summary>
public sealed partial class BalanceCheckGuardTests
{
    private static string NewPath(string name)
    {
        var d = Path.Combine(Path.GetTempPath(), "educounty-web-balance-guard", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(d);
        return Path.Combine(d, name);
    }

    /// <summary>A valid one-school table (the same school as BalancePagesTests' upload check).</summary>
    private static string SchoolTable(string name, string type = "小学")
    {
        var path = NewPath(name);
        MiniExcel.SaveAs(path, new[]
        {
            new Dictionary<string, object?> { ["学校名称"] = "样例小学", ["办学类型"] = type, ["小学学生数"] = 1000, ["专任教师数"] = 60 },
        });
        return path;
    }

    /// <summary>64 MB of blanks inside the sheet: valid XML, compresses about 1000:1.</summary>
    internal static string ZipBomb()
    {
        var path = SchoolTable("炸弹.xlsx");
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        var entry = zip.GetEntry("xl/worksheets/sheet1.xml")!;
        string xml;
        using (var r = new StreamReader(entry.Open()))
        {
            xml = r.ReadToEnd();
        }
        entry.Delete();
        using var w = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open(), new UTF8Encoding(false));
        w.Write(xml.Replace("</x:sheetData>", new string(' ', 64 << 20) + "</x:sheetData>", StringComparison.Ordinal));
        return path;
    }

    /// <summary>A 办学类型 cell (B2) of 40,000 characters that barely compress: past Excel's 32,767.</summary>
    internal static (string Path, string Cell) HugeCell()
    {
        const string Letters = "阜康市天池博峰街道学校abcdefghijklmnopqrstuvwxyz";
        var cell = string.Concat(RandomNumberGenerator.GetBytes(40_000).Select(b => Letters[b % Letters.Length]));
        return (SchoolTable("大单元格.xlsx", cell), cell);
    }

    private static async Task<string> CheckAsync(HttpClient client, HttpContent file, string name)
    {
        var page = await client.GetStringAsync("/balance/check");
        using var content = new MultipartFormDataContent();
        // The layout's sign-out form carries its own token: send each hidden field once.
        foreach (var m in HiddenInput().Matches(page).DistinctBy(m => m.Groups["name"].Value))
        {
            content.Add(new StringContent(WebUtility.HtmlDecode(m.Groups["value"].Value)), WebUtility.HtmlDecode(m.Groups["name"].Value));
        }
        content.Add(new StringContent("2017"), "method");
        content.Add(file, "file", name);
        var r = await client.PostAsync("/balance/check", content);
        if (r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location is { } to)
        {
            r = await client.GetAsync(to);
        }
        var html = WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync());
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"{r.StatusCode}: {html[..Math.Min(600, html.Length)]}");
        return html;
    }

    private static ByteArrayContent Xlsx(string path)
    {
        var file = new ByteArrayContent(File.ReadAllBytes(path));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        return file;
    }

    private static async Task<(EduWebFactory App, HttpClient Client)> SignedInAsync(string provider)
    {
        var app = await EduWebFactory.StartAsync(provider);
        var password = await app.EnsureUserAsync("balance-guard", Roles.Supervision);
        return (app, await app.SignInAsync("balance-guard", password));
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task The_check_page_refuses_a_zip_bomb(string provider)
    {
        var (app, client) = await SignedInAsync(provider);
        await using var _ = app;

        var html = await CheckAsync(client, Xlsx(ZipBomb()), "炸弹.xlsx");

        Assert.Matches(@"文件 炸弹\.xlsx 的部件 xl/worksheets/sheet1\.xml 压缩比 \d+:1，超过上限 200:1（疑似压缩炸弹），已拒收", html);
        Assert.DoesNotContain("样例小学", html, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task The_check_page_refuses_a_huge_cell_without_repeating_it(string provider)
    {
        var (app, client) = await SignedInAsync(provider);
        await using var _ = app;
        var (path, cell) = HugeCell();

        var html = await CheckAsync(client, Xlsx(path), "大单元格.xlsx");

        Assert.Contains("文件 大单元格.xlsx 第 2 行 B 列：单元格内容超过 32,767 个字符，已拒收", html, StringComparison.Ordinal);
        Assert.DoesNotContain(cell[..60], html, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task The_check_page_refuses_an_upload_over_its_size_limit_before_reading_it(string provider)
    {
        var (app, client) = await SignedInAsync(provider);
        await using var _ = app;
        // 21 MB: under the site's 100 MB upload limit, over the table's 20 MB (a table has one row per school).
        var bytes = new byte[21 << 20];
        Encoding.UTF8.GetBytes("学校名称,办学类型\n").CopyTo(bytes, 0);
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");

        var html = await CheckAsync(client, file, "学校.csv");

        Assert.Contains("文件超过上传上限 20 MB，已拒收", html, StringComparison.Ordinal);
    }

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*name=\"(?<name>[^\"]+)\"[^>]*value=\"(?<value>[^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenInput();
}
