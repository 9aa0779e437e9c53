using EduCounty.Common;
using EduCounty.Common.Identity;
using EduCounty.Security;
using EduCounty.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EduCounty.Tests.Security;

/// <summary>
/// Issue 13 §2: TOTP seeds were written in clear into the audit trail and shown at /admin/audit. Through Identity's
/// real user manager and stores, every entity holding a declared secret is written, and no secret value reaches the
/// trail — each such field shows "(保密)". An entity that declares a secret and is not exercised here fails the test.
/// </summary>
public sealed class SecretRedactionTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task No_secret_of_any_entity_reaches_the_audit_trail(string provider)
    {
        await using var sp = AccountAdministrationTests.Services(await TestDatabases.CreateEmptyAsync(provider, "secrets"));
        await using var scope = sp.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EduDb>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        await scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>().CreateAsync(new IdentityRole(Roles.Leader));
        // An account with a one-time password, a reset (history entry), a role, an authenticator key (the TOTP seed, a
        // user token), two-factor on, and a security stamp renewed.
        var created = await CreateAccount.HandleAsync(db, users, new CreateAccount.Command("s-user", "秘密测试"));
        db.Actor = "secadmin";
        var first = await IssueOneTimePassword.HandleAsync(db, users, created.UserId);
        await ResetAccountPassword.HandleAsync(db, users, created.UserId);
        var reset = await IssueOneTimePassword.HandleAsync(db, users, created.UserId);
        var user = (await users.FindByIdAsync(created.UserId))!;
        Assert.True((await users.AddToRoleAsync(user, Roles.Leader)).Succeeded);
        Assert.True((await users.ResetAuthenticatorKeyAsync(user)).Succeeded);
        Assert.True((await users.SetTwoFactorEnabledAsync(user, true)).Succeeded);
        Assert.True((await users.UpdateSecurityStampAsync(user)).Succeeded);
        var totpKey = (await users.GetAuthenticatorKeyAsync(user))!;
        // The replaced hash kept in the password history (the web's user manager stages it on every password change).
        db.PasswordHistory.Add(new PasswordHistoryEntry { UserId = user.Id, PasswordHash = user.PasswordHash!, ChangedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();

        // Every stored secret value, read from the tables themselves.
        var secrets = new List<string> { first.OneTimePassword, reset.OneTimePassword, totpKey };
        secrets.AddRange(await db.Users.Select(u => u.PasswordHash!).ToListAsync());
        secrets.AddRange(await db.Users.Select(u => u.SecurityStamp!).ToListAsync());
        secrets.AddRange(await db.Users.Select(u => u.ConcurrencyStamp!).ToListAsync());
        secrets.AddRange(await db.UserTokens.Select(t => t.Value!).ToListAsync());
        secrets.AddRange(await db.PasswordHistory.Select(h => h.PasswordHash).ToListAsync());
        secrets.AddRange(await db.Roles.Select(r => r.ConcurrencyStamp!).ToListAsync());
        Assert.DoesNotContain(secrets, string.IsNullOrEmpty);

        var trail = await db.AuditEntries.AsNoTracking().ToListAsync();
        var text = string.Join("\n", trail.Select(a => $"{a.Changes} {a.Detail} {a.EntityId}"));
        foreach (var s in secrets)
        {
            Assert.False(text.Contains(s, StringComparison.Ordinal), $"审计记录中出现了秘密值 {s[..Math.Min(6, s.Length)]}…");
        }
        // Per entity: each one with a declared secret was written to the trail, and each of its secret fields shows (保密).
        var declaring = db.Model.GetEntityTypes().Where(t => EntityConventions.For(t.ClrType).Secret.Count > 0).ToList();
        Assert.True(declaring.Count >= 4, string.Join(", ", declaring.Select(t => t.ClrType.Name)));
        foreach (var type in declaring)
        {
            var name = type.ClrType.Name;
            var entries = trail.Where(a => a.Entity == name && a.Changes is not null).ToList();
            Assert.True(entries.Count > 0, $"{name}：没有写入审计的变更，秘密字段未经检验");
            foreach (var field in EntityConventions.For(type.ClrType).Secret.Where(f => type.FindProperty(f) is not null))
            {
                var mentions = entries.Where(e => e.Changes!.Contains($"\"{field}\":", StringComparison.Ordinal)).ToList();
                Assert.True(mentions.Count > 0, $"{name}.{field} 未出现在审计中");
                Assert.All(mentions, e => Assert.Contains($"\"{field}\":[", e.Changes!, StringComparison.Ordinal));
                Assert.All(mentions, e => Assert.Matches($"\"{field}\":\\[(null|\"\\(保密\\)\"),(null|\"\\(保密\\)\")\\]", e.Changes!));
            }
        }
    }
}
