using EduCounty.Balance;
using EduCounty.Common;
using EduCounty.Registry;
using EduCounty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Tests.Balance;

/// <summary>
/// The rule rows through the registry (<see cref="ReadAssuranceData"/>: one GROUP BY per table) on SQLite and PostgreSQL:
/// a small county built by hand, a provincial override on the demo county, and a new rule over existing elements.
/// </summary>
public sealed class AssuranceRuleDatabaseTests
{
    private const string County = "652302";

    /// <summary>
    /// 2024-2025: 甲小学 (1990 pupils, 13 classes of which one of 46, 2 music rooms of 96 ㎡, 2 art rooms of 89 ㎡) with its
    /// 教学点 乙 (20 pupils, no facility or finance row), 丙村小学 (60 pupils, 39 000 元 公用经费, no facility row) and a
    /// 特教学校 (10 pupils, 60 000 元). Teacher and civil-servant salaries both 100 000 元.
    /// </summary>
    private static async Task<string> SmallCountyAsync(string provider)
    {
        var setting = await TestDatabases.CreateEmptyAsync(provider, "rules");
        await using var db = Database.Open(setting);
        School S(string code, string name, SchoolType type) => new() { Code = code, Name = name, Type = type, CountyCode = County, TownshipCode = "652302001" };
        var a = S("2165230301", "甲小学", SchoolType.Primary);
        var c = S("2165230303", "丙村小学", SchoolType.Primary);
        var sp = S("2165230304", "特教学校", SchoolType.Special);
        db.Schools.AddRange(a, c, sp);
        await db.SaveChangesAsync();
        var point = S("2165230302", "甲小学乙教学点", SchoolType.TeachingPoint);
        point.IsTeachingPoint = true;
        point.ParentSchoolId = a.Id;
        db.Schools.Add(point);
        await db.SaveChangesAsync();
        db.GradeEnrolments.AddRange(
            new GradeEnrolment { SchoolId = a.Id, Year = 2024, Grade = "P1", Students = 1990 },
            new GradeEnrolment { SchoolId = point.Id, Year = 2024, Grade = "P1", Students = 20 },
            new GradeEnrolment { SchoolId = c.Id, Year = 2024, Grade = "P1", Students = 60 },
            new GradeEnrolment { SchoolId = sp.Id, Year = 2024, Grade = "X1", Students = 10 });
        var n = 0;
        SchoolClass K(School s, string grade, int headcount) => new() { SchoolId = s.Id, Year = 2024, Grade = grade, Number = ++n, Name = $"{n}班", Headcount = headcount };
        db.Classes.AddRange(Enumerable.Range(0, 12).Select(_ => K(a, "P1", 44)));
        db.Classes.AddRange(K(a, "P2", 46), K(point, "P1", 20), K(c, "P1", 30), K(c, "P2", 30), K(sp, "X1", 10));
        db.Facilities.Add(new Facility { SchoolId = a.Id, Year = 2024, MusicRooms = 2, MusicRoomsM2 = 96, ArtRooms = 2, ArtRoomsM2 = 89 });
        db.Finances.AddRange(
            new Finance { SchoolId = a.Id, Year = 2024, PublicFundsYuan = 1_000_000, TeacherTrainingYuan = 50_000 },
            new Finance { SchoolId = c.Id, Year = 2024, PublicFundsYuan = 39_000, TeacherTrainingYuan = 1_950 },
            new Finance { SchoolId = sp.Id, Year = 2024, PublicFundsYuan = 60_000, TeacherTrainingYuan = 3_000 });
        db.YearlyStatistics.AddRange(
            new YearlyStatistic { DivisionCode = County, Year = 2024, Key = "salary.teacherAverage", Value = 100_000 },
            new YearlyStatistic { DivisionCode = County, Year = 2024, Key = "salary.civilServantAverage", Value = 100_000 });
        await db.SaveChangesAsync();
        return setting;
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_small_county_by_hand_through_the_registry(string provider)
    {
        await using var db = Database.Open(await SmallCountyAsync(provider));
        var items = (await ComputeAssuranceItems.HandleAsync(db, County, new SchoolYear(2024))).ToDictionary(i => i.Code);

        // G3: 甲 has ⌈13/12⌉ = 2 rooms of each (met) but art rooms of 89 ㎡ < 90; 丙 has no facility row (missing); 教学点 not evaluated.
        Assert.False(items["G3"].Met);
        Assert.Equal(["甲小学：每间美术专用教室面积（89）≥ 90，未满足", "丙村小学：缺少数据（音乐专用教室间数、美术专用教室间数）"], items["G3"].Findings);
        Assert.Equal("0/1 所达标，1 所缺少数据", items["G3"].Value);

        // G4: 甲 1990 + its 教学点 20 = 2010 > 2000; the 教学点 is not evaluated alone; 丙 60.
        Assert.False(items["G4"].Met);
        Assert.Equal(["甲小学：义务教育在校生数（含所属教学点）（2010）≤ 2000，未满足"], items["G4"].Findings);
        Assert.Equal("1/2 所达标，最高 2010 人", items["G4"].Value);

        // G5: one 小学 class of 46 > 45 at 甲; 16 小学 classes in all (13 + 1 + 2); the 特教 class is not a 小学/初中 class.
        Assert.False(items["G5"].Met);
        Assert.Equal(["甲小学：1 个班不满足 班级学生数 ≤ 45（最大 46 人）"], items["G5"].Findings);
        Assert.Equal("15/16 个班级达标，最高 46 人", items["G5"].Value);

        // G6: 丙 60 pupils, 39 000 ÷ 650 = 60 funded pupils < 100; the 教学点 (20 pupils) has no finance row.
        Assert.False(items["G6"].Met);
        Assert.StartsWith("丙村小学：公用经费（39000）÷ ((小学在校生数（60）× 小学生均公用经费基准定额（650）", items["G6"].Findings[0], StringComparison.Ordinal);
        Assert.EndsWith("≥ 100，未满足（实际 60 < 100）", items["G6"].Findings[0], StringComparison.Ordinal);
        Assert.Contains("甲小学乙教学点：缺少数据（公用经费）", items["G6"].Findings);

        // G7: 60 000 ÷ 10 = 6000 元 ≥ 6000.  G8: 100 000 = 100 000 (不低于).
        Assert.True(items["G7"].Met);
        Assert.Equal("1/1 所达标，最低 6000 元", items["G7"].Value);
        Assert.True(items["G8"].Met);
        Assert.Equal("100000 元 = 100000 元", items["G8"].Value);

        // Q4: 甲 50 000 ÷ 1 000 000 = 5 %, 丙 1 950 ÷ 39 000 = 5 %, the 教学点 has no finance row ⇒ undecided.
        Assert.Null(items["Q4"].Met);
        Assert.Equal("2/2 所达标，1 所缺少数据，最低 5.00%", items["Q4"].Value);

        // No staff records in 2024 ⇒ G12 missing; no 交流轮岗 record at all ⇒ G11 missing; no survey ⇒ S1 missing.
        Assert.Null(items["G12"].Met);
        Assert.Contains("缺少数据（专任教师数、持证上岗的专任教师数）", items["G12"].Findings);
        Assert.Null(items["G11"].Met);
        Assert.Null(items["S1"].Met);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_provincial_G7_threshold_changes_the_demo_verdict(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        var year = new SchoolYear(2020);
        var national = await EvaluateCountyVerdict.HandleAsync(db, County, year, BalanceProfile.National());
        var province = await EvaluateCountyVerdict.HandleAsync(db, County, year, BalanceProfile.WithOverride("""
            { "id": "province", "assurance": { "items": [ { "code": "G7", "rules": [ { "code": "G7.1", "threshold": 8000 } ] } ] } }
            """));
        VerdictItem G7(CountyVerdict v) => v.Parts.Single(p => p.Name == AssuranceStandards.Government).Items.Single(i => i.Code == "G7");

        // The demo funds its 特教学校 at exactly the national floor in 2020: 公用经费 ÷ 在校生 = 6000 元 (hand: read below).
        var special = await db.Schools.SingleAsync(s => s.CountyCode == County && s.Type == SchoolType.Special);
        var funds = await db.Finances.Where(f => f.SchoolId == special.Id && f.Year == 2020).SumAsync(f => f.PublicFundsYuan);
        var pupils = await db.GradeEnrolments.Where(e => e.SchoolId == special.Id && e.Year == 2020).SumAsync(e => e.Students);
        Assert.Equal(6000, funds / pupils, 6);
        Assert.True(G7(national).Met);
        Assert.False(G7(province).Met);
        Assert.Equal([$"{special.Name}：公用经费（{funds:0}）÷ 在校生数（{pupils}）≥ 8000，未满足（实际 6000 < 8000）"], G7(province).Findings);
        Assert.Contains(province.Reasons, r => r.StartsWith("政府保障程度：G7 ", StringComparison.Ordinal));
        Assert.DoesNotContain(national.Reasons, r => r.StartsWith("政府保障程度：G7 ", StringComparison.Ordinal));
        Assert.Equal(national.Reasons.Count + 1, province.Reasons.Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_new_rule_over_existing_elements_is_evaluated_and_described_without_code(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        // A province adds G16: 县级及以上骨干教师 ≥ 15 % of 专任教师 county-wide, and every school ≥ 30 books a pupil.
        var profile = BalanceProfile.WithOverride("""
            {
              "assurance": {
                "items": [
                  { "code": "G16", "part": "政府保障程度", "name": "骨干教师比例与生均图书（省级增设，示例）", "source": "某省实施细则（示例）",
                    "rules": [
                      { "code": "G16.1", "name": "骨干教师比例", "level": "County", "schoolTypes": ["Primary", "TeachingPoint", "Junior", "NineYear", "Complete", "TwelveYear"],
                        "left": "#{school.teachers.key} / #{school.teachers} * 100", "operator": ">=", "threshold": 15, "unit": "%", "decimals": 2, "source": "示例" },
                      { "code": "G16.2", "name": "生均图书", "level": "School", "schoolTypes": ["Primary", "Junior", "NineYear", "Complete", "TwelveYear"],
                        "left": "#{school.books} / #{school.students.compulsory}", "operator": ">=", "threshold": 30, "unit": "册", "source": "示例" }
                    ] }
                ]
              }
            }
            """);
        var v = await EvaluateCountyVerdict.HandleAsync(db, County, new SchoolYear(2020), profile);
        var g16 = v.Parts.Single(p => p.Name == AssuranceStandards.Government).Items.Single(i => i.Code == "G16");

        // Hand calculation from the rows: 专任教师 of the 义务教育 schools open in 2020, and those with a 骨干 level.
        var census = new SchoolYear(2020).CensusDate;
        var ids = await db.Schools.Where(s => s.CountyCode == County && ReadBalanceInputs.CompulsoryTypes.Contains(s.Type)
            && (s.OpenedOn == null || s.OpenedOn <= census) && (s.ClosedOn == null || s.ClosedOn > census)).Select(s => s.Id).ToListAsync();
        var teachers = await db.StaffYears.Where(t => t.Year == 2020 && ids.Contains(t.SchoolId) && t.PostType == PostType.FullTimeTeacher).ToListAsync();
        var key = teachers.Count(t => t.KeyTeacherLevel != null);
        var share = Math.Round(100m * key / teachers.Count, 2, MidpointRounding.AwayFromZero);
        var g161 = g16.Rules.Single(r => r.Code == "G16.1");
        Assert.Equal(share >= 15, g161.Met);
        Assert.Equal($"{share:0.00}%（{key}/{teachers.Count}）", g161.Value);
        Assert.Equal($"县级及以上骨干教师数（{key}）÷ 专任教师数（{teachers.Count}）× 100 ≥ 15", g161.Description);

        // Books: Facility.Books ÷ (小学 + 初中 在校生) per school (教学点 excluded by the rule's types).
        var schools = await db.Schools.Where(s => ids.Contains(s.Id) && !s.IsTeachingPoint && s.Type != SchoolType.TeachingPoint).Select(s => s.Id).ToListAsync();
        var books = await db.Facilities.Where(f => f.Year == 2020 && schools.Contains(f.SchoolId)).ToDictionaryAsync(f => f.SchoolId, f => f.Books);
        var pupils = (await db.GradeEnrolments.Where(e => e.Year == 2020 && schools.Contains(e.SchoolId)).ToListAsync())
            .Where(e => e.Grade[0] is 'P' or 'J').GroupBy(e => e.SchoolId).ToDictionary(g => g.Key, g => g.Sum(e => e.Students));
        var meeting = schools.Count(s => books.TryGetValue(s, out var b) && pupils.TryGetValue(s, out var p) && (decimal)b / p >= 30);
        var g162 = g16.Rules.Single(r => r.Code == "G16.2");
        Assert.StartsWith($"{meeting}/{schools.Count} 所达标", g162.Value, StringComparison.Ordinal);
        Assert.Equal("图书册数 ÷ 义务教育在校生数 ≥ 30", g162.Description);
        Assert.Equal(meeting == schools.Count && share >= 15, g16.Met);
        Assert.Equal("registry", g16.Origin);
        Assert.Equal(g16.Met == false, v.Reasons.Any(r => r.StartsWith("政府保障程度：G16 骨干教师比例与生均图书", StringComparison.Ordinal)));
    }
}
