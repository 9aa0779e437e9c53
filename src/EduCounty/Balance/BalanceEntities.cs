namespace EduCounty.Balance;

/// <summary>
/// A supervisor's (督导) finding on one 优质均衡 item the registry cannot compute — 政府保障程度 G*, 教育质量 Q*,
/// preconditions P*, veto items V* (balance-rules.md §2.0, §2.0b, §2.4, §2.5): 达标 or 未达标 with the evidence.
/// One row per county, school year and code; changes are audited by <see cref="Common.EduDb"/>.
/// </summary>
public sealed class BalanceAssessment
{
    public int Id { get; set; }
    public required string CountyCode { get; set; }
    /// <summary>School year start (2020 = 2020-2021).</summary>
    public int Year { get; set; }
    public required string Code { get; set; }
    public bool Met { get; set; }
    /// <summary>佐证材料 text (what was checked).</summary>
    public required string Evidence { get; set; }
    /// <summary>Reference to an attached document (file name or document number), if any.</summary>
    public string? Attachment { get; set; }
    public required string RecordedBy { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>
/// 社会认可度 survey result of one respondent group (学生、家长、教师、校长、人大代表、政协委员、其他群众; §2.6):
/// respondents and how many were satisfied.
/// </summary>
public sealed class SatisfactionSurvey
{
    public int Id { get; set; }
    public required string CountyCode { get; set; }
    public int Year { get; set; }
    public required string Group { get; set; }
    public int Respondents { get; set; }
    public int Satisfied { get; set; }
    public string? Source { get; set; }
}
