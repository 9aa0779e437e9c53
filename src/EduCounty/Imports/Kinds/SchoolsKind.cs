using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Imports.Kinds;

/// <summary>学校 (学校基本信息); natural key 学校标识码.</summary>
public sealed class SchoolsKind : ImportKind<School>
{
    public override string Name => "schools";
    public override string Title => "学校基本信息";

    public override IReadOnlyList<ImportColumn> Columns { get; } =
    [
        new("code", "学校标识码", true, "10 位：2 位学校类别码 + 2 位省级区划码 + 6 位序号（codes.md §2）", null, null, "学校代码", "学校识别码"),
        new("name", "学校名称", true, "文本，最长 100 字", null, null, "学校（机构）名称", "单位名称"),
        new("type", "办学类型", true, "GB/T 33782 办学类型代码或名称", null, CodeLists.SchoolType.Describe(), "办学类型码", "学校类型"),
        new("ownership", "举办者", true, "代码或名称", null, CodeLists.Ownership.Describe(), "办学性质", "举办者类型"),
        new("inclusive", "普惠性", false, "是/否（民办幼儿园是否普惠）", null, null, "是否普惠性"),
        new("locality", "城乡分类", true, "统计用城乡划分代码或城区/镇区/乡村", null, CodeLists.Locality.Describe(), "所在地城乡分类", "城乡分类代码"),
        new("county", "县级区划代码", true, "6 位 GB/T 2260 代码，如 652302", null, null, "所在县代码", "区县代码"),
        new("township", "乡镇区划代码", true, "9 位统计用区划代码（12 位以 000 结尾亦可），须属于该县", null, null, "所在乡镇代码", "乡镇街道代码"),
        new("parent", "所属学校标识码", false, "教学点所属学校的标识码（学校须已导入）", null, null, "所属学校代码"),
        new("boarding", "寄宿制", false, "是/否", null, null, "是否寄宿制"),
        new("opened", "开办日期", false, "yyyy-MM-dd", null, null, "建校日期"),
        new("closed", "停办日期", false, "yyyy-MM-dd", null, null, "撤销日期"),
        new("address", "地址", false, "文本，最长 200 字", null, null, "学校地址"),
    ];

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
