using EduCounty.Balance;
using EduCounty.Common;
using EduCounty.Plan;
using EduCounty.Plan.Evaluation;
using EduCounty.Plan.Progress;
using Microsoft.EntityFrameworkCore;

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

    /// <summary>控辍保学 of the year as of <see cref="AsOf"/> (task 28; under 三、（三）), with its table by 乡镇.</summary>
    public DropoutPrevention.DropoutReportSection.Section? Dropout { get; init; }

    /// <summary>学生资助 of the year as of <see cref="AsOf"/> (task 29; under 三、（四）), with its table by programme and 学期.</summary>
    public StudentAid.AidReportSection.Section? Aid { get; init; }

    /// <summary>特殊群体 of the year as of <see cref="AsOf"/> (tasks 24 and 30; under 三、after 学生资助), with its table.</summary>
    public SpecialGroups.GroupsReportSection.Section? Groups { get; init; }

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
        var s = settings ?? ReportSettings.For(plan);
        var form = new OfficialForm(s.Recipients, s.Issuer, date ?? frozenOn ?? today);
        // A frozen year reads the parts stored with its freeze (issue 14 item 5): classes, staff, cases and aid of the year
        // may still be written (the period lock covers the census, facilities and finance only).
        var json = e.Frozen is null ? null : await db.PlanYearFreezes.AsNoTracking()
            .Where(x => x.PlanCode == plan.Code && x.DivisionCode == plan.DivisionCode && x.Year == e.Year)
            .Select(x => x.ReportJson).FirstOrDefaultAsync(ct);
        var parts = json is { Length: > 0 } ? ReportSnapshot.Read(json, plan) : await ReportSnapshot.LiveAsync(db, plan, e.Year, progress.Today, ct);
        return new ReportInputs(progress.Today, progress, parts.Targets, parts.Figures, parts.Balance, parts.BalancePass, form)
        {
            Sections = parts.Sections,
            Dropout = parts.Dropout,
            Aid = parts.Aid,
            Groups = parts.Groups,
        };
    }
}
