using System.Globalization;
using EduCounty.Common;
using EduCounty.Common.Protection;

namespace EduCounty.Registry;

/// <summary>学生 with the 学籍 state machine: changes are methods that refuse illegal transitions.</summary>
[SchoolScoped]
public sealed class Student
{
    public int Id { get; set; }
    /// <summary>
    /// 全国学籍号 as shown: masked when it embeds the 身份证号 (the national form is G + 身份证号), so the
    /// plaintext never sits in the database; the full number is in <see cref="StudentNumberCipher"/>.
    /// </summary>
    public required string StudentNumber { get; set; }
    /// <summary>Keyed hash of the full 学籍号: the natural key for look-up and upsert.</summary>
    public required string StudentNumberHash { get; set; }
    [Encrypted]
    public byte[]? StudentNumberCipher { get; set; }
    /// <summary>身份证号, AES-GCM ciphertext (see Common/Protection/PersonalDataProtector).</summary>
    [Encrypted]
    public byte[]? IdNumberCipher { get; set; }
    /// <summary>Keyed hash of the 身份证号 for look-up.</summary>
    public string? IdNumberHash { get; set; }
    [Personal]
    public required string Name { get; set; }
    public Sex Sex { get; set; }
    [Personal]
    public DateOnly BirthDate { get; set; }
    /// <summary>民族 GB 3304 two-digit code.</summary>
    [Personal]
    public required string EthnicityCode { get; set; }
    public Hukou Hukou { get; set; }
    public bool MigrantChild { get; set; }
    public bool LeftBehindChild { get; set; }
    /// <summary>
    /// Has a disability (any category): the one non-categorical flag the official counts need (随班就读, 特殊教育 —
    /// counted in SQL by Indicators and Balance). The category itself is <see cref="DisabilityCipher"/> (docs/adr/0024).
    /// </summary>
    [Personal]
    public bool Disabled { get; set; }
    /// <summary>残疾类别 (sensitive personal data under PIPL art. 28), AES-GCM ciphertext of the category's code; null: none.</summary>
    [Encrypted]
    public byte[]? DisabilityCipher { get; set; }
    /// <summary>家庭经济困难 (sensitive), AES-GCM ciphertext of the category's code, written for every student (none as 0) so that its presence tells nothing.</summary>
    [Encrypted]
    public byte[]? HardshipCipher { get; set; }
    public int SchoolId { get; set; }
    public School? School { get; set; }
    public required string Grade { get; set; }
    public int? ClassId { get; set; }
    public StudentStatus Status { get; set; } = StudentStatus.Enrolled;
    public DateOnly EnrolledOn { get; set; }
    public List<StatusChange> Changes { get; set; } = [];

    /// <summary>Sets 残疾类别 (encrypted) and the flag the counts read (issue 13 §13).</summary>
    public void SetDisability(PersonalDataProtector protector, DisabilityType? disability)
    {
        ArgumentNullException.ThrowIfNull(protector);
        Disabled = disability is not null;
        DisabilityCipher = disability is { } d ? protector.Encrypt(((int)d).ToString(CultureInfo.InvariantCulture)) : null;
    }

    /// <summary>Sets 家庭经济困难 (encrypted; none is stored as 0, so every student has a ciphertext).</summary>
    public void SetHardship(PersonalDataProtector protector, FinancialHardship? hardship)
    {
        ArgumentNullException.ThrowIfNull(protector);
        HardshipCipher = protector.Encrypt(((int?)hardship ?? 0).ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>残疾类别 decrypted (for roles holding the right; others see it masked).</summary>
    public DisabilityType? DisabilityOf(PersonalDataProtector protector) => Code(protector, DisabilityCipher) is int d and > 0 ? (DisabilityType)d : null;

    /// <summary>家庭经济困难 decrypted (for roles holding the right; others see it masked).</summary>
    public FinancialHardship? HardshipOf(PersonalDataProtector protector) => Code(protector, HardshipCipher) is int h and > 0 ? (FinancialHardship)h : null;

    private static int? Code(PersonalDataProtector protector, byte[]? cipher)
    {
        ArgumentNullException.ThrowIfNull(protector);
        return cipher is null ? null : int.Parse(protector.Decrypt(cipher), CultureInfo.InvariantCulture);
    }

    private StatusChange Record(StatusChangeType type, DateOnly date, string? reason, int? toSchoolId = null)
    {
        var last = Changes.Count == 0 ? (DateOnly?)null : Changes.Max(c => c.Date);
        if (last is { } l && date < l)
        {
            throw new RuleException($"异动日期 {date:yyyy-MM-dd} 早于该生最近一次异动 {l:yyyy-MM-dd}");
        }
        var change = new StatusChange
        {
            StudentId = Id,
            Type = type,
            Date = date,
            FromSchoolId = SchoolId,
            ToSchoolId = toSchoolId,
            Grade = Grade,
            Reason = reason,
        };
        Changes.Add(change);
        return change;
    }

    private void RequireStatus(StudentStatus expected, string action)
    {
        if (Status != expected)
        {
            throw new RuleException($"学生“{Name}”（{StudentNumber}）当前状态为{Labels.Of(Status)}，不能{action}");
        }
    }

    public StatusChange TransferOut(DateOnly date, int? toSchoolId, string reason)
    {
        RequireStatus(StudentStatus.Enrolled, "办理转出");
        var c = Record(StatusChangeType.TransferOut, date, reason, toSchoolId);
        Status = StudentStatus.TransferredOut;
        return c;
    }

    /// <summary>转入: a student who transferred out (or a new record) joins a school of a type that has the grade.</summary>
    public StatusChange TransferIn(DateOnly date, School school, string grade, string reason)
    {
        if (Status is not (StudentStatus.TransferredOut or StudentStatus.Enrolled) || (Status == StudentStatus.Enrolled && Changes.Count > 0))
        {
            throw new RuleException($"学生“{Name}”当前状态为{Labels.Of(Status)}，不能办理转入");
        }
        RequireGradeFits(school, grade);
        var from = SchoolId;
        SchoolId = school.Id;
        Grade = grade;
        ClassId = null;
        var c = Record(StatusChangeType.TransferIn, date, reason, school.Id);
        c.FromSchoolId = from == 0 ? null : from;
        Status = StudentStatus.Enrolled;
        return c;
    }

    public StatusChange Suspend(DateOnly date, string reason)
    {
        RequireStatus(StudentStatus.Enrolled, "办理休学");
        var c = Record(StatusChangeType.Suspension, date, reason);
        Status = StudentStatus.Suspended;
        return c;
    }

    public StatusChange Resume(DateOnly date, string reason)
    {
        RequireStatus(StudentStatus.Suspended, "办理复学");
        var c = Record(StatusChangeType.Resumption, date, reason);
        Status = StudentStatus.Enrolled;
        return c;
    }

    public StatusChange DropOut(DateOnly date, string reason)
    {
        if (Status is not (StudentStatus.Enrolled or StudentStatus.Suspended))
        {
            throw new RuleException($"学生“{Name}”当前状态为{Labels.Of(Status)}，不能登记辍学");
        }
        var c = Record(StatusChangeType.Dropout, date, reason);
        Status = StudentStatus.DroppedOut;
        return c;
    }

    /// <summary>
    /// 劝返复学: a student who dropped out is back on the roll of their school (a 复学 异动; the 返校 record a 控辍保学
    /// case's 销号 requires, dropout-prevention.md §4–§5).
    /// </summary>
    public StatusChange ReturnAfterDropout(DateOnly date, string reason)
    {
        RequireStatus(StudentStatus.DroppedOut, "办理劝返复学");
        var c = Record(StatusChangeType.Resumption, date, reason);
        Status = StudentStatus.Enrolled;
        return c;
    }

    public StatusChange Graduate(DateOnly date)
    {
        RequireStatus(StudentStatus.Enrolled, "办理毕业");
        if (Grades.Next(Grade) is not null)
        {
            throw new RuleException($"学生“{Name}”在{Grades.Label(Grade)}，不是毕业年级，不能办理毕业");
        }
        var c = Record(StatusChangeType.Graduation, date, "毕业");
        Status = StudentStatus.Graduated;
        return c;
    }

    /// <summary>Yearly 升级 within a stage: recorded by the per-year census snapshot, not as a 学籍异动.</summary>
    public void AdvanceGrade()
    {
        RequireStatus(StudentStatus.Enrolled, "升级");
        Grade = Grades.Next(Grade) ?? throw new RuleException($"学生“{Name}”已在最高年级，应办理毕业而非升级");
        ClassId = null;
    }

    /// <summary>升学: a graduate enters the first grade of a later stage (小升初, 初升高) at a school that has it.</summary>
    public StatusChange Promote(DateOnly date, School school, string grade)
    {
        RequireStatus(StudentStatus.Graduated, "办理升学");
        if (!Grades.IsEntryGrade(grade) || Grades.Order(grade) <= Grades.Order(Grade))
        {
            throw new RuleException($"升学应进入更高学段的起始年级，{Grades.Label(Grade)}不能升入{Grades.Label(grade)}");
        }
        RequireGradeFits(school, grade);
        var from = SchoolId;
        SchoolId = school.Id;
        Grade = grade;
        ClassId = null;
        var c = Record(StatusChangeType.Promotion, date, "升学", school.Id);
        c.FromSchoolId = from;
        Status = StudentStatus.Enrolled;
        return c;
    }

    public static void RequireGradeFits(School school, string grade)
    {
        if (!Grades.For(school.Type).Contains(grade))
        {
            throw new RuleException($"{Labels.Of(school.Type)}“{school.Name}”没有{Grades.Label(grade)}");
        }
    }
}

/// <summary>学籍异动 record.</summary>
[SchoolScoped(Through = typeof(Student), ForeignKey = nameof(StudentId))]
public sealed class StatusChange
{
    public int Id { get; set; }
    public int StudentId { get; set; }
    public StatusChangeType Type { get; set; }
    public DateOnly Date { get; set; }
    public int? FromSchoolId { get; set; }
    public int? ToSchoolId { get; set; }
    public string? Grade { get; set; }
    public string? Reason { get; set; }
}

/// <summary>A student's place at one census (per-year snapshot, so that old figures stay as they were).</summary>
[SchoolScoped]
[NotAudited("每年秋季统计的快照：由导入或示例数据批量写入，以一条导入审计记录整体留痕")]
public sealed class StudentYear
{
    public int Id { get; set; }
    public int StudentId { get; set; }
    public int Year { get; set; }
    public int SchoolId { get; set; }
    public required string Grade { get; set; }
    public int? ClassId { get; set; }
    public bool NewEntrant { get; set; }
}

