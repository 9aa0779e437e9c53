using System.Globalization;
using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Imports.Kinds;

internal static class KindHelpers
{
    public static async Task LoadSchoolsAsync(ImportContext ctx, CancellationToken ct)
    {
        var schools = await ctx.Db.Schools.AsNoTracking()
            .Select(s => new SchoolRef(s.Id, s.Code, s.Name, s.Type))
            .ToListAsync(ct);
        foreach (var s in schools)
        {
            ctx.Schools[s.Code] = s;
        }
    }

    /// <summary>The 学年 snapshots of a year by student (school, grade, class): where a student's yearly record counts.</summary>
    public static async Task<Dictionary<int, (int SchoolId, string Grade, int? ClassId)>> SnapshotsAsync(ImportContext ctx, CancellationToken ct)
    {
        var year = ctx.Year.StartYear;
        return await ctx.Db.StudentYears.AsNoTracking().Where(x => x.Year == year)
            .Select(x => new { x.StudentId, x.SchoolId, x.Grade, x.ClassId })
            .ToDictionaryAsync(x => x.StudentId, x => (x.SchoolId, x.Grade, x.ClassId), ct);
    }

    /// <summary>A 学校标识码 (format per codes.md §2) that names a school in the database.</summary>
    public static SchoolRef? School(RowValues row, string key, ImportContext ctx)
    {
        var v = row.Text(key, 10);
        if (v is null)
        {
            return null;
        }
        if (SchoolCode.Validate(v) is { } reason)
        {
            row.Error(key, reason);
            return null;
        }
        if (!ctx.Schools.TryGetValue(v, out var s))
        {
            row.Error(key, "数据库中没有该学校（请先导入学校）");
            return null;
        }
        return s;
    }

    /// <summary>The grade must be one the school's type holds (Grades.For; 学籍 rules).</summary>
    public static void GradeFits(RowValues row, string key, SchoolRef? school, string? grade)
    {
        if (school is not null && grade is not null && !Grades.For(school.Type).Contains(grade))
        {
            row.Error(key, $"{Labels.Of(school.Type)}“{school.Name}”没有{Grades.Label(grade)}");
        }
    }

    /// <summary>A 身份证号 checked per GB 11643 (length, digits, birth date, check character).</summary>
    public static string? IdNumberOf(RowValues row, string key)
    {
        var v = row.Text(key, 30);
        if (v is null)
        {
            return null;
        }
        if (ExcelMangled(v) is { } mangled)
        {
            row.Error(key, mangled);
            return null;
        }
        if (Common.IdNumber.Validate(v) is { } reason)
        {
            row.Error(key, reason + "（GB 11643）");
            return null;
        }
        return Common.IdNumber.Normalize(v);
    }

    /// <summary>
    /// A long number that Excel stored as a number instead of text: shown in scientific notation (6.52302E+17), or
    /// kept to Excel's 15 significant digits (an 18-digit number ending in 000, or only 15 digits left). The digits
    /// after the 15th are lost and cannot be recovered from the file: the message says so; null when it is not that.
    /// </summary>
    public static string? ExcelMangled(string v)
    {
        const string fix = "：后几位已经丢失，无法还原。请在原系统中把该列导出为文本（或在 Excel 中先把该列设为“文本”格式再粘贴），再重新导入";
        var t = v.Trim();
        if (t.Contains("E+", StringComparison.OrdinalIgnoreCase) && double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            return $"Excel 把该号码存成了数值，显示为科学计数法 {t}" + fix;
        }
        if (t.Length == 18 && t.All(char.IsAsciiDigit) && t.EndsWith("000", StringComparison.Ordinal) && Common.IdNumber.Validate(t) is not null)
        {
            return "该号码末三位为 000 且校验码不符，像是 Excel 只保留了 15 位有效数字" + fix;
        }
        if (t.Length == 15 && t.All(char.IsAsciiDigit))
        {
            return "只有 15 位数字：若原为 18 位号码，是 Excel 把它存成数值后只保留了 15 位有效数字" + fix;
        }
        return null;
    }

    /// <summary>Sex and birth date must agree with the 身份证号 (GB 11643: digits 7–14 birth, 17th odd = male).</summary>
    public static void AgreesWithId(RowValues row, string? id, Sex? sex, DateOnly? birth)
    {
        if (id is null)
        {
            return;
        }
        if (sex is { } s && Common.IdNumber.SexOf(id) != s)
        {
            row.Error("sex", $"与身份证号第 17 位所示性别（{Labels.Of(Common.IdNumber.SexOf(id))}）不一致");
        }
        if (birth is { } b && Common.IdNumber.BirthDate(id) is { } ib && ib != b)
        {
            row.Error("birth", $"与身份证号中的出生日期 {ib:yyyy-MM-dd} 不一致");
        }
    }

    public static string? Ethnicity(RowValues row, string key) =>
        row.Code("ethnicity".Equals(key, StringComparison.Ordinal) ? key : key, CodeLists.Ethnicity) is { } n
            ? n.ToString("D2", CultureInfo.InvariantCulture)
            : null;

    /// <summary>行政区划代码: 6-digit county (GB/T 2260) or 9-digit township; a 12-digit code ending 000 is cut to 9.</summary>
    public static string? Division(RowValues row, string key)
    {
        var v = row.Text(key, 12);
        if (v is null)
        {
            return null;
        }
        if (v.Length == 12 && v.EndsWith("000", StringComparison.Ordinal))
        {
            v = v[..9];
        }
        if (v.Length is not (6 or 9) || !v.All(char.IsAsciiDigit))
        {
            row.Error(key, "行政区划代码应为 6 位（县）或 9 位（乡镇街道）数字");
            return null;
        }
        return v;
    }

    public static int AgeOn(DateOnly birth, DateOnly on)
    {
        var age = on.Year - birth.Year;
        return birth.AddYears(age) > on ? age - 1 : age;
    }
}
