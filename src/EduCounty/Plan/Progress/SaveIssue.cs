using EduCounty.Common;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Plan.Progress;

/// <summary>问题台账: register an item, edit its description fields, or act on it (开始整改 / 填报整改情况 / 销号 / 重新打开).</summary>
public static class SaveIssue
{
    /// <summary>The editable fields.</summary>
    public sealed record Fields(string Problem, string Source, string? IndicatorCode, int? TaskNumber, string ResponsibleUnit,
        string? ResponsiblePerson, DateOnly Deadline);

    /// <summary>Actions on an item.</summary>
    public enum Action { Start, Situation, Close, Reopen }

    /// <summary>Registers an item on <paramref name="on"/> (default: today by the database's clock).</summary>
    public static async Task<int> CreateAsync(EduDb db, PlanDocument plan, Fields f, DateOnly? on = null, CancellationToken ct = default)
    {
        var item = new IssueLedgerItem { PlanCode = plan.Code, Problem = "", Source = "", ResponsibleUnit = "" };
        Apply(item, plan, f);
        item.Register(on ?? PlanWork.Today(db.Clock));
        db.IssueLedger.Add(item);
        await db.SaveChangesAsync(ct);
        return item.Id;
    }

    public static async Task UpdateAsync(EduDb db, PlanDocument plan, int id, Fields f, CancellationToken ct = default)
    {
        var item = await FindAsync(db, plan.Code, id, ct);
        Apply(item, plan, f);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Acts on an item; <paramref name="text"/> is the 整改措施 (Start), 整改情况 (Situation, Close) or the reason (Reopen).</summary>
    public static async Task ActAsync(EduDb db, string planCode, int id, Action action, string? text, string by, DateOnly today, DateOnly? on = null,
        CancellationToken ct = default)
    {
        var item = await FindAsync(db, planCode, id, ct);
        switch (action)
        {
            case Action.Start: item.StartRectification(text ?? "", today); break;
            case Action.Situation: item.RecordSituation(text ?? ""); break;
            case Action.Close: item.Close(on ?? today, by, today, text); break;
            case Action.Reopen: item.Reopen(text ?? "", today); break;
        }
        await db.SaveChangesAsync(ct);
    }

    private static async Task<IssueLedgerItem> FindAsync(EduDb db, string planCode, int id, CancellationToken ct) =>
        await db.IssueLedger.SingleOrDefaultAsync(i => i.PlanCode == planCode && i.Id == id, ct)
        ?? throw new RuleException($"问题台账中没有编号为 {id} 的问题");

    private static void Apply(IssueLedgerItem item, PlanDocument plan, Fields f)
    {
        if (string.IsNullOrWhiteSpace(f.Problem)) throw new RuleException("问题不能为空");
        if (string.IsNullOrWhiteSpace(f.Source)) throw new RuleException("问题来源不能为空");
        if (string.IsNullOrWhiteSpace(f.ResponsibleUnit)) throw new RuleException("责任单位不能为空");
        if (f.TaskNumber is { } n && plan.Tasks.All(t => t.Number != n)) throw new RuleException($"规划中没有任务 {n}");
        if (!string.IsNullOrWhiteSpace(f.IndicatorCode) && plan.Indicators.All(i => i.Code != f.IndicatorCode))
        {
            throw new RuleException($"规划中没有指标 {f.IndicatorCode}");
        }
        item.Problem = f.Problem.Trim();
        item.Source = f.Source.Trim();
        item.IndicatorCode = string.IsNullOrWhiteSpace(f.IndicatorCode) ? null : f.IndicatorCode.Trim();
        item.TaskNumber = f.TaskNumber;
        item.ResponsibleUnit = f.ResponsibleUnit.Trim();
        item.ResponsiblePerson = string.IsNullOrWhiteSpace(f.ResponsiblePerson) ? null : f.ResponsiblePerson.Trim();
        item.Deadline = f.Deadline;
    }
}
