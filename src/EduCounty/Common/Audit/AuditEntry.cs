using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EduCounty.Common.Audit;

/// <summary>Append-only audit trail entry; each carries the hash of the previous one (tamper evidence).</summary>
[NotAudited("审计记录本身")]
[OutsideDataVersion("审计记录不是评估读取的业务数据")]
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string? UserName { get; set; }
    /// <summary>create / update / delete / view / export / signin / signin-failed / import / demo …</summary>
    public required string Action { get; set; }
    public string? Entity { get; set; }
    public string? EntityId { get; set; }
    /// <summary>JSON of the changed fields: {"Name":["old","new"]}.</summary>
    public string? Changes { get; set; }
    public string? Detail { get; set; }
    public string? PreviousHash { get; set; }
    public required string Hash { get; set; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> e)
    {
        e.Property(x => x.Action).HasMaxLength(30);
        e.Property(x => x.Entity).HasMaxLength(60);
        e.Property(x => x.EntityId).HasMaxLength(200);
        e.Property(x => x.UserName).HasMaxLength(100);
        e.Property(x => x.Hash).HasMaxLength(64);
        e.Property(x => x.PreviousHash).HasMaxLength(64);
        e.HasIndex(x => x.At);
    }
}
