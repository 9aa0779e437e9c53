using EduCounty.Common;
using EduCounty.Registry;
using EduCounty.SpecialGroups;
using EduCounty.Tests.DropoutPrevention;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Tests.SpecialGroups;

/// <summary>
/// 政府购买学位服务 in the 两为主 share (issue 17 item 3, docs/adr/0038; balance-rules.md G15: 随迁子女 "在公办学校和政府购买服务
/// 的民办学校就读" ≥ 85 %), counted by hand on both databases.
/// </summary>
public sealed class PurchasedPlacesTests
{
    private static readonly SchoolYear Year = new(2025);
    private static readonly DateOnly Day = new(2025, 10, 20);

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Migrants_on_purchased_places_count_as_public_up_to_the_schools_migrants(string provider)
    {
        var (db, _) = await DropoutCounty.CreateAsync(provider, "groups-purchased");
        await using var _db = db;
        foreach (var school in db.Schools) school.Ownership = school.Id == 2 ? Ownership.Private : Ownership.Public;
        // 随迁: 学生20 school 1 P2 (公办), 学生21/23/24 school 2 P1 (民办 小学), 学生22 school 3 J1 (公办).
        var mig = new[]
        {
            DropoutCounty.Student(db, 20, 1, "P2"), DropoutCounty.Student(db, 21, 2, "P1"), DropoutCounty.Student(db, 22, 3, "J1"),
            DropoutCounty.Student(db, 23, 2, "P1"), DropoutCounty.Student(db, 24, 2, "P1"),
        };
        foreach (var k in mig) k.MigrantChild = true;
        await db.SaveChangesAsync();
        foreach (var st in mig) db.StudentYears.Add(new StudentYear { StudentId = st.Id, SchoolId = st.SchoolId, Grade = st.Grade, Year = 2025 });
        await db.SaveChangesAsync();
        var rules = GroupsRules.Default();
        async Task<GetGroupsReport.MigrantPart> Part(GroupsRules? r = null) => (await GetGroupsReport.HandleAsync(db, r ?? rules, Year, Day, false)).Migrants;

        // No purchase: 义务教育 5 随迁, 公办 2 (学生20, 22): 2 ÷ 5 = 40.00 %.
        var before = await Part();
        Assert.Equal((5, 2, 0, 40.00m), (before.Compulsory.Migrants, before.Compulsory.InPublic, before.Compulsory.Purchased, before.Compulsory.Share));

        // 10 seats bought at school 2 for 小学, 2 held by 随迁子女: 2 + 2 = 4 of 5 = 80.00 %; 小学 1 + 2 = 3 of 4 = 75.00 %.
        await RecordPurchasedPlaces.HandleAsync(db, new(2, Year, Stage.Primary, 10, 2, "阜教〔2025〕12号"), DropoutCounty.BasicEducation, Day);
        var bought = await Part();
        Assert.Equal((5, 4, 2, 80.00m, false), (bought.Compulsory.Migrants, bought.Compulsory.InPublic, bought.Compulsory.Purchased, bought.Compulsory.Share, bought.Meets));
        var primary = bought.ByStage.Single(r => r.Stage == "小学");
        Assert.Equal((4, 3, 2, 75.00m), (primary.Migrants, primary.InPublic, primary.Purchased, primary.Share));
        Assert.Equal((1, 1, 0), (bought.ByStage.Single(r => r.Stage == "初中").Migrants, bought.ByStage.Single(r => r.Stage == "初中").InPublic, bought.ByStage.Single(r => r.Stage == "初中").Purchased));

        // Updated to 5 holders: capped at the school's 3 随迁 pupils of 小学 in the snapshot: 2 + 3 = 5 of 5 = 100.00 %, meets 85 %.
        await RecordPurchasedPlaces.HandleAsync(db, new(2, Year, Stage.Primary, 10, 5, null), DropoutCounty.BasicEducation, Day);
        Assert.Equal(1, await db.PurchasedPlaces.CountAsync());
        var capped = await Part();
        Assert.Equal((5, 3, 100.00m, true), (capped.Compulsory.InPublic, capped.Compulsory.Purchased, capped.Compulsory.Share, capped.Meets));
        var line = (await GroupsReportSection.BuildAsync(db, Year, Day)).Lines.Single(l => l.Contains("随迁子女", StringComparison.Ordinal));
        Assert.Contains("在公办学校和政府购买学位的民办学校就读5人（其中购买学位3人），占100.00%", line, StringComparison.Ordinal);

        // A county reading the share as 公办 only switches the rule off: back to 2 of 5.
        var off = await Part(GroupsRules.WithOverride("""{ "purchasedPlacesCountAsPublic": false }"""));
        Assert.Equal((2, 0, 40.00m), (off.Compulsory.InPublic, off.Compulsory.Purchased, off.Compulsory.Share));

        // Refused: a 公办 school, a 学段 the school does not have (school 2 is a 小学: no 初中), more holders than seats, a school user.
        async Task<string> Refused(RecordPurchasedPlaces.Command c, EduCounty.Common.Identity.ActingUser by) =>
            (await Assert.ThrowsAsync<RuleException>(() => RecordPurchasedPlaces.HandleAsync(db, c, by, Day))).Message;
        Assert.Contains("是公办学校", await Refused(new(1, Year, Stage.Primary, 5, 1, null), DropoutCounty.BasicEducation), StringComparison.Ordinal);
        Assert.Contains("没有初中学段", await Refused(new(2, Year, Stage.Junior, 5, 1, null), DropoutCounty.BasicEducation), StringComparison.Ordinal);
        Assert.Contains("须在 0 到购买学位数 10 人之间", await Refused(new(2, Year, Stage.Primary, 10, 11, null), DropoutCounty.BasicEducation), StringComparison.Ordinal);
        Assert.Contains("基础教育科", await Refused(new(2, Year, Stage.Primary, 10, 1, null), DropoutCounty.School1), StringComparison.Ordinal);

        // 0 seats removes the record.
        await RecordPurchasedPlaces.HandleAsync(db, new(2, Year, Stage.Primary, 0, 0, null), DropoutCounty.BasicEducation, Day);
        Assert.Equal(0, await db.PurchasedPlaces.CountAsync());
    }
}
