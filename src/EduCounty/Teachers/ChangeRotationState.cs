using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Teachers;

/// <summary>What happens to a rotation.</summary>
public enum RotationAction
{
    /// <summary>到岗.</summary>
    Start,

    /// <summary>结束.</summary>
    Complete,

    /// <summary>取消.</summary>
    Cancel,
}

/// <summary>Moves a rotation on: 到岗 on a date, 结束 on a date, or 取消 with a reason.</summary>
public sealed record ChangeRotationState(int RotationId, RotationAction Action, DateOnly? On, string? Reason = null);

public static class ChangeRotationStateHandler
{
    /// <summary>
    /// Applies the change (the entity refuses an illegal transition). When an <see cref="RotationKind.Exchange"/> starts, the
    /// teacher's post moves under 县管校聘 (teachers.md §3: the county holds the post, the school 聘用): the open
    /// assignment ends the day before and a new one at the receiving school begins, reason "交流轮岗" — one transaction,
    /// audited with the change.
    /// </summary>
    public static async Task HandleAsync(EduDb db, ChangeRotationState cmd, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(cmd);
        var rotation = await db.TeacherRotations.FirstOrDefaultAsync(r => r.Id == cmd.RotationId, ct)
            ?? throw new RuleException("找不到该交流安排（或不在您的管理范围内）") { Field = "id" };
        DateOnly Day() => cmd.On ?? throw new RuleException("请填写日期") { Field = "on" };
        switch (cmd.Action)
        {
            case RotationAction.Start:
                rotation.Start(Day());
                if (rotation.Kind == RotationKind.Exchange)
                {
                    await MovePostAsync(db, rotation, ct);
                }
                break;
            case RotationAction.Complete:
                rotation.Complete(Day());
                break;
            default:
                rotation.Cancel(cmd.Reason);
                break;
        }
        await db.SaveChangesAsync(ct);
    }

    private static async Task MovePostAsync(EduDb db, TeacherRotation rotation, CancellationToken ct)
    {
        var staff = await db.Staff.Include(s => s.Assignments).SingleAsync(s => s.Id == rotation.StaffId, ct);
        if (staff.SchoolId != rotation.FromSchoolId)
        {
            throw new RuleException($"{staff.Name} 现已不在原学校任教，不能按此安排到岗");
        }
        var open = staff.Assignments.Where(a => a.To is null).OrderByDescending(a => a.From).FirstOrDefault();
        if (open is not null)
        {
            if (open.From >= rotation.StartDate)
            {
                throw new RuleException($"到岗日期 {rotation.StartDate:yyyy-MM-dd} 不晚于现任职起始日 {open.From:yyyy-MM-dd}");
            }
            open.To = rotation.StartDate.AddDays(-1);
        }
        staff.Assignments.Add(new StaffAssignment { StaffId = staff.Id, SchoolId = rotation.ToSchoolId, From = rotation.StartDate, Reason = "交流轮岗" });
        staff.SchoolId = rotation.ToSchoolId;
    }
}
