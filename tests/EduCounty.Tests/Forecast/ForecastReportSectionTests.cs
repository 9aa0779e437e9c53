using EduCounty.Common;
using EduCounty.Forecast;

namespace EduCounty.Tests.Forecast;

/// <summary>
/// The 学位预测 paragraphs of the annual report on the small county of <see cref="ForecastDatabaseTests"/>. Base-year
/// figures by hand: 2024 小学 A 100 + 99 + 120 + 110 + 100 + 100 = 629 and B 72 + 66 + 4 × 60 = 378 → 1,007 人; 初中 C
/// 152 + 150 + 150 = 452 人. The report on 2022 uses the 2022 census as its base (no later data): 小学 A 120 + 110 + 4 × 100
/// = 630, B 6 × 60 = 360 → 990 人; 初中 144 + 150 + 150 = 444 人.
/// </summary>
public sealed class ForecastReportSectionTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task States_the_base_year_and_the_milestones_from_the_report_year(string provider)
    {
        var setting = await ForecastDatabaseTests.SmallCountyAsync(provider);
        await using var db = Database.Open(setting);

        var lines = await ForecastReportSection.BuildAsync(db, new SchoolYear(2024));

        Assert.StartsWith("以 2024 学年秋季统计为基年", lines[0], StringComparison.Ordinal);
        Assert.Contains("基年在校生 小学 1,007 人、初中 452 人；到 2030 年 小学 ", lines[0], StringComparison.Ordinal);
        Assert.Contains("；到 2035 年 小学 ", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("按班额标准（小学 45 人、初中 50 人", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("以本县历年数据回测，提前 1 年预测", StringComparison.Ordinal));

        var earlier = await ForecastReportSection.BuildAsync(db, new SchoolYear(2022));
        Assert.Contains("以 2022 学年秋季统计为基年", earlier[0], StringComparison.Ordinal);
        Assert.Contains("基年在校生 小学 990 人、初中 444 人", earlier[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_census_by_grade_it_says_so()
    {
        var setting = await TestDatabases.CreateEmptyAsync(TestDatabases.Sqlite, "forecast-report");
        await using var db = Database.Open(setting);

        Assert.Equal(["暂无分年级在校生数据，未作学位预测。"], await ForecastReportSection.BuildAsync(db, new SchoolYear(2024)));
    }
}
