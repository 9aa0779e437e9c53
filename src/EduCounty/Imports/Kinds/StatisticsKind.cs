using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Imports.Kinds;

/// <summary>年度统计数据 (aggregates without records); natural key 区划代码 + 学年 + 指标代码.</summary>
public sealed class StatisticsKind : ImportKind<YearlyStatistic>
{
    public override string Name => "statistics";

    protected override string[] Compared { get; } = ["Value", "Source"];

    protected internal override IReadOnlyDictionary<string, string> OptionalSources { get; } = new Dictionary<string, string> { ["Source"] = "source" };
    protected internal override string KeyColumn => "key";
    protected internal override string KeyLabel => "区划、学年和指标代码";

    protected internal override async Task<Dictionary<string, YearlyStatistic>> LoadAsync(ImportContext ctx, CancellationToken ct)
    {
        var list = await ctx.Db.YearlyStatistics.AsNoTracking().ToListAsync(ct);
        return list.ToDictionary(KeyOf);
    }

    protected internal override YearlyStatistic? Build(RowValues row, ImportContext ctx)
    {
        var division = KindHelpers.Division(row, "division");
        var year = row.Year("year");
        var key = row.Text("key", 60);
        if (key is not null && StatisticKeys.Find(key) is null)
        {
            row.Error("key", "不是指标会读取的指标代码；可用的指标代码：" + StatisticKeys.Describe());
        }
        var value = row.Number("value", -1e15, 1e15);
        var source = row.Text("source", 200);
        if (row.HasErrors)
        {
            return null;
        }
        return new YearlyStatistic { DivisionCode = division!, Year = year!.Value, Key = key!, Value = value!.Value, Source = source };
    }

    protected internal override string KeyOf(YearlyStatistic e) => $"{e.DivisionCode}|{e.Year}|{e.Key}";
}
