using EduCounty.Common;
using EduCounty.Common.Identity;
using EduCounty.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace EduCounty.Web.Components.Account;

/// <summary>
/// Identity's user manager with the 三员 separation enforced wherever roles are assigned, and every password change
/// recorded: the replaced hash goes into the password history (none of the last 5 reused) and PasswordChangedAt
/// restarts the 90-day expiry (issue 6 §3).
/// </summary>
public sealed class EduUserManager(IUserStore<AppUser> store, IOptions<IdentityOptions> options, IPasswordHasher<AppUser> hasher,
    IEnumerable<IUserValidator<AppUser>> userValidators, IEnumerable<IPasswordValidator<AppUser>> passwordValidators,
    ILookupNormalizer normalizer, IdentityErrorDescriber errors, IServiceProvider services, ILogger<UserManager<AppUser>> logger,
    EduDb db, TimeProvider clock)
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

    public override Task<IdentityResult> CreateAsync(AppUser user, string password) =>
        PasswordSettingAsync(user, () => base.CreateAsync(user, password));

    public override Task<IdentityResult> ChangePasswordAsync(AppUser user, string currentPassword, string newPassword) =>
        PasswordSettingAsync(user, () => base.ChangePasswordAsync(user, currentPassword, newPassword));

    public override Task<IdentityResult> ResetPasswordAsync(AppUser user, string token, string newPassword) =>
        PasswordSettingAsync(user, () => base.ResetPasswordAsync(user, token, newPassword));

    public override Task<IdentityResult> AddPasswordAsync(AppUser user, string password) =>
        PasswordSettingAsync(user, () => base.AddPasswordAsync(user, password));

    /// <summary>Removing a password keeps it in the history too, so remove + add cannot bring an old one back.</summary>
    public override Task<IdentityResult> RemovePasswordAsync(AppUser user) =>
        PasswordSettingAsync(user, () => base.RemovePasswordAsync(user));

    /// <summary>
    /// The history entry and the new PasswordChangedAt are staged before Identity's own save, so they are written in
    /// the same SaveChanges (and transaction) as the new hash; a refused change un-stages them.
    /// </summary>
    private async Task<IdentityResult> PasswordSettingAsync(AppUser user, Func<Task<IdentityResult>> set)
    {
        var now = clock.GetUtcNow();
        var previousChangedAt = user.PasswordChangedAt;
        var entry = user.PasswordHash is { } old ? new PasswordHistoryEntry { UserId = user.Id, PasswordHash = old, ChangedAt = now } : null;
        if (entry is not null)
        {
            db.PasswordHistory.Add(entry);
        }
        user.PasswordChangedAt = now;
        var done = false;
        try
        {
            var result = await set();
            done = result.Succeeded;
            return result;
        }
        finally
        {
            if (!done)
            {
                if (entry is not null)
                {
                    db.Entry(entry).State = Microsoft.EntityFrameworkCore.EntityState.Detached;
                }
                user.PasswordChangedAt = previousChangedAt;
            }
        }
    }
}
