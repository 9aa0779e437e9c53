using EduCounty.Balance;
using EduCounty.Common;
using EduCounty.Plan;
using EduCounty.Plan.Evaluation;
using EduCounty.Plan.Progress;

namespace EduCounty.Reports;

/// <summary>
/// The 公文 settings of a county's reports: 主送机关 and 发文机关署名 (GB/T 9704). Defaults come from the plan file
/// (<c>officialDocument</c>); a deployment overrides them with <c>EduCounty:Reports:&lt;county code&gt;:Recipients</c>
/// (separated by 、 or ,) and <c>:Issuer</c>, a CLI run with <c>--to</c> and <c>--issuer</c>.
/// </summary>
public sealed record ReportSettings(IReadOnlyList<string> Recipients, string Issuer)
{
    /// <summary>The settings of <paramref name="plan"/>'s county, each part overridden when given.</summary>
    public static ReportSettings For(PlanDocument plan, string? recipients = null, string? issuer = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var doc = plan.OfficialDocument;
        IReadOnlyList<string> to = !string.IsNullOrWhiteSpace(recipients)
            ? [.. recipients.Split(['、', ',', '，', ';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]
            : doc?.Recipients ?? [$"{plan.DivisionName}人民政府"];
        return new ReportSettings(to, !string.IsNullOrWhiteSpace(issuer) ? issuer.Trim() : doc?.Issuer ?? $"{plan.DivisionName}教育局");
    }
}

/// <summary>
/// What a report reads besides the indicator evaluation, all as of the report's day (docs/adr/0026): the day itself (the
/// school year's end, or its freeze), task/project/问题台账 progress (a frozen year's stored snapshot), the quantified targets,
/// the county's basic figures, the 优质均衡 verdict, and the 公文 parts.
/// </summary>
public sealed record ReportInputs(
    DateOnly AsOf,
    GetPlanProgress.Result Progress,
    IReadOnlyList<TargetResult> Targets,
    CountyFigures Figures,
    IReadOnlyList<string> Balance,
    bool BalancePass,
    OfficialForm Form)
{
    /// <summary>Further titled paragraphs under 五 (教育督导, 校园安全, 学位预测: SupervisionReportSection, SafetyReportSection, ForecastReportSection).</summary>
    public IReadOnlyList<(string Title, IReadOnlyList<string> Lines)> Sections { get; init; } = [];

    /// <summary>
    /// Loads the inputs of the report on <paramref name="e"/>'s year. <paramref name="today"/> bounds the day (a running year
    /// is reported as of today); <paramref name="date"/> is the 成文日期 (default: the freeze day of a frozen year, else today).
    /// </summary>
    public static async Task<ReportInputs> LoadAsync(EduDb db, PlanEvaluation e, DateOnly today, ReportSettings? settings = null,
        DateOnly? date = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(e);
        var plan = e.Plan;
        var frozenOn = e.Frozen is { } f ? DateOnly.FromDateTime(f.FrozenAt.DateTime) : (DateOnly?)null;
        var progress = await GetPlanProgress.ForYearAsync(db, plan, e.Year, today, ct);
        var targets = await PlanTargets.EvaluateAsync(db, plan, e.Year, ct);
        var figures = await CountyFigures.LoadAsync(db, plan.DivisionCode, e.Year, ct);
        var verdict = await EvaluateCountyVerdict.HandleAsync(db, plan.DivisionCode, new SchoolYear(e.Year), BalanceProfile.National(), ct: ct);
        var s = settings ?? ReportSettings.For(plan);
        var year = new SchoolYear(e.Year);
        IReadOnlyList<(string, IReadOnlyList<string>)> sections =
        [
            (Supervision.SupervisionReportSection.Title, await Supervision.SupervisionReportSection.BuildAsync(db, year, progress.Today, ct: ct)),
            (Safety.SafetyReportSection.Title, await Safety.SafetyReportSection.BuildAsync(db, year, progress.Today, ct: ct)),
            (Forecast.ForecastReportSection.Title, await Forecast.ForecastReportSection.BuildAsync(db, year, ct: ct)),
        ];
        return new ReportInputs(progress.Today, progress, targets, figures, BalanceReportSection.Lines(verdict), verdict.Pass,
            new OfficialForm(s.Recipients, s.Issuer, date ?? frozenOn ?? today))
        { Sections = sections };
    }
}
