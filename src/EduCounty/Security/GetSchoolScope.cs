using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Security;

/// <summary>
/// A user's organisation scope (docs/adr/0016): the schools whose data they may read. The one rule, used by the web
/// for the signed-in user (EduDb.SchoolScope of every request and circuit):
/// <list type="bullet">
/// <item>nobody signed in: no school;</item>
/// <item>a county role (局领导 and the office roles, <see cref="Roles.CountyReaders"/>): every school (null);</item>
/// <item>otherwise the schools of their UserScope rows: a school row gives that school; a division row gives every
/// school of that division (a 乡镇 by TownshipCode prefix, a county by CountyCode), whatever its state; and a 教学点
/// belongs with its parent school, so the teaching points of the schools so far are added. The 三员 and accounts
/// without rows get none.</item>
/// </list>
/// </summary>
public static class GetSchoolScope
{
    /// <summary>Whose scope.</summary>
    /// <param name="UserId">The account's id; null or empty when nobody is signed in.</param>
    /// <param name="Roles">The account's roles.</param>
    public sealed record Query(string? UserId, IReadOnlyCollection<string> Roles);

    /// <summary>
    /// The school ids, or null for every school. Synchronous on purpose: the web reads the scope while EF prepares a
    /// query's parameters. <paramref name="db"/> must be unrestricted (its own scope would hide the schools to count).
    /// </summary>
    public static HashSet<int>? Handle(EduDb db, Query query)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(query);
        if (string.IsNullOrEmpty(query.UserId))
        {
            return [];
        }
        if (Security.Roles.CountyReaders.Any(query.Roles.Contains))
        {
            return null;
        }
        var scopes = db.UserScopes.AsNoTracking().Where(s => s.UserId == query.UserId)
            .Select(s => new { s.SchoolId, s.DivisionCode }).ToList();
        var schools = db.Schools.IgnoreQueryFilters();
        var ids = scopes.Where(s => s.SchoolId is not null).Select(s => s.SchoolId!.Value).ToHashSet();
        foreach (var d in scopes.Where(s => s.DivisionCode is not null).Select(s => s.DivisionCode!))
        {
            ids.UnionWith(schools.Where(s => s.TownshipCode.StartsWith(d) || s.CountyCode == d).Select(s => s.Id).ToList());
        }
        // Teaching points belong with their parent school.
        ids.UnionWith(schools.Where(s => s.ParentSchoolId != null && ids.Contains(s.ParentSchoolId.Value)).Select(s => s.Id).ToList());
        return ids;
    }
}
