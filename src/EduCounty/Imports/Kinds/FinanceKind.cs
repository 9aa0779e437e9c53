using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Imports.Kinds;

/// <summary>经费 of one school and school year (公用经费, 教师培训经费); natural key 学校标识码 + 学年.</summary>
public sealed class FinanceKind : ImportKind<Finance>
{
    public override string Name => "finance";

    protected override string[] Compared { get; } = ["PublicFundsYuan", "TeacherTrainingYuan"];
    protected internal override string KeyColumn => "year";
    protected internal override string KeyLabel => "学校和学年";

    protected internal override async Task<Dictionary<string, Finance>> LoadAsync(ImportContext ctx, CancellationToken ct)
    {
        await KindHelpers.LoadSchoolsAsync(ctx, ct);
        var list = await ctx.Db.Finances.AsNoTracking().ToListAsync(ct);
        return list.ToDictionary(KeyOf);
    }

    protected internal override Finance? Build(RowValues row, ImportContext ctx)
    {
        var school = KindHelpers.School(row, "school", ctx);
        var year = row.Year("year");
        var funds = row.Number("publicFunds");
        var training = row.Number("training");
        if (funds is { } f && training is { } t && t > f)
        {
            row.Warning("training", "教师培训经费大于公用经费（培训经费通常从公用经费中列支）");
        }
        if (row.HasErrors)
        {
            return null;
        }
        // The statistics tables give 万元; the registry keeps 元.
        return new Finance
        {
            SchoolId = school!.Id,
            Year = year!.Value,
            PublicFundsYuan = Math.Round(funds!.Value * 10000, 2),
            TeacherTrainingYuan = Math.Round(training!.Value * 10000, 2),
        };
    }

    protected internal override string KeyOf(Finance e) => $"{e.SchoolId}|{e.Year}";
}
