using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Imports.Kinds;

/// <summary>
/// 学校 (学校基本信息); natural key 学校标识码. A 教学点 may name a 所属学校 that comes later in the same file: the file's
/// codes are read first (<see cref="ImportKind{T}.Prescans"/>) and the parent is linked after the rows are written.
/// Attributes the indicators need (普惠性, 国家通用语言文字教学, 数字校园达标年份) stay unknown when not given — never a default.
/// </summary>
public sealed class SchoolsKind : ImportKind<School>
{
    public override string Name => "schools";

    protected override string[] Compared { get; } =
        ["Name", "Type", "Ownership", "Inclusive", "Locality", "CountyCode", "TownshipCode", "ParentSchoolId", "IsTeachingPoint", "Boarding", "OpenedOn", "ClosedOn", "Address",
         "NationalLanguage", "DigitalCampusYear"];

    /// <summary>学校标识码 of the file's rows (first reading) and the 教学点 whose 所属学校 is one of them.</summary>
    private readonly HashSet<string> _inFile = new(StringComparer.Ordinal);
    private readonly List<(School School, string ParentCode)> _pendingParents = [];

    protected internal override bool Prescans => true;

    protected internal override void Prescan(RowValues row, ImportContext ctx)
    {
        if (row.Raw("code") is { } code)
        {
            _inFile.Add(code.Trim());
        }
    }

    protected internal override IReadOnlyDictionary<string, string> OptionalSources { get; } = new Dictionary<string, string>
    {
        ["Inclusive"] = "inclusive",
        ["ParentSchoolId"] = "parent",
        ["Boarding"] = "boarding",
        ["OpenedOn"] = "opened",
        ["ClosedOn"] = "closed",
        ["Address"] = "address",
        ["NationalLanguage"] = "nationalLanguage",
        ["DigitalCampusYear"] = "digitalCampus",
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
        var language = row.Bool("nationalLanguage");
        var digital = DigitalCampus(row);

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
        var parentInFile = false;
        if (parentCode is not null)
        {
            if (parentCode == code)
            {
                row.Error("parent", "所属学校不能是本校");
            }
            else if (ctx.Schools.TryGetValue(parentCode, out var p))
            {
                parentId = p.Id;
            }
            else if (_inFile.Contains(parentCode))
            {
                parentInFile = true;
            }
            else
            {
                row.Error("parent", "数据库和本文件中都没有该所属学校");
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
        var school = new School
        {
            Code = code!,
            Name = name!,
            Type = type!.Value,
            Ownership = ownership!.Value,
            Inclusive = inclusive,
            Locality = locality!.Value,
            CountyCode = county!,
            TownshipCode = township!,
            ParentSchoolId = parentId,
            // A 教学点 of a 小学 has its own 办学类型; one of a kindergarten (分园) keeps 幼儿园 and names its 所属学校.
            IsTeachingPoint = type == SchoolType.TeachingPoint || parentCode is not null,
            Boarding = boarding ?? false,
            OpenedOn = opened,
            ClosedOn = closed,
            Address = address,
            NationalLanguage = language,
            DigitalCampusYear = digital,
        };
        if (parentInFile)
        {
            _pendingParents.Add((school, parentCode!));
        }
        return school;
    }

    /// <summary>数字校园达标年份: a year, or 未达标/否 (<see cref="School.DigitalCampusNotReached"/>); blank: unknown.</summary>
    private static int? DigitalCampus(RowValues row)
    {
        var text = row.Raw("digitalCampus")?.Trim();
        if (text is "未达标" or "否" or "无" or "0")
        {
            return School.DigitalCampusNotReached;
        }
        return row.Whole("digitalCampus", 1990, 2100);
    }

    protected internal override string KeyOf(School entity) => entity.Code;

    /// <summary>Links the 教学点 whose 所属学校 came in the same file (rows without errors only: a refused parent leaves it empty).</summary>
    protected internal override async Task<string?> WriteCompanionsAsync(ImportContext ctx, ImportWritten written, CancellationToken ct)
    {
        if (_pendingParents.Count == 0)
        {
            return null;
        }
        var codes = _pendingParents.Select(p => p.ParentCode).Concat(_pendingParents.Select(p => p.School.Code)).Distinct().ToList();
        var ids = await ctx.Db.Schools.Where(s => codes.Contains(s.Code)).ToDictionaryAsync(s => s.Code, s => s.Id, ct);
        var linked = 0;
        var missing = new List<string>();
        foreach (var (school, parentCode) in _pendingParents)
        {
            if (!ids.TryGetValue(school.Code, out var id))
            {
                continue;
            }
            if (!ids.TryGetValue(parentCode, out var parentId))
            {
                missing.Add(school.Code);
                continue;
            }
            // Tracked, so the change is audited with the import's batch.
            var stored = await ctx.Db.Schools.FirstAsync(s => s.Id == id, ct);
            stored.ParentSchoolId = parentId;
            linked++;
        }
        await ctx.Db.SaveChangesAsync(ct);
        return $"教学点与本文件中的所属学校关联 {linked} 所" + (missing.Count > 0 ? $"；所属学校未导入（该行有错误），暂无所属学校：{string.Join("、", missing)}" : "");
    }
}
