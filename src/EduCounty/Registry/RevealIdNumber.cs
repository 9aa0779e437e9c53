using System.Globalization;
using EduCounty.Common;
using EduCounty.Common.Protection;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Registry;

/// <summary>
/// Shows one person's full 身份证号 to a user holding the right (issue 6 §5: "masked on every screen and export by
/// default; revealing one needs a right and is audited"). The read goes through the caller's context, so the school
/// scope applies: a person outside it is not found. Every reveal and every refused attempt is an audit entry.
/// </summary>
public static class RevealIdNumber
{
    public const string Action = "reveal";
    public const string RefusedAction = "reveal-refused";

    public sealed record Command(string Entity, int Id, bool HasRight);

    public enum Outcome { Revealed, Refused, NotFound }

    public sealed record Result(Outcome Outcome, string? IdNumber);

    public static async Task<Result> HandleAsync(EduDb db, PersonalDataProtector protector, Command c, CancellationToken ct = default)
    {
        var id = c.Id.ToString(CultureInfo.InvariantCulture);
        if (!c.HasRight)
        {
            await db.AuditAsync(RefusedAction, c.Entity, id, "无查看身份证号权限，已拒绝", ct);
            return new Result(Outcome.Refused, null);
        }
        var found = c.Entity switch
        {
            nameof(Student) => await db.Students.Where(s => s.Id == c.Id).Select(s => new { s.IdNumberCipher }).FirstOrDefaultAsync(ct),
            nameof(Staff) => await db.Staff.Where(s => s.Id == c.Id).Select(s => new { s.IdNumberCipher }).FirstOrDefaultAsync(ct),
            _ => null,
        };
        if (found?.IdNumberCipher is null)
        {
            return new Result(Outcome.NotFound, null);
        }
        var value = protector.Decrypt(found.IdNumberCipher);
        await db.AuditAsync(Action, c.Entity, id, "查看完整身份证号", ct);
        return new Result(Outcome.Revealed, value);
    }
}
