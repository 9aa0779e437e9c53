using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Imports.Kinds;

/// <summary>班级 per school year; natural key 学校标识码 + 学年 + 年级 + 班号.</summary>
public sealed class ClassesKind : ImportKind<SchoolClass>
{
    public override string Name => "classes";

    protected override string[] Compared { get; } = ["Name", "Headcount"];

    protected internal override string KeyColumn => "number";
    protected internal override string KeyLabel => "学校、学年、年级和班号";

    protected internal override async Task<Dictionary<string, SchoolClass>> LoadAsync(ImportContext ctx, CancellationToken ct)
    {
        await KindHelpers.LoadSchoolsAsync(ctx, ct);
        var list = await ctx.Db.Classes.AsNoTracking().ToListAsync(ct);
        return list.ToDictionary(KeyOf);
    }

    protected internal override SchoolClass? Build(RowValues row, ImportContext ctx)
    {
        var school = KindHelpers.School(row, "school", ctx);
        var year = row.Year("year");
        var grade = row.Grade("grade");
        var number = row.Whole("number", 1, 99);
        var name = row.Text("name", 50);
        var headcount = row.Whole("headcount", 0, 120);
        KindHelpers.GradeFits(row, "grade", school, grade);
        if (row.HasErrors)
        {
            return null;
        }
        return new SchoolClass
        {
            SchoolId = school!.Id,
            Year = year!.Value,
            Grade = grade!,
            Number = number!.Value,
            Name = name ?? $"{Grades.Label(grade!)}({number})班",
            Headcount = headcount!.Value,
        };
    }

    protected internal override string KeyOf(SchoolClass e) => $"{e.SchoolId}|{e.Year}|{e.Grade}|{e.Number}";

    /// <summary>56 人及以上为大班额 (教育部 消除大班额 工作的口径): flagged, not refused.</summary>
    protected internal override void Check(SchoolClass entity, RowValues row, ImportContext ctx)
    {
        if (entity.Headcount >= 56)
        {
            row.Warning("headcount", "56 人及以上为大班额");
        }
    }
}
