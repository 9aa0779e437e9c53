using System.Text.Json;
using EduCounty.Common;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Plan.Evaluation;

/// <summary>
/// Freezes a school year's county results as the official annual evaluation (年度评估): who and when are kept (and
/// the change is audited); from then on the year is read from the freeze, so later record edits do not change it.
/// </summary>
public static class FreezePlanYear
{
    /// <summary>Freezes <paramref name="year"/> of <paramref name="plan"/> for the plan's county.</summary>
    /// <exception cref="InvalidOperationException">The year is already frozen (message in Chinese, with who and when).</exception>
    /// <summary>
    /// Writes the annual report's inputs of the year being frozen (JSON for <see cref="PlanYearFreeze.ReportJson"/>); set by
    /// the Reports feature (a module initializer: Plan names no later feature, docs/adr/0020). Arguments: the database, the
    /// plan, the live evaluation of the year, the freeze day.
    /// </summary>
    public static Func<EduDb, PlanEvaluation, DateOnly, CancellationToken, Task<string?>>? ReportSnapshot { get; set; }

    public static async Task<PlanYearFreeze> HandleAsync(EduDb db, PlanDocument plan, int year, string frozenBy, TimeProvider? clock = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentException.ThrowIfNullOrWhiteSpace(frozenBy);
        var existing = await db.PlanYearFreezes.AsNoTracking()
            .Where(f => f.PlanCode == plan.Code && f.DivisionCode == plan.DivisionCode && f.Year == year)
            .Select(f => new { f.FrozenBy, f.FrozenAt })
            .FirstOrDefaultAsync(ct);
        if (existing is not null)
        {
            throw new RuleException(
                $"{new SchoolYear(year)} 学年的年度评估已于 {LocalTime.Text(existing.FrozenAt)} 由 {existing.FrozenBy} 冻结，不能重复冻结");
        }

        var now = (clock ?? db.Clock).GetLocalNow();
        var evaluation = await EvaluatePlan.HandleAsync(db, plan, year, clock: clock, ct: ct);
        // The tasks, projects and 问题台账 as of the year's end (or now, if earlier): the year's reports read this snapshot.
        var progress = await Progress.GetPlanProgress.HandleAsync(db,
            new Progress.GetPlanProgress.Query(plan.Code, Progress.GetPlanProgress.AsOfDay(year, DateOnly.FromDateTime(now.DateTime))), ct);
        var freeze = new PlanYearFreeze
        {
            PlanCode = plan.Code,
            DivisionCode = plan.DivisionCode,
            Year = year,
            FrozenBy = frozenBy,
            // Stored in UTC: PostgreSQL refuses another offset (the host's clock gives Beijing time; LocalTime.Text shows it back).
            FrozenAt = now.ToUniversalTime(),
            ProgressJson = Progress.GetPlanProgress.ToJson(progress),
            ReportJson = ReportSnapshot is { } snapshot ? await snapshot(db, evaluation, DateOnly.FromDateTime(now.DateTime), ct) : null,
            DataVersions = await Periods.GetPeriodStatus.VersionsTextAsync(db, year, ct),
            Values = [.. evaluation.Rows.Select(r => new FrozenIndicatorValue
            {
                IndicatorCode = r.Indicator.Code,
                Numerator = r.Value.Numerator,
                Denominator = r.Value.Denominator,
                Value = r.Value.Value is { } v ? Math.Round(v, 12, MidpointRounding.AwayFromZero) : null,
                RoundedValue = r.Value.RoundedValue,
                Expression = r.Value.Expression,
                Description = r.Value.Description,
                AsOf = r.Value.AsOf.ToUniversalTime(),
                MissingReason = r.Value.MissingReason,
                Status = r.Status,
                StatusReason = r.Judgement.Reason,
                PathValue = r.Judgement.PathValue is { } p ? Math.Round(p, 6, MidpointRounding.AwayFromZero) : null,
                Projection = r.Projection.Value,
                ProjectionMethod = r.Projection.Method,
                InputsJson = JsonSerializer.Serialize(r.Inputs.ToList(), PlanEvaluationJsonContext.Default.ListElementInput),
            })],
        };
        db.PlanYearFreezes.Add(freeze);
        await db.SaveChangesAsync(ct);
        return freeze;
    }
}
