using System.Globalization;
using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace EduCounty.StudentAid;

/// <summary>
/// 公示 list of a programme and 学年 (student-aid.md §5: 第9号预警 and 中职资助工作指南 — never 身份证件号码, 家庭住址, 电话,
/// 出生日期, 银行卡号; no hardship category or level; "姓名 (may be masked), 班级, 资助项目, 档次/金额 only"): the name masked
/// (张*明), school, grade, programme and the 学年's approved amount, for the approved and paid applications in the caller's
/// scope. Every export is audited.
/// </summary>
public static class GetAidPublicity
{
    public const string Exported = "export";

    /// <summary>A line of the list; <see cref="SchoolId"/> is not shown (it ties the list to its 公示 record).</summary>
    public sealed record Row(int No, string Name, string School, string Grade, string Programme, decimal Amount, int SchoolId = 0);

    public static Task<IReadOnlyList<Row>> HandleAsync(EduDb db, AidRules rules, string programme, SchoolYear year, CancellationToken ct = default) =>
        HandleAsync(db, rules, programme, year, null, ct);

    /// <summary>The list of one term (<paramref name="term"/>) or of the whole 学年 (null).</summary>
    public static async Task<IReadOnlyList<Row>> HandleAsync(EduDb db, AidRules rules, string programme, SchoolYear year, AidTerm? term, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rules);
        var p = rules.Programme(programme);
        var y = year.StartYear;
        var raw = await db.AidApplications.AsNoTracking()
            .Where(a => a.Year == y && a.Programme == p.Code && (term == null || a.Term == term) && (a.Status == AidStatus.Approved || a.Status == AidStatus.Paid))
            .Select(a => new
            {
                a.StudentId,
                a.Grade,
                a.Amount,
                a.SchoolId,
                Name = db.Set<Student>().Where(s => s.Id == a.StudentId).Select(s => s.Name).First(),
                School = db.Set<School>().Where(s => s.Id == a.SchoolId).Select(s => s.Name).First(),
            }).ToListAsync(ct);
        return [.. raw.GroupBy(r => r.StudentId)
            .Select(g => (First: g.OrderBy(r => r.Grade, StringComparer.Ordinal).Last(), Amount: g.Sum(r => r.Amount)))
            .OrderBy(x => x.First.School, StringComparer.Ordinal).ThenBy(x => Grades.Order(x.First.Grade)).ThenBy(x => x.First.Name, StringComparer.Ordinal)
            .Select((x, i) => new Row(i + 1, Mask(x.First.Name), x.First.School, Grades.Label(x.First.Grade), p.Name, x.Amount, x.First.SchoolId))];
    }

    /// <summary>Records the 公示 of a generated list (each school on it) and audits the export.</summary>
    public static async Task PublishAsync(EduDb db, AidRules rules, IReadOnlyList<Row> rows, string programme, SchoolYear year, AidTerm? term, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rows);
        var bySchool = rows.Where(r => r.SchoolId != 0).GroupBy(r => r.SchoolId).ToDictionary(g => g.Key, g => g.Count());
        await AidPublicity.RecordAsync(db, rules, programme, year, term, bySchool, SchoolYear.Today(db.Clock), ct);
    }

    /// <summary>张*明 style: the first and last character kept, the middle starred; a two-character name keeps the first (张*).</summary>
    public static string Mask(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var chars = System.Globalization.StringInfo.GetTextElementEnumerator(name.Trim());
        var parts = new List<string>();
        while (chars.MoveNext()) parts.Add((string)chars.Current);
        return parts.Count switch
        {
            0 => "",
            1 => parts[0],
            2 => parts[0] + "*",
            _ => parts[0] + new string('*', parts.Count - 2) + parts[^1],
        };
    }

    /// <summary>The list as .xlsx (MiniExcel, the solution's spreadsheet writer): 序号, 姓名, 学校, 年级, 资助项目, 金额（元）; the export is audited.</summary>
    public static Task WriteXlsxAsync(EduDb db, IReadOnlyList<Row> rows, string programme, SchoolYear year, Stream output, CancellationToken ct = default) =>
        WriteXlsxAsync(db, AidRules.Default(), rows, programme, year, null, output, ct);

    /// <summary>
    /// The list as .xlsx, and its 公示 recorded (<see cref="AidPublicity.RecordAsync"/>: one period per school on the list,
    /// starting today, unless that school's list is already on 公示 or was).
    /// </summary>
    public static async Task WriteXlsxAsync(EduDb db, AidRules rules, IReadOnlyList<Row> rows, string programme, SchoolYear year, AidTerm? term, Stream output,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        await PublishAsync(db, rules, rows, programme, year, term, ct);
        ArgumentNullException.ThrowIfNull(rows);
        var sheet = rows.Select(r => new Dictionary<string, object?>
        {
            ["序号"] = r.No,
            ["姓名"] = r.Name,
            ["学校"] = r.School,
            ["年级"] = r.Grade,
            ["资助项目"] = r.Programme,
            ["金额（元）"] = r.Amount,
        }).ToList();
        await output.SaveAsAsync(sheet, sheetName: "资助公示", cancellationToken: ct);
        await db.AuditAsync(Exported, nameof(AidApplication), null,
            string.Create(CultureInfo.InvariantCulture, $"导出学生资助公示名单：{programme} {year} 学年 {rows.Count} 人"), ct);
    }
}
