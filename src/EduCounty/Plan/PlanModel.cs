using System.Text.Json.Serialization;
using EduCounty.Common;

namespace EduCounty.Plan;

/// <summary>
/// 规划 — a county's education development plan as data (plans/*.json). Loaded and validated by <see cref="PlanLoader"/>.
/// </summary>
/// <param name="SchemaVersion">Version of the file format; see <see cref="PlanLoader.SupportedSchemaVersion"/>.</param>
/// <param name="Code">Stable plan code, e.g. <c>fukang-2021-2025</c>.</param>
/// <param name="DivisionCode">GB/T 2260 six-digit code of the county (阜康市 = 652302).</param>
/// <param name="DivisionName">County name.</param>
/// <param name="Name">Plan title.</param>
/// <param name="Period">Plan period (inclusive years).</param>
/// <param name="BaselineYear">Year of the 基期值 (2020 for a 十四五 plan).</param>
/// <param name="Edition">Edition of the document, e.g. 征求意见稿.</param>
/// <param name="Source">Where the text came from.</param>
/// <param name="IndicatorTable">Headings of the 主要指标 table.</param>
/// <param name="Indicators">主要指标, in table order.</param>
/// <param name="Targets">Other quantified targets found in the text.</param>
/// <param name="Sections">Sections (一…十) of the tasks chapter.</param>
/// <param name="Tasks">重点任务, numbered from 1.</param>
/// <param name="Boxes">专栏, in order of appearance.</param>
/// <param name="Terms">名词解释.</param>
/// <param name="OfficialDocument">主送机关 and 发文机关署名 of the plan's reports.</param>
public sealed record PlanDocument(
    int SchemaVersion,
    string Code,
    string DivisionCode,
    string DivisionName,
    string Name,
    PlanPeriod Period,
    int BaselineYear,
    string? Edition,
    string? Source,
    IndicatorTable IndicatorTable,
    IReadOnlyList<PlanIndicator> Indicators,
    IReadOnlyList<PlanTarget> Targets,
    IReadOnlyList<PlanSection> Sections,
    IReadOnlyList<PlanTask> Tasks,
    IReadOnlyList<PlanBox> Boxes,
    IReadOnlyList<PlanTerm> Terms,
    PlanOfficialDocument? OfficialDocument = null);

/// <summary>
/// The county's 公文 defaults for the plan's reports (GB/T 9704): 主送机关 and 发文机关署名. Overridable per run (CLI
/// <c>--to</c>, <c>--issuer</c>) and per deployment (<c>EduCounty:Reports:&lt;county code&gt;:Recipients|Issuer</c>).
/// </summary>
public sealed record PlanOfficialDocument(IReadOnlyList<string> Recipients, string Issuer);

/// <summary>Plan period, inclusive.</summary>
public sealed record PlanPeriod(int StartYear, int EndYear);

/// <summary>Headings of the 主要指标 table: the baseline column label and the prefecture whose targets are printed alongside.</summary>
public sealed record IndicatorTable(string Title, string BaselineLabel, string PrefectureCode, string PrefectureName);

/// <summary>指标属性.</summary>
public enum IndicatorKind
{
    /// <summary>约束性.</summary>
    Binding = 1,

    /// <summary>预期性.</summary>
    Expected = 2,
}

/// <summary>How an actual value is judged against a target value.</summary>
public enum TargetComparator
{
    /// <summary>≥ the value (or ≥ the reference when the value is null).</summary>
    AtLeast = 1,

    /// <summary>≤ the value.</summary>
    AtMost = 2,

    /// <summary>= the value (a rule, e.g. a 5-year training cycle).</summary>
    Equal = 3,

    /// <summary>A planned scale (e.g. 在校生数) to reach; progress is the distance to it, not a floor.</summary>
    Reach = 4,

    /// <summary>Decrease by at least the value per period (e.g. 近视率 −0.5 个百分点/年).</summary>
    DecreaseBy = 5,

    /// <summary>A recognition or status to achieve (e.g. 优质均衡 2025); no value.</summary>
    Achieve = 6,
}

/// <summary>One row of the 主要指标 table. Null values stand for the table's "/".</summary>
/// <param name="Maximum">Upper bound of the value (100 for 达标率、覆盖率、占比、残疾入学率); null where a rate may exceed 100
/// (毛入园率、毛入学率、巩固率). Projections are capped at it.</param>
/// <param name="Projection">How the end-year value is projected, with the reason shown beside it (docs/adr/0026).</param>
/// <param name="Review">“待核实” when the target itself is doubtful: such a row gets no status and no advice.</param>
/// <param name="ReviewNote">Why the target is doubtful.</param>
/// <param name="PathTolerance">How far (in the row's unit) a value may fall short of the yearly path value and still count as on
/// the path; the target itself has none. Null: 0 (scale rows use <see cref="Evaluation.StatusRules.ScaleTolerance"/>).</param>
/// <param name="PublishedCap">The most the row publishes (pages, reports, exports) although its statistical definition may give more:
/// 100 for 巩固率 (a cohort ratio that in-migration pushes over 100 %, balance-rules.md §4). A value above it is shown as the cap,
/// with the value by the definition and <see cref="PublishedCapNote"/> beside it (docs/adr/0039). Null: published as computed.</param>
/// <param name="PublishedCapNote">Why the computed value may exceed <see cref="PublishedCap"/>, as the note says it.</param>
public sealed record PlanIndicator(
    string Code,
    string Group,
    string Name,
    string TableName,
    string Unit,
    IndicatorKind Kind,
    decimal? Baseline,
    decimal? PrefectureTarget,
    decimal? Target,
    TargetComparator Comparator,
    string? ComparatorNote,
    string? Note = null,
    PlanIndicatorFormula? Formula = null,
    decimal? Maximum = null,
    PlanProjectionRule? Projection = null,
    string? Review = null,
    string? ReviewNote = null,
    decimal? PathTolerance = null,
    decimal? PublishedCap = null,
    string? PublishedCapNote = null)
{
    /// <summary>The plan file marks the target as doubtful (<see cref="Review"/> is set): no status, no advice.</summary>
    public bool UnderReview => !string.IsNullOrWhiteSpace(Review);
}

/// <summary>How an indicator's end-year value is projected.</summary>
public enum ProjectionMethod
{
    /// <summary>Least-squares line through the actual years (at least three), capped at the row's maximum.</summary>
    Linear = 1,

    /// <summary>The latest actual value is held to the end year (a rate whose yearly moves are not a trend).</summary>
    Hold = 2,

    /// <summary>No projection (a doubtful target, or a value that cannot be extrapolated).</summary>
    None = 3,
}

/// <summary>The projection rule of an indicator and the reason for it (shown in tables and reports).</summary>
public sealed record PlanProjectionRule(ProjectionMethod Method, string Reason);

/// <summary>
/// How an indicator is computed from data elements (DHIS2 model): numerator ÷ denominator × factor, rounded to
/// <see cref="Decimals"/>. 万人 values use factor 0.0001 so that the value is in the table's unit (0.5669).
/// </summary>
/// <param name="Numerator">Numerator expression over <c>#{element}</c> codes (see DataElementCatalog).</param>
/// <param name="Denominator">Denominator expression, or null for a count.</param>
/// <param name="Factor">1, 100, 0.0001 …</param>
/// <param name="Decimals">Decimals of the published value.</param>
/// <param name="MissingValues">Skip (default) or Zero.</param>
/// <param name="Source">The definition's source clause.</param>
public sealed record PlanIndicatorFormula(
    string Numerator,
    string? Denominator,
    decimal Factor,
    int Decimals,
    EduCounty.Indicators.Expressions.MissingValuePolicy MissingValues = EduCounty.Indicators.Expressions.MissingValuePolicy.Skip,
    string? Source = null);

/// <summary>A quantified target from the text, with the task that carries it.</summary>
/// <param name="Measure">Code of the measure that evaluates the target from the records (Reports' target measures,
/// docs/adr/0027); null when no record holds the data yet.</param>
/// <param name="Review">“待核实” when the target or its reading is doubtful: shown, not judged.</param>
/// <param name="ReviewNote">Why it is doubtful.</param>
/// <param name="Tolerance">For a <see cref="TargetComparator.Reach"/> target: how far either way still counts as reached.</param>
public sealed record PlanTarget(
    string Code,
    string Text,
    decimal? Value,
    string? Unit,
    TargetComparator Comparator,
    int? TaskNumber,
    int? Year,
    string? Source,
    decimal? Maximum = null,
    string? Reference = null,
    string? Recurrence = null,
    string? IndicatorCode = null,
    int? BoxNumber = null,
    string? Note = null,
    string? Measure = null,
    string? Review = null,
    string? ReviewNote = null,
    decimal? Tolerance = null);

/// <summary>A section (一…十) of the tasks chapter.</summary>
public sealed record PlanSection(int Number, string Numeral, string Chapter, string Title);

/// <summary>重点任务. <see cref="Text"/> is verbatim, paragraphs separated by newlines (sub-headings included).</summary>
public sealed record PlanTask(
    int Number,
    int Section,
    string Title,
    string Text,
    IReadOnlyList<string> ResponsibleUnits,
    IReadOnlyList<PlanMilestoneYear> Milestones);

/// <summary>Milestones of a task for one year of the plan; filled in by users.</summary>
public sealed record PlanMilestoneYear(int Year, IReadOnlyList<string> Items);

/// <summary>专栏, with its verbatim text and the projects it lists.</summary>
public sealed record PlanBox(
    int Number,
    string Code,
    string Title,
    int Section,
    int AfterTask,
    string Text,
    IReadOnlyList<PlanProject> Projects,
    IReadOnlyList<PlanProgramme>? Programmes = null);

/// <summary>A programme line in a 专栏 that announces a number of projects (e.g. 义务教育学校建设项目12个).</summary>
public sealed record PlanProgramme(string Name, int? ProjectCount, string Text);

/// <summary>项目 kind.</summary>
public enum ProjectKind
{
    /// <summary>新建.</summary>
    New = 1,

    /// <summary>改扩建.</summary>
    Expansion = 2,

    /// <summary>改善.</summary>
    Improvement = 3,
}

/// <summary>
/// 项目, as the text prints it: where several schools share one figure the figure is the group's and the schools are listed.
/// Null figures were not printed. <see cref="InvestmentWan"/> is in 万元.
/// </summary>
public sealed record PlanProject(
    string Code,
    string Name,
    ProjectKind? Kind,
    string Text,
    string? Programme = null,
    int? ProjectCount = null,
    IReadOnlyList<string>? Schools = null,
    IReadOnlyList<string>? Facilities = null,
    decimal? AreaM2 = null,
    decimal? InvestmentWan = null,
    int? NewSeats = null,
    int? Dwellings = null,
    decimal? DwellingAreaM2 = null,
    IReadOnlyList<PlanProjectPart>? Parts = null,
    string? Note = null);

/// <summary>A printed breakdown line of a project (e.g. 滋泥泉子中学100套).</summary>
public sealed record PlanProjectPart(string Name, int? Dwellings);

/// <summary>名词解释 entry.</summary>
public sealed record PlanTerm(int Number, string Term, string Definition);

/// <summary>A problem found while loading a plan file: the JSON path and a Chinese message.</summary>
public sealed record PlanProblem(string Path, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path}：{Message}";
}

/// <summary>
/// Thrown when a plan file cannot be loaded; <see cref="Problems"/> lists every problem found. A <see cref="RuleException"/>
/// (docs/adr/0019) whose <see cref="RuleException.Field"/> is the JSON path of the first problem.
/// </summary>
public sealed class PlanLoadException : RuleException
{
    /// <summary>Creates the exception from the problems found.</summary>
    public PlanLoadException(IReadOnlyList<PlanProblem> problems)
        : base("规划文件有误：" + string.Join("；", problems))
    {
        Problems = problems;
        Field = problems.Count > 0 ? problems[0].Path : null;
    }

    /// <summary>Creates an exception with a message only.</summary>
    public PlanLoadException() : this([]) { }

    /// <summary>Creates an exception with a message only.</summary>
    public PlanLoadException(string message) : base(message) => Problems = [];

    /// <summary>Creates an exception with a message and inner exception.</summary>
    public PlanLoadException(string message, Exception innerException) : base(message, innerException) => Problems = [];

    /// <summary>Every problem found, each with its JSON path.</summary>
    public IReadOnlyList<PlanProblem> Problems { get; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    AllowTrailingCommas = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(PlanDocument))]
internal sealed partial class PlanJsonContext : JsonSerializerContext;
