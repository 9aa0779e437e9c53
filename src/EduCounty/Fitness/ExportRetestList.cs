using EduCounty.Common;
using MiniExcelLibs;

namespace EduCounty.Fitness;

/// <summary>The 补测 list (students rated 不及格) of a year as .xlsx; the export is audited (personal data leaves the system).</summary>
public static class ExportRetestList
{
    public const string AuditAction = "export";

    public static async Task<byte[]> HandleAsync(EduDb db, int year, IReadOnlyCollection<int>? schoolIds = null, int? schoolId = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var list = await ListRetestStudents.HandleAsync(db, year, schoolIds, schoolId, ct);
        var rows = list.Select(s => new Dictionary<string, object?>
        {
            ["学校"] = s.School,
            ["年级"] = Grades.Label(s.Grade),
            ["班级"] = s.ClassName,
            ["学籍号"] = s.StudentNumber,
            ["姓名"] = s.Name,
            ["性别"] = Labels.Of(s.Sex),
            ["标准分"] = s.StandardScore,
            ["学年总分"] = s.TotalScore,
            ["等级"] = "不及格",
        }).ToList();
        using var ms = new MemoryStream();
        await ms.SaveAsAsync(rows, excelType: ExcelType.XLSX, cancellationToken: ct);
        await db.AuditAsync(AuditAction, nameof(FitnessTest), new SchoolYear(year).ToString(),
            $"导出体质健康补测名单：{new SchoolYear(year)} 学年，{rows.Count} 人" + (schoolId is { } id ? $"，学校 {id}" : string.Empty), ct);
        return ms.ToArray();
    }
}
