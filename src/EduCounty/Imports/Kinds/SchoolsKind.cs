using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Imports.Kinds;

/// <summary>学校 (学校基本信息); natural key 学校标识码.</summary>
public sealed class SchoolsKind : ImportKind<School>
{
    public override string Name => "schools";

    protected override string[] Compared { get; } =
        ["Name", "Type", "Ownership", "Inclusive", "Locality", "CountyCode", "TownshipCode", "ParentSchoolId", "IsTeachingPoint", "Boarding", "OpenedOn", "ClosedOn", "Address"];

    protected internal override IReadOnlyDictionary<string, string> OptionalSources { get; } = new Dictionary<string, string>
    {
        ["Inclusive"] = "inclusive",
        ["ParentSchoolId"] = "parent",
        ["Boarding"] = "boarding",
        ["OpenedOn"] = "opened",
        ["ClosedOn"] = "closed",
        ["Address"] = "address",
    };

    protected internal override string KeyColumn => "code";
    protected internal override string KeyLabel => "学校标识码";

    protected internal override async Task<Dictionary<string, School>> LoadAsync(ImportContext ctx, CancellationToken ct)
    {
        await KindHelpers.LoadSchoolsAsync(ctx, ct);
        return await ctx.Db.Schools.AsNoTracking().ToDictionaryAsync(s => s.Code, ct);
    }

    protected internal override School? Build(RowValues row, ImportContext ctx)
    {
        var code = row.Text("code", 10);
        if (code is not null && SchoolCode.Validate(code) is { } reason)
        {
            row.Error("code", reason);
        }
        var name = row.Text("name", 100);
        var type = row.Code("type", CodeLists.SchoolType);
        var ownership = row.Code("ownership", CodeLists.Ownership);
        var inclusive = row.Bool("inclusive");
        var locality = row.Code("locality", CodeLists.Locality);
        var county = KindHelpers.Division(row, "county");
        var township = KindHelpers.Division(row, "township");
        var parentCode = row.Text("parent", 10);
        var boarding = row.Bool("boarding");
        var opened = row.Date("opened");
        var closed = row.Date("closed");
        var address = row.Text("address", 200);

        // codes.md §2: the first two digits are the 学校类别码 = the first two digits of the 办学类型 code.
        if (code is { Length: 10 } && type is { } t && code[..2] != SchoolCode.CategoryFor(t))
        {
            row.Error("code", $"类别码 {code[..2]} 与办学类型“{Labels.Of(t)}”（应为 {SchoolCode.CategoryFor(t)}）不符");
        }
        if (county is { Length: not 6 })
        {
            row.Error("county", "县级区划代码应为 6 位");
        }
        if (township is not null && county is not null && (township.Length != 9 || !township.StartsWith(county, StringComparison.Ordinal)))
        {
            row.Error("township", $"乡镇区划代码应为 9 位且以县级代码 {county} 开头");
        }
        int? parentId = null;
        if (parentCode is not null)
        {
            if (ctx.Schools.TryGetValue(parentCode, out var p))
            {
                parentId = p.Id;
            }
            else
            {
                row.Error("parent", "数据库中没有该所属学校");
            }
        }
        if (type == SchoolType.TeachingPoint && parentCode is null)
        {
            row.Error("parent", "教学点必须填写所属学校标识码");
        }
        if (opened is { } o && closed is { } c && c <= o)
        {
            row.Error("closed", "停办日期应晚于开办日期");
        }
        if (row.HasErrors)
        {
            return null;
        }
        return new School
        {
            Code = code!,
            Name = name!,
            Type = type!.Value,
            Ownership = ownership!.Value,
            Inclusive = inclusive ?? false,
            Locality = locality!.Value,
            CountyCode = county!,
            TownshipCode = township!,
            ParentSchoolId = parentId,
            IsTeachingPoint = type == SchoolType.TeachingPoint,
            Boarding = boarding ?? false,
            OpenedOn = opened,
            ClosedOn = closed,
            Address = address,
        };
    }

    protected internal override string KeyOf(School entity) => entity.Code;
}
