using EduCounty.Common;
using EduCounty.Common.Identity;
using EduCounty.Registry;
using EduCounty.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EduCounty.Tests.Security;

/// <summary>
/// 账号管理 as library use cases (Security/CreateAccount, ResetAccountPassword, LockAccount, DisableAccount,
/// ListAccounts) on both databases, through Identity's real user manager and EF stores.
/// </summary>
public sealed class AccountAdministrationTests
{
    /// <summary>Identity's real user manager and EF stores over the database (also used by <see cref="SecretRedactionTests"/>).</summary>
    internal static ServiceProvider Services(string setting)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddScoped<EduDb>(_ =>
        {
            var db = Database.Open(setting);
            db.Actor = "sysadmin";
            return db;
        });
        services.AddIdentityCore<AppUser>()
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<EduDb>()
            // Password reset tokens (the web host uses AddDefaultTokenProviders, which needs ASP.NET's data protection).
            .AddTokenProvider<EmailTokenProvider<AppUser>>(TokenOptions.DefaultProvider)
            .AddTokenProvider<AuthenticatorTokenProvider<AppUser>>(TokenOptions.DefaultAuthenticatorProvider);
        return services.BuildServiceProvider();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task An_account_is_created_bare_then_granted_and_issued_a_one_time_password_and_refused_when_a_rule_says_no(string provider)
    {
        await using var sp = Services(await TestDatabases.CreateEmptyAsync(provider, "accounts"));
        await using var scope = sp.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EduDb>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var r in Roles.All)
        {
            await roles.CreateAsync(new IdentityRole(r));
        }
        var school = new School { Code = "2100000001", Name = "阜康市第三小学", CountyCode = "652302", TownshipCode = "652302001" };
        db.Schools.Add(school);
        await db.SaveChangesAsync();

        // 系统管理员 creates the account: no role, no scope, no password (issue 13 §4, docs/adr/0029: granting and the
        // one-time password are the 安全管理员's part).
        var created = await CreateAccount.HandleAsync(db, users, new CreateAccount.Command(" t-school ", "校管"));
        Assert.Equal("t-school", created.UserName);
        var user = (await users.FindByNameAsync("t-school"))!;
        Assert.False(await users.HasPasswordAsync(user));
        Assert.True(IssueOneTimePassword.Awaits(user));
        Assert.True(user.MustChangePassword);
        Assert.Empty(await users.GetRolesAsync(user));
        Assert.Empty(await db.UserScopes.Where(s => s.UserId == user.Id).ToListAsync());
        Assert.Contains(await db.AuditEntries.Where(a => a.Action == "user-create").ToListAsync(), a => a.EntityId == "t-school" && a.UserName == "sysadmin");

        // 安全管理员 grants a role and a scope; the grant is audited with both names.
        db.Actor = "secadmin";
        Assert.Equal("已更新 t-school 的角色和数据范围", await GrantAccess.HandleAsync(db, users, new GrantAccess.Command(user.Id, [Roles.SchoolAdmin], [], [school.Id])));
        Assert.Equal([Roles.SchoolAdmin], await users.GetRolesAsync(user));
        Assert.Equal([school.Id], await db.UserScopes.Where(s => s.UserId == user.Id).Select(s => s.SchoolId!.Value).ToListAsync());
        var grant = Assert.Single(await db.AuditEntries.Where(a => a.Action == "user-grant").ToListAsync());
        Assert.Equal(("secadmin", "t-school"), (grant.UserName, grant.EntityId));
        Assert.Contains("安全管理员 secadmin 为账号 t-school", grant.Detail, StringComparison.Ordinal);
        // …and issues its one-time password (once: an account with a password gets none).
        var issued = await IssueOneTimePassword.HandleAsync(db, users, user.Id);
        Assert.True(await users.CheckPasswordAsync(user, issued.OneTimePassword));
        Assert.Equal("账号 t-school 已有密码，不能签发一次性密码（须先由系统管理员重置密码）",
            (await Assert.ThrowsAsync<RuleException>(() => IssueOneTimePassword.HandleAsync(db, users, user.Id))).Message);
        var issue = Assert.Single(await db.AuditEntries.Where(a => a.Action == "user-issue-password").ToListAsync());
        Assert.Equal(("secadmin", "t-school"), (issue.UserName, issue.EntityId));

        // Refusals, each with its Chinese message: a 三员 role with another (issue 13 §3), an unknown role, one's own account.
        var mixed = await Assert.ThrowsAsync<RuleException>(() => GrantAccess.HandleAsync(db, users, new GrantAccess.Command(user.Id, [Roles.AuditAdmin, Roles.BasicEducation], [], [])));
        Assert.Equal("三员分立：审计管理员账号只能担任这一个角色，不能兼任基教", mixed.Message);
        Assert.Contains("三员分立", (await Assert.ThrowsAsync<RuleException>(() => GrantAccess.HandleAsync(db, users,
            new GrantAccess.Command(user.Id, [Roles.SystemAdmin, Roles.AuditAdmin], [], [])))).Message, StringComparison.Ordinal);
        Assert.Equal("未知角色“不存在的角色”", (await Assert.ThrowsAsync<RuleException>(() => GrantAccess.HandleAsync(db, users,
            new GrantAccess.Command(user.Id, ["不存在的角色"], [], [])))).Message);
        // A scope naming no school or division would grant nothing in silence: refused, and nothing changes.
        Assert.Equal($"学校（编号 {school.Id + 999}）不存在，无法作为数据范围", (await Assert.ThrowsAsync<RuleException>(() => GrantAccess.HandleAsync(db, users,
            new GrantAccess.Command(user.Id, [Roles.BasicEducation], [], [school.Id + 999])))).Message);
        Assert.Equal("区划代码“652302999”不存在，无法作为数据范围", (await Assert.ThrowsAsync<RuleException>(() => GrantAccess.HandleAsync(db, users,
            new GrantAccess.Command(user.Id, [Roles.BasicEducation], ["652302999"], [])))).Message);
        Assert.Equal([school.Id], await db.UserScopes.Where(s => s.UserId == user.Id).Select(s => s.SchoolId!.Value).ToListAsync());
        Assert.Equal([Roles.SchoolAdmin], await users.GetRolesAsync(user));
        var own = await CreateAccount.HandleAsync(db, users, new CreateAccount.Command("secadmin", "安全员"));
        Assert.StartsWith("不能为自己的账号授权", (await Assert.ThrowsAsync<RuleException>(() => GrantAccess.HandleAsync(db, users,
            new GrantAccess.Command(own.UserId, [Roles.Leader], [], [])))).Message, StringComparison.Ordinal);
        Assert.StartsWith("不能为自己的账号签发一次性密码", (await Assert.ThrowsAsync<RuleException>(() => IssueOneTimePassword.HandleAsync(db, users,
            own.UserId))).Message, StringComparison.Ordinal);
        db.Actor = "sysadmin";
        await users.DeleteAsync((await users.FindByIdAsync(own.UserId))!);

        Assert.Equal("用户名和姓名不能为空", (await Assert.ThrowsAsync<RuleException>(() => CreateAccount.HandleAsync(db, users,
            new CreateAccount.Command("t-noname", " ")))).Message);
        // The same user name again: Identity refuses, and the first account is the only one.
        await Assert.ThrowsAsync<RuleException>(() => CreateAccount.HandleAsync(db, users, new CreateAccount.Command("t-school", "重名")));
        Assert.Equal(["t-school"], await db.Users.Select(u => u.UserName!).ToListAsync());

        // The list shows the account with its scope in words and its status.
        var list = await ListAccounts.HandleAsync(db, TimeProvider.System);
        var row = Assert.Single(list.Accounts);
        Assert.Equal(("t-school", "阜康市第三小学", "正常"), (row.UserName, row.Scope, row.StatusLabel));
        Assert.Equal([(school.Id, "阜康市第三小学")], list.Schools);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Reset_lock_unlock_disable_and_enable_change_the_account_and_are_audited(string provider)
    {
        await using var sp = Services(await TestDatabases.CreateEmptyAsync(provider, "accounts-state"));
        await using var scope = sp.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EduDb>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        await scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>().CreateAsync(new IdentityRole(Roles.Leader));
        var created = await CreateAccount.HandleAsync(db, users, new CreateAccount.Command("t-leader", "局领导"));
        var clock = new ManualClock(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
        var id = created.UserId;
        async Task<AccountStatus> StatusAsync() => AccountStatuses.Of((await users.FindByIdAsync(id))!, clock.GetUtcNow());

        // The 安全管理员 issued the first one-time password; the 系统管理员's reset voids it and shows none (docs/adr/0029).
        db.Actor = "secadmin";
        var first = await IssueOneTimePassword.HandleAsync(db, users, id);
        db.Actor = "sysadmin";
        var reset = await ResetAccountPassword.HandleAsync(db, users, id);
        Assert.Equal("t-leader", reset.UserName);
        var user = (await users.FindByIdAsync(id))!;
        Assert.False(await users.CheckPasswordAsync(user, first.OneTimePassword));
        Assert.False(await users.HasPasswordAsync(user));
        Assert.True(user.MustChangePassword);
        db.Actor = "secadmin";
        var second = await IssueOneTimePassword.HandleAsync(db, users, id);
        Assert.NotEqual(first.OneTimePassword, second.OneTimePassword);
        user = (await users.FindByIdAsync(id))!;
        Assert.True(await users.CheckPasswordAsync(user, second.OneTimePassword));
        db.Actor = "sysadmin";

        var stamp = user.SecurityStamp;
        // Two open sessions end at once when the account is locked (issue 13 §8); so do those open at a disable.
        var policy = SecurityPolicyValues.Default;
        var sessions = new[] { await Sessions.StartAsync(db, id, null, policy), await Sessions.StartAsync(db, id, null, policy) };
        Assert.All(sessions, s => Assert.True(Sessions.IsOpenAsync(db, s, id, policy).Result));
        Assert.Equal("已锁定 t-leader", await LockAccount.LockAsync(db, users, id, clock));
        Assert.Equal(AccountStatus.Locked, await StatusAsync());
        Assert.NotEqual(stamp, (await users.FindByIdAsync(id))!.SecurityStamp);
        foreach (var s in sessions)
        {
            Assert.False(await Sessions.IsOpenAsync(db, s, id, policy));
        }
        Assert.Equal("已解锁 t-leader", await LockAccount.UnlockAsync(db, users, id));
        Assert.Equal(AccountStatus.Active, await StatusAsync());
        var open = await Sessions.StartAsync(db, id, null, policy);
        Assert.Equal("已停用 t-leader", await DisableAccount.DisableAsync(db, users, id));
        Assert.False(await Sessions.IsOpenAsync(db, open, id, policy));
        Assert.Equal(AccountStatus.Disabled, await StatusAsync());
        Assert.Equal("停用", AccountStatuses.Label(await StatusAsync()));
        Assert.Equal("已启用 t-leader", await DisableAccount.EnableAsync(db, users, id));
        Assert.Equal(AccountStatus.Active, await StatusAsync());

        foreach (var action in new[] { "user-reset-password", "user-lock", "user-unlock", "user-disable", "user-enable" })
        {
            Assert.Single(await db.AuditEntries.Where(a => a.Action == action && a.EntityId == "t-leader").ToListAsync());
        }
        Assert.Equal("找不到该账号", (await Assert.ThrowsAsync<RuleException>(() => LockAccount.LockAsync(db, users, "no-such-id", clock))).Message);
    }
}
