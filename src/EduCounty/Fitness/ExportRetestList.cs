using EduCounty.Common;
using MiniExcelLibs;

namespace EduCounty.Fitness;

/// <summary>The 补测 list (students rated 不及格) of a year as .xlsx; the export is audited (personal data leaves the system).</summary>
public static class ExportRetestList
{
    public const string AuditAction = "export";

    public static Task<byte[]> HandleAsync(EduDb db, int year, IReadOnlyCollection<int>? schoolIds = null, int? schoolId = null, CancellationToken ct = default) =>
        HandleAsync(db, new ListRetestStudents.Filter(year, schoolId), schoolIds, ct);

    /// <summary>The list as the page's filters show it, every page.</summary>
    public static async Task<byte[]> HandleAsync(EduDb db, ListRetestStudents.Filter filter, IReadOnlyCollection<int>? schoolIds, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(filter);
        var (year, schoolId) = (filter.Year, filter.SchoolId);
        var list = await ListRetestStudents.HandleAsync(db, filter, schoolIds, ct);
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
