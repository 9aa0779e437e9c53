using EduCounty.Common;
using EduCounty.Registry;

namespace EduCounty.Teachers;

/// <summary>
/// 继续教育 record: one course a teacher attended (国内培训 tab of the 教师管理信息系统, teachers.md §9 [C]; fields of §1
/// "Build"). Hours are counted in the school year the course ended. Visible to the teacher's current school: a transfer
/// takes the record along, so a cycle counts across schools.
/// </summary>
[SchoolScoped(Through = typeof(Staff), ForeignKey = nameof(StaffId))]
public sealed class TrainingRecord
{
    public int Id { get; set; }
    public int StaffId { get; set; }
    /// <summary>School year (start) the course ended in.</summary>
    public int Year { get; set; }
    public required string Course { get; set; }
    public AuthorityLevel Level { get; set; }
    public TrainingMode Mode { get; set; }
    /// <summary>学时 (from 学分 × the standards' hours per credit when only credits were given).</summary>
    public double Hours { get; set; }
    /// <summary>学分 as given, if any.</summary>
    public double? Credits { get; set; }
    /// <summary>Days in an enterprise or 实训基地 (企业实践 only).</summary>
    public double? Days { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly EndDate { get; set; }
    public string? CertificateNumber { get; set; }
    public string? Organiser { get; set; }
    /// <summary>The import batch that wrote it (null: entered on a form).</summary>
    public int? ImportId { get; set; }
}

/// <summary>
/// A 教师队伍 import batch (training, rotation roster, certificates, 职称 or 骨干 titles — <see cref="Kind"/>): what came in,
/// and whether it was rolled back (the records carry its id).
/// </summary>
public sealed class TrainingImport
{
    public int Id { get; set; }
    /// <summary>Which file: <see cref="TeacherImportKind"/> as text ("Training" for the training file).</summary>
    public string Kind { get; set; } = nameof(TeacherImportKind.Training);
    public required string FileName { get; set; }
    public required string ImportedBy { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
    public int Rows { get; set; }
    public int Inserted { get; set; }
    public int Unchanged { get; set; }
    public string? RolledBackBy { get; set; }
    public DateTimeOffset? RolledBackAt { get; set; }

    /// <summary>Marks the batch rolled back; a second roll-back is refused.</summary>
    public void RollBack(string by, DateTimeOffset at)
    {
        if (RolledBackAt is { } done)
        {
            throw new RuleException($"导入批次 {Id} 已于 {done:yyyy-MM-dd HH:mm} 回滚，不能重复回滚");
        }
        RolledBackBy = by;
        RolledBackAt = at;
    }
}

/// <summary>
/// A registry summary one import batch changed (<see cref="Staff.Title"/>, the 骨干 level, the 教师资格 flag, the 双师型 flag,
/// and for 双师型 also the census snapshot of a year, <see cref="StaffYear.DualQualified"/>): the value before and the value
/// the import wrote, so that rolling the batch back puts the value before back (<see cref="RollBackTrainingImport"/>).
/// </summary>
[SchoolScoped(Through = typeof(Staff), ForeignKey = nameof(StaffId))]
public sealed class TeacherSummaryChange
{
    public int Id { get; set; }
    public int ImportId { get; set; }
    public int StaffId { get; set; }
    public TeacherSummary Field { get; set; }
    /// <summary>The census year of the <see cref="StaffYear"/> changed; null: the <see cref="Staff"/> row itself.</summary>
    public int? Year { get; set; }
    /// <summary>The value before, as text (<see cref="TeacherSummaries"/>); null = empty.</summary>
    public string? Before { get; set; }
    /// <summary>The value the import wrote, as text.</summary>
    public string? After { get; set; }
}

/// <summary>The registry summaries the 教师队伍 imports raise.</summary>
public enum TeacherSummary
{
    /// <summary><see cref="Staff.Title"/> (职称 file).</summary>
    Title = 1,

    /// <summary><see cref="Staff.KeyTeacherLevel"/> with <see cref="Staff.KeyTeacherYear"/> (骨干 file), as "level/year".</summary>
    KeyTeacher = 2,

    /// <summary><see cref="Staff.TeacherCertificate"/> (教师资格 file).</summary>
    Certificate = 3,

    /// <summary><see cref="Staff.DualQualified"/>, or <see cref="StaffYear.DualQualified"/> of a year (双师型 file).</summary>
    DualQualified = 4,
}

/// <summary>
/// 交流轮岗 roster entry (teachers.md §2, §3 县管校聘; tab 15 of the national record, §9): who goes from which school to
/// which, how, when. Planned in the yearly plan, then started (到岗; an <see cref="RotationKind.Exchange"/> moves the
/// teacher's post, a <see cref="StaffAssignment"/> in the registry), completed or cancelled.
/// </summary>
[SchoolScoped(Through = typeof(Staff), ForeignKey = nameof(StaffId))]
public sealed class TeacherRotation
{
    public int Id { get; set; }
    public int StaffId { get; set; }
    /// <summary>School year (start) of the rotation plan it belongs to.</summary>
    public int Year { get; set; }
    public int FromSchoolId { get; set; }
    public int ToSchoolId { get; set; }
    public RotationKind Kind { get; set; }
    public RotationState State { get; set; } = RotationState.Planned;
    public DateOnly StartDate { get; set; }
    /// <summary>Planned or actual end (the term is set locally, teachers.md §2 [C]).</summary>
    public DateOnly? EndDate { get; set; }
    public string? Note { get; set; }
    /// <summary>The import batch that wrote it (null: planned on a form).</summary>
    public int? ImportId { get; set; }

    /// <summary>到岗: a planned rotation starts on <paramref name="on"/>.</summary>
    public void Start(DateOnly on)
    {
        if (State != RotationState.Planned)
        {
            throw new RuleException($"只有“计划”状态的交流可以到岗，当前为“{TeacherLabels.Of(State)}”");
        }
        if (EndDate is { } end && on > end)
        {
            throw new RuleException($"到岗日期 {on:yyyy-MM-dd} 晚于交流结束日期 {end:yyyy-MM-dd}");
        }
        StartDate = on;
        State = RotationState.Started;
    }

    /// <summary>A started rotation ends on <paramref name="on"/>.</summary>
    public void Complete(DateOnly on)
    {
        if (State != RotationState.Started)
        {
            throw new RuleException($"只有“已到岗”的交流可以结束，当前为“{TeacherLabels.Of(State)}”");
        }
        if (on < StartDate)
        {
            throw new RuleException($"结束日期 {on:yyyy-MM-dd} 早于到岗日期 {StartDate:yyyy-MM-dd}");
        }
        EndDate = on;
        State = RotationState.Completed;
    }

    /// <summary>A planned rotation is cancelled (one already started is completed instead).</summary>
    public void Cancel(string? reason)
    {
        if (State != RotationState.Planned)
        {
            throw new RuleException($"只有“计划”状态的交流可以取消，当前为“{TeacherLabels.Of(State)}”");
        }
        State = RotationState.Cancelled;
        Note = string.IsNullOrWhiteSpace(reason) ? Note : reason.Trim();
    }
}

/// <summary>
/// One term (届) of a 校长 or 副校长 at a school (teachers.md §2: "任满两届的校长（含副校长）" rotate, 安徽 [V]; the national
/// record's tab 4 岗位聘任 holds 岗位类别/聘任起止 [unverified field list]). <see cref="EndDate"/> is the term's end, planned or
/// actual (null: not fixed). The term length that makes a term full is a rule (<c>rotation.principalTermYears</c>).
/// </summary>
[SchoolScoped(Through = typeof(Staff), ForeignKey = nameof(StaffId))]
public sealed class PrincipalTerm
{
    public int Id { get; set; }
    public int StaffId { get; set; }
    public int SchoolId { get; set; }
    public PrincipalPost Post { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
    /// <summary>The import batch that wrote it (null: entered on a form or by the demo).</summary>
    public int? ImportId { get; set; }

    /// <summary>The term shares a day with [<paramref name="start"/>, <paramref name="end"/>].</summary>
    public bool Overlaps(DateOnly start, DateOnly? end) => StartDate <= (end ?? DateOnly.MaxValue) && (EndDate ?? DateOnly.MaxValue) >= start;
}

/// <summary>A teacher exempt from the year's 交流轮岗 pool, with the exemption's code from the standards (teachers.md §2 [unverified list]).</summary>
[SchoolScoped(Through = typeof(Staff), ForeignKey = nameof(StaffId))]
public sealed class RotationExemption
{
    public int Id { get; set; }
    public int StaffId { get; set; }
    public int Year { get; set; }
    public required string Code { get; set; }
    public string? Note { get; set; }
}

/// <summary>教师资格 held (tab 8 of the national record: 资格种类, 任教学科, 证书号码, 认定日期, 认定机构; teachers.md §5, §9).</summary>
[SchoolScoped(Through = typeof(Staff), ForeignKey = nameof(StaffId))]
public sealed class TeacherQualification
{
    public int Id { get; set; }
    public int StaffId { get; set; }
    public TeacherCertificateType Type { get; set; }
    public string? Subject { get; set; }
    public string? CertificateNumber { get; set; }
    public DateOnly? IssuedOn { get; set; }
    public string? IssuedBy { get; set; }
    /// <summary>The import batch that wrote it (null: entered on a form).</summary>
    public int? ImportId { get; set; }
}

/// <summary>
/// 专业技术职务聘任 (tab 5 of the national record: 职称, 聘任起止, teachers.md §9 [unverified field list]; levels §6): the
/// latest appointment is the registry's <see cref="Staff.Title"/>.
/// </summary>
[SchoolScoped(Through = typeof(Staff), ForeignKey = nameof(StaffId))]
public sealed class TeacherTitleAppointment
{
    public int Id { get; set; }
    public int StaffId { get; set; }
    public Title Title { get; set; }
    public DateOnly AppointedOn { get; set; }
    /// <summary>The import batch that wrote it (null: entered on a form).</summary>
    public int? ImportId { get; set; }
}

/// <summary>职业教育"双师型"教师认定 with its level and date (教师厅〔2022〕2号, teachers.md §8 [V]; criteria per province).</summary>
[SchoolScoped(Through = typeof(Staff), ForeignKey = nameof(StaffId))]
public sealed class DualQualifiedCertification
{
    public int Id { get; set; }
    public int StaffId { get; set; }
    public DualQualifiedLevel Level { get; set; }
    public DateOnly CertifiedOn { get; set; }
    public DateOnly? ValidUntil { get; set; }
    public string? Authority { get; set; }
    /// <summary>The import batch that wrote it (null: entered on a form).</summary>
    public int? ImportId { get; set; }

    /// <summary>Held on <paramref name="day"/>.</summary>
    public bool ActiveOn(DateOnly day) => CertifiedOn <= day && (ValidUntil is null || ValidUntil >= day);
}

/// <summary>骨干教师 / 学科带头人 / 教学能手 … with level and term (teachers.md §7 model: kind, level, subject, awardedBy, awardedOn, validUntil).</summary>
[SchoolScoped(Through = typeof(Staff), ForeignKey = nameof(StaffId))]
public sealed class KeyTeacherTitle
{
    public int Id { get; set; }
    public int StaffId { get; set; }
    public KeyTitleKind Kind { get; set; }
    public AuthorityLevel Level { get; set; }
    public string? Subject { get; set; }
    public string? AwardedBy { get; set; }
    public DateOnly AwardedOn { get; set; }
    /// <summary>End of the term (titles are usually time-limited, teachers.md §7 [unverified]); null = no end recorded.</summary>
    public DateOnly? ValidUntil { get; set; }
    /// <summary>The import batch that wrote it (null: entered on a form).</summary>
    public int? ImportId { get; set; }

    /// <summary>Held on <paramref name="day"/>.</summary>
    public bool ActiveOn(DateOnly day) => AwardedOn <= day && (ValidUntil is null || ValidUntil >= day);
}

/// <summary>
/// One teacher's 竞聘 result in a 县管校聘 school year (teachers.md §3: the county holds 编制/岗位/人事关系, schools 竞聘 and
/// 聘用, 落聘 → 调剂/培训/待岗 — mechanics [unverified]; plan task 33 "从学校人到系统人"). <see cref="SchoolId"/> is the school
/// where the teacher stood (the post held before), <see cref="ToSchoolId"/> the school that hires after 跨校竞聘 or 组织调剂.
/// A move to another school writes the registry's assignment history (<see cref="MovedPost"/>), as a started 交流 does.
/// </summary>
[SchoolScoped(Through = typeof(Staff), ForeignKey = nameof(StaffId))]
public sealed class HiringResult
{
    public int Id { get; set; }
    public int StaffId { get; set; }
    /// <summary>School year (start) of the 竞聘.</summary>
    public int Year { get; set; }
    public int SchoolId { get; set; }
    public HiringOutcome Outcome { get; set; }
    public int? ToSchoolId { get; set; }
    /// <summary>聘任/调剂/待岗 from this day (the new post's first day when the teacher moves).</summary>
    public DateOnly DecidedOn { get; set; }
    /// <summary>The result moved the post (a new assignment at <see cref="ToSchoolId"/> from <see cref="DecidedOn"/>).</summary>
    public bool MovedPost { get; set; }
    /// <summary>The import batch that wrote it.</summary>
    public int? ImportId { get; set; }
}

/// <summary>A school's 岗位数 for the 竞聘 of a school year, entered by the bureau (without it the 编制 figure of the supply report counts).</summary>
[SchoolScoped]
public sealed class HiringPost
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public int Year { get; set; }
    public int Posts { get; set; }
}
