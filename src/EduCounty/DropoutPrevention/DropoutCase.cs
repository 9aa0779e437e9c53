using EduCounty.Common;
using EduCounty.Common.Protection;

namespace EduCounty.DropoutPrevention;

/// <summary>台账 kind (dropout-prevention.md §4–§5: 适龄儿童台账, 疑似辍学学生台账, 辍学学生台账).</summary>
public enum CaseKind
{
    /// <summary>辍学.</summary>
    Dropout = 1,

    /// <summary>疑似辍学 (名在人不在, 长期未到校, 休学期满未复学).</summary>
    SuspectedDropout = 2,

    /// <summary>适龄未入学 (失学).</summary>
    NotEnrolled = 3,
}

/// <summary>How the case was found (发现途径, §5).</summary>
public enum CaseSource
{
    /// <summary>学籍异动“辍学”.</summary>
    RegistryDropout = 1,

    /// <summary>休学超过期限未复学 (§7).</summary>
    SuspensionOverdue = 2,

    /// <summary>学校月报 (一月一报告).</summary>
    SchoolReport = 3,

    /// <summary>人工登记 (摸排、举报、督导).</summary>
    Manual = 4,
}

/// <summary>How a case was closed (销号 status, §5).</summary>
public enum CaseClosure
{
    /// <summary>已劝返复学: a 返校 record in 学籍.</summary>
    Returned = 1,

    /// <summary>送教上门 (纳入学籍管理, §6).</summary>
    HomeTeaching = 2,

    /// <summary>特教学校就读.</summary>
    SpecialSchool = 3,

    /// <summary>依法延缓入学/休学 (义务教育法§11, approved by 乡镇人民政府 or 县教育局).</summary>
    LegalExemption = 4,
}

/// <summary>
/// A 控辍保学 case (辍学学生台账 row, dropout-prevention.md §5): the child and school, kind and source, causes (§3),
/// the 联控联保 responsible persons (学校, 乡镇, 村; §4), the 劝返 steps, and the 销号. Notes are encrypted at rest.
/// </summary>
[SchoolScoped]
public sealed class DropoutCase
{
    public int Id { get; set; }
    public int StudentId { get; set; }
    public int SchoolId { get; set; }
    public required string Grade { get; set; }
    public CaseKind Kind { get; set; }
    public CaseSource Source { get; set; }

    /// <summary>The 学籍异动 that opened the case automatically (unique: the sync is idempotent).</summary>
    public int? StatusChangeId { get; set; }

    /// <summary>离校日期 (the 辍学/休学 date, or the date reported).</summary>
    public DateOnly LeftOn { get; set; }
    public DateOnly OpenedOn { get; set; }

    /// <summary>Cause codes (dropout-rules.json <c>causes</c>), comma separated.</summary>
    public string Causes { get; set; } = "";
    [Personal]
    public string? SchoolResponsible { get; set; }
    [Personal]
    public string? TownshipResponsible { get; set; }
    [Personal]
    public string? VillageResponsible { get; set; }

    /// <summary>个案说明 (family situation etc.): sensitive personal data of a minor, AES-GCM ciphertext.</summary>
    [Encrypted]
    public byte[]? NotesCipher { get; set; }
    public bool Closed { get; set; }
    public CaseClosure? Closure { get; set; }
    public DateOnly? ClosedOn { get; set; }
    public string? ClosedBy { get; set; }
    public string? ClosureEvidence { get; set; }
    public List<PersuasionStep> Steps { get; set; } = [];

    public void SetNotes(PersonalDataProtector protector, string? notes)
    {
        ArgumentNullException.ThrowIfNull(protector);
        NotesCipher = string.IsNullOrWhiteSpace(notes) ? null : protector.Encrypt(notes.Trim());
    }

    public string? NotesOf(PersonalDataProtector protector) => NotesCipher is null ? null : protector.Decrypt(NotesCipher);

    public void RequireOpen()
    {
        if (Closed) throw new RuleException($"个案 KC{Id:D5} 已于 {ClosedOn:yyyy-MM-dd} 销号");
    }

    /// <summary>The date the next 劝返 step is due: first attempt within the month, then each follow-up (dropout-rules.json).</summary>
    public DateOnly NextDue(DropoutRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var last = Steps.OrderBy(s => s.Date).ThenBy(s => s.Id).LastOrDefault();
        return last is null ? OpenedOn.AddDays(rules.FirstAttemptDays) : last.NextOn ?? last.Date.AddDays(rules.FollowUpDays);
    }
}

/// <summary>A 劝返 attempt (§4 "record every 劝返 attempt"; §5: 日期, 方式, 参与人, 结果, 下次计划日期) with its evidence text.</summary>
[SchoolScoped(Through = typeof(DropoutCase), ForeignKey = nameof(CaseId))]
public sealed class PersuasionStep
{
    public int Id { get; set; }
    public int CaseId { get; set; }
    public DateOnly Date { get; set; }
    public required string Method { get; set; }
    [Personal]
    public required string Participants { get; set; }
    public required string Result { get; set; }
    public string? Evidence { get; set; }
    public DateOnly? NextOn { get; set; }
    public required string RecordedBy { get; set; }
}
