using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.SpecialGroups;

/// <summary>资源教室 of a school (one row per school, updated in place), through the caller's scoped context.</summary>
public static class ResourceRooms
{
    public sealed record Command(int SchoolId, bool HasRoom, decimal? Area, int? YearBuilt, ResourceTeacherKind TeacherKind, string? Teacher);

    public static async Task SaveAsync(EduDb db, Command c, DateOnly today, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (!await db.Schools.AnyAsync(s => s.Id == c.SchoolId, ct)) throw new RuleException("未找到该学校（或不在您的管理范围内）") { Field = "学校" };
        if (c.HasRoom)
        {
            if (c.Area is not { } a || a <= 0 || a > 1000) throw new RuleException($"资源教室面积须在 1—1000 ㎡ 之间") { Field = "面积" };
            if (c.YearBuilt is not { } y || y < 1990 || y > today.Year) throw new RuleException($"建成年份须在 1990—{today.Year} 之间") { Field = "建成年份" };
        }
        var room = await db.ResourceRooms.FirstOrDefaultAsync(r => r.SchoolId == c.SchoolId, ct);
        if (room is null)
        {
            room = new ResourceRoom { SchoolId = c.SchoolId };
            db.ResourceRooms.Add(room);
        }
        room.HasRoom = c.HasRoom;
        room.Area = c.HasRoom ? c.Area : null;
        room.YearBuilt = c.HasRoom ? c.YearBuilt : null;
        room.TeacherKind = c.HasRoom ? c.TeacherKind : ResourceTeacherKind.None;
        room.Teacher = c.HasRoom && !string.IsNullOrWhiteSpace(c.Teacher) ? c.Teacher.Trim() : null;
        room.UpdatedOn = today;
        await db.SaveChangesAsync(ct);
    }

    public static string Label(ResourceTeacherKind kind) => kind switch
    {
        ResourceTeacherKind.FullTime => "专职",
        ResourceTeacherKind.PartTime => "兼职",
        _ => "无",
    };
}
