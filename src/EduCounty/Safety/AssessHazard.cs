using EduCounty.Common;
using EduCounty.Common.Identity;

namespace EduCounty.Safety;

/// <summary>评估: grade, deadline by grade, 治理方案 and 挂牌督办 (§A3, §A4); see <see cref="SafetyHazard.Assess"/>.</summary>
public static class AssessHazard
{
    public static async Task HandleAsync(EduDb db, SafetyRules rules, int hazardId, string grade, Assessment assessment, ActingUser by, DateOnly today,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(by);
        ArgumentNullException.ThrowIfNull(assessment);
        var g = rules.Grade(grade);
        if (assessment.RiskLevel is { Length: > 0 } r && rules.RiskLevels.All(x => x.Code != r))
        {
            throw new RuleException($"未知的风险等级“{r}”，可选：{string.Join("、", rules.RiskLevels.Select(x => $"{x.Code}（{x.Name}）"))}");
        }
        var h = await HazardFiles.FindAsync(db, hazardId, ct);
        h.Assess(g, assessment, by.Name, today);
        await db.SaveChangesAsync(ct);
    }
}
