using EduCounty.Forecast;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Imports.Kinds;

/// <summary>
/// 出生人口 for the 学位预测 (issue 19): births by 区划 and calendar year from 户籍 (公安) or 出生医学证明 (卫健), kept
/// apart (forecasting.md §2.2); natural key 区划代码 + 年份 + 口径.
/// </summary>
public sealed class BirthsKind : ImportKind<Birth>
{
    public override string Name => "births";

    protected override string[] Compared { get; } = ["Count"];
    protected internal override string KeyColumn => "year";
    protected internal override string KeyLabel => "区划、年份和口径";

    protected internal override async Task<Dictionary<string, Birth>> LoadAsync(ImportContext ctx, CancellationToken ct)
    {
        var list = await ctx.Db.Births.AsNoTracking().ToListAsync(ct);
        return list.ToDictionary(KeyOf);
    }

    protected internal override Birth? Build(RowValues row, ImportContext ctx)
    {
        var division = KindHelpers.Division(row, "division");
        var year = row.Whole("year", 1990, 2100);
        var count = row.Whole("count", 0, 10_000_000);
        var source = Source(row);
        if (row.HasErrors)
        {
            return null;
        }
        return new Birth { DivisionCode = division!, Year = year!.Value, Count = count!.Value, Source = source };
    }

    /// <summary>口径: 户籍 (default when blank) or 出生医学证明.</summary>
    private static BirthSource Source(RowValues row)
    {
        var v = row.Text("source", 20);
        switch (v)
        {
            case null or "户籍" or "户籍登记" or "公安":
                return BirthSource.Hukou;
            case "出生医学证明" or "卫健" or "卫生健康":
                return BirthSource.Certificate;
            default:
                row.Error("source", "口径应为“户籍”或“出生医学证明”");
                return BirthSource.Hukou;
        }
    }

    protected internal override string KeyOf(Birth e) => $"{e.DivisionCode}|{e.Year}|{(int)e.Source}";
}
