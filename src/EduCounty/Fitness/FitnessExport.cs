using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace EduCounty.Fitness;

/// <summary>
/// Output of scored students: the JSON contract of <c>educounty fitness score</c> and a flat table with
/// Chinese column names for csv/xlsx.
/// </summary>
public static class FitnessExport
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        // Keep Chinese (等级, BMI 类别) readable; the output is a file or a terminal, not HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>JSON contract: {studentNumber, grade, sex (M|F), bmi, bmiCategory, items[{item, result, score, bonus}], standardScore, bonusScore, totalScore, rating}.</summary>
    public sealed record ScoreDto(
        string StudentNumber,
        string Grade,
        string Sex,
        decimal Bmi,
        string BmiCategory,
        IReadOnlyList<ItemDto> Items,
        decimal StandardScore,
        decimal BonusScore,
        decimal TotalScore,
        string Rating);

    public sealed record ItemDto(string Item, decimal Result, int Score, int Bonus);

    public static ScoreDto ToDto(FitnessScore s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new ScoreDto(
            s.StudentNumber,
            s.Grade,
            FitnessItems.SexCode(s.Sex),
            Trim(s.Bmi),
            s.BmiCategory,
            [.. s.Items.Select(i => new ItemDto(i.Code, Trim(i.Result), i.Score, i.Bonus))],
            Trim(s.StandardScore),
            Trim(s.BonusScore),
            Trim(s.TotalScore),
            s.Rating);
    }

    public static string ToJson(IEnumerable<FitnessScore> scores) =>
        JsonSerializer.Serialize(scores.Select(ToDto), Json) + "\n";

    /// <summary>Drops trailing zeros that decimal arithmetic keeps (15.00 → 15).</summary>
    private static decimal Trim(decimal d) => d / 1.0000000000000000000000000000m;

    /// <summary>One row per student with Chinese column names (every item of items.csv: 成绩, 得分, 加分), for csv and xlsx.</summary>
    public static IEnumerable<Dictionary<string, object?>> ToTable(IEnumerable<FitnessScore> scores, FitnessStandard standard)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(standard);
        foreach (var s in scores)
        {
            var row = new Dictionary<string, object?>
            {
                ["学籍号"] = s.StudentNumber,
                ["年级"] = s.Grade,
                ["性别"] = Common.Labels.Of(s.Sex),
                ["BMI"] = Trim(s.Bmi),
                ["BMI等级"] = s.BmiCategory,
            };
            foreach (var info in standard.Items)
            {
                var item = s.Items.FirstOrDefault(i => i.Item == info.Item);
                row[$"{info.NameZh}成绩"] = item is null ? null : Trim(item.Result);
                row[$"{info.NameZh}得分"] = item?.Score;
                row[$"{info.NameZh}加分"] = item?.Bonus;
            }
            row["标准分"] = Trim(s.StandardScore);
            row["附加分"] = Trim(s.BonusScore);
            row["学年总分"] = Trim(s.TotalScore);
            row["等级"] = s.Rating;
            yield return row;
        }
    }

    public static string ToCsv(IEnumerable<FitnessScore> scores, FitnessStandard standard)
    {
        var sb = new StringBuilder();
        var header = false;
        foreach (var row in ToTable(scores, standard))
        {
            if (!header)
            {
                sb.AppendJoin(',', row.Keys.Select(Quote)).Append('\n');
                header = true;
            }
            sb.AppendJoin(',', row.Values.Select(v => Quote(Convert.ToString(v, CultureInfo.InvariantCulture) ?? string.Empty))).Append('\n');
        }
        return sb.ToString();
    }

    private static string Quote(string s) =>
        s.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}
