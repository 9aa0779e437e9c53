using EduCounty.Forecast;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Imports.Kinds;

/// <summary>新建住宅小区 for the 学位预测's housing term (forecasting.md §2.4); natural key 区划代码 + 小区名称.</summary>
public sealed class HousingKind : ImportKind<HousingProject>
{
    public override string Name => "housing";

    protected override string[] Compared { get; } = ["Households", "CompletionYear", "SchoolId"];
    protected internal override string KeyColumn => "name";
    protected internal override string KeyLabel => "区划和小区名称";

    protected internal override async Task<Dictionary<string, HousingProject>> LoadAsync(ImportContext ctx, CancellationToken ct)
    {
        await KindHelpers.LoadSchoolsAsync(ctx, ct);
        var list = await ctx.Db.HousingProjects.AsNoTracking().ToListAsync(ct);
        return list.ToDictionary(KeyOf);
    }

    protected internal override HousingProject? Build(RowValues row, ImportContext ctx)
    {
        var name = row.Text("name", 100);
        var division = KindHelpers.Division(row, "division");
        var households = row.Whole("households", 1, 1_000_000);
        var year = row.Whole("completion", 1990, 2100);
        var school = KindHelpers.School(row, "school", ctx);
        if (row.HasErrors)
        {
            return null;
        }
        return new HousingProject { Name = name!, DivisionCode = division!, Households = households!.Value, CompletionYear = year!.Value, SchoolId = school?.Id };
    }

    protected internal override string KeyOf(HousingProject e) => $"{e.DivisionCode}|{e.Name}";
}
