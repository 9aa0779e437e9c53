namespace EduCounty.Plan.Evaluation;

/// <summary>
/// 年度评估: a school year's indicator results frozen as the official annual evaluation. Once frozen, the year's
/// figures are read from here, so later edits to records do not change them (docs/adr/0011).
/// </summary>
public sealed class PlanYearFreeze
{
    public int Id { get; set; }
    public required string PlanCode { get; set; }
    public required string DivisionCode { get; set; }
    /// <summary>School year start (2020 = 2020-2021).</summary>
    public int Year { get; set; }
    public required string FrozenBy { get; set; }
    public DateTimeOffset FrozenAt { get; set; }
    public List<FrozenIndicatorValue> Values { get; set; } = [];
    /// <summary>Tasks, projects and 问题台账 as of the year's end (or the freeze, if earlier), as JSON (GetPlanProgress.Result):
    /// the year's reports read it, so later entries — even back-dated ones — do not change them (docs/adr/0026).</summary>
    public string? ProgressJson { get; set; }
    /// <summary>
    /// The annual report's other inputs as of the freeze (quantified targets, the county's basic figures, 优质均衡, the
    /// 督导/安全/学位预测/控辍保学/学生资助 parts), as JSON written through <see cref="FreezePlanYear.ReportSnapshot"/>: tables
    /// the period lock does not cover (classes, staff, cases, aid) can still be written for the year, and a frozen year's
    /// report must not move (issue 14 item 5, docs/adr/0026). Null for a freeze made before it existed.
    /// </summary>
    public string? ReportJson { get; set; }
    /// <summary>
    /// The versions of the year's reporting periods the freeze read (issue 22 §4), e.g. "秋季统计第 2 版（已锁定）"; empty
    /// when no period of the year was opened (the figures were imported only).
    /// </summary>
    public string? DataVersions { get; set; }
}

/// <summary>One indicator's frozen result, with everything "这个数怎么算的?" needs.</summary>
public sealed class FrozenIndicatorValue
{
    public int Id { get; set; }
    public int FreezeId { get; set; }
    public required string IndicatorCode { get; set; }
    public decimal? Numerator { get; set; }
    public decimal? Denominator { get; set; }
    public decimal? Value { get; set; }
    public decimal? RoundedValue { get; set; }
    public required string Expression { get; set; }
    public required string Description { get; set; }
    public DateTimeOffset AsOf { get; set; }
    public string? MissingReason { get; set; }
    public IndicatorStatus Status { get; set; }
    public required string StatusReason { get; set; }
    public decimal? PathValue { get; set; }
    public decimal? Projection { get; set; }
    public required string ProjectionMethod { get; set; }
    /// <summary>The element values used, as JSON (code, name, year, value, source).</summary>
    public required string InputsJson { get; set; }
}
