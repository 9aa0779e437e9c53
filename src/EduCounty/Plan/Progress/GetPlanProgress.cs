using System.Text.Json;
using System.Text.Json.Serialization;
using EduCounty.Common;
using EduCounty.Plan.Evaluation;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Plan.Progress;

/// <summary>
/// Where the plan's tasks, projects and 问题台账 stand on a day: the dashboard panels, the list pages, the CLI and
/// sections 三/四/五 of the reports read this. <see cref="Query.Today"/> is the day the picture is taken: states, progress,
/// cumulative figures, evidence and ledger items are those recorded as effective on or before it (the dated history,
/// docs/adr/0026), and 逾期 is judged against it. A school year's report uses <see cref="ForYearAsync"/>.
/// </summary>
public static class GetPlanProgress
{
    public sealed record Query(string PlanCode, DateOnly Today);

    public sealed record TaskRow(int Number, int Section, string Title, string ResponsibleUnits, PlanWorkState State, string StateLabel,
        int ProgressPercent, DateOnly? Deadline, bool Overdue, DateOnly? LastUpdateOn, string? LastUpdate, int Updates, int Evidence = 0,
        DateOnly? CompletedOn = null);

    public sealed record ProjectRow(int Id, string Code, int BoxNumber, string Name, string Kind, string Schools, decimal? AreaM2,
        decimal? InvestmentWan, decimal SpentWan, int? NewSeats, int SeatsDelivered, PlanWorkState State, string StateLabel,
        int ProgressPercent, DateOnly? Deadline, bool Overdue, DateOnly? LastUpdateOn, string? LastUpdate);

    public sealed record IssueRow(int Id, string Problem, string Source, string? IndicatorCode, int? TaskNumber, string ResponsibleUnit,
        string? ResponsiblePerson, DateOnly Deadline, string? Measures, string? Situation, IssueState State, string StateLabel,
        DateOnly? ClosedOn, string? ClosedBy, int Reopened, bool Overdue, DateOnly? RegisteredOn = null);

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

    /// <summary>
    /// The day a school year's reports are written as of: the year's last day (31 August), or <paramref name="today"/> while the
    /// year is running, or the freeze day if the year was frozen before it ended (docs/adr/0026).
    /// </summary>
    public static DateOnly AsOfDay(int year, DateOnly today, DateTimeOffset? frozenAt = null)
    {
        var day = new SchoolYear(year).LastDay;
        if (today < day) day = today;
        if (frozenAt is { } f && DateOnly.FromDateTime(f.DateTime) < day) day = DateOnly.FromDateTime(f.DateTime);
        return day;
    }

    /// <summary>
    /// The picture of a school year: a frozen year's stored snapshot (the same figures whatever is entered later), else the
    /// picture as of <see cref="AsOfDay"/>.
    /// </summary>
    public static async Task<Result> ForYearAsync(EduDb db, PlanDocument plan, int year, DateOnly today, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(plan);
        var freeze = await db.PlanYearFreezes.AsNoTracking()
            .Where(f => f.PlanCode == plan.Code && f.DivisionCode == plan.DivisionCode && f.Year == year)
            .Select(f => new { f.FrozenAt, f.ProgressJson })
            .FirstOrDefaultAsync(ct);
        if (freeze?.ProgressJson is { Length: > 0 } json)
        {
            return JsonSerializer.Deserialize(json, PlanProgressJsonContext.Default.Result)
                ?? throw new InvalidOperationException("冻结的任务进展快照无法读取");
        }

        return await HandleAsync(db, new Query(plan.Code, AsOfDay(year, today, freeze?.FrozenAt)), ct);
    }

    /// <summary>A picture as JSON (stored with a freeze).</summary>
    public static string ToJson(Result result) => JsonSerializer.Serialize(result, PlanProgressJsonContext.Default.Result);

    public static async Task<Result> HandleAsync(EduDb db, Query q, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(q);
        var day = q.Today;
        var updates = (await db.PlanProgressUpdates.AsNoTracking()
                .Where(u => u.Date <= day && (db.Set<PlanTaskRecord>().Any(t => t.Id == u.TaskId && t.PlanCode == q.PlanCode)
                    || db.Set<PlanProjectRecord>().Any(p => p.Id == u.ProjectId && p.PlanCode == q.PlanCode)))
                .Select(u => new Update(u.Id, u.TaskId, u.ProjectId, u.Date, u.Text, u.Percent, u.SpentWan, u.SeatsDelivered, u.Attachments.Count))
                .ToListAsync(ct))
            .OrderByDescending(u => u.Date).ThenByDescending(u => u.Id).ToList();
        var taskRows = await TasksAsync(db, q, updates.Where(u => u.TaskId is not null).ToLookup(u => u.TaskId!.Value), ct);
        var projectRows = await ProjectsAsync(db, q, updates.Where(u => u.ProjectId is not null).ToLookup(u => u.ProjectId!.Value), ct);
        var issueRows = await IssuesAsync(db, q, ct);
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

    private sealed record Update(int Id, int? TaskId, int? ProjectId, DateOnly Date, string Text, int? Percent, decimal? SpentWan, int? SeatsDelivered, int Evidence);

    /// <summary>The state on a day: 已完成 from the completion day, 推进中 from the start day (states only move forward).</summary>
    private static PlanWorkState StateOn(DateOnly? started, DateOnly? completed, DateOnly day) =>
        completed is { } c && c <= day ? PlanWorkState.Done : started is { } s && s <= day ? PlanWorkState.InProgress : PlanWorkState.NotStarted;

    private static int PercentOn(PlanWorkState state, IEnumerable<Update> updates) =>
        state == PlanWorkState.Done ? 100 : updates.FirstOrDefault(u => u.Percent is not null)?.Percent ?? 0;

    private static async Task<List<TaskRow>> TasksAsync(EduDb db, Query q, ILookup<int, Update> updates, CancellationToken ct)
    {
        var tasks = await db.PlanTasks.AsNoTracking().Where(t => t.PlanCode == q.PlanCode).OrderBy(t => t.Number)
            .Select(t => new { t.Id, t.Number, t.Section, t.Title, t.ResponsibleUnits, t.Deadline, t.StartedOn, t.CompletedOn })
            .ToListAsync(ct);
        return [.. tasks.Select(t =>
        {
            var mine = updates[t.Id].ToList();
            var state = StateOn(t.StartedOn, t.CompletedOn, q.Today);
            var last = mine.FirstOrDefault();
            return new TaskRow(t.Number, t.Section, t.Title, t.ResponsibleUnits, state, PlanWork.Label(state), PercentOn(state, mine), t.Deadline,
                PlanWork.IsOverdue(state, t.Deadline, q.Today), last?.Date, last?.Text, mine.Count, mine.Sum(u => u.Evidence),
                state == PlanWorkState.Done ? t.CompletedOn : null);
        })];
    }

    private static async Task<List<ProjectRow>> ProjectsAsync(EduDb db, Query q, ILookup<int, Update> updates, CancellationToken ct)
    {
        var projects = await db.PlanProjects.AsNoTracking().Where(p => p.PlanCode == q.PlanCode).OrderBy(p => p.BoxNumber).ThenBy(p => p.Id)
            .Select(p => new { p.Id, p.Code, p.BoxNumber, p.Name, p.Kind, p.Schools, p.AreaM2, p.InvestmentWan, p.NewSeats, p.Deadline, p.StartedOn, p.CompletedOn })
            .ToListAsync(ct);
        return [.. projects.Select(p =>
        {
            var mine = updates[p.Id].ToList();
            var state = StateOn(p.StartedOn, p.CompletedOn, q.Today);
            var last = mine.FirstOrDefault();
            // Cumulative figures (累计): the latest report on or before the day.
            var spent = mine.FirstOrDefault(u => u.SpentWan is not null)?.SpentWan ?? 0m;
            var seats = mine.FirstOrDefault(u => u.SeatsDelivered is not null)?.SeatsDelivered ?? 0;
            return new ProjectRow(p.Id, p.Code, p.BoxNumber, p.Name, KindLabel(p.Kind), p.Schools, p.AreaM2, p.InvestmentWan, spent, p.NewSeats,
                seats, state, PlanWork.Label(state), PercentOn(state, mine), p.Deadline, PlanWork.IsOverdue(state, p.Deadline, q.Today),
                last?.Date, last?.Text);
        })];
    }

    private static async Task<List<IssueRow>> IssuesAsync(EduDb db, Query q, CancellationToken ct)
    {
        var day = q.Today;
        var issues = await db.IssueLedger.AsNoTracking().Where(i => i.PlanCode == q.PlanCode && i.RegisteredOn <= day)
            .OrderBy(i => i.Deadline).ThenBy(i => i.Id)
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
                i.RegisteredOn,
                History = i.History.Where(h => h.On <= day).OrderBy(h => h.On).ThenBy(h => h.Id).Select(h => new { h.State, h.On, h.Note }).ToList(),
            }).ToListAsync(ct);
        return [.. issues.Select(i =>
        {
            // The state on the day from the dated history; an item without history (recorded before it existed) keeps its state.
            var state = i.History.Count > 0 ? (IssueState)i.History[^1].State : i.State;
            var closed = state == IssueState.Closed ? i.History.LastOrDefault(h => h.State == (int)IssueState.Closed) : null;
            var reopened = i.History.Count(h => h.Note?.StartsWith("重新打开", StringComparison.Ordinal) == true);
            return new IssueRow(i.Id, i.Problem, i.Source, i.IndicatorCode, i.TaskNumber, i.ResponsibleUnit, i.ResponsiblePerson, i.Deadline,
                state == IssueState.Pending ? null : i.Measures, SituationOn(i.Situation, state, day, i.ClosedOn), state, IssueLedgerItem.Label(state),
                closed?.On ?? (state == IssueState.Closed ? i.ClosedOn : null), state == IssueState.Closed ? i.ClosedBy : null,
                reopened, state != IssueState.Closed && day > i.Deadline, i.RegisteredOn);
        })];
    }

    /// <summary>
    /// The 整改情况 as known on the day: none before rectification, none when the item was closed after the day (the text is
    /// the one written on closing, undated); dated lines (重新打开) after the day left out.
    /// </summary>
    private static string? SituationOn(string? situation, IssueState state, DateOnly day, DateOnly? closedOn)
    {
        if (state == IssueState.Pending || situation is null || closedOn > day) return null;
        var lines = situation.Split('\n').Where(l => !(l.Length >= 10 && DateOnly.TryParseExact(l[..10], "yyyy-MM-dd", out var d) && d > day));
        var text = string.Join('\n', lines).Trim();
        return text.Length == 0 ? null : text;
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(GetPlanProgress.Result))]
internal sealed partial class PlanProgressJsonContext : JsonSerializerContext;
