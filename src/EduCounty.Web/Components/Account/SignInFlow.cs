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
public sealed class SignInFlow(SignInManager<AppUser> signIn, UserManager<AppUser> users, EduDb db, TimeProvider clock, IHttpContextAccessor http)
{
    public enum Outcome { SignedIn, SecondFactorRequired, Failed, Locked }

    public sealed record Result(Outcome Outcome, string? Message = null, AppUser? User = null);

    private const string WrongPassword = "用户名或密码错误";

    // A hash of a random password, verified when the user name is unknown so that the answer takes as long either way.
    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<AppUser>().HashPassword(new AppUser(), Guid.NewGuid().ToString()));

    private HttpContext Context => http.HttpContext ?? throw new InvalidOperationException("没有当前请求");

    public async Task<Result> PasswordAsync(string userName, string password, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        db.Actor = userName;
        var user = await users.FindByNameAsync(userName);
        if (user is null)
        {
            users.PasswordHasher.VerifyHashedPassword(new AppUser(), DummyHash.Value, password);
            await RecordAsync(null, userName, SignInResults.Failed, "用户不存在", ct);
            return new Result(Outcome.Failed, WrongPassword);
        }
        // Checked before the password: during a lockout even the right password is refused, without being tried.
        if ((await AccountLockout.ReadAsync(db, user.Id, now, ct)).LockedUntil is { } until)
        {
            await RecordAsync(user, SignInResults.Locked, "锁定期间尝试登录", ct);
            return Locked(until);
        }
        if (!await users.CheckPasswordAsync(user, password))
        {
            return await FailedAsync(user, SignInResults.Failed, "密码错误", WrongPassword, now, ct);
        }
        if (user.TwoFactorEnabled)
        {
            // The counter is cleared only after the second step, so that wrong codes add up across attempts.
            if ((await AccountLockout.ReadAsync(db, user.Id, now, ct)).LockedUntil is { } lockedNow)
            {
                await RecordAsync(user, SignInResults.Locked, "锁定期间尝试登录", ct);
                return Locked(lockedNow);
            }
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
        var user = await PendingUserAsync();
        if (user is null)
        {
            return new Result(Outcome.Failed, "登录已超时，请重新输入用户名和密码");
        }
        db.Actor = user.UserName;
        if ((await AccountLockout.ReadAsync(db, user.Id, now, ct)).LockedUntil is { } until)
        {
            await Context.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
            await RecordAsync(user, SignInResults.Locked, "锁定期间输入动态验证码", ct);
            return Locked(until);
        }
        var normalised = new string([.. (code ?? "").Where(char.IsAsciiDigit)]);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, normalised))
        {
            var r = await FailedAsync(user, SignInResults.TwoFactorFailed, "动态验证码错误", "动态验证码错误", now, ct);
            if (r.Outcome == Outcome.Locked)
            {
                await Context.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
            }
            return r;
        }
        await Context.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
        return await CompleteAsync(user, now, "密码 + 动态验证码", ct);
    }

    private async Task<Result> FailedAsync(AppUser user, string result, string reason, string message, DateTimeOffset now, CancellationToken ct)
    {
        var state = await AccountLockout.RecordFailureAsync(db, user.Id, now, ct);
        await RecordAsync(user, result, $"{reason}（15 分钟内第 {state.Failures} 次）", ct);
        if (state.LockedUntil is { } until)
        {
            await RecordAsync(user, SignInResults.Locked, $"15 分钟内连续失败 {state.Failures} 次，锁定至 {LocalTime.Text(until, LocalTime.Seconds)}", ct);
            return Locked(until);
        }
        return new Result(Outcome.Failed, message);
    }

    private async Task<Result> CompleteAsync(AppUser user, DateTimeOffset now, string method, CancellationToken ct)
    {
        if (!await AccountLockout.SucceedAsync(db, user.Id, now, ct))
        {
            var until = (await AccountLockout.ReadAsync(db, user.Id, now, ct)).LockedUntil ?? now + AccountLockout.Duration;
            await RecordAsync(user, SignInResults.Locked, "锁定期间尝试登录", ct);
            return Locked(until);
        }
        // The counter was changed behind the tracked entity's back; reload so that no later save writes old values.
        await db.Entry(user).ReloadAsync(ct);
        await signIn.SignInAsync(user, isPersistent: false, authenticationMethod: method == "密码" ? "pwd" : "mfa");
        await RecordAsync(user, SignInResults.SignedIn, method, ct);
        return new Result(Outcome.SignedIn, User: user);
    }

    private static Result Locked(DateTimeOffset until) =>
        new(Outcome.Locked, $"连续登录失败次数过多，账号已锁定，请于 {LocalTime.Text(until, LocalTime.Seconds)} 后再试");

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
