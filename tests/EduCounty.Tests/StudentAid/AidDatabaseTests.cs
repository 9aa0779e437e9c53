using System.Text;
using EduCounty.Common;
using EduCounty.Plan;
using EduCounty.Registry;
using EduCounty.Reports;
using EduCounty.StudentAid;
using EduCounty.Tests.DropoutPrevention;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace EduCounty.Tests.StudentAid;

/// <summary>
/// 学生资助 on SQLite and PostgreSQL (issue 17 item 2): eligibility against aid-rules.json (amounts from student-aid.md §2,
/// written beside each assertion), the 申请 → 学校审核 → 县审批 → 发放 chain with its refusals, reconciliation and coverage
/// counted by hand, the 公示 list (masked names; no 学籍号, no category or level in the .xlsx), the school scope and the
/// audited view of the 认定.
/// </summary>
public sealed class AidDatabaseTests
{
    private static readonly AidRules Rules = AidCounty.Rules;
    private static readonly SchoolYear Y2024 = new(2024);
    private static readonly DateOnly Mar2025 = new(2025, 3, 10);

    private static Task<int> Apply(EduDb db, int n, string programme, SchoolYear year, AidTerm term, DateOnly? today = null) =>
        ApplyForAid.HandleAsync(db, Rules, DropoutCounty.Protector, new ApplyForAid.Command(AidCounty.Number(n), programme, year, term), AidCounty.Clerk1, today ?? Mar2025);

    private static Task<int> Assess(EduDb db, int n, SchoolYear year, HardshipLevel level, FinancialHardship? category = null) =>
        AssessHardship.HandleAsync(db, Rules, DropoutCounty.Protector, new AssessHardship.Command(AidCounty.Number(n), year, level, category), AidCounty.School1, Mar2025);

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Eligibility_stage_dated_standards_and_stacking_follow_the_rules(string provider)
    {
        var (db, _) = await AidCounty.CreateAsync(provider, "aid-eligibility");
        await using var _db = db;
        AidCounty.Student(db, 1, 1, "P4");
        AidCounty.Student(db, 2, 5, "S2", hardship: FinancialHardship.Dibao);
        AidCounty.Student(db, 3, 6, "S3");
        await db.SaveChangesAsync();
        async Task<decimal> Amount(int id) => (await db.AidApplications.AsNoTracking().SingleAsync(a => a.Id == id)).Amount;
        async Task<string> Refused(Func<Task> act) => (await Assert.ThrowsAsync<RuleException>(act)).Message;

        // Not assessed: 寄宿生生活补助 refused; 营养膳食补助 is for all: 5 元 × 200 天 ÷ 2 = 500 元 (2024 autumn), 4 × 200 ÷ 2 = 400 (2020 autumn).
        Assert.Contains("本学年认定为家庭经济困难的学生，该生本学年尚未认定", await Refused(() => Apply(db, 1, "LivingBoarding", Y2024, AidTerm.Autumn)), StringComparison.Ordinal);
        Assert.Equal(500m, await Amount(await Apply(db, 1, "Nutrition", Y2024, AidTerm.Autumn)));
        Assert.Equal(400m, await Amount(await Apply(db, 1, "Nutrition", new SchoolYear(2020), AidTerm.Autumn)));
        Assert.Contains("不能重复申请", await Refused(() => Apply(db, 1, "Nutrition", Y2024, AidTerm.Autumn)), StringComparison.Ordinal);

        // 一般困难, category 其他: 非寄宿生 needs one of the four categories (§2.2); 寄宿生 any level: 小学 1000 ÷ 2 = 500.
        await Assess(db, 1, Y2024, HardshipLevel.General, FinancialHardship.Other);
        Assert.Contains("困难类型为建档立卡、低保、特困、残疾家庭", await Refused(() => Apply(db, 1, "LivingDay", Y2024, AidTerm.Autumn)), StringComparison.Ordinal);
        Assert.Equal(500m, await Amount(await Apply(db, 1, "LivingBoarding", Y2024, AidTerm.Autumn)));
        // Re-assessed 建档立卡 (每学期动态调整): now qualifies for 非寄宿, but the same cost is already covered (§3 never double-pay).
        await Assess(db, 1, Y2024, HardshipLevel.Special, FinancialHardship.RegisteredPoor);
        Assert.Contains("不得重复资助", await Refused(() => Apply(db, 1, "LivingDay", Y2024, AidTerm.Autumn)), StringComparison.Ordinal);
        Assert.Equal(250m, await Amount(await Apply(db, 1, "LivingDay", Y2024, AidTerm.Spring))); // 小学 500 ÷ 2
        Assert.Contains("只资助学前", await Refused(() => Apply(db, 1, "PreschoolAid", Y2024, AidTerm.Autumn)), StringComparison.Ordinal);

        // 普高: the category comes from the 学籍 flag (低保); 国家助学金 2000 → 2300 from 2025 spring (财教〔2024〕181号): 1000, then 1150.
        await Assess(db, 2, Y2024, HardshipLevel.Hard);
        Assert.Equal(1000m, await Amount(await Apply(db, 2, "SeniorGrant", Y2024, AidTerm.Autumn)));
        Assert.Equal(1150m, await Amount(await Apply(db, 2, "SeniorGrant", Y2024, AidTerm.Spring)));
        Assert.Equal(600m, await Amount(await Apply(db, 2, "SeniorFeeWaiver", Y2024, AidTerm.Autumn))); // 1200 ÷ 2
        Assert.Contains("不得重复资助", await Refused(() => Apply(db, 2, "XjSeniorTuition", Y2024, AidTerm.Autumn)), StringComparison.Ordinal);
        Assert.Contains("只资助小学、初中学生", await Refused(() => Apply(db, 2, "LivingBoarding", Y2024, AidTerm.Autumn)), StringComparison.Ordinal);

        // 中职 三年级: 助学金 only 一、二年级 before 2025 spring; from then 三年级 too (§2.4): 2300 ÷ 2 = 1150.
        await Assess(db, 3, Y2024, HardshipLevel.Hard);
        Assert.Contains("没有适用于高三的资助标准", await Refused(() => Apply(db, 3, "VocGrant", Y2024, AidTerm.Autumn)), StringComparison.Ordinal);
        Assert.Equal(1150m, await Amount(await Apply(db, 3, "VocGrant", Y2024, AidTerm.Spring)));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_chain_refuses_steps_out_of_order_or_by_the_wrong_role_and_each_step_is_audited(string provider)
    {
        var (db, _) = await AidCounty.CreateAsync(provider, "aid-chain");
        await using var _db = db;
        AidCounty.Student(db, 1, 1, "J2");
        await db.SaveChangesAsync();
        var id = await Apply(db, 1, "Nutrition", Y2024, AidTerm.Autumn);
        async Task<string> Refused(Func<Task> act) => (await Assert.ThrowsAsync<RuleException>(act)).Message;
        var day = Mar2025;

        Assert.Equal($"申请 ZZ{id:D6} 当前状态为待学校审核，不能县审批（须为待县审批）", await Refused(() => ReviewAidApplication.ApproveAsync(db, id, AidCounty.Aid, day)));
        Assert.Equal("学校审核须由学校管理员办理", await Refused(() => ReviewAidApplication.SchoolReviewAsync(db, id, AidCounty.Clerk1, day)));
        Assert.Contains("不能登记发放", await Refused(() => ReviewAidApplication.PayAsync(db, id, day, null, AidCounty.Aid, day)), StringComparison.Ordinal);
        await ReviewAidApplication.SchoolReviewAsync(db, id, AidCounty.School1, day);
        Assert.Equal("县审批须由县资助中心办理", await Refused(() => ReviewAidApplication.ApproveAsync(db, id, AidCounty.School1, day)));
        await ReviewAidApplication.ApproveAsync(db, id, AidCounty.Aid, day);
        Assert.Contains("不超过应发 500.00 元", await Refused(() => ReviewAidApplication.PayAsync(db, id, day, 600m, AidCounty.Aid, day)), StringComparison.Ordinal);
        await ReviewAidApplication.PayAsync(db, id, day, null, AidCounty.Aid, day);
        Assert.Contains("当前状态为已发放，不能退回", await Refused(() => ReviewAidApplication.RejectAsync(db, id, "重复", AidCounty.Aid, day)), StringComparison.Ordinal);

        db.ChangeTracker.Clear();
        var a = await db.AidApplications.SingleAsync();
        Assert.Equal((AidStatus.Paid, 500m, "一校管理员", "资助中心"), (a.Status, a.PaidAmount!.Value, a.SchoolReviewedBy, a.ApprovedBy));
        var key = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // 新增 + 学校审核 + 县审批 + 发放.
        Assert.Equal(4, await db.AuditEntries.CountAsync(e => e.Entity == nameof(AidApplication) && e.EntityId == key));

        // Rejected at the school: needs a reason; after it, a new application for the same term is allowed.
        await Assess(db, 1, Y2024, HardshipLevel.Hard, FinancialHardship.Dibao);
        var second = await Apply(db, 1, "LivingDay", Y2024, AidTerm.Autumn);
        Assert.Equal("不通过须填写原因", await Refused(() => ReviewAidApplication.RejectAsync(db, second, " ", AidCounty.School1, day)));
        await ReviewAidApplication.RejectAsync(db, second, "家庭情况核实不符", AidCounty.School1, day);
        Assert.True(await Apply(db, 1, "LivingBoarding", Y2024, AidTerm.Autumn) > second);
    }

    /// <summary>
    /// 普高国家助学金, 2024-2025 秋季 (1000 元 each, 2000 ÷ 2): 学生1 paid 1000, 学生2 paid 800 (part), 学生3 approved not paid,
    /// 学生4 submitted only. 到账 0.25 万元. 人数 3 (approved or paid); 应发 3000 元 = 0.3 万元; 实发 1800 元 = 0.18 万元;
    /// 差额 0.25 − 0.18 = 0.07 万元. Coverage: 学生1 建档立卡, 学生2 低保, 学生4 特困 (no grant: only submitted), 学生3 其他
    /// (not in the group) → group 3, aided 2 → 66.7 %; the plan's 任务29 target (≥ 100 %, every year) is 未达到.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Report_reconciles_due_paid_and_received_and_coverage_matches_a_hand_count(string provider)
    {
        var (db, _) = await AidCounty.CreateAsync(provider, "aid-report");
        await using var _db = db;
        FinancialHardship[] categories = [FinancialHardship.RegisteredPoor, FinancialHardship.Dibao, FinancialHardship.Other, FinancialHardship.ExtremePoor];
        for (var n = 1; n <= 4; n++) AidCounty.Student(db, n, 5, "S1", hardship: categories[n - 1]);
        await db.SaveChangesAsync();
        var ids = new List<int>();
        for (var n = 1; n <= 4; n++)
        {
            await Assess(db, n, Y2024, HardshipLevel.Hard);
            ids.Add(await Apply(db, n, "SeniorGrant", Y2024, AidTerm.Autumn));
        }
        var day = Mar2025;
        foreach (var id in ids.Take(3))
        {
            await ReviewAidApplication.SchoolReviewAsync(db, id, AidCounty.School1, day);
            await ReviewAidApplication.ApproveAsync(db, id, AidCounty.Aid, day);
        }
        await ReviewAidApplication.PayAsync(db, ids[0], day, null, AidCounty.Aid, day);
        await ReviewAidApplication.PayAsync(db, ids[1], day, 800m, AidCounty.Aid, day);
        await RecordAidFunding.HandleAsync(db, Rules, new RecordAidFunding.Command("SeniorGrant", Y2024, AidTerm.Autumn, 0.25m, new DateOnly(2024, 10, 30), "阜财教〔2024〕8号"),
            AidCounty.Aid, day);

        var report = await GetAidReport.HandleAsync(db, Rules, Y2024);
        var row = Assert.Single(report.Rows);
        Assert.Equal(("SeniorGrant", AidTerm.Autumn, 3, 0.3m, 0.18m, 0.25m, 0.07m), (row.Programme, row.Term, row.Students, row.DueWan, row.PaidWan, row.ReceivedWan!.Value, row.GapWan!.Value));
        Assert.Equal(1, Assert.Single(report.Programmes).Pending);
        Assert.Equal(new GetAidReport.Coverage(3, 2, 66.7m, 4), report.Coverage);

        var plan = PlanLoader.LoadDefault();
        var target = (await PlanTargets.EvaluateAsync(db, plan, 2024)).Single(t => t.Target.Code == "aid.registered_poor_coverage");
        Assert.Equal((66.7m, TargetVerdict.NotMet), (target.Value, target.Verdict));
        Assert.Contains("建档立卡、低保、特困、残疾学生3人，已获资助（县审批或已发放）2人，未资助1人", target.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Publicity_masks_names_and_the_xlsx_has_no_number_category_or_level_and_is_audited(string provider)
    {
        var (db, _) = await AidCounty.CreateAsync(provider, "aid-publicity");
        await using var _db = db;
        AidCounty.Student(db, 1, 5, "S2", "张三明", FinancialHardship.RegisteredPoor);
        AidCounty.Student(db, 2, 5, "S1", "李四", FinancialHardship.Dibao);
        AidCounty.Student(db, 3, 5, "S1", "欧阳小明", FinancialHardship.DisabledFamily);
        await db.SaveChangesAsync();
        var day = Mar2025;
        for (var n = 1; n <= 3; n++)
        {
            await Assess(db, n, Y2024, HardshipLevel.Special);
            foreach (var term in new[] { AidTerm.Autumn, AidTerm.Spring })
            {
                var id = await Apply(db, n, "SeniorGrant", Y2024, term);
                if (n == 3 && term == AidTerm.Spring) continue; // submitted only: not on the list
                await ReviewAidApplication.SchoolReviewAsync(db, id, AidCounty.School1, day);
                await ReviewAidApplication.ApproveAsync(db, id, AidCounty.Aid, day);
            }
        }

        // 学生1, 2: 1000 + 1150 = 2150 元; 学生3: autumn only, 1000. Order: school, grade (高一 before 高二), name.
        var rows = await GetAidPublicity.HandleAsync(db, Rules, "SeniorGrant", Y2024);
        Assert.Equal([("李*", "高一", 2150m), ("欧**明", "高一", 1000m), ("张*明", "高二", 2150m)], rows.Select(r => (r.Name, r.Grade, r.Amount)));
        Assert.Equal("王*", GetAidPublicity.Mask("王五"));

        using var ms = new MemoryStream();
        await GetAidPublicity.WriteXlsxAsync(db, rows, "SeniorGrant", Y2024, ms);
        ms.Position = 0;
        var sheet = MiniExcel.Query(ms, useHeaderRow: false).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(["序号", "姓名", "学校", "年级", "资助项目", "金额（元）"], sheet[0].Values.Select(v => v?.ToString()));
        var text = string.Join("|", sheet.SelectMany(r => r.Values).Select(v => v?.ToString()));
        foreach (var secret in new[] { "张三明", "欧阳小明", AidCounty.Number(1), "L0000000002", "建档立卡", "低保", "残疾", "特别困难", "困难类型", "身份证" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
        Assert.Equal(4, sheet.Count);
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == GetAidPublicity.Exported && e.Entity == nameof(AidApplication)));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_school_user_reads_and_acts_on_its_own_school_only_and_the_assessment_is_encrypted_and_its_view_audited(string provider)
    {
        var (db, setting) = await AidCounty.CreateAsync(provider, "aid-scope");
        await using var _db = db;
        AidCounty.Student(db, 1, 1, "P3");
        AidCounty.Student(db, 2, 3, "J2");
        await db.SaveChangesAsync();
        await Assess(db, 1, Y2024, HardshipLevel.Special, FinancialHardship.Orphan);
        await Assess(db, 2, Y2024, HardshipLevel.Hard, FinancialHardship.Dibao);
        var own = await Apply(db, 1, "Nutrition", Y2024, AidTerm.Autumn);
        var other = await Apply(db, 2, "Nutrition", Y2024, AidTerm.Autumn);

        // At rest: the level and category are one ciphertext; the 学籍 flag follows the assessment (孤儿).
        db.ChangeTracker.Clear();
        var cipher = await db.HardshipAssessments.Select(a => a.DetailCipher).FirstAsync();
        Assert.DoesNotContain("1,5", Encoding.UTF8.GetString(cipher), StringComparison.Ordinal);
        Assert.Equal(FinancialHardship.Orphan, (await db.Students.SingleAsync(s => s.Id == 1)).HardshipOf(DropoutCounty.Protector));

        await using var school = DropoutCounty.Scoped(setting, 1);
        Assert.Equal([own], (await ListAidApplications.HandleAsync(school, Rules, new ListAidApplications.Query(Y2024))).Select(r => r.Id));
        Assert.Contains("不在您的管理范围内", (await Assert.ThrowsAsync<RuleException>(() => ReviewAidApplication.SchoolReviewAsync(school, other, AidCounty.School1, Mar2025))).Message,
            StringComparison.Ordinal);
        Assert.Contains("未找到学籍号", (await Assert.ThrowsAsync<RuleException>(() => ApplyForAid.HandleAsync(school, Rules, DropoutCounty.Protector,
            new ApplyForAid.Command(AidCounty.Number(2), "Nutrition", Y2024, AidTerm.Spring), AidCounty.Clerk1, Mar2025))).Message, StringComparison.Ordinal);
        var report = await GetAidReport.HandleAsync(school, Rules, Y2024);
        Assert.False(report.WithFunding);
        Assert.Equal(1, Assert.Single(report.Schools).Applications);

        var masked = await ListHardshipAssessments.HandleAsync(school, DropoutCounty.Protector, Y2024, null, mayRead: false);
        Assert.Equal((1, (HardshipLevel?)null, (FinancialHardship?)null), (masked.Count, masked[0].Level, masked[0].Category));
        Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.Action == ListHardshipAssessments.Viewed));
        var shown = await ListHardshipAssessments.HandleAsync(school, DropoutCounty.Protector, Y2024, null, mayRead: true);
        Assert.Equal((HardshipLevel.Special, FinancialHardship.Orphan, false), (shown[0].Level!.Value, shown[0].Category!.Value, shown[0].CoverageGroup));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == ListHardshipAssessments.Viewed));

        var reminders = await GetAidReminders.HandleAsync(school, AidCounty.School1);
        Assert.Equal(["待学校审核的资助申请 1 份"], reminders.Select(r => r.Text));
    }
}
