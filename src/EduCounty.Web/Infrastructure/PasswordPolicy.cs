using EduCounty.Security;
using Microsoft.AspNetCore.Identity;

namespace EduCounty.Web.Infrastructure;

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

    /// <summary>A random one-time password that satisfies the policy.</summary>
    public static string OneTimePassword()
    {
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
        const string lower = "abcdefghijkmnopqrstuvwxyz";
        const string digits = "23456789";
        const string symbols = "!@#$%^*-_+=";
        var all = upper + lower + digits + symbols;
        var chars = new List<char>
        {
            upper[System.Security.Cryptography.RandomNumberGenerator.GetInt32(upper.Length)],
            lower[System.Security.Cryptography.RandomNumberGenerator.GetInt32(lower.Length)],
            digits[System.Security.Cryptography.RandomNumberGenerator.GetInt32(digits.Length)],
            symbols[System.Security.Cryptography.RandomNumberGenerator.GetInt32(symbols.Length)],
        };
        while (chars.Count < 14)
        {
            chars.Add(all[System.Security.Cryptography.RandomNumberGenerator.GetInt32(all.Length)]);
        }
        return new string([.. chars.OrderBy(_ => System.Security.Cryptography.RandomNumberGenerator.GetInt32(1000))]);
    }
}

/// <summary>Adds the "must change password" claim so that the middleware can send the user to the change page.</summary>
public sealed class AppClaimsFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, Microsoft.Extensions.Options.IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    public const string MustChangePassword = "educounty:must_change_password";
    public const string DisplayName = "educounty:display_name";

    protected override async Task<System.Security.Claims.ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var id = await base.GenerateClaimsAsync(user);
        if (user.MustChangePassword)
        {
            id.AddClaim(new System.Security.Claims.Claim(MustChangePassword, "1"));
        }
        id.AddClaim(new System.Security.Claims.Claim(DisplayName, string.IsNullOrEmpty(user.DisplayName) ? user.UserName ?? "" : user.DisplayName));
        return id;
    }
}
