using System.Security.Claims;
using EduCounty.Common;
using EduCounty.Common.Identity;
using EduCounty.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace EduCounty.Web.Components.Account;

/// <summary>Which accounts must use two-factor sign-in (issue 6 §3: required for the three administrator roles).</summary>
public static class TwoFactor
{
    public static bool Required(IEnumerable<string> roles) => roles.Any(r => Roles.Separated.Contains(r));
}

/// <summary>
/// Password sign-in and the TOTP second step. Unlike SignInManager.PasswordSignInAsync (whose failure count is
/// Identity's read-modify-write AccessFailedAsync), the lockout is checked before the password is verified and
/// failures are counted by <see cref="AccountLockout"/> in one UPDATE, so parallel attempts cannot slip past it
/// (Moodle CVE-2022-30600). Every attempt is recorded as a <see cref="SignInEvent"/> and an audit entry with the
/// typed user name and the client's IP (issue 6 §4).
/// </summary>
public sealed class SignInFlow(SignInManager<AppUser> signIn, UserManager<AppUser> users, EduDb db, TimeProvider clock, IHttpContextAccessor http,
    EduCounty.Web.Infrastructure.SecurityPolicyCache policy)
{
    public enum Outcome { SignedIn, SecondFactorRequired, Failed, Locked }

    public sealed record Result(Outcome Outcome, string? Message = null, AppUser? User = null);

    /// <summary>
    /// The one answer to a refused password step, whatever the reason — unknown name, wrong password, a locked or a
    /// disabled account — so that the answer never tells which user names exist (issue 13 §9).
    /// </summary>
    public const string Refused = "用户名或密码错误，或账号已锁定、已停用（连续失败多次将锁定一段时间）";

    // A hash of a random password, verified when the user name is unknown so that the answer takes as long either way.
    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<AppUser>().HashPassword(new AppUser(), Guid.NewGuid().ToString()));

    private HttpContext Context => http.HttpContext ?? throw new InvalidOperationException("没有当前请求");

    public async Task<Result> PasswordAsync(string userName, string password, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var rules = await policy.GetAsync(ct);
        db.Actor = userName;
        // Per user name, existing or not, before anything is looked up (issue 13 §9: a burst from many addresses).
        // The 安全管理员's policy (until one is saved: EduCounty:SignInChecksPerAccountPerMinute).
        if (!await SignInThrottles.ReserveAsync(db, userName, now, Math.Max(1, rules.SignInChecksPerNamePerMinute), ct))
        {
            await RecordAsync(null, userName, SignInResults.Failed, "同一用户名登录过于频繁", ct);
            return new Result(Outcome.Failed, SignInThrottles.Message);
        }
        var user = await users.FindByNameAsync(userName);
        if (user is null)
        {
            users.PasswordHasher.VerifyHashedPassword(new AppUser(), DummyHash.Value, password);
            await RecordAsync(null, userName, SignInResults.Failed, "用户不存在", ct);
            return new Result(Outcome.Failed, Refused);
        }
        // Checked before the password: during a lockout (or once the window's attempts are taken by checks in flight)
        // even the right password is refused, without being tried.
        if ((await AccountLockout.ReadAsync(db, user.Id, now, ct)).LockedUntil is not null
            || !await AccountLockout.ReserveAsync(db, user.Id, now, rules.LockoutThreshold, ct))
        {
            await RecordAsync(user, SignInResults.Locked, "锁定期间尝试登录", ct);
            return new Result(Outcome.Locked, Refused);
        }
        if (!await users.CheckPasswordAsync(user, password))
        {
            var state = await AccountLockout.FailAsync(db, user.Id, now, rules.LockoutThreshold, rules.LockoutDuration, ct);
            await FailedAsync(user, SignInResults.Failed, "密码错误", state, ct);
            return new Result(state.LockedUntil is null ? Outcome.Failed : Outcome.Locked, Refused);
        }
        if (user.TwoFactorEnabled)
        {
            // The password's place in the count is given back; wrong codes are counted by the second step.
            await AccountLockout.ReleaseAsync(db, user.Id, ct);
            // Identity's own short-lived cookie for "password verified, code pending" (5 minutes).
            await Context.SignInAsync(IdentityConstants.TwoFactorUserIdScheme, new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.Name, user.Id)], IdentityConstants.TwoFactorUserIdScheme)));
            return new Result(Outcome.SecondFactorRequired, User: user);
        }
        return await CompleteAsync(user, now, "密码", ct);
    }

    /// <summary>The user whose password was verified in this browser in the last 5 minutes, if any.</summary>
    public async Task<AppUser?> PendingUserAsync()
    {
        var result = await Context.AuthenticateAsync(IdentityConstants.TwoFactorUserIdScheme);
        return result.Principal?.FindFirstValue(ClaimTypes.Name) is { } id ? await users.FindByIdAsync(id) : null;
    }

    public async Task<Result> SecondFactorAsync(string? code, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var rules = await policy.GetAsync(ct);
        var user = await PendingUserAsync();
        if (user is null)
        {
            return new Result(Outcome.Failed, "登录已超时，请重新输入用户名和密码");
        }
        db.Actor = user.UserName;
        if ((await AccountLockout.ReadAsync(db, user.Id, now, ct)).LockedUntil is { } until
            || !await AccountLockout.ReserveAsync(db, user.Id, now, rules.LockoutThreshold, ct))
        {
            await Context.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
            await RecordAsync(user, SignInResults.Locked, "锁定期间输入动态验证码", ct);
            return Locked((await AccountLockout.ReadAsync(db, user.Id, now, ct)).LockedUntil ?? now + rules.LockoutDuration);
        }
        var normalised = new string([.. (code ?? "").Where(char.IsAsciiDigit)]);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, normalised))
        {
            var state = await AccountLockout.FailAsync(db, user.Id, now, rules.LockoutThreshold, rules.LockoutDuration, ct);
            await FailedAsync(user, SignInResults.TwoFactorFailed, "动态验证码错误（或已使用过）", state, ct);
            if (state.LockedUntil is { } lockedUntil)
            {
                await Context.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
                return Locked(lockedUntil);
            }
            return new Result(Outcome.Failed, "动态验证码错误或已使用过，请等下一个验证码");
        }
        await Context.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
        return await CompleteAsync(user, now, "密码 + 动态验证码", ct);
    }

    private async Task FailedAsync(AppUser user, string result, string reason, AccountLockout.State state, CancellationToken ct)
    {
        await RecordAsync(user, result, $"{reason}（15 分钟内第 {state.Failures} 次）", ct);
        if (state.LockedUntil is { } until)
        {
            await RecordAsync(user, SignInResults.Locked, $"15 分钟内连续失败 {state.Failures} 次，锁定至 {LocalTime.Text(until, LocalTime.Seconds)}", ct);
        }
    }

    private async Task<Result> CompleteAsync(AppUser user, DateTimeOffset now, string method, CancellationToken ct)
    {
        if (!await AccountLockout.SucceedAsync(db, user.Id, now, ct))
        {
            await RecordAsync(user, SignInResults.Locked, "锁定期间尝试登录", ct);
            return new Result(Outcome.Locked, Refused);
        }
        // The counter was changed behind the tracked entity's back; reload so that no later save writes old values.
        await db.Entry(user).ReloadAsync(ct);
        await signIn.SignInAsync(user, isPersistent: false, authenticationMethod: method == "密码" ? "pwd" : "mfa");
        await RecordAsync(user, SignInResults.SignedIn, method, ct);
        return new Result(Outcome.SignedIn, User: user);
    }

    /// <summary>After the password was proved, the account's state may be told: locked until when, or disabled.</summary>
    private static Result Locked(DateTimeOffset until) =>
        new(Outcome.Locked, until.Year >= 9000 ? "账号已停用或被管理员锁定，请联系系统管理员" : $"连续登录失败次数过多，账号已锁定，请于 {LocalTime.Text(until, LocalTime.Seconds)} 后再试");

    private Task RecordAsync(AppUser user, string result, string? reason, CancellationToken ct) =>
        RecordAsync(user, user.UserName ?? "", result, reason, ct);

    private async Task RecordAsync(AppUser? user, string userName, string result, string? reason, CancellationToken ct)
    {
        var ip = Context.Connection.RemoteIpAddress?.ToString();
        var agent = Context.Request.Headers.UserAgent.ToString();
        agent = agent.Length > 300 ? agent[..300] : agent;
        db.SignInEvents.Add(new SignInEvent
        {
            UserId = user?.Id,
            UserName = userName.Length > 256 ? userName[..256] : userName,
            At = clock.GetUtcNow(),
            Result = result,
            Reason = reason,
            Ip = ip,
            UserAgent = agent,
        });
        // Written with the event, in one transaction (EduDb.SaveChangesAsync).
        await db.AuditAsync(result, "User", user?.Id ?? userName, $"IP {ip ?? "未知"}；{reason}；{agent}", ct);
    }
}
