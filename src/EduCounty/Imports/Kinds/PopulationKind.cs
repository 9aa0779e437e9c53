using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Imports.Kinds;

/// <summary>适龄人口 by single age; natural key 区划代码 + 年份 + 年龄.</summary>
public sealed class PopulationKind : ImportKind<AgePopulation>
{
    public override string Name => "population";

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
