using EduCounty.Common;
using EduCounty.Common.Identity;
using EduCounty.Common.Protection;
using EduCounty.Registry;
using EduCounty.Security;

namespace EduCounty.Tests.DropoutPrevention;

/// <summary>
/// Two 乡镇 (甲镇 with schools 1 and 2, 乙乡 with school 3) and a 特殊教育学校 4 in 甲镇, no students: each test adds the
/// students and 学籍异动 it counts on paper.
/// </summary>
internal static class DropoutCounty
{
    public const string TownA = "652302100";
    public const string TownB = "652302200";

    public static PersonalDataProtector Protector { get; } = PersonalDataProtector.FromKeyRing(KeyRing.Generate());
    public static ActingUser BasicEducation { get; } = new("b1", "基教股", [Roles.BasicEducation]);
    public static ActingUser School1 { get; } = new("s1", "一校管理员", [Roles.SchoolAdmin]);
    public static ActingUser Township { get; } = new("t1", "甲镇教管办", [Roles.Township]);

    public static async Task<(EduDb Db, string Setting)> CreateAsync(string provider, string name)
    {
        var setting = await TestDatabases.CreateEmptyAsync(provider, name);
        var db = Database.Open(setting);
        db.Actor = "test";
        db.Divisions.AddRange(
            new Division { Code = TownA, Name = "甲镇", Level = 4, ParentCode = "652302" },
            new Division { Code = TownB, Name = "乙乡", Level = 4, ParentCode = "652302" });
        db.Schools.AddRange(
            School(1, SchoolType.NineYear, TownA), School(2, SchoolType.Primary, TownA), School(3, SchoolType.NineYear, TownB),
            School(4, SchoolType.Special, TownA));
        await db.SaveChangesAsync();
        return (db, setting);
    }

    private static School School(int id, SchoolType type, string town) => new()
    {
        Id = id,
        Code = $"31{id:D8}",
        Name = $"学校{id}",
        Type = type,
        CountyCode = "652302",
        TownshipCode = town,
        OpenedOn = new DateOnly(2000, 9, 1),
    };

    /// <summary>A 在读 student of <paramref name="school"/> in <paramref name="grade"/> (学籍号 L{n}).</summary>
    public static Student Student(EduDb db, int n, int school, string grade, PersonalDataProtector? protector = null)
    {
        var number = $"L{n:D10}";
        var st = new Student
        {
            StudentNumber = number,
            StudentNumberHash = (protector ?? Protector).LookupHash(number),
            Name = $"学生{n}",
            EthnicityCode = "01",
            SchoolId = school,
            Grade = grade,
            BirthDate = new DateOnly(2014, 3, 1),
            EnrolledOn = new DateOnly(2021, 9, 1),
        };
        db.Students.Add(st);
        return st;
    }

    /// <summary>A context of the same database limited to <paramref name="schools"/> (a school user's scope).</summary>
    public static EduDb Scoped(string setting, params int[] schools)
    {
        var db = Database.Open(setting);
        db.Actor = "scoped";
        db.SchoolScope = schools;
        return db;
    }
}
