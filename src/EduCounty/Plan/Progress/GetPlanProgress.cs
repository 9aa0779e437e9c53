using EduCounty.Common;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Plan.Progress;

/// <summary>
/// Where the plan's tasks, projects and 问题台账 stand on a day: the dashboard panels, the list pages, the CLI and
/// sections 三/四/五 of the annual report read this. 逾期 is computed here from <see cref="Query.Today"/>.
/// </summary>
public static class GetPlanProgress
{
    public sealed record Query(string PlanCode, DateOnly Today);

    public sealed record TaskRow(int Number, int Section, string Title, string ResponsibleUnits, PlanWorkState State, string StateLabel,
        int ProgressPercent, DateOnly? Deadline, bool Overdue, DateOnly? LastUpdateOn, string? LastUpdate, int Updates);

    public sealed record ProjectRow(int Id, string Code, int BoxNumber, string Name, string Kind, string Schools, decimal? AreaM2,
        decimal? InvestmentWan, decimal SpentWan, int? NewSeats, int SeatsDelivered, PlanWorkState State, string StateLabel,
        int ProgressPercent, DateOnly? Deadline, bool Overdue, DateOnly? LastUpdateOn, string? LastUpdate);

    public sealed record IssueRow(int Id, string Problem, string Source, string? IndicatorCode, int? TaskNumber, string ResponsibleUnit,
        string? ResponsiblePerson, DateOnly Deadline, string? Measures, string? Situation, IssueState State, string StateLabel,
        DateOnly? ClosedOn, string? ClosedBy, int Reopened, bool Overdue);

    /// <summary>Counts by state plus 逾期.</summary>
    public sealed record Counts(int NotStarted, int InProgress, int Done, int Overdue, int AverageProgress);

    public sealed record IssueCounts(int Pending, int Rectifying, int Closed, int Overdue);

    /// <summary>The whole picture. Figures in 万元 and 个 (学位).</summary>
    public sealed record Result(string PlanCode, DateOnly Today, IReadOnlyList<TaskRow> Tasks, IReadOnlyList<ProjectRow> Projects,
        IReadOnlyList<IssueRow> Issues, Counts TaskCounts, Counts ProjectCounts, IssueCounts IssueCount,
        decimal InvestmentWan, decimal SpentWan, int NewSeats, int SeatsDelivered)
    {
        /// <summary>Ledger items past their deadline and not closed, earliest deadline first.</summary>
        public IEnumerable<IssueRow> OverdueIssues => Issues.Where(i => i.Overdue).OrderBy(i => i.Deadline);
    }

    public static string KindLabel(ProjectKind? k) => k switch
    {
        ProjectKind.New => "新建",
        ProjectKind.Expansion => "改扩建",
        ProjectKind.Improvement => "改善",
        _ => "",
    };

    public static async Task<Result> HandleAsync(EduDb db, Query q, CancellationToken ct = default)
    {
        var tasks = await db.PlanTasks.AsNoTracking().Where(t => t.PlanCode == q.PlanCode).OrderBy(t => t.Number)
            .Select(t => new
            {
                t.Number,
                t.Section,
                t.Title,
                t.ResponsibleUnits,
                t.State,
                t.ProgressPercent,
                t.Deadline,
                Last = t.Updates.OrderByDescending(u => u.Date).ThenByDescending(u => u.Id).Select(u => new { u.Date, u.Text }).FirstOrDefault(),
                Updates = t.Updates.Count,
            }).ToListAsync(ct);
        var projects = await db.PlanProjects.AsNoTracking().Where(p => p.PlanCode == q.PlanCode).OrderBy(p => p.BoxNumber).ThenBy(p => p.Id)
            .Select(p => new
            {
                p.Id,
                p.Code,
                p.BoxNumber,
                p.Name,
                p.Kind,
                p.Schools,
                p.AreaM2,
                p.InvestmentWan,
                p.SpentWan,
                p.NewSeats,
                p.SeatsDelivered,
                p.State,
                p.ProgressPercent,
                p.Deadline,
                Last = p.Updates.OrderByDescending(u => u.Date).ThenByDescending(u => u.Id).Select(u => new { u.Date, u.Text }).FirstOrDefault(),
            }).ToListAsync(ct);
        var issues = await db.IssueLedger.AsNoTracking().Where(i => i.PlanCode == q.PlanCode).OrderBy(i => i.Deadline).ThenBy(i => i.Id)
            .Select(i => new
            {
                i.Id,
                i.Problem,
                i.Source,
                i.IndicatorCode,
                i.TaskNumber,
                i.ResponsibleUnit,
                i.ResponsiblePerson,
                i.Deadline,
                i.Measures,
                i.Situation,
                i.State,
                i.ClosedOn,
                i.ClosedBy,
                i.Reopened,
            }).ToListAsync(ct);
        var taskRows = tasks.Select(t => new TaskRow(t.Number, t.Section, t.Title, t.ResponsibleUnits, t.State, PlanWork.Label(t.State),
            t.ProgressPercent, t.Deadline, PlanWork.IsOverdue(t.State, t.Deadline, q.Today), t.Last?.Date, t.Last?.Text, t.Updates)).ToList();
        var projectRows = projects.Select(p => new ProjectRow(p.Id, p.Code, p.BoxNumber, p.Name, KindLabel(p.Kind), p.Schools, p.AreaM2,
            p.InvestmentWan, p.SpentWan, p.NewSeats, p.SeatsDelivered, p.State, PlanWork.Label(p.State), p.ProgressPercent, p.Deadline,
            PlanWork.IsOverdue(p.State, p.Deadline, q.Today), p.Last?.Date, p.Last?.Text)).ToList();
        var issueRows = issues.Select(i => new IssueRow(i.Id, i.Problem, i.Source, i.IndicatorCode, i.TaskNumber, i.ResponsibleUnit,
            i.ResponsiblePerson, i.Deadline, i.Measures, i.Situation, i.State, IssueLedgerItem.Label(i.State), i.ClosedOn, i.ClosedBy,
            i.Reopened, i.State != IssueState.Closed && q.Today > i.Deadline)).ToList();
        static Counts CountsOf(IReadOnlyCollection<(PlanWorkState State, int Percent, bool Overdue)> rows) => new(
            rows.Count(r => r.State == PlanWorkState.NotStarted), rows.Count(r => r.State == PlanWorkState.InProgress),
            rows.Count(r => r.State == PlanWorkState.Done), rows.Count(r => r.Overdue),
            rows.Count == 0 ? 0 : (int)Math.Round(rows.Average(r => r.Percent), MidpointRounding.AwayFromZero));
        return new Result(q.PlanCode, q.Today, taskRows, projectRows, issueRows,
            CountsOf([.. taskRows.Select(t => (t.State, t.ProgressPercent, t.Overdue))]),
            CountsOf([.. projectRows.Select(p => (p.State, p.ProgressPercent, p.Overdue))]),
            new IssueCounts(issueRows.Count(i => i.State == IssueState.Pending), issueRows.Count(i => i.State == IssueState.Rectifying),
                issueRows.Count(i => i.State == IssueState.Closed), issueRows.Count(i => i.Overdue)),
            projectRows.Sum(p => p.InvestmentWan ?? 0), projectRows.Sum(p => p.SpentWan),
            projectRows.Sum(p => p.NewSeats ?? 0), projectRows.Sum(p => p.SeatsDelivered));
    }
}
