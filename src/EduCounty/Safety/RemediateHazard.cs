using EduCounty.Common;
using EduCounty.Common.Identity;

namespace EduCounty.Safety;

/// <summary>治理 and 管控: start remediation, or keep the hazard under 临时管控措施 while it cannot be fixed at once (§A1).</summary>
public static class RemediateHazard
{
    public static async Task StartAsync(EduDb db, int hazardId, string? note, ActingUser by, DateOnly today, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        var h = await HazardFiles.FindAsync(db, hazardId, ct);
        h.StartRemediation(by.Name, today, note);
        await db.SaveChangesAsync(ct);
    }

    public static async Task ControlAsync(EduDb db, int hazardId, string interimMeasures, ActingUser by, DateOnly today, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        var h = await HazardFiles.FindAsync(db, hazardId, ct);
        h.Control(interimMeasures, by.Name, today);
        await db.SaveChangesAsync(ct);
    }
}
