using EduCounty.Common;
using EduCounty.Common.Identity;
using EduCounty.Registry;
using EduCounty.Security;

namespace EduCounty.Tests.Security;

/// <summary>
/// A user's school scope from their UserScope rows (Security/GetSchoolScope, docs/adr/0016), on both databases. The
/// expected sets are read off the five schools below by hand.
/// </summary>
public sealed class GetSchoolScopeTests
{
    private const string County = "652302";
    private const string TownA = "652302001";
    private const string TownB = "652302101";

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_scope_follows_the_rows_roles_and_teaching_points(string provider)
    {
        await using var db = Database.Open(await TestDatabases.CreateEmptyAsync(provider, "user-scope"));
        db.Actor = "test";
        School S(string code, string county, string town, int? parent = null) => new()
        {
            Code = code,
            Name = "学校" + code,
            CountyCode = county,
            TownshipCode = town,
            ParentSchoolId = parent,
            IsTeachingPoint = parent is not null,
        };
        var a1 = S("2100000001", County, TownA);
        var a2 = S("2100000002", County, TownA);
        var b1 = S("2100000003", County, TownB);
        var elsewhere = S("2100000004", "652301", "652301001");
        db.Schools.AddRange(a1, a2, b1, elsewhere);
        await db.SaveChangesAsync();
        // A 教学点 of a1 that lies in town B.
        var point = S("2100000005", County, TownB, parent: a1.Id);
        db.Schools.Add(point);
        foreach (var id in new[] { "u-school", "u-town", "u-county", "u-none", "u-leader" })
        {
            db.Users.Add(new AppUser { Id = id, UserName = id });
        }
        db.UserScopes.AddRange(
            new UserScope { UserId = "u-school", SchoolId = a1.Id },
            new UserScope { UserId = "u-town", DivisionCode = TownB },
            new UserScope { UserId = "u-county", DivisionCode = County },
            new UserScope { UserId = "u-leader", SchoolId = a2.Id });
        await db.SaveChangesAsync();

        HashSet<int>? Scope(string? user, params string[] roles) => GetSchoolScope.Handle(db, new GetSchoolScope.Query(user, roles));

        // Nobody signed in: nothing.
        Assert.Empty(Scope(null)!);
        Assert.Empty(Scope("")!);
        // A school role: the school and its teaching point (in another town).
        Assert.Equal([a1.Id, point.Id], Scope("u-school", Roles.SchoolAdmin)!.Order());
        // A township role: every school whose township is B (b1 and the teaching point), nothing of town A.
        Assert.Equal([b1.Id, point.Id], Scope("u-town", Roles.Township)!.Order());
        // A county division row: every school of the county, none of the other county.
        Assert.Equal([a1.Id, a2.Id, b1.Id, point.Id], Scope("u-county", Roles.Township)!.Order());
        // No rows (the 三员, or an account not yet given a scope): nothing.
        Assert.Empty(Scope("u-none", Roles.SystemAdmin)!);
        // A county role reads everything, whatever rows it has.
        Assert.Null(Scope("u-leader", Roles.Leader));
        Assert.Null(Scope("u-none", Roles.Planning, Roles.SchoolClerk));
    }
}
