using EduCounty.Common;
using EduCounty.Common.Identity;

namespace EduCounty.Safety;

/// <summary>
/// 销号 (§A4 对账销号、闭环管理): by an approver holding a role the grade names, only with evidence on file; or 退回 when
/// the 验收 fails. See <see cref="SafetyHazard.Close"/>.
/// </summary>
public static class CloseHazard
{
    public static async Task HandleAsync(EduDb db, SafetyRules rules, int hazardId, string note, ActingUser approver, DateOnly today, DateOnly? on = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(approver);
        var h = await HazardFiles.FindAsync(db, hazardId, ct);
        if (h.Grade is null) throw new RuleException($"隐患 {h.Number} 尚未评估，不能销号");
        var evidence = await HazardFiles.EvidenceCountAsync(db, hazardId, ct);
        h.Close(rules.Grade(h.Grade), approver, evidence, note, on ?? today, today);
        await db.SaveChangesAsync(ct);
    }

    public static async Task RejectAsync(EduDb db, SafetyRules rules, int hazardId, string reason, ActingUser approver, DateOnly today, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(approver);
        var h = await HazardFiles.FindAsync(db, hazardId, ct);
        if (h.Grade is { } g && !rules.Grade(g).ApproverRoles.Any(approver.Holds))
        {
            throw new RuleException($"{rules.GradeName(g)}隐患的验收由{string.Join("或", rules.Grade(g).ApproverRoles)}办理，{approver.Name}无权退回");
        }
        h.Reject(reason, approver.Name, today);
        await db.SaveChangesAsync(ct);
    }
}
