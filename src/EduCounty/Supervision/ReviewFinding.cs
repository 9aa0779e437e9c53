using EduCounty.Common;
using EduCounty.Common.Files;
using EduCounty.Common.Identity;
using EduCounty.Security;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Supervision;

/// <summary>
/// 整改报告 by the school (its 学校管理员 or 学校填报员) with its evidence, and the 督学's 复查 and 销号 (§B: 限期回访整改,
/// RectificationReport → FollowUp). Only the school's own 督学 (or the 督导 office) reviews; 销号 needs evidence on file.
/// </summary>
public static class ReviewFinding
{
    public static async Task ReportAsync(EduDb db, int findingId, string measures, IReadOnlyList<UploadedFile>? evidence, ActingUser by, DateOnly today,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        if (!by.HoldsAny([Roles.SchoolAdmin, Roles.SchoolClerk])) throw new RuleException("整改报告由学校报送");
        var f = await FindAsync(db, findingId, ct);
        f.ReportRectification(measures, by.Name, today);
        await Atomically.RunAsync(db, async () =>
        {
            await db.SaveChangesAsync(ct);
            if (evidence is { Count: > 0 })
            {
                var now = db.Clock.GetUtcNow();
                db.StoredFiles.AddRange(evidence.Select(e => StoredFile.From(e, f.SchoolId, SupervisionFinding.FileOwner, f.Id, "整改证据", by.Name, now)));
                await db.SaveChangesAsync(ct);
            }
            return 0;
        }, ct);
    }

    public static async Task ReviewAsync(EduDb db, SupervisionRules rules, int findingId, ReviewConclusion conclusion, string note, ActingUser reviewer,
        DateOnly today, DateOnly? on = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(reviewer);
        var f = await FindAsync(db, findingId, ct);
        await SupervisorAccess.RequireForSchoolAsync(db, reviewer, f.SchoolId, ct);
        var evidence = await db.StoredFiles.CountAsync(x => x.Owner == SupervisionFinding.FileOwner && x.OwnerId == f.Id, ct);
        f.Review(conclusion, note, reviewer, rules.Grade(f.Grade), evidence, on ?? today, today);
        await db.SaveChangesAsync(ct);
    }

    private static async Task<SupervisionFinding> FindAsync(EduDb db, int id, CancellationToken ct) =>
        await db.SupervisionFindings.SingleOrDefaultAsync(f => f.Id == id, ct)
        ?? throw new RuleException($"没有编号为 {id} 的督导问题，或它不在你的管理范围");
}
