using System.Text.Json;
using EduCounty.Common;
using EduCounty.Security;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Web.Tests.Security;

/// <summary>
/// Issue 13 §2, black-box (the same test compiles on the code before the fix): an account enrolled in two-factor
/// sign-in through the app's own user manager; its authenticator key, password hash and security stamp must appear
/// neither in any stored audit entry nor on the 审计管理员's page. The library test
/// (<c>EduCounty.Tests.Security.SecretRedactionTests</c>) covers every entity declaring a secret; this one the running app.
/// </summary>
public sealed class AuditSecretsWebTests
{
    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task No_authenticator_key_password_hash_or_stamp_reaches_the_audit_trail_or_its_page(string provider)
    {
        await using var app = await EduWebFactory.StartEmptyAsync(provider, "audit-secrets-web");
        await app.EnsureUserAsync("seed-2fa", Roles.Leader, twoFactor: true);
        var key = app.TotpKey("seed-2fa");
        string hash, stamp;
        await using (var db = Database.Open(app.Database))
        {
            var u = await db.Users.SingleAsync(x => x.UserName == "seed-2fa");
            (hash, stamp) = (u.PasswordHash!, u.SecurityStamp!);
        }
        // The hash is base64 ('+', '/'): look for it also as a JSON writer would escape it.
        var secrets = new[] { key, stamp, hash, JsonSerializer.Serialize(hash).Trim('"') };
        await using (var db = Database.Open(app.Database))
        {
            // The enrolment was audited (so the test looks where a leak would be).
            Assert.NotEmpty(await db.AuditEntries.Where(a => a.EntityId != null && a.Changes != null).ToListAsync());
            var texts = await db.AuditEntries.Select(a => (a.Changes ?? "") + "|" + (a.Detail ?? "")).ToListAsync();
            foreach (var s in secrets)
            {
                Assert.DoesNotContain(texts, t => t.Contains(s, StringComparison.Ordinal));
            }
        }
        var auditor = await app.SignInAsync("seed-aud", await app.EnsureUserAsync("seed-aud", Roles.AuditAdmin));
        var page = await auditor.GetStringAsync("/admin/audit");
        Assert.Contains("seed-2fa", page, StringComparison.Ordinal);
        Assert.DoesNotContain(key, page, StringComparison.Ordinal);
        Assert.DoesNotContain(stamp, page, StringComparison.Ordinal);
    }
}
