using EduCounty.Common;
using EduCounty.Common.Identity;
using EduCounty.Common.Protection;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.DropoutPrevention;

/// <summary>
/// Records a 劝返 attempt on an open case (dropout-prevention.md §4: "record every 劝返 attempt"; §5 fields: 日期, 方式,
/// 参与人, 结果, 证据, 下次计划日期), and updates the case's causes, 联控联保 responsible persons and notes
/// (<see cref="UpdateAsync"/>). Both go through the caller's scoped context and are audited by the save.
/// </summary>
public static class RecordPersuasion
{
    public sealed record Command(int CaseId, DateOnly Date, string Method, string Participants, string Result, string? Evidence, DateOnly? NextOn);

    public sealed record Details(IReadOnlyList<string> Causes, string? SchoolResponsible, string? TownshipResponsible, string? VillageResponsible, string? Notes);

    public static async Task<int> HandleAsync(EduDb db, DropoutRules rules, Command c, ActingUser by, DateOnly today, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(by);
        var k = await FindAsync(db, c.CaseId, ct);
        k.RequireOpen();
        rules.Method(c.Method);
        if (c.Date > today) throw new RuleException($"劝返日期 {c.Date:yyyy-MM-dd} 晚于今天") { Field = "劝返日期" };
        if (c.Date < k.LeftOn) throw new RuleException($"劝返日期 {c.Date:yyyy-MM-dd} 早于离校日期 {k.LeftOn:yyyy-MM-dd}") { Field = "劝返日期" };
        if (string.IsNullOrWhiteSpace(c.Participants)) throw new RuleException("请填写参与劝返的人员") { Field = "参与人" };
        if (string.IsNullOrWhiteSpace(c.Result)) throw new RuleException("请填写劝返结果") { Field = "劝返结果" };
        if (c.NextOn is { } next && next <= c.Date) throw new RuleException($"下次劝返日期 {next:yyyy-MM-dd} 须晚于本次 {c.Date:yyyy-MM-dd}") { Field = "下次劝返日期" };
        var step = new PersuasionStep
        {
            CaseId = k.Id,
            Date = c.Date,
            Method = c.Method,
            Participants = c.Participants.Trim(),
            Result = c.Result.Trim(),
            Evidence = OpenDropoutCase.Trim(c.Evidence),
            NextOn = c.NextOn,
            RecordedBy = by.Name,
        };
        k.Steps.Add(step);
        await db.SaveChangesAsync(ct);
        return step.Id;
    }

    public static async Task UpdateAsync(EduDb db, DropoutRules rules, PersonalDataProtector protector, int caseId, Details d, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(d);
        var k = await FindAsync(db, caseId, ct);
        k.RequireOpen();
        k.Causes = rules.CheckCauses(d.Causes);
        k.SchoolResponsible = OpenDropoutCase.Trim(d.SchoolResponsible);
        k.TownshipResponsible = OpenDropoutCase.Trim(d.TownshipResponsible);
        k.VillageResponsible = OpenDropoutCase.Trim(d.VillageResponsible);
        if (d.Notes is not null) k.SetNotes(protector, d.Notes);
        await db.SaveChangesAsync(ct);
    }

    internal static async Task<DropoutCase> FindAsync(EduDb db, int id, CancellationToken ct) =>
        await db.DropoutCases.Include(k => k.Steps).FirstOrDefaultAsync(k => k.Id == id, ct)
        ?? throw new RuleException($"未找到个案 KC{id:D5}（或不在您的管理范围内）");
}
