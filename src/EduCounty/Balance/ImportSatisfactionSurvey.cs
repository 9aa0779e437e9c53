using System.Globalization;
using EduCounty.Common;
using EduCounty.Common.Tabular;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Balance;

public sealed record SurveyImportResult(int Imported, IReadOnlyList<string> Errors);

/// <summary>
/// Imports 社会认可度 survey results (balance-rules.md §2.6) from .xlsx, .xls or .csv (<see cref="TabularFile"/> under
/// <see cref="DefaultLimits"/>), one row per respondent group, Chinese
/// headers: 调查群体 (or 群体/调查对象), 调查人数 (or 样本数/有效问卷数), and 满意人数 or 满意率(%). Every bad cell is
/// reported (file, row, column, value, reason) and nothing is written when there is one. Re-importing a year replaces
/// that year's groups.
/// </summary>
public static class ImportSatisfactionSurvey
{
    /// <summary>The groups the survey covers (§2.6).</summary>
    public static readonly string[] KnownGroups = ["学生", "家长", "教师", "校长", "人大代表", "政协委员", "其他群众"];

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["调查群体"] = "group",
        ["群体"] = "group",
        ["调查对象"] = "group",
        ["调查人数"] = "n",
        ["样本数"] = "n",
        ["有效问卷数"] = "n",
        ["满意人数"] = "yes",
        ["满意率"] = "rate",
        ["满意率(%)"] = "rate",
        ["满意率%"] = "rate",
    };

    /// <summary>Seven groups, one row each: a survey table has no business being bigger than 5 MB or 1,000 rows.</summary>
    public static TabularLimits DefaultLimits { get; } = TabularLimits.Default with
    {
        MaxFileBytes = 5L * 1024 * 1024,
        MaxRows = 1_000,
        MaxUncompressedBytes = 50L * 1024 * 1024,
    };

    public static async Task<SurveyImportResult> HandleAsync(EduDb db, string countyCode, SchoolYear year, Stream stream, string file,
        TabularLimits? limits = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var (rows, errors) = Parse(stream, file, limits);
        if (errors.Count > 0)
        {
            return new SurveyImportResult(0, errors);
        }
        var old = await db.SatisfactionSurveys.Where(s => s.CountyCode == countyCode && s.Year == year.StartYear).ToListAsync(ct);
        db.SatisfactionSurveys.RemoveRange(old);
        foreach (var (group, n, yes) in rows)
        {
            db.SatisfactionSurveys.Add(new SatisfactionSurvey { CountyCode = countyCode, Year = year.StartYear, Group = group, Respondents = n, Satisfied = yes, Source = file });
        }
        await db.SaveChangesAsync(ct);
        return new SurveyImportResult(rows.Count, []);
    }

    public static (List<(string Group, int Respondents, int Satisfied)> Rows, List<string> Errors) Parse(Stream stream, string file, TabularLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(file);
        var name = Path.GetFileName(file);
        try
        {
            using var tabular = TabularFile.Open(stream, name, limits ?? DefaultLimits);
            return Parse(tabular.Rows(), name);
        }
        catch (TabularRefusedException ex)
        {
            return ([], [ex.Message]);
        }
    }

    private static (List<(string Group, int Respondents, int Satisfied)> Rows, List<string> Errors) Parse(IEnumerable<TabularRow> table, string name)
    {
        var errors = new List<string>();
        var rows = new List<(string, int, int)>();
        Dictionary<string, int>? map = null;
        string[] headers = [];
        foreach (var (rowNo, raw) in table)
        {
            if (raw.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }
            if (map is null)
            {
                headers = raw.Select(h => TabularText.Clip(h ?? "")).ToArray();
                map = [];
                for (var i = 0; i < raw.Length; i++)
                {
                    if (raw[i] is { } h && Aliases.TryGetValue(TabularHeader.Normalise(h), out var key))
                    {
                        map.TryAdd(key, i);
                    }
                }
                if (!map.ContainsKey("group"))
                {
                    errors.Add($"文件 {name} 第 {rowNo} 行（表头）：缺少必需列“调查群体”");
                }
                if (!map.ContainsKey("n"))
                {
                    errors.Add($"文件 {name} 第 {rowNo} 行（表头）：缺少必需列“调查人数”");
                }
                if (!map.ContainsKey("yes") && !map.ContainsKey("rate"))
                {
                    errors.Add($"文件 {name} 第 {rowNo} 行（表头）：缺少“满意人数”或“满意率(%)”列");
                }
                if (errors.Count > 0)
                {
                    return (rows, errors);
                }
                continue;
            }
            string? Cell(string key) => map.TryGetValue(key, out var i) && i < raw.Length ? raw[i]?.Trim() : null;
            string Col(string key) => headers[map[key]];
            var group = Cell("group");
            if (string.IsNullOrEmpty(group))
            {
                errors.Add($"文件 {name} 第 {rowNo} 行「{Col("group")}」列：值为空，缺少调查群体");
                continue;
            }
            if (!KnownGroups.Contains(group))
            {
                errors.Add($"文件 {name} 第 {rowNo} 行「{Col("group")}」列：值“{TabularText.Clip(group)}”不是调查群体（{string.Join("、", KnownGroups)}）");
                continue;
            }
            if (rows.Any(r => r.Item1 == group))
            {
                errors.Add($"文件 {name} 第 {rowNo} 行「{Col("group")}」列：值“{TabularText.Clip(group)}”重复");
                continue;
            }
            var nText = Cell("n");
            if (!int.TryParse(nText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n <= 0)
            {
                errors.Add($"文件 {name} 第 {rowNo} 行「{Col("n")}」列：值“{TabularText.Clip(nText)}”不是正整数");
                continue;
            }
            int yes;
            if (map.ContainsKey("yes") && !string.IsNullOrEmpty(Cell("yes")))
            {
                var t = Cell("yes");
                if (!int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out yes) || yes < 0 || yes > n)
                {
                    errors.Add($"文件 {name} 第 {rowNo} 行「{Col("yes")}」列：值“{TabularText.Clip(t)}”应为 0 到 {n} 的整数（不超过调查人数）");
                    continue;
                }
            }
            else if (map.ContainsKey("rate") && !string.IsNullOrEmpty(Cell("rate")))
            {
                var t = Cell("rate")!.TrimEnd('%');
                if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) || rate < 0 || rate > 100)
                {
                    errors.Add($"文件 {name} 第 {rowNo} 行「{Col("rate")}」列：值“{TabularText.Clip(Cell("rate"))}”应为 0 到 100 的百分数");
                    continue;
                }
                yes = (int)Math.Round(rate * n / 100, MidpointRounding.AwayFromZero);
            }
            else
            {
                errors.Add($"文件 {name} 第 {rowNo} 行：满意人数与满意率均为空");
                continue;
            }
            rows.Add((group, n, yes));
        }
        if (map is null)
        {
            errors.Add($"文件 {name}：文件为空");
        }
        else if (rows.Count == 0 && errors.Count == 0)
        {
            errors.Add($"文件 {name}：没有数据行");
        }
        return (rows, errors);
    }
}
