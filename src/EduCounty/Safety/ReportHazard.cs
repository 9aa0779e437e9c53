using EduCounty.Common;
using EduCounty.Common.Files;
using EduCounty.Common.Identity;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Safety;

/// <summary>
/// 排查 → 上报: a hazard found by a school's own check, a 专项/节假日 排查 or a 督学's visit (§A5 排查类型), with its
/// photos. The school must be in the reporter's scope (the context's school filter: another school is "not found").
/// </summary>
public static class ReportHazard
{
    public sealed record Command(int SchoolId, string Location, string Category, string Description, string FoundBy, DateOnly FoundOn,
        string InspectionKind, int? CampaignId = null, IReadOnlyList<UploadedFile>? Photos = null);

    public static async Task<int> HandleAsync(EduDb db, SafetyRules rules, Command c, ActingUser by, DateOnly today, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(by);
        var hazard = New(rules, c, by.Name, today);
        await SafetySchools.RequireAsync(db, c.SchoolId, ct);
        return await Atomically.RunAsync(db, async () =>
        {
            db.SafetyHazards.Add(hazard);
            await db.SaveChangesAsync(ct);
            await HazardFiles.AddAsync(db, hazard, c.Photos, HazardFiles.Photo, by.Name, ct);
            return hazard.Id;
        }, ct);
    }

    /// <summary>The validated new row (not saved): also used when a 督学's finding becomes a hazard.</summary>
    public static SafetyHazard New(SafetyRules rules, Command c, string reportedBy, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(c);
        rules.Category(c.Category);
        rules.InspectionKind(c.InspectionKind);
        if (c.FoundOn > today) throw new RuleException($"发现日期 {c.FoundOn:yyyy-MM-dd} 晚于今天 {today:yyyy-MM-dd}");
        return new SafetyHazard
        {
            SchoolId = c.SchoolId,
            Location = Required(c.Location, "隐患位置", 200),
            Category = c.Category,
            Description = Required(c.Description, "隐患描述", 2000),
            FoundBy = Required(c.FoundBy, "发现人", 100),
            FoundOn = c.FoundOn,
            InspectionKind = c.InspectionKind,
            ReportedBy = reportedBy,
            CampaignId = c.CampaignId,
        };
    }

    private static string Required(string? text, string what, int max)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new RuleException($"{what}不能为空") { Field = what };
        var t = text.Trim();
        return t.Length <= max ? t : throw new RuleException($"{what}超过 {max} 字") { Field = what };
    }
}

/// <summary>The schools a safety record may name: one in the context's scope, open, and a school (teaching points report with it too).</summary>
internal static class SafetySchools
{
    public static async Task<School> RequireAsync(EduDb db, int schoolId, CancellationToken ct) =>
        await db.Schools.AsNoTracking().SingleOrDefaultAsync(s => s.Id == schoolId, ct)
        ?? throw new RuleException($"没有编号为 {schoolId} 的学校，或该学校不在你的管理范围");
}

/// <summary>A hazard's files (<see cref="StoredFile"/> with owner <see cref="SafetyHazard.FileOwner"/>).</summary>
public static class HazardFiles
{
    public const string Photo = "现场照片";
    public const string Evidence = "整改证据";

    internal static async Task AddAsync(EduDb db, SafetyHazard h, IReadOnlyList<UploadedFile>? files, string purpose, string by, CancellationToken ct)
    {
        if (files is not { Count: > 0 }) return;
        var now = db.Clock.GetUtcNow();
        db.StoredFiles.AddRange(files.Select(f => StoredFile.From(f, h.SchoolId, SafetyHazard.FileOwner, h.Id, purpose, by, now)));
        await db.SaveChangesAsync(ct);
    }

    internal static Task<int> EvidenceCountAsync(EduDb db, int hazardId, CancellationToken ct) =>
        db.StoredFiles.CountAsync(f => f.Owner == SafetyHazard.FileOwner && f.OwnerId == hazardId && f.Purpose == Evidence, ct);

    /// <summary>Finds a hazard in the context's scope, or refuses.</summary>
    internal static async Task<SafetyHazard> FindAsync(EduDb db, int id, CancellationToken ct) =>
        await db.SafetyHazards.SingleOrDefaultAsync(h => h.Id == id, ct)
        ?? throw new RuleException($"没有编号为 YH{id:D5} 的隐患，或它不在你的管理范围");
}
