using EduCounty.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace EduCounty.Web.Infrastructure;

/// <summary>Identity's user manager with the 三员 separation enforced wherever roles are assigned.</summary>
public sealed class EduUserManager(IUserStore<AppUser> store, IOptions<IdentityOptions> options, IPasswordHasher<AppUser> hasher,
    IEnumerable<IUserValidator<AppUser>> userValidators, IEnumerable<IPasswordValidator<AppUser>> passwordValidators,
    ILookupNormalizer normalizer, IdentityErrorDescriber errors, IServiceProvider services, ILogger<UserManager<AppUser>> logger)
    : UserManager<AppUser>(store, options, hasher, userValidators, passwordValidators, normalizer, errors, services, logger)
{
    public override async Task<IdentityResult> AddToRoleAsync(AppUser user, string role) =>
        await SeparatedAsync(user, [role]) ?? await base.AddToRoleAsync(user, role);

    public override async Task<IdentityResult> AddToRolesAsync(AppUser user, IEnumerable<string> roles)
    {
        var list = roles.ToList();
        return await SeparatedAsync(user, list) ?? await base.AddToRolesAsync(user, list);
    }

    private async Task<IdentityResult?> SeparatedAsync(AppUser user, IReadOnlyCollection<string> adding) =>
        SeparationOfDuties.Violation(await GetRolesAsync(user), adding) is { } reason
            ? IdentityResult.Failed(new IdentityError { Code = "SeparationOfDuties", Description = reason })
            : null;
}
