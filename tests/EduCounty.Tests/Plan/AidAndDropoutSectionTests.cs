using EduCounty.Common;
using EduCounty.DropoutPrevention;
using EduCounty.Plan;
using EduCounty.Plan.Evaluation;
using EduCounty.Registry;
using EduCounty.Reports;
using EduCounty.StudentAid;
using EduCounty.Tests.DropoutPrevention;
using EduCounty.Tests.StudentAid;

namespace EduCounty.Tests.Plan;

/// <summary>
/// Issue 14 item 11: the annual report's 学生资助 and 控辍保学 parts, as of the 学年's end (docs/adr/0026) — written from a
/// small county counted on paper (甲镇 with schools 1, 2 and 5, 乙乡 with school 3), with records dated after 2025-08-31
/// that the 2024—2025 report must not know; and on the demo county, in the .docx and the print HTML (the PDF's source).
/// </summary>
public sealed class AidAndDropoutSectionTests
{
    private static readonly SchoolYear Y2024 = new(2024);
    private static readonly DateOnly Today = new(2026, 11, 29);

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_aid_part_states_the_years_money_and_coverage_as_of_its_end(string provider)
    {
        var (db, _) = await AidCounty.CreateAsync(provider, "report-aid");
        await using var _db = db;
        var s1 = AidCounty.Student(db, 1, 1, "P4");
        var s2 = AidCounty.Student(db, 2, 1, "P5");
        var s3 = AidCounty.Student(db, 3, 3, "J2");
        var s4 = AidCounty.Student(db, 4, 5, "S2");
        var s5 = AidCounty.Student(db, 5, 2, "P3");
        await db.SaveChangesAsync();
        AidApplication A(Student s, string programme, AidTerm term, decimal amount, DateOnly? approved, DateOnly? paid, int year = 2024,
            AidStatus? status = null) => new()
            {
                StudentId = s.Id,
                SchoolId = s.SchoolId,
                Grade = s.Grade,
                Programme = programme,
                StackGroup = programme,
                Year = year,
                Term = term,
                Amount = amount,
                Status = status ?? (paid is not null ? AidStatus.Paid : approved is not null ? AidStatus.Approved : AidStatus.Submitted),
                SubmittedOn = new DateOnly(year, 9, 20),
                SubmittedBy = "填报员",
                ApprovedOn = approved,
                PaidAmount = paid is null ? null : amount,
                PaidOn = paid,
            };
        db.AidApplications.AddRange(
            A(s1, "Nutrition", AidTerm.Autumn, 500, new(2024, 10, 10), new(2024, 11, 1)),
            A(s2, "Nutrition", AidTerm.Autumn, 500, new(2024, 10, 10), new(2024, 11, 1)),
            A(s1, "LivingBoarding", AidTerm.Autumn, 500, new(2024, 10, 10), null),
            // Approved in the year, paid on 2025-09-10: approved but not paid on 2025-08-31.
            A(s4, "SeniorGrant", AidTerm.Autumn, 1000, new(2024, 10, 12), new(2025, 9, 10)),
            // Approved on 2025-09-05 only: still waiting on 2025-08-31.
            A(s3, "LivingBoarding", AidTerm.Spring, 625, new(2025, 9, 5), null),
            // Refused by the county on 2024-10-10: neither granted nor waiting.
            A(s5, "Nutrition", AidTerm.Autumn, 500, new(2024, 10, 10), null, status: AidStatus.Rejected),
            // The next 学年.
            A(s5, "Nutrition", AidTerm.Autumn, 500, new(2025, 10, 10), new(2025, 11, 1), year: 2025));
        AidFunding F(string programme, decimal wan, DateOnly on) => new() { Programme = programme, Year = 2024, Term = AidTerm.Autumn, ReceivedWan = wan, ReceivedOn = on, RecordedBy = "资助中心" };
        db.AidFundings.AddRange(F("Nutrition", 0.15m, new(2024, 9, 20)), F("LivingBoarding", 0.05m, new(2024, 9, 20)), F("SeniorGrant", 0.2m, new(2025, 9, 1)));
        HardshipAssessment H(Student s, bool group, DateOnly on)
        {
            var h = new HardshipAssessment { StudentId = s.Id, SchoolId = s.SchoolId, Year = 2024, DetailCipher = [], CoverageGroup = group, AssessedOn = on, AssessedBy = "学校" };
            h.SetDetail(DropoutCounty.Protector, HardshipLevel.Hard, group ? FinancialHardship.RegisteredPoor : FinancialHardship.Other);
            return h;
        }
        db.HardshipAssessments.AddRange(H(s1, true, new(2024, 9, 15)), H(s3, true, new(2024, 9, 15)), H(s2, false, new(2024, 9, 15)), H(s5, true, new(2025, 9, 2)));
        await db.SaveChangesAsync();

        var part = await AidReportSection.BuildAsync(db, Y2024, Today);

        // On 2025-08-31 granted: s1 营养 500 (paid), s2 营养 500 (paid), s1 寄宿 500, s4 普高助学金 1000 (paid only on 2025-09-10):
        // 3 students, 应发 2500 元 = 0.25 万元, 实发 1000 元 = 0.1 万元; 到账 0.15 + 0.05 = 0.2 万元 (0.2 for 普高 came on
        // 2025-09-01), 结余 0.2 − 0.1 = 0.1; 待发放 0.25 − 0.1 = 0.15. 3 programmes (rules order: 寄宿生, 营养, 普高助学金).
        Assert.Equal(
        [
            "2024—2025学年（截至2025-08-31），落实学生资助项目3项，资助学生3人，应发资助资金0.25万元，实发0.1万元，上级资金到账0.2万元，到账资金结余0.1万元；已审批待发放0.15万元。",
            "分项目：义务教育家庭经济困难寄宿生生活补助1人，应发0.05万元、实发0万元；农村义务教育学生营养改善计划膳食补助2人，应发0.1万元、实发0.1万元；普通高中国家助学金1人，应发0.1万元、实发0万元。",
            // s3's spring application, approved only after the year: 1 waiting; s5's was refused on 2024-10-10.
            "截至2025-08-31，尚有资助申请1份待审核。",
            // 认定 by 2025-08-31: s1, s2, s3 (s5's is dated 2025-09-02); of them 建档立卡 etc. s1 and s3; aided s1 only: 1 ÷ 2 = 50.0 %.
            "本学年认定家庭经济困难学生3人，其中建档立卡、低保、特困、残疾学生2人，已获资助1人，覆盖率50.0%，距全覆盖差50.0个百分点，尚有1人未获资助。",
        ], part.Lines);
        // Table: programme × 学期 with 人数, 应发, 实发, 到账, 差额 = 到账 − 实发 (万元), then 合计.
        Assert.Equal(
        [
            ["义务教育家庭经济困难寄宿生生活补助", "秋季学期", "1", "0.05", "0", "0.05", "0.05"],
            ["农村义务教育学生营养改善计划膳食补助", "秋季学期", "2", "0.1", "0.1", "0.15", "0.05"],
            ["普通高中国家助学金", "秋季学期", "1", "0.1", "0", "0", "0"],
            ["合计", "", "3", "0.25", "0.1", "0.2", "0.1"],
        ], part.Rows);

        // Without the day (the aid page's own report, all records): the late payment and approval count.
        var all = await GetAidReport.HandleAsync(db, AidCounty.Rules, Y2024);
        Assert.Equal((0.2m, 0), (all.Rows.Sum(r => r.PaidWan), all.Pending));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_dropout_part_counts_the_years_cases_and_the_open_ones_by_township_as_of_its_end(string provider)
    {
        var (db, _) = await DropoutCounty.CreateAsync(provider, "report-dropout");
        await using var _db = db;
        var s1 = DropoutCounty.Student(db, 1, 1, "P4");
        var s2 = DropoutCounty.Student(db, 2, 1, "P5");
        var s3 = DropoutCounty.Student(db, 3, 3, "J2");
        var s5 = DropoutCounty.Student(db, 5, 2, "P3");
        await db.SaveChangesAsync();
        DropoutCase K(Student s, CaseKind kind, DateOnly left, CaseClosure? closure = null, DateOnly? closed = null) => new()
        {
            StudentId = s.Id,
            SchoolId = s.SchoolId,
            Grade = s.Grade,
            Kind = kind,
            Source = CaseSource.Manual,
            LeftOn = left,
            OpenedOn = left.AddDays(1),
            Closed = closed is not null,
            Closure = closure,
            ClosedOn = closed,
            ClosedBy = closed is null ? null : "基教股",
        };
        db.DropoutCases.AddRange(
            K(s1, CaseKind.Dropout, new(2024, 10, 8), CaseClosure.Returned, new(2024, 11, 20)),   // 甲镇, 劝返 in the year
            K(s2, CaseKind.Dropout, new(2025, 3, 3), CaseClosure.Returned, new(2025, 9, 15)),     // 甲镇, 劝返 only after 08-31
            K(s3, CaseKind.Dropout, new(2024, 12, 1), CaseClosure.LegalExemption, new(2025, 1, 10)), // 乙乡, 依法休学
            K(s5, CaseKind.SuspectedDropout, new(2025, 5, 1)),                                    // 甲镇, open
            K(s5, CaseKind.Dropout, new(2025, 9, 3)),                                             // the next 学年
            K(s3, CaseKind.Dropout, new(2024, 5, 1), CaseClosure.Returned, new(2024, 9, 10)));    // last 学年's, closed in this one
        await db.SaveChangesAsync();

        var part = await DropoutReportSection.BuildAsync(db, Y2024, Today);

        Assert.Equal(
        [
            // Opened 2024-09-01…2025-08-31: s1, s2, s3 辍学 and s5 疑似 = 4; 销号 in the year: s1 (2024-11-20), s3 (2025-01-10), the
            // last year's case (2024-09-10) = 3 (s2's 销号 of 2025-09-15 is not known).
            "2024—2025学年（截至2025-08-31），控辍保学台账新建个案4个（辍学3个、疑似辍学1个），本学年销号3个。",
            // 辍学 left in the year: s1, s2, s3 = 3; 劝返 s1 = 1; 依法 s3 = 1; 仍辍学 3 − 1 − 1 = 1; 劝返率 1 ÷ (3 − 1) = 50.0 %.
            "本学年义务教育阶段辍学3人，已劝返复学（含送教上门、特教学校就读）1人，依法延缓入学或休学1人，仍辍学1人，劝返率50.0%。",
            // Open on 2025-08-31: s2 and s5's 疑似, both 甲镇.
            "截至2025-08-31，未销号个案2个：甲镇2个。",
        ], part.Lines);
        Assert.Equal(
        [
            ["甲镇", "2", "1", "0", "1", "50.0", "1", "2"],
            ["乙乡", "1", "0", "1", "0", "—", "0", "0"], // 1 − 1 依法 = 0: no 劝返率
            ["合计", "3", "1", "1", "1", "50.0", "1", "2"],
        ], part.Rows);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_annual_report_has_both_parts_and_their_tables_in_the_docx_and_the_print_html(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        var plan = PlanLoader.LoadDefault();
        var e = await EvaluatePlan.HandleAsync(db, plan, 2025);
        var report = await AnnualReport.BuildAsync(db, e, Today, null, null, charts: false);
        var docx = AnnualReportTests.Docx.Of(report);
        var p = docx.Paragraphs;

        // Under 三、: （三）控辍保学 with the dropout.zero target and the ledger, （四）学生资助 with the 资助全覆盖 target and the money.
        var dropout = p.FindIndex(x => x.StartsWith("（三）控辍保学。", StringComparison.Ordinal));
        var aid = p.FindIndex(x => x.StartsWith("（四）学生资助。", StringComparison.Ordinal));
        Assert.True(dropout > p.IndexOf("三、其他量化目标完成情况") && aid > dropout && aid < p.IndexOf("四、重点任务推进情况"));
        Assert.Contains("2025—2026学年（截至2026-08-31），控辍保学台账", string.Join("\n", p[dropout..aid]), StringComparison.Ordinal);
        Assert.Contains("“确保建档立卡家庭学生资助政策全覆盖”", p[aid], StringComparison.Ordinal);
        Assert.Contains(p.Skip(aid), x => x.StartsWith("2025—2026学年（截至2026-08-31），落实学生资助项目", StringComparison.Ordinal));
        // The 附件 list names both tables and the body points at them.
        var list = report.AttachmentList;
        var at = list.ToList().FindIndex(x => x.EndsWith(AnnualReport.AidTable, StringComparison.Ordinal)) + 1;
        Assert.True(at > 0 && list.Any(x => x.EndsWith(AnnualReport.DropoutTable, StringComparison.Ordinal)));
        Assert.Contains(p.Skip(aid), x => x.Contains($"详见附件{at}。", StringComparison.Ordinal));
        Assert.Contains(docx.Tables, t => t[0].SequenceEqual(AidReportSection.Headers) && t[^1][0] == "合计");
        Assert.Contains(docx.Tables, t => t[0].SequenceEqual(DropoutReportSection.Headers) && t[^1][0] == "合计");

        // The PDF prints the same blocks as HTML.
        var html = ReportHtml.Render(report);
        Assert.Contains("学生资助情况表", html, StringComparison.Ordinal);
        Assert.Contains("控辍保学情况表", html, StringComparison.Ordinal);
        Assert.Contains("到账（万元）", html, StringComparison.Ordinal);
        Assert.Contains("劝返率（%）", html, StringComparison.Ordinal);
    }
}
