using EduCounty.Common;

namespace EduCounty.Plan.Progress;

/// <summary>进展填报 of a task or a project (exactly one of <see cref="TaskId"/>, <see cref="ProjectId"/>).</summary>
public sealed class PlanProgressUpdate
{
    public int Id { get; set; }
    public int? TaskId { get; set; }
    public int? ProjectId { get; set; }
    public DateOnly Date { get; set; }
    public required string Author { get; set; }
    public required string Text { get; set; }
    public int? Percent { get; set; }
    /// <summary>累计完成投资 reported, 万元 (projects).</summary>
    public decimal? SpentWan { get; set; }
    /// <summary>累计交付学位 reported (projects).</summary>
    public int? SeatsDelivered { get; set; }
    public List<PlanAttachment> Attachments { get; set; } = [];
}

/// <summary>
/// Evidence (佐证材料) of an update. The metadata row is audited like every entity; the bytes live in
/// <see cref="PlanAttachmentContent"/>, kept out of the audit trail (the SHA-256 here stands for them).
/// </summary>
public sealed class PlanAttachment
{
    public int Id { get; set; }
    public int UpdateId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long SizeBytes { get; set; }
    public required string Sha256 { get; set; }
    public PlanAttachmentContent? Content { get; set; }
}

/// <summary>The bytes of an attachment (same id as <see cref="PlanAttachment"/>).</summary>
[NotAudited("附件字节：被审计的 PlanAttachment 行记录其 SHA-256")]
public sealed class PlanAttachmentContent
{
    public int Id { get; set; }
    public required byte[] Bytes { get; set; }
}
