using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Imports.Kinds;

/// <summary>
/// 行政区划 as the 统计用区划代码 lists them (国家统计局, 12 digits: 6 county + 3 township + 3 village; GB/T 2260 for the
/// county and above); natural key the code. A 12-digit code ending in 000 is the township's 9-digit code, ending in
/// 000000 the county's 6-digit one (the forms schools and population use). The level and the parent follow from the code
/// unless given.
/// </summary>
public sealed class DivisionsKind : ImportKind<Division>
{
    public override string Name => "divisions";

    protected override string[] Compared { get; } = ["Name", "Level", "ParentCode"];

    protected internal override string KeyColumn => "code";
    protected internal override string KeyLabel => "区划代码";

    protected internal override async Task<Dictionary<string, Division>> LoadAsync(ImportContext ctx, CancellationToken ct) =>
        await ctx.Db.Divisions.AsNoTracking().ToDictionaryAsync(d => d.Code, ct);

    protected internal override Division? Build(RowValues row, ImportContext ctx)
    {
        var code = Code(row);
        var name = row.Text("name", 100);
        var level = Level(row, code);
        var parent = row.Text("parent", 12)?.Trim();
        if (parent is not null)
        {
            parent = Normalise(parent);
            if (code is not null && (parent.Length >= code.Length || !code.StartsWith(parent.TrimEnd('0'), StringComparison.Ordinal)))
            {
                row.Error("parent", $"上级区划代码应为 {code} 的上级（代码前缀）");
            }
        }
        if (row.HasErrors)
        {
            return null;
        }
        return new Division { Code = code!, Name = name!, Level = level!.Value, ParentCode = parent ?? ParentOf(code!) };
    }

    protected internal override string KeyOf(Division entity) => entity.Code;

    /// <summary>6, 9 or 12 digits; 12 digits ending 000000 / 000 are cut to the county / township code.</summary>
    private static string? Code(RowValues row)
    {
        var v = row.Text("code", 12)?.Trim();
        if (v is null)
        {
            return null;
        }
        if (v.Length is not (6 or 9 or 12) || !v.All(char.IsAsciiDigit))
        {
            row.Error("code", KindHelpers.ExcelMangled(v) ?? "区划代码应为 6 位（县级及以上）、9 位（乡镇街道）或 12 位（统计用区划代码）数字");
            return null;
        }
        return Normalise(v);
    }

    private static string Normalise(string v) => v.Length == 12 && v.EndsWith("000000", StringComparison.Ordinal) ? v[..6]
        : v.Length == 12 && v.EndsWith("000", StringComparison.Ordinal) ? v[..9]
        : v;

    /// <summary>1 省, 2 地市, 3 县 (6 digits by their trailing zeros), 4 乡镇街道 (9), 5 村居委会 (12); a given level must agree.</summary>
    private static int? Level(RowValues row, string? code)
    {
        int? implied = code switch
        {
            null => null,
            { Length: 6 } when code.EndsWith("0000", StringComparison.Ordinal) => 1,
            { Length: 6 } when code.EndsWith("00", StringComparison.Ordinal) => 2,
            { Length: 6 } => 3,
            { Length: 9 } => 4,
            _ => 5,
        };
        var text = row.Text("level", 10)?.Trim();
        if (text is null)
        {
            return implied;
        }
        int? given = text switch
        {
            "1" or "省" or "省级" or "自治区" => 1,
            "2" or "地市" or "地级" or "市" or "州" or "地区" => 2,
            "3" or "县" or "县级" or "区" or "县级市" => 3,
            "4" or "乡镇" or "乡" or "镇" or "街道" or "乡镇街道" => 4,
            "5" or "村" or "社区" or "居委会" or "村居委会" => 5,
            _ => null,
        };
        if (given is null)
        {
            row.Error("level", "级别应为 省、地市、县、乡镇 或 村（或 1–5）");
        }
        else if (implied is not null && given != implied)
        {
            row.Error("level", $"与区划代码的位数不符（代码表示{LevelName(implied.Value)}）");
        }
        return given;
    }

    private static string LevelName(int level) => level switch
    {
        1 => "省级",
        2 => "地市级",
        3 => "县级",
        4 => "乡镇街道",
        _ => "村居委会",
    };

    /// <summary>The code one level up: village → township, township → county, county → prefecture → province.</summary>
    private static string? ParentOf(string code) => code.Length switch
    {
        12 => code[..9],
        9 => code[..6],
        _ when code.EndsWith("0000", StringComparison.Ordinal) => null,
        _ when code.EndsWith("00", StringComparison.Ordinal) => code[..2] + "0000",
        _ => code[..4] + "00",
    };
}
