using EduCounty.Common;
using EduCounty.Common.Files;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Safety;

/// <summary>A file of a record, without its bytes.</summary>
public sealed record FileInfoRow(int Id, string Purpose, string FileName, long SizeBytes, string UploadedBy, DateTimeOffset UploadedAt);

/// <summary>
/// One hazard with its files and school. Viewing a hazard of a sensitive category (校园欺凌, 卫生, 心理健康 … :
/// safety-rules.json <c>sensitive</c>) is written to the audit trail.
/// </summary>
public static class GetHazard
{
    public sealed record Result(SafetyHazard Hazard, string School, string TownshipCode, HazardCategory Category, HazardGrade? Grade,
        IReadOnlyList<FileInfoRow> Files, bool Overdue, EscalationLevel Escalation);

    public static async Task<Result> HandleAsync(EduDb db, SafetyRules rules, int id, DateOnly today, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rules);
        var h = await db.SafetyHazards.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct)
            ?? throw new RuleException($"没有编号为 YH{id:D5} 的隐患，或它不在你的管理范围");
        var school = await db.Schools.AsNoTracking().Where(s => s.Id == h.SchoolId).Select(s => new { s.Name, s.TownshipCode }).SingleAsync(ct);
        var files = await FilesAsync(db, SafetyHazard.FileOwner, id, ct);
        var category = rules.Category(h.Category);
        var grade = h.Grade is null ? null : rules.Grade(h.Grade);
        if (category.Sensitive)
        {
            await db.AuditAsync("view", nameof(SafetyHazard), id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"查看{category.Name}类隐患 {h.Number}", ct);
        }
        return new Result(h, school.Name, school.TownshipCode, category, grade, files, h.IsOverdue(today), h.EscalationOn(today, grade));
    }

    /// <summary>The files of a record (any owner kind), oldest first.</summary>
    public static async Task<IReadOnlyList<FileInfoRow>> FilesAsync(EduDb db, string owner, int ownerId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.StoredFiles.AsNoTracking().Where(f => f.Owner == owner && f.OwnerId == ownerId).OrderBy(f => f.Id)
            .Select(f => new FileInfoRow(f.Id, f.Purpose, f.FileName, f.SizeBytes, f.UploadedBy, f.UploadedAt)).ToListAsync(ct);
    }
}
