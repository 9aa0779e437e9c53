using System.Text;
using System.Text.Json;
using EduCounty.Common;
using EduCounty.Fitness;
using MiniExcelLibs;

namespace EduCounty.Tests.Fitness;

public sealed class FitnessTimeTests
{
    public static TheoryData<string, decimal> Valid => new()
    {
        { "3'40\"", 220m },     // 3 × 60 + 40
        { "3'40", 220m },
        { "3:40", 220m },
        { "3：40", 220m },
        { "3′40″", 220m },
        { "3’40”", 220m },
        { "3'40''", 220m },
        { "3分40秒", 220m },
        { "1'36\"", 96m },      // README: 50米×8 1'36" → 96
        { "3'40.5\"", 220.5m },
        { "0'59", 59m },
        { "220", 220m },
        { "8.2", 8.2m },
        { " 8.2 ", 8.2m },
        { "220秒", 220m },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Fitness_time_formats_parse_to_seconds(string text, decimal seconds)
    {
        Assert.True(FitnessTime.TryParseSeconds(text, out var s, out var error), error);
        Assert.Equal(seconds, s);
    }

    [Theory]
    [InlineData("3'60\"")]
    [InlineData("3:75")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("3:40:10")]
    [InlineData("-5")]
    public void Fitness_time_rejects_bad_text_with_a_reason(string text)
    {
        Assert.False(FitnessTime.TryParseSeconds(text, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }
}

public sealed class FitnessImportTests
{
    // Columns deliberately not in template order; unknown column 备注 is ignored.
    private static readonly string[] Header =
    [
        "姓名", "学籍号", "备注", "性别", "年级编号", "班级编号", "班级名称", "民族代码", "出生日期", "家庭住址",
        "体重", "身高", "1000米跑", "800米跑", "引体向上", "一分钟仰卧起坐", "立定跳远", "坐位体前屈", "50米跑", "肺活量",
        "一分钟跳绳", "50米×8往返跑",
    ];

    private static Dictionary<string, object?> Row(string name, string number, string sex, string grade, object weight, object height,
        object? run1000 = null, object? run800 = null, object? pullUps = null, object? sitUps = null, object? jump = null,
        object? reach = null, object? run50 = null, object? vc = null, object? rope = null, object? shuttle = null)
    {
        var values = new object?[]
        {
            name, number, null, sex, grade, "01", "初一(1)班", "01", "2012-03-01", "阜康市某街道 1 号",
            weight, height, run1000, run800, pullUps, sitUps, jump, reach, run50, vc, rope, shuttle,
        };
        return Header.Zip(values).ToDictionary(p => p.First, p => p.Second);
    }

    [Fact]
    public void Fitness_import_xlsx_written_by_miniexcel()
    {
        var rows = new[]
        {
            // Row 2: J1 男 as in FitnessScorerTests "J1 男"; 1000米 as text 3'55" = 235 s.
            Row("张三", "G001", "1", "21", 50, 160, run1000: "3'55\"", pullUps: 0, jump: 225, reach: 0.0, run50: 7.8, vc: 2900),
            // Row 3: bad 性别 and bad 50米跑 → refused, two errors.
            Row("李四", "G002", "3", "21", 45, 155, run800: "3:30", sitUps: 40, jump: 180, reach: 10, run50: "abc", vc: 2500),
            // Row 4: S1 女 with 800米 as plain seconds and an implausible 肺活量 (warning only).
            Row("王五", "G003", "2", "31", 64, 160, run800: 154, sitUps: 66, jump: 204, reach: 24.2, run50: 8.0, vc: 9500),
        };
        using var ms = new MemoryStream();
        ms.SaveAs(rows, excelType: ExcelType.XLSX);
        ms.Position = 0;

        var result = FitnessImport.Read(ms, "体测.xlsx");

        Assert.Equal([2, 4], result.Rows.Select(r => r.Row));
        var j1 = result.Rows[0].Result;
        Assert.Equal(("G001", "J1", Sex.Male), (j1.StudentNumber, j1.Grade, j1.Sex));
        Assert.Equal((160m, 50m, 235m, 0m, 7.8m, 2900m), (j1.HeightCm!.Value, j1.WeightKg!.Value, j1.Run1000m!.Value, j1.PullUps!.Value, j1.Run50m!.Value, j1.VitalCapacity!.Value));
        Assert.Equal("张三", result.Rows[0].Name);
        // Same input as the hand-worked "J1 男" case: 标准分 83.4.
        Assert.Equal(83.4m, FitnessScorer.Default.Score(j1).StandardScore);

        Assert.Equal(1, result.RefusedRows);
        Assert.Contains(result.Errors, e => e.Row == 3 && e.Column == "性别" && e.Value == "3"
            && e.Message == "体测.xlsx 第3行“性别”列，值“3”：性别应为 1（男）或 2（女）");
        Assert.Contains(result.Errors, e => e.Row == 3 && e.Column == "50米跑" && e.Value == "abc");

        var w = Assert.Single(result.Warnings);
        Assert.Equal((4, "肺活量", "9500"), (w.Row, w.Column, w.Value));
    }

    [Fact]
    public void Fitness_import_gbk_csv_with_headers_in_another_order()
    {
        // 1分钟跳绳 and 身高（cm） are accepted spellings of the template headers; 家庭住址 holds a quoted comma.
        var csv = "学籍号,性别,年级编号,姓名,身高（cm）,体重,1分钟跳绳,坐位体前屈,50米跑,肺活量,家庭住址\r\n"
            + "G101,2,12,赵六,125,30,157,-0.1,13.9,1000,\"阜康市,博峰街 2 号\"\r\n"
            + ",,,,,,,,,,\r\n"
            + "G102,1,11,钱七,120,22,73,16.1,10.5,1400,阜康市\r\n";
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var bytes = Encoding.GetEncoding("GB18030").GetBytes(csv);
        Assert.Throws<DecoderFallbackException>(() => new UTF8Encoding(false, true).GetString(bytes)); // really not UTF-8

        var result = FitnessImport.Read(new MemoryStream(bytes), "体测.csv");

        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        Assert.Equal([2, 4], result.Rows.Select(r => r.Row));
        Assert.Equal(["赵六", "钱七"], result.Rows.Select(r => r.Name));
        // Row 2 is the hand-worked "P2 女" case: 标准分 51.8 + 附加分 15 = 66.8 及格.
        var p2 = FitnessScorer.Default.Score(result.Rows[0].Result);
        Assert.Equal(("P2", 66.8m, "及格"), (p2.Grade, p2.TotalScore, p2.Rating));
        // Row 4 is "P1 男 89.95" → 优秀.
        Assert.Equal("优秀", FitnessScorer.Default.Score(result.Rows[1].Result).Rating);
    }

    [Fact]
    public void Fitness_import_utf8_csv_flags_missing_items_unused_items_and_implausible_values()
    {
        var csv = "\uFEFF年级编号,学籍号,性别,身高,体重,肺活量,50米跑,坐位体前屈,一分钟跳绳,引体向上\n"
            + "11,G201,1,120,22,1400,4.5,11.0,109,3\n"   // 50米 4.5 s implausible; 引体向上 not taken in P1 → ignored
            + "11,G202,1,120,22,1400,10.5,,109,\n"       // 坐位体前屈 missing → refused
            + "51,G203,1,120,22,1400,10.5,11.0,109,\n"   // bad 年级编号
            + "11,G201,2,120,0,1400,10.5,11.0,109,\n";   // 体重 0 → refused
        var result = FitnessImport.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "a.csv");

        var row = Assert.Single(result.Rows);
        Assert.Null(row.Result.PullUps);
        Assert.Contains(result.Warnings, w => w.Row == 2 && w.Column == "50米跑" && w.Value == "4.5");
        Assert.Contains(result.Warnings, w => w.Row == 2 && w.Column == "引体向上" && w.Reason.Contains("不测此项", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Row == 3 && e.Column == "坐位体前屈" && e.Reason.Contains("必测项目", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Row == 4 && e.Column == "年级编号" && e.Value == "51");
        Assert.Contains(result.Errors, e => e.Row == 5 && e.Column == "体重");
        Assert.Equal(3, result.RefusedRows);
    }

    [Fact]
    public void Fitness_import_reports_missing_header_columns()
    {
        var csv = "学籍号,性别,身高\nG1,1,120\n";
        var result = FitnessImport.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "b.csv");
        Assert.Empty(result.Rows);
        Assert.Contains(result.Errors, e => e.Column == "年级编号" && e.Reason == "缺少必需的列");
        Assert.Contains(result.Errors, e => e.Column == "体重");
    }

    [Fact]
    public void Fitness_json_contract_is_camel_case_with_item_codes()
    {
        // "J1 男" hand-worked case: 标准分 83.4, 引体向上 0.
        var s = FitnessScorer.Default.Score(FitnessTestData.Student("J1", Sex.Male, 160m, 50m,
            (FitnessItem.VitalCapacity, 2900m), (FitnessItem.Run50m, 7.8m), (FitnessItem.SitAndReach, 0.0m),
            (FitnessItem.StandingLongJump, 225m), (FitnessItem.PullUps, 0m), (FitnessItem.Run1000m, 235m)));

        using var doc = JsonDocument.Parse(FitnessExport.ToJson([s]));
        var o = doc.RootElement[0];
        Assert.Equal(
            ["studentNumber", "grade", "sex", "bmi", "bmiCategory", "items", "standardScore", "bonusScore", "totalScore", "rating"],
            o.EnumerateObject().Select(p => p.Name));
        Assert.Equal("M", o.GetProperty("sex").GetString());
        Assert.Equal(19.5m, o.GetProperty("bmi").GetDecimal());
        Assert.Equal("正常", o.GetProperty("bmiCategory").GetString());
        Assert.Equal(83.4m, o.GetProperty("standardScore").GetDecimal());
        Assert.Equal("良好", o.GetProperty("rating").GetString());
        var items = o.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["bmi", "vital_capacity", "run_50m", "sit_and_reach", "standing_long_jump", "pull_ups", "run_1000m"],
            items.Select(i => i.GetProperty("item").GetString()));
        Assert.Equal(["item", "result", "score", "bonus"], items[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(235m, items[6].GetProperty("result").GetDecimal());
    }
}
