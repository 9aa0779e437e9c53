using System.Runtime.CompilerServices;
using System.Text.Json;
using EduCounty.Balance;
using EduCounty.Common;
using EduCounty.DropoutPrevention;
using EduCounty.Plan;
using EduCounty.Plan.Evaluation;
using EduCounty.Plan.Progress;
using EduCounty.SpecialGroups;
using EduCounty.StudentAid;

namespace EduCounty.Reports;

/// <summary>
/// The annual report's inputs besides the indicators and the task/project/问题台账 progress, as of a day: the quantified
/// targets, the county's basic figures, the 优质均衡 lines, the 督导/安全/学位预测 paragraphs and the 控辍保学, 学生资助
/// and 特殊群体 parts. Computed live for a year that is not frozen; stored with a freeze (<see cref="PlanYearFreeze.ReportJson"/>, through
/// <see cref="FreezePlanYear.ReportSnapshot"/>) and read back for a frozen year, so that its report is the same whatever is
/// written afterwards to the tables the period lock does not cover (issue 14 item 5, docs/adr/0026).
/// </summary>
public sealed record ReportSnapshot(
    IReadOnlyList<TargetResult> Targets,
    CountyFigures Figures,
    IReadOnlyList<string> Balance,
    bool BalancePass,
    IReadOnlyList<(string Title, IReadOnlyList<string> Lines)> Sections,
    DropoutReportSection.Section? Dropout,
    AidReportSection.Section? Aid)
{
    /// <summary>特殊群体 of the year as of the report's day (issue 17 item 4); null in a freeze stored before it existed.</summary>
    public GroupsReportSection.Section? Groups { get; init; }

    // Tuples are fields; the rest are records read back through their constructors.
    private static readonly JsonSerializerOptions Json = new() { IncludeFields = true };

#pragma warning disable CA2255 // A freeze in any host must store the report's inputs; the library registers its own feature.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register() => FreezePlanYear.ReportSnapshot = async (db, e, day, ct) =>
        Write(await LiveAsync(db, e.Plan, e.Year, GetPlanProgress.AsOfDay(e.Year, day), ct));

    /// <summary>The parts from the records, as of <paramref name="asOf"/> (the report's day, within the school year).</summary>
    public static async Task<ReportSnapshot> LiveAsync(EduDb db, PlanDocument plan, int year, DateOnly asOf, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(plan);
        var sy = new SchoolYear(year);
        var targets = await PlanTargets.EvaluateAsync(db, plan, year, ct);
        var figures = await CountyFigures.LoadAsync(db, plan.DivisionCode, year, ct);
        var verdict = await EvaluateCountyVerdict.HandleAsync(db, plan.DivisionCode, sy, BalanceProfile.National(), ct: ct);
        IReadOnlyList<(string, IReadOnlyList<string>)> sections =
        [
            (Supervision.SupervisionReportSection.Title, await Supervision.SupervisionReportSection.BuildAsync(db, sy, asOf, ct: ct)),
            (Safety.SafetyReportSection.Title, await Safety.SafetyReportSection.BuildAsync(db, sy, asOf, ct: ct)),
            (Forecast.ForecastReportSection.Title, await Forecast.ForecastReportSection.BuildAsync(db, sy, ct: ct)),
        ];
        return new ReportSnapshot(targets, figures, BalanceReportSection.Lines(verdict), verdict.Pass, sections,
            await DropoutReportSection.BuildAsync(db, sy, asOf, ct), await AidReportSection.BuildAsync(db, sy, asOf, ct: ct))
        {
            Groups = await GroupsReportSection.BuildAsync(db, sy, asOf, ct: ct),
        };
    }

    private sealed record Stored(
        IReadOnlyList<StoredTarget> Targets,
        CountyFigures Figures,
        IReadOnlyList<string> Balance,
        bool BalancePass,
        IReadOnlyList<(string Title, IReadOnlyList<string> Lines)> Sections,
        DropoutReportSection.Section? Dropout,
        AidReportSection.Section? Aid,
        GroupsReportSection.Section? Groups = null);

    /// <summary>A target's result by its code (the plan file gives the rest).</summary>
    private sealed record StoredTarget(string Code, decimal? Value, string Shown, TargetVerdict Verdict, string Detail);

    /// <summary>The parts as JSON (stored with a freeze).</summary>
    public static string Write(ReportSnapshot s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return JsonSerializer.Serialize(new Stored([.. s.Targets.Select(t => new StoredTarget(t.Target.Code, t.Value, t.Shown, t.Verdict, t.Detail))],
            s.Figures, s.Balance, s.BalancePass, s.Sections, s.Dropout, s.Aid, s.Groups), Json);
    }

    /// <summary>The parts read back; a stored target the plan file no longer has is left out.</summary>
    public static ReportSnapshot Read(string json, PlanDocument plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var s = JsonSerializer.Deserialize<Stored>(json, Json) ?? throw new InvalidOperationException("冻结的报告数据无法读取");
        var byCode = plan.Targets.ToDictionary(t => t.Code, StringComparer.Ordinal);
        return new ReportSnapshot([.. s.Targets.Where(t => byCode.ContainsKey(t.Code)).Select(t => new TargetResult(byCode[t.Code], t.Value, t.Shown, t.Verdict, t.Detail))],
            s.Figures, s.Balance, s.BalancePass, s.Sections, s.Dropout, s.Aid)
        {
            Groups = s.Groups,
        };
    }
}
