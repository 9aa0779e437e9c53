using EduCounty.Common;
using EduCounty.Common.Identity;
using EduCounty.DropoutPrevention;
using EduCounty.Registry;
using EduCounty.Security;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Demo;

/// <summary>
/// 控辍保学 in the demo county (issue 17 item 6): the sync opens one case per recorded 义务教育 dropout (and per 休学 past
/// the limit); each dropout case gets a deterministic 劝返 history (dropout-prevention.md §4–§5): a 家访 within days, then
/// for about two in three a 联合劝返 that brings the child back (a 复学 异动 in 学籍, then 销号 已劝返复学), for some a
/// 法律文书 and a call without success (still open), for the rest only the first visit (open, overdue).
/// </summary>
public static class DemoDropout
{
    public static async Task FillAsync(EduDb db, int lastYear, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (await db.DropoutCases.AnyAsync(ct)) return;
        var rules = DropoutRules.Default();
        await SyncDropoutCases.HandleAsync(db, rules, new SchoolYear(lastYear).LastDay, ct);
        var rng = new Random(20251017);
        var school = new ActingUser("demo-school", "学校管理员", [Roles.SchoolAdmin]);
        var cases = await db.DropoutCases.Where(k => k.Kind == CaseKind.Dropout).OrderBy(k => k.Id).Select(k => k.Id).ToListAsync(ct);
        foreach (var id in cases)
        {
            // One case at a time in the change tracker: each save would otherwise scan every case, step and student so far.
            db.ChangeTracker.Clear();
            var k = await db.DropoutCases.SingleAsync(c => c.Id == id, ct);
            k.SchoolResponsible = "班主任 " + DemoNames.Name(rng, Sex.Female, "01");
            k.TownshipResponsible = "乡镇包联干部 " + DemoNames.Name(rng, Sex.Male, "01");
            k.VillageResponsible = "村委会主任 " + DemoNames.Name(rng, Sex.Male, "01");
            await db.SaveChangesAsync(ct);
            var visit = k.LeftOn.AddDays(rng.Next(3, 11));
            await Step(db, rules, k.Id, visit, "HomeVisit", "班主任、村委会主任", "了解辍学原因，家长暂不同意返校", "家访记录表", school, ct);
            var x = rng.NextDouble();
            if (x < 0.65)
            {
                var joint = visit.AddDays(rng.Next(7, 21));
                await Step(db, rules, k.Id, joint, "Joint", "乡镇包联干部、校长、村委会主任", "家长和学生同意返校，学校安排学业帮扶", "联合劝返记录", school, ct);
                var back = joint.AddDays(2);
                var student = await db.Students.SingleAsync(s => s.Id == k.StudentId, ct);
                student.ReturnAfterDropout(back, "劝返复学");
                await db.SaveChangesAsync(ct);
                await CloseDropoutCase.HandleAsync(db, new CloseDropoutCase.Command(k.Id, CaseClosure.Returned, back, null), school, back, ct);
            }
            else if (x < 0.8)
            {
                var notice = visit.AddDays(rng.Next(10, 25));
                await Step(db, rules, k.Id, notice, "LegalNotice", "乡镇人民政府", "已送达《责令限期复学通知书》", "通知书送达回执", school, ct);
                await Step(db, rules, k.Id, notice.AddDays(15), "Phone", "班主任", "学生仍在外务工，未返校", null, school, ct);
            }
        }
        db.ChangeTracker.Clear();
    }

    private static Task<int> Step(EduDb db, DropoutRules rules, int id, DateOnly date, string method, string who, string result, string? evidence, ActingUser by,
        CancellationToken ct) =>
        RecordPersuasion.HandleAsync(db, rules, new RecordPersuasion.Command(id, date, method, who, result, evidence, null), by, date, ct);
}
