using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EduCounty.Common.Protection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EduCounty.Common.Audit;

/// <summary>
/// A signed checkpoint of the audit chain (issue 13 §14, docs/adr/0013 "anchoring"): the id and hash of the newest entry
/// at that moment, numbered without gaps, and an HMAC over them with a key the database does not
/// hold (<see cref="AuditSeal"/>, derived from the key ring). Someone who can write the database can delete the newest
/// entries or rewrite an entry and recompute every later hash, but cannot make a checkpoint that agrees: verification
/// finds the checkpointed entry gone or with another hash.
/// </summary>
[NotAudited("审计链的签名检查点，本身就是对审计链的校验")]
[OutsideDataVersion("审计链检查点不是评估读取的业务数据")]
public sealed class AuditCheckpoint
{
    public long Id { get; set; }
    /// <summary>1, 2, 3 … without gaps: a deleted checkpoint shows as a gap.</summary>
    public long Sequence { get; set; }
    public DateTimeOffset At { get; set; }
    public long LastEntryId { get; set; }
    public required string LastHash { get; set; }
    public required string Mac { get; set; }
}

internal sealed class AuditCheckpointConfiguration : IEntityTypeConfiguration<AuditCheckpoint>
{
    public void Configure(EntityTypeBuilder<AuditCheckpoint> e)
    {
        e.ToTable("AuditCheckpoints");
        e.Property(x => x.LastHash).HasMaxLength(64);
        e.Property(x => x.Mac).HasMaxLength(64);
        e.HasIndex(x => x.Sequence).IsUnique();
    }
}

/// <summary>
/// The key that signs audit checkpoints: HKDF-SHA256 of the key ring's look-up hash key with its own label, so it lives
/// outside the database (in the key ring file or EDUCOUNTY_KEYS) without a new secret to manage, and is independent of the
/// look-up hashes it is derived beside. The key ring never rotates the hash key (docs/adr/0016), so checkpoints stay
/// verifiable after a data key rotation.
/// </summary>
public sealed class AuditSeal
{
    private readonly byte[] _key;

    public AuditSeal(byte[] key) => _key = key.Length >= 32 ? key : throw new ArgumentException("审计检查点密钥至少 256 位", nameof(key));

    public static AuditSeal FromKeyRing(KeyRing ring)
    {
        ArgumentNullException.ThrowIfNull(ring);
        return new(HKDF.DeriveKey(HashAlgorithmName.SHA256, ring.HashKey, 32, info: Encoding.UTF8.GetBytes("EduCounty audit checkpoint v1")));
    }

    /// <summary>The MAC of a checkpoint (hex): over its sequence and the entry's id and hash.</summary>
    public string Mac(long sequence, long lastEntryId, string lastHash)
    {
        var text = string.Join('\u001f', sequence.ToString(CultureInfo.InvariantCulture), lastEntryId.ToString(CultureInfo.InvariantCulture), lastHash);
        return Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(text)));
    }

    public bool Verify(AuditCheckpoint c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Mac(c.Sequence, c.LastEntryId, c.LastHash)), Encoding.ASCII.GetBytes(c.Mac));
    }
}
