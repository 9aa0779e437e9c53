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
/// Issue 13 (low): a blocklist of common passwords. A password is refused when, lower-cased, it is a listed one, or
/// when its word — digits and symbols cut from both ends, then the usual substitutions undone (@→a, 0→o, 1→i, 3→e,
/// $→s, 5→s, 7→t, !→i) — is a listed word: "P@ssw0rd", "Admin@123", "Password2024!" and "Abc@12345" are all refused
/// although each has three character classes.
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<AppUser>
{
    /// <summary>Whole passwords seen in every leaked list (keyboard walks and the like, lower case).</summary>
    private static readonly HashSet<string> Passwords = new(StringComparer.Ordinal)
    {
        "1qaz@wsx", "1qaz2wsx", "1qaz!qaz", "1q2w3e4r", "1q2w3e4r5t", "1q2w3e4r!", "zaq12wsx", "zaq1@wsx", "qwe123!@#", "qwer1234",
        "qwer!234", "qwer@1234", "asdf1234", "asd123456", "aa123456", "a123456789", "a1b2c3d4", "abcd1234", "abc123456",
        "qq123456", "woaini1314", "12345678", "123456789", "1234567890", "87654321", "11111111", "88888888", "12344321",
        "!qaz2wsx", "!qaz@wsx", "q1w2e3r4", "1234qwer", "1234abcd", "abcd@1234", "a1234567", "aa112233",
    };

    /// <summary>Words that are a password's whole core in common choices (after the substitutions are undone).</summary>
    private static readonly HashSet<string> Words = new(StringComparer.Ordinal)
    {
        "password", "passwd", "passw", "pass", "pwd", "admin", "administrator", "root", "user", "test", "guest", "login", "welcome",
        "letmein", "changeme", "iloveyou", "qwerty", "qwertyuiop", "asdfgh", "asdfghjkl", "zxcvbn", "zxcvbnm", "abc", "abcd", "abcde",
        "abcdef", "abcdefg", "abcdefgh", "monkey", "dragon", "master", "sunshine", "princess", "football", "baseball", "superman",
        "batman", "trustno", "hello", "secret", "system", "sysadmin", "manager", "china", "beijing", "woaini", "aini", "huawei",
        "educounty", "edu", "school", "teacher", "student", "fukang", "qaz", "qazwsx", "wsx", "qwe", "asd", "zxc", "aa", "aaa",
    };

    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        var lower = (password ?? "").ToLowerInvariant();
        var core = lower.Trim("0123456789!@#$%^&*()-_=+[]{};:'\",.<>/?`~|\\ ".ToCharArray());
        var word = new string([.. core.Select(c => c switch
        {
            '@' or '4' => 'a',
            '0' => 'o',
            '1' or '!' => 'i',
            '3' => 'e',
            '$' or '5' => 's',
            '7' => 't',
            _ => c,
        })]);
        var common = Passwords.Contains(lower) || Words.Contains(word) || Words.Contains(core)
            || (word.Length > 0 && Words.Contains(word.Replace('i', 'l')));
        return Task.FromResult(common
            ? IdentityResult.Failed(new IdentityError { Code = "Common", Description = "密码过于常见（如 P@ssw0rd、Admin@123），容易被猜中，请换一个" })
            : IdentityResult.Success);
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

/// <summary>Issue 6 §3: passwords are changed every 90 days (the security policy's PasswordMaxAgeDays; EduCounty:PasswordMaxAgeDays until the 安全管理员 sets it).</summary>
public static class PasswordExpiry
{

    /// <summary>An unknown change date counts as expired (fail closed): every password set since this check records it.</summary>
    public static bool IsExpired(AppUser user, DateTimeOffset now, int maxAgeDays) =>
        user.PasswordChangedAt is not { } changed || now - changed >= TimeSpan.FromDays(maxAgeDays);
}

/// <summary>
/// Adds the claims the <see cref="AccountGate"/> acts on: the password must be changed (one-time or expired), and a
/// 三员 account must enrol in two-factor sign-in first.
/// </summary>
public sealed class AppClaimsFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, Microsoft.Extensions.Options.IOptions<IdentityOptions> options,
    TimeProvider clock, EduCounty.Web.Infrastructure.SecurityPolicyCache policy)
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
        // 三员分立 (issue 13 §3): an account mixing a 三员 role with another acts with no role at all until corrected.
        var held = id.FindAll(id.RoleClaimType).ToList();
        if (SeparationOfDuties.Effective([.. held.Select(c => c.Value)]).Count == 0)
        {
            foreach (var c in held)
            {
                id.RemoveClaim(c);
            }
        }
        if (user.MustChangePassword)
        {
            id.AddClaim(new System.Security.Claims.Claim(MustChangePassword, "1"));
        }
        else if (PasswordExpiry.IsExpired(user, clock.GetUtcNow(), (await policy.GetAsync()).PasswordMaxAgeDays))
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
