using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using EduCounty.Common;

namespace EduCounty.Teachers;

/// <summary>One rule value with its source clause and how sure the reference notes are of it (V, C or unverified).</summary>
public sealed record Sourced<T>(T Value, string Tag, string Source);

/// <summary>How the 5-year training window is placed.</summary>
public enum CycleMode
{
    /// <summary>近 5 个学年 (the county KPI of teachers.md §1).</summary>
    Rolling,

    /// <summary>Fixed cycles from a first school year.</summary>
    Fixed,
}

/// <summary>What a teacher hired inside the window owes.</summary>
public enum NewTeacherRule
{
    /// <summary>The cycle's hours × school years served in the window ÷ cycle years.</summary>
    ProRata,

    /// <summary>The full cycle's hours.</summary>
    Full,
}

/// <summary>The denominator of the 骨干 share of rotation.</summary>
public enum KeyShareBase
{
    Rotated,
    Eligible,
}

/// <summary>How an exemption from the rotation pool is found.</summary>
public enum ExemptionCheck
{
    /// <summary>A <see cref="RotationExemption"/> recorded for the teacher and year.</summary>
    Recorded,

    /// <summary>Within <see cref="ExemptionRule.Years"/> of the statutory retirement age on 1 September.</summary>
    NearRetirement,

    /// <summary>A rotation started before 1 September and not ended by then.</summary>
    OngoingRotation,
}

public sealed record TrainingStandards(
    Sourced<int> CycleYears,
    Sourced<double> CycleHours,
    Sourced<CycleMode> CycleMode,
    Sourced<int> FixedCycleFirstYear,
    Sourced<double> HoursPerCredit,
    Sourced<NewTeacherRule> NewTeachers,
    Sourced<double> EnterpriseDaysPerYear,
    Sourced<double> EnterpriseHoursPerDay,
    Sourced<bool> EnterpriseCountsTowardCycle,
    Sourced<string> SpecialtySubjectPrefix);

public sealed record ExemptionRule(string Code, string Name, ExemptionCheck Check, int? Years, bool Enabled, string Tag, string Source);

public sealed record RotationStandards(
    Sourced<int> YearsInSchool,
    Sourced<double> Share,
    Sourced<double> KeyShare,
    Sourced<KeyShareBase> KeyShareOf,
    Sourced<IReadOnlyList<Stage>> Stages,
    Sourced<IReadOnlyList<Establishment>> Establishments,
    Sourced<IReadOnlyList<RotationKind>> CountedKinds,
    Sourced<AuthorityLevel> KeyTeacherMinimumLevel,
    IReadOnlyList<ExemptionRule> Exemptions,
    Sourced<int> PrincipalTermYears,
    Sourced<int> PrincipalTerms);

public sealed record RetirementStandards(Sourced<int> AgeMale, Sourced<int> AgeFemale)
{
    /// <summary>The statutory retirement age of a person of <paramref name="sex"/>.</summary>
    public int AgeOf(Sex sex) => sex == Sex.Male ? AgeMale.Value : AgeFemale.Value;
}

public sealed record CertificateCoverage(string Code, TeacherCertificateType Type, IReadOnlyList<Stage> Stages, string Tag, string Source);

public sealed record MandarinRequirement(string Code, string Name, IReadOnlyList<string> Subjects, MandarinLevel Minimum, string Tag, string Source);

/// <summary>A 岗位结构比例 cap: at most <see cref="MaxShare"/> % of a school type's 专任教师 at <see cref="Title"/> or above (provincial; none shipped).</summary>
public sealed record TitleShareCap(string Code, IReadOnlyList<SchoolType> SchoolTypes, Title Title, double MaxShare, string Tag, string Source);

public sealed record QualificationStandards(
    Sourced<bool> RegistryFlagWithoutRecords,
    IReadOnlyList<CertificateCoverage> Certificates,
    IReadOnlyList<MandarinRequirement> Mandarin,
    IReadOnlyList<TitleShareCap> TitleCaps);

public sealed record KeyTeacherStandards(Sourced<AuthorityLevel> TargetMinimumLevel, Sourced<IReadOnlyList<KeyTitleKind>> CountedKinds);

public sealed record StaffingRatio(string Code, Stage Stage, double StudentsPerStaff, string Tag, string Source);

public sealed record SubjectStandard(string Code, string Name, IReadOnlyList<string> Subjects, IReadOnlyList<Stage> Stages,
    double? PerHundredStudents, int? PerSchool, string Tag, string Source);

public sealed record SupplyStandards(IReadOnlyList<StaffingRatio> Ratios, IReadOnlyList<SubjectStandard> Subjects, Sourced<int> RetirementHorizonYears);

/// <summary>
/// The 教师队伍 rules as data: the embedded <c>teachers-standards.json</c> (every row with its clause from
/// shared/reference/teachers.md and its tag), overridable by a province or county with a file of the same shape, merged
/// as the 优质均衡 profile is (<see cref="JsonOverride"/>). No threshold of this feature lives in C#.
/// </summary>
public sealed record TeachersStandards(
    string Id,
    string Version,
    string Description,
    TrainingStandards Training,
    RotationStandards Rotation,
    RetirementStandards Retirement,
    QualificationStandards Qualifications,
    KeyTeacherStandards KeyTeachers,
    SupplyStandards Supply)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        Converters = { new JsonStringEnumConverter() },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private static readonly string[] Tags = ["V", "C", "unverified"];

    private static readonly Lazy<TeachersStandards> NationalStandards = new(() => Parse(Default()));

    /// <summary>The shipped standards (parsed once; immutable).</summary>
    public static TeachersStandards National() => NationalStandards.Value;

    /// <summary>The shipped standards with an override document merged over them; a bad override is refused with every problem in Chinese.</summary>
    /// <exception cref="FormatException">The override is not JSON, does not fit the shape, or breaks a check.</exception>
    public static TeachersStandards WithOverride(string overrideJson)
    {
        var node = Default();
        JsonOverride.Merge(node, JsonOverride.Parse(overrideJson));
        return Parse(node);
    }

    /// <summary>The national standards, or those merged with the file at <paramref name="path"/> (CLI <c>--standards</c>).</summary>
    public static TeachersStandards Load(string? path) => path is null ? National() : WithOverride(File.ReadAllText(path));

    private static JsonObject Default() => JsonOverride.Resource("EduCounty.Teachers.teachers-standards.json");

    private static TeachersStandards Parse(JsonObject node)
    {
        TeachersStandards s;
        try
        {
            s = node.Deserialize<TeachersStandards>(Json) ?? throw new FormatException("教师队伍标准为空");
        }
        catch (JsonException e)
        {
            throw new FormatException($"教师队伍标准字段有误：{e.Path} {e.Message}", e);
        }
        var problems = s.Check();
        return problems.Count == 0 ? s : throw new FormatException("教师队伍标准有误：" + string.Join("；", problems));
    }

    /// <summary>Every problem of the values (empty when they can be used).</summary>
    public IReadOnlyList<string> Check()
    {
        var p = new List<string>();
        void Tag(string what, string tag)
        {
            if (!Tags.Contains(tag))
            {
                p.Add($"{what} 的 tag 应为 V、C 或 unverified，实际为“{tag}”");
            }
        }
        void Positive(string what, double v)
        {
            if (v <= 0)
            {
                p.Add($"{what} 应大于 0，实际为 {v}");
            }
        }
        var t = Training;
        Positive("training.cycleYears", t.CycleYears.Value);
        Positive("training.cycleHours", t.CycleHours.Value);
        Positive("training.hoursPerCredit", t.HoursPerCredit.Value);
        Positive("training.enterpriseDaysPerYear", t.EnterpriseDaysPerYear.Value);
        Positive("rotation.yearsInSchool", Rotation.YearsInSchool.Value);
        Positive("rotation.share", Rotation.Share.Value);
        Positive("rotation.keyShare", Rotation.KeyShare.Value);
        Positive("rotation.principalTermYears", Rotation.PrincipalTermYears.Value);
        Positive("rotation.principalTerms", Rotation.PrincipalTerms.Value);
        Positive("retirement.ageMale", Retirement.AgeMale.Value);
        Positive("retirement.ageFemale", Retirement.AgeFemale.Value);
        foreach (var (what, tag) in new[]
                 {
                     ("training.cycleYears", t.CycleYears.Tag), ("training.cycleHours", t.CycleHours.Tag), ("training.cycleMode", t.CycleMode.Tag),
                     ("training.hoursPerCredit", t.HoursPerCredit.Tag), ("training.newTeachers", t.NewTeachers.Tag),
                     ("rotation.yearsInSchool", Rotation.YearsInSchool.Tag), ("rotation.share", Rotation.Share.Tag), ("rotation.keyShare", Rotation.KeyShare.Tag),
                     ("rotation.principalTermYears", Rotation.PrincipalTermYears.Tag), ("rotation.principalTerms", Rotation.PrincipalTerms.Tag),
                     ("retirement.ageMale", Retirement.AgeMale.Tag), ("retirement.ageFemale", Retirement.AgeFemale.Tag),
                 })
        {
            Tag(what, tag);
        }
        foreach (var e in Rotation.Exemptions)
        {
            Tag($"rotation.exemptions[{e.Code}]", e.Tag);
            if (e.Check == ExemptionCheck.NearRetirement && e.Years is not > 0)
            {
                p.Add($"rotation.exemptions[{e.Code}] 须给出 years（距退休年数）");
            }
        }
        foreach (var dup in Rotation.Exemptions.GroupBy(e => e.Code).Where(g => g.Count() > 1))
        {
            p.Add($"rotation.exemptions 中代码“{dup.Key}”重复");
        }
        foreach (var r in Supply.Ratios)
        {
            Positive($"supply.ratios[{r.Code}].studentsPerStaff", r.StudentsPerStaff);
            Tag($"supply.ratios[{r.Code}]", r.Tag);
        }
        foreach (var c in Qualifications.Certificates)
        {
            Tag($"qualifications.certificates[{c.Code}]", c.Tag);
        }
        return p;
    }

    /// <summary>The exemptions in force.</summary>
    public IEnumerable<ExemptionRule> ActiveExemptions => Rotation.Exemptions.Where(e => e.Enabled);

    /// <summary>The 普通话 level a post with these subjects requires: the highest of the matching rows (a row without subjects matches all).</summary>
    public MandarinLevel MandarinRequired(string? subjects) =>
        Qualifications.Mandarin
            .Where(m => m.Subjects.Count == 0 || (subjects is not null && m.Subjects.Any(s => subjects.Contains(s, StringComparison.Ordinal))))
            .Select(m => m.Minimum).DefaultIfEmpty(MandarinLevel.ThreeB).Min();

    /// <summary>(stage × 100 + certificate type) of every pair where the certificate allows teaching the stage (《教师资格条例》第五条).</summary>
    public CoverageByStage Coverage => new(
        [.. Qualifications.Certificates.Where(c => c.Stages.Contains(Stage.Preschool)).Select(c => c.Type).Distinct()],
        [.. Qualifications.Certificates.Where(c => c.Stages.Contains(Stage.Primary)).Select(c => c.Type).Distinct()],
        [.. Qualifications.Certificates.Where(c => c.Stages.Contains(Stage.Junior)).Select(c => c.Type).Distinct()],
        [.. Qualifications.Certificates.Where(c => c.Stages.Contains(Stage.Senior)).Select(c => c.Type).Distinct()],
        [.. Qualifications.Certificates.Where(c => c.Stages.Contains(Stage.Vocational)).Select(c => c.Type).Distinct()],
        [.. Qualifications.Certificates.Where(c => c.Stages.Contains(Stage.Special)).Select(c => c.Type).Distinct()]);

    /// <summary>(stage × 100 + certificate type) of every covering pair (for tests and in-memory checks).</summary>
    public IReadOnlyList<int> CoveragePairs =>
        [.. Qualifications.Certificates.SelectMany(c => c.Stages.Select(s => ((int)s * 100) + (int)c.Type)).Distinct()];
}

/// <summary>
/// The certificate types that cover each stage, one list per stage: the SQL of the figures tests the teacher's stage with
/// an equality and the type with a list (Npgsql cannot bind a list of a converted nullable enum, nor infer it through arithmetic).
/// </summary>
public sealed record CoverageByStage(List<TeacherCertificateType> Preschool, List<TeacherCertificateType> Primary, List<TeacherCertificateType> Junior,
    List<TeacherCertificateType> Senior, List<TeacherCertificateType> Vocational, List<TeacherCertificateType> Special);
