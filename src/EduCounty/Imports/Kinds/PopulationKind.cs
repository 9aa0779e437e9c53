using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Imports.Kinds;

/// <summary>适龄人口 by single age; natural key 区划代码 + 年份 + 年龄.</summary>
public sealed class PopulationKind : ImportKind<AgePopulation>
{
    public override string Name => "population";
    public override string Title => "适龄人口";

    public override IReadOnlyList<ImportColumn> Columns { get; } =
    [
        new("division", "区划代码", true, "6 位县级或 9 位乡镇街道代码", null, null, "行政区划代码"),
        new("year", "年份", true, "公历年份，如 2020", null, null, "统计年份", "年度"),
        new("age", "年龄", true, "整数 0–18（周岁）", "岁", null, "周岁"),
        new("count", "人数", true, "整数 ≥ 0", "人", null, "人口数"),
    ];

    protected override string[] Compared { get; } = ["Count"];
    protected internal override string KeyColumn => "age";
    protected internal override string KeyLabel => "区划、年份和年龄";

    protected internal override async Task<Dictionary<string, AgePopulation>> LoadAsync(ImportContext ctx, CancellationToken ct)
    {
        var list = await ctx.Db.AgePopulations.AsNoTracking().ToListAsync(ct);
        return list.ToDictionary(KeyOf);
    }

    protected internal override AgePopulation? Build(RowValues row, ImportContext ctx)
    {
        var division = KindHelpers.Division(row, "division");
        var year = row.Whole("year", 1990, 2100);
        var age = row.Whole("age", 0, 18);
        var count = row.Whole("count", 0, 10_000_000);
        if (row.HasErrors)
        {
            return null;
        }
        return new AgePopulation { DivisionCode = division!, Year = year!.Value, Age = age!.Value, Count = count!.Value };
    }

    protected internal override string KeyOf(AgePopulation e) => $"{e.DivisionCode}|{e.Year}|{e.Age}";
}
