using System.IO.Compression;
using System.Text;
using EduCounty.Common;
using EduCounty.Imports;
using EduCounty.Tests.Infrastructure;
using MiniExcelLibs;

namespace EduCounty.Tests.Imports;

/// <summary>Files the tests generate (CSV in UTF-8 or GBK, .xlsx through MiniExcel, hostile workbooks).</summary>
internal static class ImportTestFiles
{
    static ImportTestFiles() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly string Dir = Path.Combine(Path.GetTempPath(), "educounty-import-tests", Environment.ProcessId.ToString());

    public static string NewPath(string name)
    {
        var d = Path.Combine(Dir, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(d);
        return Path.Combine(d, name);
    }

    public static string Csv(string name, IEnumerable<string[]> rows, Encoding? encoding = null)
    {
        var path = NewPath(name);
        var text = string.Join("\n", rows.Select(r => string.Join(",", r.Select(c => c.Contains(',') ? $"\"{c}\"" : c)))) + "\n";
        File.WriteAllBytes(path, (encoding ?? new UTF8Encoding(false)).GetBytes(text));
        return path;
    }

    public static string Xlsx(string name, string[] headers, IEnumerable<object?[]> rows)
    {
        var path = NewPath(name);
        var data = rows.Select(r =>
        {
            var d = new Dictionary<string, object?>();
            for (var i = 0; i < headers.Length; i++)
            {
                d[headers[i]] = r[i];
            }
            return d;
        });
        MiniExcel.SaveAs(path, data);
        return path;
    }

    /// <summary>Rewrites one part of a zip (an .xlsx) with new content.</summary>
    public static void ReplacePart(string path, string part, Func<string, string> change)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        var entry = zip.GetEntry(part)!;
        string text;
        using (var r = new StreamReader(entry.Open()))
        {
            text = r.ReadToEnd();
        }
        entry.Delete();
        var e = zip.CreateEntry(part, CompressionLevel.SmallestSize);
        using var w = new StreamWriter(e.Open(), new UTF8Encoding(false));
        w.Write(change(text));
    }

    public static readonly string[] SchoolHeaders = ["学校标识码", "学校名称", "办学类型", "举办者", "城乡分类", "县级区划代码", "乡镇区划代码"];

    /// <summary>Two schools: a 小学 (211 → 类别码 21) and a 初级中学 (311 → 31), codes.md §1–2.</summary>
    public static string[][] Schools() =>
    [
        SchoolHeaders,
        ["2165000001", "阜康市第一小学", "211", "公办", "111", "652302", "652302001"],
        ["3165000002", "阜康市第一中学", "311", "公办", "121", "652302", "652302101"],
    ];

    public static readonly string[] StudentHeaders = ["学籍号", "姓名", "身份证号", "性别", "出生日期", "民族", "户口性质", "学校标识码", "年级", "入学日期"];

    /// <summary>
    /// A student row: P1 pupils born from 2019-03-01 (6 on 2025-09-01, the typical P1 age), G + 身份证号;
    /// the 身份证号 sequence is seq (a day later for every 900).
    /// </summary>
    public static string[] Student(int seq, string name = "学生", string grade = "P1", string school = "2165000001", DateOnly? birth = null)
    {
        var b = (birth ?? new DateOnly(2019, 3, 1)).AddDays(seq / 900);
        var id = IdNumber.Compose("652302", b, seq % 900);
        var sex = IdNumber.SexOf(id) == Sex.Male ? "男" : "女";
        return ["G" + id, name + seq, id, sex, b.ToString("yyyy-MM-dd"), "01", "农业", school, grade, "2025-09-01"];
    }

    public static string StudentsCsv(int count, int first = 1)
    {
        var rows = new List<string[]> { StudentHeaders };
        rows.AddRange(Enumerable.Range(first, count).Select(i => Student(i)));
        return Csv("students.csv", rows);
    }

    public static async Task<ImportReport> RunAsync(EduDb db, string kind, string path, Func<ImportRequest, ImportRequest>? with = null, CancellationToken ct = default)
    {
        var req = new ImportRequest(path, Path.GetFileName(path));
        if (with is not null)
        {
            req = with(req);
        }
        return await Importer.RunAsync(db, TestDatabases.Protector, ImportKind.Find(kind)!, req, ct);
    }

    /// <summary>A fresh database with the clock on 2025-10-15 (school year 2025-2026) and the two schools imported.</summary>
    public static async Task<EduDb> SeededAsync(string provider, string name)
    {
        var db = Database.Open(await TestDatabases.CreateEmptyAsync(provider, name));
        db.Clock = new FixedClock(new DateTimeOffset(2025, 10, 15, 2, 0, 0, TimeSpan.Zero));
        db.Actor = "test";
        var r = await RunAsync(db, "schools", Csv("schools.csv", Schools()));
        Assert.True(r.Committed, string.Join("\n", r.Issues.Select(i => i.Message)));
        return db;
    }
}

internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
}
