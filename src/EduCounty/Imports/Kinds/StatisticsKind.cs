using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Imports.Kinds;

/// <summary>年度统计数据 (aggregates without records); natural key 区划代码 + 学年 + 指标代码.</summary>
public sealed class StatisticsKind : ImportKind<YearlyStatistic>
{
    public override string Name => "statistics";
    public override string Title => "年度统计数据";

    public override IReadOnlyList<ImportColumn> Columns { get; } =
    [
        new("division", "区划代码", true, "6 位县级或 9 位乡镇街道代码", null, null, "行政区划代码"),
        new("year", "学年", true, "2020-2021 或起始年份 2020", null, null, "年份", "年度"),
        new("key", "指标代码", true, "字母开头，字母、数字和点，如 intake.primaryGrade1", null, null, "数据项代码"),
        new("value", "数值", true, "数值，单位随指标", null, null, "值"),
        new("source", "来源", false, "文本，如“教育事业统计 2020”", null, null, "数据来源"),
    ];

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
        if (key is not null && (!char.IsAsciiLetter(key[0]) || !key.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_')))
        {
            row.Error("key", "指标代码应以字母开头，只含字母、数字、点和下划线");
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
