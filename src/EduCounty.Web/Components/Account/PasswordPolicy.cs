using EduCounty.Common;
using EduCounty.Common.Identity;
using EduCounty.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Web.Components.Account;

/// <summary>
/// 等保 2.0 三级 身份鉴别 (GB/T 22239-2019 8.1.4.1): at least 8 characters from at least three of the four
/// classes (upper case, lower case, digits, symbols).
/// </summary>
public sealed class ThreeOfFourPasswordValidator : IPasswordValidator<AppUser>
{
    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        password ??= "";
        var classes = new[]
        {
            password.Any(char.IsAsciiLetterUpper),
            password.Any(char.IsAsciiLetterLower),
            password.Any(char.IsAsciiDigit),
            password.Any(c => !char.IsAsciiLetterOrDigit(c)),
        }.Count(x => x);
        var errors = new List<IdentityError>();
        if (password.Length < 8)
        {
            errors.Add(new IdentityError { Code = "TooShort", Description = "密码至少 8 位" });
        }
        if (classes < 3)
        {
            errors.Add(new IdentityError { Code = "Classes", Description = "密码须包含大写字母、小写字母、数字、符号中的至少三类" });
        }
        if (user.UserName is { Length: > 0 } name && password.Contains(name, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new IdentityError { Code = "ContainsName", Description = "密码不能包含用户名" });
        }
        return Task.FromResult(errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]));
    }
}

/// <summary>
/// Issue 6 §3: none of the last 5 passwords reused. The current password counts as the most recent, so the new one
/// is compared with it and the four before it (Identity's hasher verifies each stored hash).
/// </summary>
public sealed class PasswordHistoryValidator(EduDb db) : IPasswordValidator<AppUser>
{
    public const int Remembered = 5;

    public async Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return IdentityResult.Success;
        }
        var hashes = new List<string>();
        if (user.PasswordHash is { } current)
        {
            hashes.Add(current);
        }
        hashes.AddRange(await db.PasswordHistory.AsNoTracking().Where(h => h.UserId == user.Id).OrderByDescending(h => h.Id)
            .Select(h => h.PasswordHash).Take(Remembered - hashes.Count).ToListAsync());
        return hashes.Any(h => manager.PasswordHasher.VerifyHashedPassword(user, h, password) != PasswordVerificationResult.Failed)
            ? IdentityResult.Failed(new IdentityError { Code = "PasswordReused", Description = $"新密码不能与最近 {Remembered} 次使用过的密码相同" })
            : IdentityResult.Success;
    }
}

/// <summary>Issue 6 §3: passwords are changed every 90 days (EduCounty:PasswordMaxAgeDays).</summary>
public static class PasswordExpiry
{
    public const int DefaultMaxAgeDays = 90;

    public static int MaxAgeDays(IConfiguration config) =>
        config.GetValue("EduCounty:PasswordMaxAgeDays", DefaultMaxAgeDays) is var d and > 0 ? d : DefaultMaxAgeDays;

    /// <summary>An unknown change date counts as expired (fail closed): every password set since this check records it.</summary>
    public static bool IsExpired(AppUser user, DateTimeOffset now, int maxAgeDays) =>
        user.PasswordChangedAt is not { } changed || now - changed >= TimeSpan.FromDays(maxAgeDays);
}

/// <summary>
/// Adds the claims the <see cref="AccountGate"/> acts on: the password must be changed (one-time or expired), and a
/// 三员 account must enrol in two-factor sign-in first.
/// </summary>
public sealed class AppClaimsFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, Microsoft.Extensions.Options.IOptions<IdentityOptions> options,
    TimeProvider clock, IConfiguration config)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    public const string MustChangePassword = "educounty:must_change_password";
    public const string MustEnrolTwoFactor = "educounty:must_enrol_2fa";
    public const string DisplayName = "educounty:display_name";
    /// <summary>Value of <see cref="MustChangePassword"/> when the password is older than the maximum age.</summary>
    public const string Expired = "expired";

    protected override async Task<System.Security.Claims.ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var id = await base.GenerateClaimsAsync(user);
        if (user.MustChangePassword)
        {
            id.AddClaim(new System.Security.Claims.Claim(MustChangePassword, "1"));
        }
        else if (PasswordExpiry.IsExpired(user, clock.GetUtcNow(), PasswordExpiry.MaxAgeDays(config)))
        {
            id.AddClaim(new System.Security.Claims.Claim(MustChangePassword, Expired));
        }
        if (!user.TwoFactorEnabled && TwoFactor.Required(Roles.Separated.Where(r => id.HasClaim(id.RoleClaimType, r))))
        {
            id.AddClaim(new System.Security.Claims.Claim(MustEnrolTwoFactor, "1"));
        }
        id.AddClaim(new System.Security.Claims.Claim(DisplayName, string.IsNullOrEmpty(user.DisplayName) ? user.UserName ?? "" : user.DisplayName));
        return id;
    }
}
