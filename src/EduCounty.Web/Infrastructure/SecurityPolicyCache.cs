using EduCounty.Security;

namespace EduCounty.Web.Infrastructure;

/// <summary>
/// The security policy in force (issue 13 §4: set by the 安全管理员, docs/adr/0023), read from the database at most every
/// 30 seconds; until a policy is saved, the configuration's values (EduCounty:PasswordMaxAgeDays, LockoutThreshold,
/// LockoutMinutes, IdNumberRevealRoles, SensitiveAttributeRoles, SessionAbsoluteHours, MaxConcurrentSessions,
/// UnmaskedExportRowsPerDay, SignInChecksPerAccountPerMinute). The sign-in cookie's validation refreshes it on every signed-in request, so the synchronous
/// <see cref="Current"/> that pages read is at most that old; saving a policy here sets it at once.
/// </summary>
public sealed class SecurityPolicyCache(IServiceScopeFactory scopes, IConfiguration config, TimeProvider clock)
{
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(30);
    private volatile Entry? _entry;

    private sealed record Entry(SecurityPolicyValues Values, DateTimeOffset LoadedAt);

    /// <summary>The configuration's values (the platform's defaults where it says nothing).</summary>
    public SecurityPolicyValues Defaults
    {
        get
        {
            var d = SecurityPolicyValues.Default;
            int Int(string key, int fallback) => config.GetValue($"EduCounty:{key}", fallback) is var v and > 0 ? v : fallback;
            IReadOnlyList<string> Roles(string key, IReadOnlyList<string> fallback) =>
                config[$"EduCounty:{key}"] is { } text ? SecurityPolicyValues.RoleList(text) : fallback;
            return new SecurityPolicyValues(Int("PasswordMaxAgeDays", d.PasswordMaxAgeDays), Int("LockoutThreshold", d.LockoutThreshold),
                Int("LockoutMinutes", d.LockoutMinutes), Roles("IdNumberRevealRoles", d.IdNumberRevealRoles),
                Roles("SensitiveAttributeRoles", d.SensitiveAttributeRoles), Int("SessionAbsoluteHours", d.SessionAbsoluteHours),
                Int("MaxConcurrentSessions", d.MaxConcurrentSessions),
                config.GetValue("EduCounty:UnmaskedExportRowsPerDay", d.UnmaskedExportRowsPerDay) is var rows and >= 0 ? rows : d.UnmaskedExportRowsPerDay,
                Int("SignInChecksPerAccountPerMinute", d.SignInChecksPerNamePerMinute));
        }
    }

    /// <summary>The last values read (the defaults before the first read).</summary>
    public SecurityPolicyValues Current => _entry?.Values ?? Defaults;

    public async Task<SecurityPolicyValues> GetAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        if (_entry is { } e && now - e.LoadedAt < Fresh && now >= e.LoadedAt)
        {
            return e.Values;
        }
        await using var scope = scopes.CreateAsyncScope();
        // From the read database when the main one is down (issue 20 §5, docs/adr/0040).
        var values = await scope.ServiceProvider.GetRequiredService<PrimaryFallback>().ReadAsync(
            scope.ServiceProvider.GetRequiredService<EduDbFactory>(), db => ReadSecurityPolicy.HandleAsync(db, Defaults, ct));
        _entry = new Entry(values, now);
        return values;
    }

    /// <summary>The policy just saved (this process sees it at once; others within 30 seconds).</summary>
    public void Set(SecurityPolicyValues values) => _entry = new Entry(values, clock.GetUtcNow());
}
