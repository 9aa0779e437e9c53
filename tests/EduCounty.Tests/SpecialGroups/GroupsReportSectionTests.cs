using System.Text.Json;
using EduCounty.Common;
using EduCounty.Plan;
using EduCounty.Plan.Evaluation;
using EduCounty.Registry;
using EduCounty.Reports;
using EduCounty.SpecialGroups;
using EduCounty.Tests.DropoutPrevention;
using EduCounty.Tests.Infrastructure;
using EduCounty.Tests.Plan;

namespace EduCounty.Tests.SpecialGroups;

/// <summary>
/// Issue 17 item 4: the annual report's 特殊群体 part, on SQLite and PostgreSQL — its sentences and table counted on paper on
/// the small county of <see cref="DropoutCounty"/> (schools 1 and 3 九年一贯制, 2 小学, 4 特教学校), and every figure equal to
/// what <c>groups report --on</c> the report's day prints as JSON; then the part with its 附件 in the demo's annual report.
/// </summary>
public sealed class GroupsReportSectionTests
{
    private static readonly GroupsRules Rules = GroupsRules.Default();
    private static readonly SchoolYear Year = new(2025);

    private static Student Disabled(EduDb db, int n, int school, string grade)
    {
        var st = DropoutCounty.Student(db, n, school, grade);
        st.SetDisability(DropoutCounty.Protector, DisabilityType.Multiple);
        return st;
    }

    private static void Snapshot(EduDb db, Student st) =>
        db.StudentYears.Add(new StudentYear { StudentId = st.Id, SchoolId = st.SchoolId, Grade = st.Grade, Year = 2025 });

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_part_is_counted_on_paper_and_equals_the_groups_report_of_its_day(string provider)
    {
        var (db, setting) = await DropoutCounty.CreateAsync(provider, "groups-section");
        await using (db)
        {
            foreach (var school in db.Schools) school.Ownership = school.Id == 2 ? Ownership.Private : Ownership.Public; // the fixture sets none
            // Disabled, all 11 周岁 (born 2014-03-01): 学生1 送教上门 (school 1, no snapshot); 学生2 随班就读 in school 2;
            // 学生3 特教学校 (school 4, X2); 学生4–8 随班就读 in school 3 (five: ≥ 5 and no room → school 3 flagged).
            var s1 = Disabled(db, 1, 1, "P5");
            var s2 = Disabled(db, 2, 2, "P3");
            var s3 = Disabled(db, 3, 4, "X2");
            var inThree = Enumerable.Range(4, 5).Select(n => Disabled(db, n, 3, "J1")).ToList();
            // 留守: 学生10 (contact and a 家访 in the 第二学期), 学生11 (nothing). 随迁: 学生20 school 1 P2 (公办), 学生21 school 2 P1
            // (民办), 学生22 school 3 J1 (公办).
            var lb = new[] { DropoutCounty.Student(db, 10, 3, "P4"), DropoutCounty.Student(db, 11, 3, "P4") };
            foreach (var k in lb) k.LeftBehindChild = true;
            var mig = new[] { DropoutCounty.Student(db, 20, 1, "P2"), DropoutCounty.Student(db, 21, 2, "P1"), DropoutCounty.Student(db, 22, 3, "J1") };
            foreach (var k in mig) k.MigrantChild = true;
            await db.SaveChangesAsync();
            foreach (var st in new[] { s2, s3 }.Concat(inThree).Concat(mig)) Snapshot(db, st);
            await db.SaveChangesAsync();

            var plan = await HomeTeaching.SavePlanAsync(db, Rules, DropoutCounty.Protector, new HomeTeaching.PlanCommand(s1.Id, Year, "王老师", "康复训练", 10, 30),
                new DateOnly(2025, 9, 5));
            foreach (var (d, h) in new[] { (new DateOnly(2025, 9, 9), 3m), (new DateOnly(2025, 10, 10), 2.5m), (new DateOnly(2026, 6, 20), 3m) })
            {
                await HomeTeaching.RecordVisitAsync(db, DropoutCounty.Protector, new HomeTeaching.VisitCommand(plan, d, h, null, "王老师"), DropoutCounty.School1, d);
            }
            await ResourceRooms.SaveAsync(db, new ResourceRooms.Command(1, true, 60, 2020, ResourceTeacherKind.PartTime, "陈老师"), new DateOnly(2025, 9, 1));
            await LeftBehindCareRecords.AssignAsync(db, lb[0].Id, "李老师", new DateOnly(2025, 9, 10));
            await LeftBehindCareRecords.RecordAsync(db, Rules, DropoutCounty.Protector, new(lb[0].Id, new DateOnly(2026, 3, 10), "家访", null), DropoutCounty.BasicEducation,
                new DateOnly(2026, 3, 10));

            // Asked on 2026-11-29: the 2025—2026 part is as of 2026-08-31.
            var part = await GroupsReportSection.BuildAsync(db, Year, new DateOnly(2026, 11, 29));
            Assert.Equal(
            [
                // 1 + 6 + 1 = 8 适龄残疾儿童少年.
                "2025—2026学年（截至2026-08-31），适龄残疾儿童少年8人，其中特殊教育学校就读1人、普通学校随班就读6人、送教上门1人。",
                // 3 visits, 3 + 2.5 + 3 = 8.5 课时 of 30: 28.3 %; last visit 2026-06-20, 72 days before 2026-08-31 (> 14): overdue.
                "送教上门落实“一人一案”1个，累计送教3次，已送教8.5课时，占计划30课时的28.3%；1人超过14天未送教。",
                "普通中小学建有资源教室1所；随班就读5人及以上而未建资源教室的学校1所（学校3）。",
                // 2 留守, 学生10 has a contact and a record on 2026-03-10 (第二学期 2026-02-01 — 08-31); 学生11 neither.
                "在读留守儿童2人，已落实结对帮扶教师1人，2025-2026学年第二学期有关爱记录1人，尚有1人未结对帮扶或本学期无关爱记录。",
                // 义务教育 随迁 3, 公办 2 (学生20, 学生22): 2 ÷ 3 = 66.67 % < 85 %.
                "义务教育阶段随迁子女3人，在公办学校就读2人，占66.67%，低于85%的要求。",
            ], part.Lines);
            Assert.Equal(
            [
                ["残疾儿童少年安置", "特殊教育学校就读（人）", "1"], ["", "随班就读（人）", "6"], ["", "送教上门（人）", "1"], ["", "合计（人）", "8"],
                ["送教上门", "一人一案（个）", "1"], ["", "送教次数（次）", "3"], ["", "计划课时", "30"], ["", "已送教课时", "8.5"], ["", "课时完成率（%）", "28.3"],
                ["", "逾期未送教（人）", "1"],
                ["资源教室", "建有资源教室的学校（所）", "1"], ["", "随班就读5人及以上未建资源教室的学校（所）", "1"],
                ["留守儿童", "在读留守儿童（人）", "2"], ["", "已结对帮扶（人）", "1"], ["", "本学期有关爱记录（人）", "1"],
                // 小学 2 (公办 1: 50.00 %), 初中 1 (公办 1: 100.00 %), 义务教育 3 (2: 66.67 %).
                ["随迁子女", "小学随迁子女（人）", "2"], ["", "小学在公办学校就读（人）", "1"], ["", "小学公办学校就读比例（%）", "50.00"],
                ["", "初中随迁子女（人）", "1"], ["", "初中在公办学校就读（人）", "1"], ["", "初中公办学校就读比例（%）", "100.00"],
                ["", "义务教育随迁子女（人）", "3"], ["", "义务教育在公办学校就读（人）", "2"], ["", "义务教育公办学校就读比例（%）", "66.67"],
            ], part.Rows);
        }

        // The same figures as `groups report` prints for that day.
        var (code, output, err) = await CliProcess.RunAsync("groups", "report", "--year", "2025-2026", "--on", "2026-08-31", "--format", "json", "--db", setting);
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output);
        var j = doc.RootElement;
        int Int(params string[] path) => path.Aggregate(j, (e, p) => e.GetProperty(p)).GetInt32();
        decimal Dec(params string[] path) => path.Aggregate(j, (e, p) => e.GetProperty(p)).GetDecimal();
        var cli = new Dictionary<string, string>
        {
            ["特殊教育学校就读（人）"] = Int("placements", "specialSchool").ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["随班就读（人）"] = Int("placements", "regular").ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["送教上门（人）"] = Int("placements", "homeTeaching").ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["合计（人）"] = Int("placements", "total").ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["一人一案（个）"] = Int("homeTeaching", "plans").ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["送教次数（次）"] = j.GetProperty("homeTeaching").GetProperty("children").EnumerateArray().Sum(c => c.GetProperty("visits").GetInt32())
                .ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["计划课时"] = Dec("homeTeaching", "plannedHours").ToString("0.##", System.Globalization.CultureInfo.InvariantCulture),
            ["已送教课时"] = Dec("homeTeaching", "deliveredHours").ToString("0.##", System.Globalization.CultureInfo.InvariantCulture),
            ["逾期未送教（人）"] = Int("homeTeaching", "overdue").ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["建有资源教室的学校（所）"] = Int("resourceRooms", "withRoom").ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["随班就读5人及以上未建资源教室的学校（所）"] = Int("resourceRooms", "flagged").ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["在读留守儿童（人）"] = Int("leftBehind", "children").ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["已结对帮扶（人）"] = Int("leftBehind", "withContact").ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["本学期有关爱记录（人）"] = Int("leftBehind", "caredInTerm").ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["义务教育随迁子女（人）"] = Int("migrants", "compulsory", "migrants").ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["义务教育在公办学校就读（人）"] = Int("migrants", "compulsory", "inPublic").ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["义务教育公办学校就读比例（%）"] = Dec("migrants", "compulsory", "share").ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var s in j.GetProperty("migrants").GetProperty("byStage").EnumerateArray())
        {
            var stage = s.GetProperty("stage").GetString();
            cli[$"{stage}随迁子女（人）"] = s.GetProperty("migrants").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture);
            cli[$"{stage}在公办学校就读（人）"] = s.GetProperty("inPublic").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture);
            cli[$"{stage}公办学校就读比例（%）"] = s.GetProperty("share").GetDecimal().ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
        }
        await using var again = Database.Open(setting);
        var rows = (await GroupsReportSection.BuildAsync(again, Year, new DateOnly(2026, 11, 29))).Rows.Where(r => r[1] != "课时完成率（%）").ToList();
        Assert.Equal(cli.Count, rows.Count);
        foreach (var r in rows)
        {
            Assert.True(cli.TryGetValue(r[1], out var v), $"groups report has no {r[1]}");
            Assert.Equal(v, r[2]);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_annual_report_has_the_part_after_aid_and_its_table(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        var plan = PlanLoader.LoadDefault();
        var e = await EvaluatePlan.HandleAsync(db, plan, 2025);
        var report = await AnnualReport.BuildAsync(db, e, new DateOnly(2026, 11, 29), null, null, charts: false);
        var docx = AnnualReportTests.Docx.Of(report);
        var p = docx.Paragraphs;
        var aid = p.FindIndex(x => x.StartsWith("（四）学生资助。", StringComparison.Ordinal));
        var groups = p.FindIndex(x => x.StartsWith("（五）特殊群体。", StringComparison.Ordinal));
        Assert.True(groups > aid && aid > 0 && groups < p.IndexOf("四、重点任务推进情况"));
        Assert.StartsWith("（五）特殊群体。2025—2026学年（截至2026-08-31），适龄残疾儿童少年", p[groups], StringComparison.Ordinal);
        var list = report.AttachmentList.ToList();
        var at = list.FindIndex(x => x.EndsWith(AnnualReport.GroupsTable, StringComparison.Ordinal)) + 1;
        Assert.True(at > 0);
        Assert.Contains(p.Skip(groups).TakeWhile(x => x != "四、重点任务推进情况"), x => x.EndsWith($"详见附件{at}。", StringComparison.Ordinal));
        var table = Assert.Single(docx.Tables, t => t[0].SequenceEqual(GroupsReportSection.Headers));
        Assert.Equal("残疾儿童少年安置", table[1][0]);
        // The same figures as the groups report of 2026-08-31 on the demo.
        var r = await GetGroupsReport.HandleAsync(db, Rules, Year, new DateOnly(2026, 8, 31), showNames: false);
        Assert.Equal(r.Placements.Total.ToString(System.Globalization.CultureInfo.InvariantCulture), table.Single(x => x[1] == "合计（人）")[2]);
        Assert.Contains("特殊群体情况表", ReportHtml.Render(report), StringComparison.Ordinal);
    }
}
