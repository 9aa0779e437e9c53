using System.Security.Claims;
using EduCounty.Common;
using EduCounty.Registry;
using EduCounty.Security;
using Microsoft.AspNetCore.Components.Authorization;

namespace EduCounty.Web.Infrastructure;

/// <summary>The signed-in user of this request or circuit, with the schools they may see.</summary>
public sealed class CurrentUser(IHttpContextAccessor http, IServiceProvider services)
{
    private IReadOnlyCollection<int>? _schools;
    private string? _scopeFor;

    /// <summary>Not cached: services may be created during authentication, before the user is known.</summary>
    public ClaimsPrincipal Principal => http.HttpContext?.User ?? Circuit() ?? new ClaimsPrincipal();

    private ClaimsPrincipal? Circuit()
    {
        var provider = services.GetService<AuthenticationStateProvider>();
        if (provider is null)
        {
            return null;
        }
        try
        {
            // The server provider's state is set when the circuit starts, so its task is already complete: read it
            // only then (no blocking wait on a request thread); an incomplete one means no user yet.
            var state = provider.GetAuthenticationStateAsync();
#pragma warning disable RS0030 // GetResult on a completed task does not block.
            return state.IsCompletedSuccessfully ? state.GetAwaiter().GetResult().User : null;
#pragma warning restore RS0030
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    public string? Name => Principal.Identity?.IsAuthenticated == true ? Principal.Identity.Name : null;

    public bool IsInRole(string role) => Principal.IsInRole(role);

    /// <summary>May read county-wide business data (局领导 and the office roles).</summary>
    public bool ReadsCounty => Roles.CountyReaders.Any(IsInRole);

    /// <summary>Holds the right to reveal a full 身份证号 (the 查看身份证号 role or a role the security policy names; EduCounty:IdNumberRevealRoles by default).</summary>
    public bool MayRevealIdNumbers => IdNumberRight.Holds(Principal, services.GetRequiredService<SecurityPolicyCache>().Current.IdNumberRevealRoles);

    /// <summary>
    /// Sees a student's 残疾类别 and 家庭经济困难 (issue 13 §13, docs/adr/0024): a role the security policy names (资助, 特教,
    /// 基教 by default); everyone else sees them masked. The 三员 never.
    /// </summary>
    public bool MaySeeSensitiveAttributes => IdNumberRight.Holds(Principal, services.GetRequiredService<SecurityPolicyCache>().Current.SensitiveAttributeRoles, withRevealRole: false);

    /// <summary>
    /// The schools this user may see: null means every school (county roles); otherwise the schools of their
    /// scope (学校 roles: their schools; 乡镇 roles: the schools of their divisions; nobody signed in and the 三员: none).
    /// The EduDb of the request/circuit applies it to every query (EduDb.SchoolScope, docs/adr/0016); pages may still
    /// read it to decide what to show.
    /// </summary>
    public Task<IReadOnlyCollection<int>?> SchoolScopeAsync(EduDb db, CancellationToken ct = default) =>
        Task.FromResult(SchoolScope());

    /// <summary>The scope, computed once per user of this request/circuit on a context of its own, unrestricted.</summary>
    public IReadOnlyCollection<int>? SchoolScope()
    {
        var principal = Principal;
        var id = principal.Identity?.IsAuthenticated == true ? principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? "" : "";
        lock (_gate)
        {
            if (_scopeFor == id)
            {
                return _schools;
            }
            _schools = Compute(id);
            _scopeFor = id;
            return _schools;
        }
    }

    private readonly Lock _gate = new();

    /// <summary>The library's rule (GetSchoolScope) on a context of its own, unrestricted.</summary>
    private HashSet<int>? Compute(string id)
    {
        var query = new GetSchoolScope.Query(id, [.. Roles.All.Where(IsInRole)]);
        // From the read database when the main one is down (issue 20 §5, docs/adr/0040).
        return services.GetRequiredService<PrimaryFallback>().Read(services.GetRequiredService<EduDbFactory>(), db => GetSchoolScope.Handle(db, query));
    }
}

/// <summary>Who holds a data right given by role (the 身份证号 right, docs/adr/0016; the sensitive attributes, docs/adr/0024).</summary>
public static class IdNumberRight
{
    /// <summary>The roles named (the policy's list) and, for the 身份证号 right, the 查看身份证号 role, which always holds it.</summary>
    public static bool Holds(ClaimsPrincipal user, IReadOnlyList<string> roles, bool withRevealRole = true) =>
        user.Identity?.IsAuthenticated == true && (roles.Any(user.IsInRole) || (withRevealRole && user.IsInRole(EduCounty.Security.Roles.RevealIdNumber)))
        // The 三员 never see business data, whatever the configuration says.
        && !EduCounty.Security.Roles.Separated.Any(user.IsInRole);
}
