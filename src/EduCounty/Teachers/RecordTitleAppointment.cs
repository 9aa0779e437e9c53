using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Teachers;

/// <summary>Records a 职称 appointment (专业技术职务聘任, teachers.md §6, §9 tab 5): the level and the date it took effect.</summary>
public sealed record RecordTitleAppointment(int StaffId, Title Title, DateOnly AppointedOn);

public static class RecordTitleAppointmentHandler
{
    /// <summary>Saves the appointment (audited); when it is the teacher's latest, the registry's 职称 follows. One appointment a day.</summary>
    public static async Task<int> HandleAsync(EduDb db, RecordTitleAppointment cmd, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(cmd);
        var staff = await db.Staff.FirstOrDefaultAsync(s => s.Id == cmd.StaffId, ct)
            ?? throw new RuleException("找不到该教职工（或不在您的管理范围内）") { Field = "staff" };
        if (cmd.AppointedOn > SchoolYear.Today(db.Clock))
        {
            throw new RuleException($"聘任日期 {cmd.AppointedOn:yyyy-MM-dd} 晚于今天") { Field = "appointedOn" };
        }
        var dates = await db.TeacherTitleAppointments.Where(a => a.StaffId == staff.Id).Select(a => a.AppointedOn).ToListAsync(ct);
        if (dates.Contains(cmd.AppointedOn))
        {
            throw new RuleException($"{staff.Name} 在 {cmd.AppointedOn:yyyy-MM-dd} 已有聘任记录") { Field = "appointedOn" };
        }
        var a = new TeacherTitleAppointment { StaffId = staff.Id, Title = cmd.Title, AppointedOn = cmd.AppointedOn };
        db.TeacherTitleAppointments.Add(a);
        if (dates.All(d => d < cmd.AppointedOn))
        {
            staff.Title = cmd.Title;
        }
        await db.SaveChangesAsync(ct);
        return a.Id;
    }
}
