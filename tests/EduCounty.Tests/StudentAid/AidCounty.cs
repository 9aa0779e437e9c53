using EduCounty.Common;
using EduCounty.Common.Identity;
using EduCounty.Registry;
using EduCounty.Security;
using EduCounty.StudentAid;
using EduCounty.Tests.DropoutPrevention;

namespace EduCounty.Tests.StudentAid;

/// <summary>
/// The 控辍 test county (schools 1–3 小学/九年一贯, 4 特教) plus 学校5 (普通高中) and 学校6 (中职), no students: each test
/// adds the students it counts on paper.
/// </summary>
internal static class AidCounty
{
    public static readonly AidRules Rules = AidRules.Default();
    public static ActingUser Aid { get; } = new("a1", "资助中心", [Roles.Aid]);
    public static ActingUser School1 { get; } = new("s1", "一校管理员", [Roles.SchoolAdmin]);
    public static ActingUser Clerk1 { get; } = new("c1", "一校填报员", [Roles.SchoolClerk]);

    public static async Task<(EduDb Db, string Setting)> CreateAsync(string provider, string name)
    {
        var (db, setting) = await DropoutCounty.CreateAsync(provider, name);
        db.Schools.AddRange(School(5, SchoolType.Senior), School(6, SchoolType.Vocational));
        await db.SaveChangesAsync();
        return (db, setting);
    }

    private static School School(int id, SchoolType type) => new()
    {
        Id = id,
        Code = $"31{id:D8}",
        Name = $"学校{id}",
        Type = type,
        CountyCode = "652302",
        TownshipCode = DropoutCounty.TownA,
        OpenedOn = new DateOnly(2000, 9, 1),
    };

    public static Student Student(EduDb db, int n, int school, string grade, string? name = null, FinancialHardship? hardship = null)
    {
        var s = DropoutCounty.Student(db, n, school, grade);
        if (name is not null) s.Name = name;
        s.SetHardship(DropoutCounty.Protector, hardship);
        return s;
    }

    public static string Number(int n) => $"L{n:D10}";
}
