using EduCounty.Common;
using EduCounty.Common.Identity;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.SpecialGroups;

/// <summary>
/// 政府购买学位服务 at a 民办 school for a 学年 and 学段 (小学/初中): seats bought and 随迁子女 holding them (docs/adr/0038). A
/// second call for the same school, 学年 and 学段 updates the row; 0 seats removes it. Refused for a 公办 school (its 随迁子女
/// count already), for a stage outside 义务教育 or one the school does not have (a 民办幼儿园), for more holders than seats, and for anyone but 基教.
/// </summary>
public static class RecordPurchasedPlaces
{
    public sealed record Command(int SchoolId, SchoolYear Year, Stage Stage, int Seats, int MigrantHolders, string? Document);

    public static async Task HandleAsync(EduDb db, Command c, ActingUser by, DateOnly today, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(by);
        if (!by.HoldsAny(GroupsAccess.PurchaseRoles)) throw new RuleException("政府购买学位由县教育局基础教育科登记");
        var school = await db.Schools.AsNoTracking().FirstOrDefaultAsync(s => s.Id == c.SchoolId, ct)
            ?? throw new RuleException("未找到该学校（或不在您的管理范围内）") { Field = "学校" };
        if (school.Ownership == Ownership.Public)
        {
            throw new RuleException($"“{school.Name}”是公办学校，其随迁子女已计入公办就读，不登记购买学位") { Field = "学校" };
        }
        if (c.Stage is not (Stage.Primary or Stage.Junior)) throw new RuleException("购买学位只登记义务教育阶段（小学、初中）") { Field = "学段" };
        if (!HoldsStage(school.Type, c.Stage))
        {
            throw new RuleException($"“{school.Name}”没有{(c.Stage == Stage.Primary ? "小学" : "初中")}学段，不能登记该学段的购买学位") { Field = "学段" };
        }
        if (c.Year.FirstDay > today) throw new RuleException($"{c.Year} 学年尚未开始") { Field = "学年" };
        if (c.Seats is < 0 or > 100_000) throw new RuleException("购买学位数须在 0—100000 人之间") { Field = "购买学位数" };
        if (c.MigrantHolders < 0 || c.MigrantHolders > c.Seats)
        {
            throw new RuleException($"占用购买学位的随迁子女 {c.MigrantHolders} 人，须在 0 到购买学位数 {c.Seats} 人之间") { Field = "随迁子女人数" };
        }
        var row = await db.PurchasedPlaces.FirstOrDefaultAsync(p => p.SchoolId == c.SchoolId && p.Year == c.Year.StartYear && p.Stage == c.Stage, ct);
        if (c.Seats == 0)
        {
            if (row is not null) db.PurchasedPlaces.Remove(row);
            await db.SaveChangesAsync(ct);
            return;
        }
        if (row is null)
        {
            row = new PurchasedPlaces { SchoolId = c.SchoolId, Year = c.Year.StartYear, Stage = c.Stage, RecordedBy = by.Name };
            db.PurchasedPlaces.Add(row);
        }
        row.Seats = c.Seats;
        row.MigrantHolders = c.MigrantHolders;
        var doc = c.Document?.Trim();
        row.Document = string.IsNullOrEmpty(doc) ? null : doc.Length > 200 ? doc[..200] : doc;
        row.RecordedBy = by.Name;
        row.RecordedOn = today;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Whether a school of this type has the 学段 (a 民办幼儿园 holds no 小学 or 初中 places to buy).</summary>
    public static bool HoldsStage(SchoolType type, Stage stage) => Grades.For(type).Any(g => Grades.StageOf(g, type) == stage);

    /// <summary>Whether a school of this type has a 义务教育 学段 (小学 or 初中): the schools whose places may be bought.</summary>
    public static bool HoldsCompulsoryStage(SchoolType type) => HoldsStage(type, Stage.Primary) || HoldsStage(type, Stage.Junior);
}
