using EduCounty.Common;
using EduCounty.Common.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EduCounty.Security;

internal sealed class PasswordHistoryEntryConfiguration : IEntityTypeConfiguration<PasswordHistoryEntry>
{
    public void Configure(EntityTypeBuilder<PasswordHistoryEntry> e)
    {
        e.ToTable("PasswordHistory");
        e.Property(x => x.UserId).HasMaxLength(450);
        e.HasIndex(x => x.UserId);
        e.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SignInEventConfiguration : IEntityTypeConfiguration<SignInEvent>
{
    public void Configure(EntityTypeBuilder<SignInEvent> e)
    {
        e.ToTable("SignInEvents");
        e.Property(x => x.UserId).HasMaxLength(450);
        e.Property(x => x.UserName).HasMaxLength(256);
        e.Property(x => x.Result).HasMaxLength(20);
        e.Property(x => x.Reason).HasMaxLength(200);
        e.Property(x => x.Ip).HasMaxLength(64);
        e.Property(x => x.UserAgent).HasMaxLength(300);
        e.HasIndex(x => x.UserId);
    }
}

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> e)
    {
        e.ToTable("UserSessions");
        e.Property(x => x.Id).HasMaxLength(32);
        e.Property(x => x.UserId).HasMaxLength(450);
        e.Property(x => x.EndReason).HasMaxLength(20);
        e.Property(x => x.Ip).HasMaxLength(64);
        e.HasIndex(x => x.UserId);
        e.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SecurityPolicyConfiguration : IEntityTypeConfiguration<SecurityPolicy>
{
    public void Configure(EntityTypeBuilder<SecurityPolicy> e)
    {
        e.ToTable("SecurityPolicies");
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.IdNumberRevealRoles).HasMaxLength(300);
        e.Property(x => x.SensitiveAttributeRoles).HasMaxLength(300);
        e.Property(x => x.UpdatedBy).HasMaxLength(100);
    }
}

internal sealed class SignInThrottleConfiguration : IEntityTypeConfiguration<SignInThrottle>
{
    public void Configure(EntityTypeBuilder<SignInThrottle> e)
    {
        e.ToTable("SignInThrottles");
        e.HasKey(x => x.NameKey);
        e.Property(x => x.NameKey).HasMaxLength(64);
        e.HasIndex(x => x.WindowStartUtc);
    }
}

/// <summary>This feature's tables on the one context (docs/adr/0020: a feature owns its sets and configurations).</summary>
public static class SecuritySets
{
    extension(EduDb db)
    {
        public DbSet<PasswordHistoryEntry> PasswordHistory => db.Set<PasswordHistoryEntry>();
        public DbSet<SignInEvent> SignInEvents => db.Set<SignInEvent>();
        public DbSet<UserSession> UserSessions => db.Set<UserSession>();
        public DbSet<SecurityPolicy> SecurityPolicies => db.Set<SecurityPolicy>();
        public DbSet<SignInThrottle> SignInThrottles => db.Set<SignInThrottle>();
    }
}
