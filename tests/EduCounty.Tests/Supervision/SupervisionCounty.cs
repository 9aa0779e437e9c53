using EduCounty.Common;
using EduCounty.Common.Identity;
using EduCounty.Registry;
using EduCounty.Security;
using Microsoft.AspNetCore.Identity;

namespace EduCounty.Tests.Supervision;

/// <summary>
/// Three open schools (ids 1, 2, 3 in one township) and accounts: two 督学 (d1, d2 with their roles), a school
/// administrator of school 1, a 乡镇 and a 安全 account — enough to count everything on paper.
/// </summary>
internal static class SupervisionCounty
{
    public const string Town = "652302001";

    public static ActingUser Supervisor1 { get; } = new("d1", "督学甲", [Roles.SchoolSupervisor]);
    public static ActingUser Supervisor2 { get; } = new("d2", "督学乙", [Roles.SchoolSupervisor]);
    public static ActingUser School1 { get; } = new("s1", "一校管理员", [Roles.SchoolAdmin]);
    public static ActingUser Safety { get; } = new("a1", "安全股", [Roles.Safety]);
    public static ActingUser Township { get; } = new("t1", "乡镇安全办", [Roles.Township]);

    public static async Task<(EduDb Db, string Setting)> CreateAsync(string provider, string name)
    {
        var setting = await TestDatabases.CreateEmptyAsync(provider, name);
        var db = Database.Open(setting);
        db.Actor = "test";
        db.Schools.AddRange(Enumerable.Range(1, 3).Select(i => new School
        {
            Id = i,
            Code = $"21{i:D8}",
            Name = $"学校{i}",
            Type = SchoolType.Primary,
            CountyCode = "652302",
            TownshipCode = Town,
            OpenedOn = new DateOnly(2000, 9, 1),
        }));
        var role = new IdentityRole(Roles.SchoolSupervisor) { NormalizedName = Roles.SchoolSupervisor };
        db.Roles.Add(role);
        foreach (var u in new[] { Supervisor1, Supervisor2, School1, Safety, Township })
        {
            db.Users.Add(new AppUser { Id = u.UserId, UserName = u.UserId, NormalizedUserName = u.UserId.ToUpperInvariant(), DisplayName = u.Name, SecurityStamp = u.UserId });
        }
        db.UserRoles.AddRange(new IdentityUserRole<string> { UserId = "d1", RoleId = role.Id }, new IdentityUserRole<string> { UserId = "d2", RoleId = role.Id });
        db.UserScopes.Add(new UserScope { UserId = "s1", SchoolId = 1 });
        await db.SaveChangesAsync();
        return (db, setting);
    }

    /// <summary>A context of the same database limited to <paramref name="schools"/> (a user's scope).</summary>
    public static EduDb Scoped(string setting, params int[] schools)
    {
        var db = Database.Open(setting);
        db.Actor = "scoped";
        db.SchoolScope = schools;
        return db;
    }
}
