using System.Globalization;
using EduCounty.Common;
using EduCounty.Common.Protection;

namespace EduCounty.StudentAid;

/// <summary>Where an application stands: 申请 → 学校审核 → 县审批 → 发放, or 未通过.</summary>
public enum AidStatus
{
    Submitted = 1,
    SchoolReviewed = 2,
    Approved = 3,
    Paid = 4,
    Rejected = 9,
}

/// <summary>
/// 家庭经济困难学生认定 of one student for one 学年 (教财〔2018〕16号, student-aid.md §4: 原则上每学年认定一次). The level
/// and the evidence category are sensitive personal data: one AES-GCM ciphertext (<see cref="DetailCipher"/>), decrypted only
/// for <see cref="AidAccess.SensitiveRoles"/>, each view audited. The category is the registry's <see cref="FinancialHardship"/>
/// (the 学籍 flag <c>Student.HardshipCipher</c> is updated with it). <see cref="CoverageGroup"/> is the one non-categorical
/// flag the 资助全覆盖 count needs (as <c>Student.Disabled</c> is for the disability counts): it tells that the category is one of
/// 建档立卡/低保/特困/残疾, not which.
/// </summary>
[SchoolScoped]
public sealed class HardshipAssessment
{
    public int Id { get; set; }
    public int StudentId { get; set; }
    public int SchoolId { get; set; }

    /// <summary>学年 (its first calendar year).</summary>
    public int Year { get; set; }

    /// <summary>"level,category" codes, AES-GCM ciphertext.</summary>
    [Encrypted]
    public required byte[] DetailCipher { get; set; }

    [Personal]
    public bool CoverageGroup { get; set; }
    public DateOnly AssessedOn { get; set; }
    public required string AssessedBy { get; set; }

    public void SetDetail(PersonalDataProtector protector, HardshipLevel level, FinancialHardship? category)
    {
        ArgumentNullException.ThrowIfNull(protector);
        DetailCipher = protector.Encrypt(string.Create(CultureInfo.InvariantCulture, $"{(int)level},{(int?)category ?? 0}"));
    }

    public (HardshipLevel Level, FinancialHardship? Category) DetailOf(PersonalDataProtector protector)
    {
        ArgumentNullException.ThrowIfNull(protector);
        var parts = protector.Decrypt(DetailCipher).Split(',');
        var category = int.Parse(parts[1], CultureInfo.InvariantCulture);
        return ((HardshipLevel)int.Parse(parts[0], CultureInfo.InvariantCulture), category == 0 ? null : (FinancialHardship)category);
    }
}

/// <summary>
/// A 资助申请: a student × programme × 学年 × 学期, the amount of the standard in force on the term's first day, and each
/// step of the chain (学校审核, 县审批, 发放) with date and person. Refusals name the reason (<see cref="RejectReason"/>).
/// </summary>
[SchoolScoped]
public sealed class AidApplication
{
    public int Id { get; set; }
    public int StudentId { get; set; }
    public int SchoolId { get; set; }
    public required string Grade { get; set; }
    public required string Programme { get; set; }

    /// <summary>The programme's stacking group (never two of one group for a student and term).</summary>
    public required string StackGroup { get; set; }
    public int Year { get; set; }
    public AidTerm Term { get; set; }

    /// <summary>应发 元 for the term (aid-rules.json standard ÷ 2).</summary>
    public decimal Amount { get; set; }
    public AidStatus Status { get; set; } = AidStatus.Submitted;
    public DateOnly SubmittedOn { get; set; }
    public required string SubmittedBy { get; set; }
    public DateOnly? SchoolReviewedOn { get; set; }
    public string? SchoolReviewedBy { get; set; }
    public DateOnly? ApprovedOn { get; set; }
    public string? ApprovedBy { get; set; }
    public string? RejectReason { get; set; }

    /// <summary>实发 元 and date (发放).</summary>
    public decimal? PaidAmount { get; set; }
    public DateOnly? PaidOn { get; set; }
    public string? PaidBy { get; set; }

    /// <summary>发放方式 (student-aid.md §6: 一卡通/中职资助卡/银行卡/直接减免), when known (the 资助发放 import carries it).</summary>
    public string? PaidVia { get; set; }

    public string Number => $"ZZ{Id:D6}";
}

/// <summary>到账: the funds received for a programme and term (万元), to reconcile the 实发 against.</summary>
public sealed class AidFunding
{
    public int Id { get; set; }
    public required string Programme { get; set; }
    public int Year { get; set; }
    public AidTerm Term { get; set; }
    public decimal ReceivedWan { get; set; }
    public DateOnly ReceivedOn { get; set; }
    public string? Document { get; set; }
    public required string RecordedBy { get; set; }
}

/// <summary>
/// 公示 of a 资助 list at one school (student-aid.md §5: 拟资助名单 公示 ≥ 5 个工作日 in school, then withdrawn): created when
/// the list is generated (<see cref="AidPublicity.RecordAsync"/>), one per programme × 学年 × 学期 (null: the whole 学年) ×
/// school. <see cref="EndsOn"/> is the last day of the period (<see cref="AidPublicity.EndOf"/>); a payment for the term
/// on or before it is refused or warned (aid-rules.json <c>publicity</c>); after it the list is to be withdrawn
/// (<see cref="WithdrawnOn"/>).
/// </summary>
[SchoolScoped]
public sealed class AidPublicNotice
{
    public int Id { get; set; }
    public required string Programme { get; set; }
    public int Year { get; set; }

    /// <summary>The term the list covers; null: both terms of the 学年.</summary>
    public AidTerm? Term { get; set; }
    public int SchoolId { get; set; }

    /// <summary>Students on the school's list when it was generated.</summary>
    public int Students { get; set; }
    public DateOnly StartsOn { get; set; }

    /// <summary>The last day of the 公示: <see cref="StartsOn"/> + the rules' working days (weekends skipped; holidays not modelled).</summary>
    public DateOnly EndsOn { get; set; }
    public required string CreatedBy { get; set; }
    public DateOnly? WithdrawnOn { get; set; }
    public string? WithdrawnBy { get; set; }
}
