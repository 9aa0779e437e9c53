using EduCounty.Imports;
using EduCounty.Indicators.DataElements;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using static EduCounty.Tests.Imports.ImportTestFiles;

namespace EduCounty.Tests.Imports;

/// <summary>Issue 12 §6: the statistics kind takes only the 指标代码 an indicator reads, and says which ones those are.</summary>
public sealed class StatisticKeysTests
{
    [Fact]
    public void The_valid_keys_are_exactly_the_keys_the_element_catalogue_reads()
    {
        var read = DataElementCatalog.All.Select(e => e.Rule is StatisticRule s ? s.Key : e.FallbackStatisticKey).OfType<string>().Order(StringComparer.Ordinal);
        Assert.Equal(read, StatisticKeys.ForIndicators.Select(k => k.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_template_lists_every_valid_key_with_its_meaning()
    {
        using var ms = new MemoryStream();
        ImportOutputs.WriteTemplate(ImportKind.Find("statistics")!, ms);
        var guide = string.Join("\n", MiniExcel.GetSheetNames(ms).SelectMany(sheet => MiniExcel.Query(ms, sheetName: sheet).Cast<IDictionary<string, object?>>())
            .SelectMany(r => r.Values).Select(v => v?.ToString()));
        Assert.All(StatisticKeys.All, k => Assert.Contains($"{k.Key} {k.Name}（{k.Unit}）：{k.Meaning}", guide, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task An_unknown_key_is_refused_naming_file_row_column_and_the_valid_keys_and_nothing_is_written(string provider)
    {
        await using var db = await SeededAsync(provider, "imp-statkeys");
        var r = await RunAsync(db, "statistics", Csv("统计.csv",
        [
            ["区划代码", "学年", "指标代码", "数值", "来源"],
            ["652302", "2012-2013", "intake.primaryGrade1", "1250", "教育事业统计"],
            ["652302", "2012-2013", "intake.primary_grade1", "1250", "教育事业统计"],
        ]));
        Assert.False(r.Committed);
        var issue = Assert.Single(r.Issues, i => !i.IsWarning);
        Assert.Equal((3, "指标代码"), (issue.Row, issue.Column));
        Assert.Contains("统计.csv", issue.Message, StringComparison.Ordinal);
        Assert.All(StatisticKeys.All, k => Assert.Contains(k.Key, issue.Message, StringComparison.Ordinal));
        Assert.Equal(0, await db.YearlyStatistics.CountAsync());
    }
}
