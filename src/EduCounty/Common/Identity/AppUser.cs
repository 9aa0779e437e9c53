using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EduCounty.Common.Identity;

/// <summary>A platform account (ASP.NET Core Identity user with the platform's own fields).</summary>
[OutsideDataVersion("账号（登录时更新锁定计数等）不是评估读取的业务数据")]
public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    /// <summary>The password was set by someone else (one-time password) and must be changed at sign-in.</summary>
    public bool MustChangePassword { get; set; }
    public DateTimeOffset? PasswordChangedAt { get; set; }
    /// <summary>
    /// Start (UTC) of the current 15-minute window of failed sign-ins counted in AccessFailedCount (issue 6 §3:
    /// 5 failures within 15 minutes lock the account). A DateTime rather than a DateTimeOffset because the
    /// counting UPDATE compares it in SQL, which EF Core's SQLite provider refuses for DateTimeOffset.
    /// </summary>
    public DateTime? FirstFailureAtUtc { get; set; }
    /// <summary>
    /// The 30-second step of the last two-factor code accepted (RFC 6238 time step): a code is accepted once only, so a
    /// code of this step or an earlier one is refused (issue 13, low: TOTP replay).
    /// </summary>
    public long? LastTotpStep { get; set; }
    public List<UserScope> Scopes { get; set; } = [];
}

/// <summary>One element of a user's organisation scope: a division (and all below it) or a school.</summary>
[NotSchoolScoped("账号的组织范围：它限定别的数据，本身须在计算范围前读出")]
[OutsideDataVersion("账号的组织范围：缓存按查询方的学校范围分开存放")]
public sealed class UserScope
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    public string? DivisionCode { get; set; }
    public int? SchoolId { get; set; }
}

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> e) =>
        e.HasMany(x => x.Scopes).WithOne().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
}

internal sealed class UserScopeConfiguration : IEntityTypeConfiguration<UserScope>
{
    public void Configure(EntityTypeBuilder<UserScope> e) => e.HasIndex(x => x.UserId);
}
