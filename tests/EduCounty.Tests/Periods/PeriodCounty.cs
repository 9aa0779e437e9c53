using EduCounty.Common;
using EduCounty.Periods;
using EduCounty.Registry;
using EduCounty.Tests.Imports;

namespace EduCounty.Tests.Periods;

/// <summary>
/// Three primary schools: 1 and 2 in 乡镇 A (652302001), 3 in 乡镇 B (652302002); the clock on 2025-10-15 (学年
/// 2025-2026, after the 9月20日 deadline). Users: a school clerk of school 1 (scope 1), 乡镇 A (scope 1, 2), 乡镇 B
/// (scope 3), the county 规划 (unrestricted).
/// </summary>
internal static class PeriodCounty
{
    public const int Year = 2025;
    public static readonly PeriodActor Clerk = new("一校填报员", ReviewLevel.School);
    public static readonly PeriodActor TownshipA = new("甲乡教育办", ReviewLevel.Township);
    public static readonly PeriodActor TownshipB = new("乙乡教育办", ReviewLevel.Township);
    public static readonly PeriodActor County = new("规划股", ReviewLevel.County);
    public static readonly DateTimeOffset Now = new(2025, 10, 15, 2, 0, 0, TimeSpan.Zero);

    public static async Task<(EduDb Db, string Setting)> CreateAsync(string provider, string name)
    {
        var setting = await TestDatabases.CreateEmptyAsync(provider, name);
        var db = Open(setting, null, "规划股");
        db.Schools.AddRange(Enumerable.Range(1, 3).Select(i => new School
        {
            Id = i,
            Code = $"21650{i:D5}",
            Name = $"第{i}小学",
            Type = SchoolType.Primary,
            CountyCode = "652302",
            TownshipCode = i < 3 ? "652302001" : "652302002",
            OpenedOn = new DateOnly(2000, 9, 1),
        }));
        await db.SaveChangesAsync();
        return (db, setting);
    }

    /// <summary>A context of the database as a user sees it (null scope: the county).</summary>
    public static EduDb Open(string setting, int[]? scope, string actor)
    {
        var db = Database.Open(setting);
        db.Actor = actor;
        db.Clock = new FixedClock(Now);
        if (scope is not null)
        {
            db.SchoolScope = scope;
        }
        return db;
    }

    /// <summary>合计 of lines (what a school writes on the 合计 line when it adds correctly).</summary>
    public static CensusEntry.Line Total(IReadOnlyList<CensusEntry.Line> lines) => new("total",
        lines.Sum(l => l.StudentsMale), lines.Sum(l => l.StudentsFemale), lines.Sum(l => l.EntrantsMale), lines.Sum(l => l.EntrantsFemale),
        lines.Sum(l => l.GraduatesMale), lines.Sum(l => l.GraduatesFemale), lines.Sum(l => l.Classes));

    /// <summary>Six primary grades of 20 boys and 18 girls in one class; 一年级 all entrants, 六年级 graduates 15 + 14.</summary>
    public static List<CensusEntry.Line> Lines(int p1Boys = 20) =>
    [
        new("P1", p1Boys, 18, p1Boys, 18, 0, 0, 1), new("P2", 20, 18, 0, 0, 0, 0, 1), new("P3", 20, 18, 0, 0, 0, 0, 1),
        new("P4", 20, 18, 0, 0, 0, 0, 1), new("P5", 20, 18, 0, 0, 0, 0, 1), new("P6", 20, 18, 0, 0, 15, 14, 1),
    ];
}
