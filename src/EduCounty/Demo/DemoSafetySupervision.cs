using EduCounty.Common;
using EduCounty.Common.Files;
using EduCounty.Common.Identity;
using EduCounty.Registry;
using EduCounty.Safety;
using EduCounty.Security;
using EduCounty.Supervision;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Demo;

/// <summary>
/// A synthetic, deterministic (fixed seed) school year 2025-2026 of 责任督学 挂牌督导 and 校园安全: 督学 accounts (no
/// password: they cannot sign in until an administrator resets one) with at most five schools each, monthly visits
/// with about one month in eight missed, findings rectified in days to weeks (a few sent back at 复查), a 语言文字
/// 专项督导 in the autumn, hazards closed one to ten days after discovery when 一般, weeks when 较大 and months when 重大
/// (some still open and overdue at the year's end), monthly 排查 reports with a few schools missing months, and the
/// coverage items (明厨亮灶 at most schools). Every change goes through the entities' methods; nothing comes from the real county.
/// </summary>
public static class DemoSafetySupervision
{
    private static readonly SchoolYear Year = new(2025);
    private static readonly DateOnly End = Year.LastDay;

    /// <summary>A 1×1 PNG: the evidence photo every 销号 needs.</summary>
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private static readonly string[] Situations =
    [
        "听取学校工作汇报，查阅教学计划、课表和作业记录，巡视校园。",
        "随机听课两节，查阅安全台账和食堂记录，与教师座谈。",
        "巡视校园及周边，检查五项管理落实情况，查阅学生作业。",
    ];

    private static readonly (string Item, string Grade, string Text, string? Hazard)[] FindingTexts =
    [
        ("4", "General", "部分班级书面作业量超过规定时长", null),
        ("3", "General", "课表与实际上课安排不一致，体育课被占用", null),
        ("6", "Serious", "学校东侧围墙局部开裂", "Building"),
        ("7", "Serious", "食堂留样记录不全", "Food"),
        ("2", "General", "收费公示栏未及时更新", null),
        ("1", "General", "安全管理制度未按学期修订", null),
        ("6", "Severe", "教学楼疏散通道堆放杂物", "Fire"),
    ];

    private static readonly (string Category, string Location, string Text)[] HazardTexts =
    [
        ("Fire", "教学楼一楼走廊", "灭火器压力不足"), ("Fire", "配电室", "电线老化裸露"), ("Building", "操场东侧", "围墙出现裂缝"),
        ("Food", "学校食堂", "冷藏柜温度记录缺失"), ("Transport", "校门口", "接送车辆乱停放，缺少减速标志"), ("Hazchem", "化学实验室", "危化品未双人双锁"),
        ("Activity", "体育场", "单杠立柱锈蚀松动"), ("Surroundings", "学校周边", "校门口流动摊贩"), ("Security", "校门", "一键报警装置故障"),
        ("Disaster", "宿舍楼", "应急照明灯不亮"), ("Health", "卫生室", "晨午检记录不全"), ("Other", "楼梯间", "扶手松动"),
    ];

    public static async Task FillAsync(EduDb db, string countyCode, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (await db.SupervisionVisits.AnyAsync(ct) || await db.SafetyHazards.AnyAsync(ct)) return;
        var rng = new Random(20250901);
        var schools = await db.Schools.Where(s => s.CountyCode == countyCode && !s.IsTeachingPoint).OpenOn(Year.FirstDay)
            .OrderBy(s => s.TownshipCode).ThenBy(s => s.Code).Select(s => new { s.Id, s.Name }).ToListAsync(ct);
        var supervisors = await SupervisorsAsync(db, [.. schools.Select(s => s.Id)], ct);
        var sRules = SupervisionRules.Default();
        var hRules = SafetyRules.Default();
        await CampaignAsync(db, sRules, [.. schools.Take(10).Select(s => s.Id)], ct);
        foreach (var (user, ids) in supervisors)
        {
            foreach (var id in ids)
            {
                await VisitsAsync(db, sRules, rng, user, id, ct);
                // Each school's visits are saved: a change tracker that kept every visit, finding and evidence file would
                // make each later save scan them all again (the year's loop was 80 % of the demo's time).
                db.ChangeTracker.Clear();
            }
        }
        await NumberNoticesByDayAsync(db, sRules, ct);
        // The hazards the visits found go through the same loop as the schools' own.
        foreach (var h in await db.SafetyHazards.Where(h => h.State == HazardState.Found).OrderBy(h => h.Id).ToListAsync(ct))
        {
            await LoopAsync(db, hRules, rng, h, ct);
        }
        db.ChangeTracker.Clear();
        foreach (var s in schools)
        {
            await HazardsAsync(db, hRules, rng, s.Id, ct);
            await ReportsAndFacilitiesAsync(db, hRules, rng, s.Id, ct);
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// The 督导意见书 文号 in the order of the visits' days, as where each visit is entered on its day (SubmitVisit numbers
    /// them as they are saved, and the demo saves them school by school).
    /// </summary>
    private static async Task NumberNoticesByDayAsync(EduDb db, SupervisionRules rules, CancellationToken ct)
    {
        var visits = await db.SupervisionVisits.Where(v => v.NoticeNumber != null).OrderBy(v => v.VisitDate).ThenBy(v => v.Id).ToListAsync(ct);
        foreach (var year in visits.GroupBy(v => v.VisitDate.Year))
        {
            var n = 0;
            foreach (var v in year) v.NoticeNumber = $"{rules.NoticePrefix}〔{year.Key}〕{++n}号";
        }
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }

    private static async Task<List<(ActingUser User, List<int> Schools)>> SupervisorsAsync(EduDb db, List<int> schoolIds, CancellationToken ct)
    {
        var role = await db.Roles.SingleOrDefaultAsync(r => r.Name == Roles.SchoolSupervisor, ct);
        if (role is null)
        {
            role = new IdentityRole(Roles.SchoolSupervisor) { NormalizedName = Roles.SchoolSupervisor.ToUpperInvariant() };
            db.Roles.Add(role);
        }
        var list = new List<(ActingUser, List<int>)>();
        var names = new[] { "王建华", "李淑芬", "张志强", "刘玉兰", "陈国庆", "马海燕", "赵德明", "孙丽娟", "周永红", "吴卫东" };
        var rules = SupervisionRules.Default();
        for (var i = 0; i * rules.MaxSchoolsPerSupervisor < schoolIds.Count; i++)
        {
            var name = names[i % names.Length];
            var userName = $"duxue{i + 1:00}";
            var user = new AppUser
            {
                Id = $"demo-{userName}",
                UserName = userName,
                NormalizedUserName = userName.ToUpperInvariant(),
                DisplayName = $"{name}（责任督学）",
                SecurityStamp = $"demo-{userName}-stamp",
                LockoutEnabled = true
            };
            db.Users.Add(user);
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = role.Id });
            await db.SaveChangesAsync(ct);
            var ids = schoolIds.Skip(i * rules.MaxSchoolsPerSupervisor).Take(rules.MaxSchoolsPerSupervisor).ToList();
            await AssignSchools.HandleAsync(db, rules, new AssignSchools.Command(userName, name, $"0994-32{i:00}{i * 7 % 100:00}", $"督学证 652302-{i + 1:000}",
                new DateOnly(2025, 8, 20), ids), ct);
            list.Add((new ActingUser(user.Id, name, [Roles.SchoolSupervisor]), ids));
        }
        return list;
    }

    private static async Task CampaignAsync(EduDb db, SupervisionRules rules, List<int> ids, CancellationToken ct) =>
        await CreateCampaign.HandleAsync(db, rules, new CreateCampaign.Command("2025年秋季学期语言文字工作专项督导", "language",
            new DateOnly(2025, 10, 8), new DateOnly(2025, 11, 28), "落实规划任务17、19、44：国家通用语言文字教育教学与推广普及", ids),
            new ActingUser("demo", "督导室", [Roles.Supervision]), ct);

    private static async Task VisitsAsync(EduDb db, SupervisionRules rules, Random rng, ActingUser user, int schoolId, CancellationToken ct)
    {
        var campaign = await db.SupervisionCampaigns.Where(c => c.Schools.Any(s => s.SchoolId == schoolId)).Select(c => (int?)c.Id).FirstOrDefaultAsync(ct);
        foreach (var period in rules.Periods(Year))
        {
            if (rng.NextDouble() < 0.12) continue; // 缺访
            var language = campaign is not null && period.From.Month == 10;
            var date = Workday(period.From.AddDays(rng.Next(language ? 8 : 3, 24)));
            var checklist = rules.Checklist(language ? "language" : "routine");
            var findings = rng.NextDouble() < 0.3 ? Enumerable.Range(0, rng.Next(1, 3)).Select(_ => FindingTexts[rng.Next(FindingTexts.Length)]).DistinctBy(f => f.Text).ToList() : [];
            var checks = checklist.Checks.Select(k => new SubmitVisit.Check(k.Code,
                findings.Any(f => f.Item == k.Item) ? CheckResult.NonConforming : rng.NextDouble() < 0.15 ? CheckResult.Partly : CheckResult.Conforming, null)).ToList();
            var key = new byte[16];
            rng.NextBytes(key);
            var outcome = await SubmitVisit.HandleAsync(db, rules, new SubmitVisit.Command(new Guid(key).ToString("N"), schoolId, date, rng.Next(3, 8),
                ["patrol", "documents", rng.NextDouble() < 0.5 ? "listen" : "interview"], checklist.Code, checks, Situations[rng.Next(Situations.Length)],
                findings.Count > 0 ? "请学校对照问题清单限期整改，并将整改报告报责任督学。" : "学校办学行为规范，继续保持。",
                [.. findings.Select(f => new SubmitVisit.Finding(f.Item, f.Grade, f.Text, f.Hazard, f.Hazard is null ? null : "督导发现"))],
                language ? campaign : null), user, End, ct);
            await RectifyAsync(db, rules, rng, user, outcome.VisitId, ct);
        }
    }

    private static async Task RectifyAsync(EduDb db, SupervisionRules rules, Random rng, ActingUser supervisor, int visitId, CancellationToken ct)
    {
        var school = new ActingUser("demo-school", "学校安全负责人", [Roles.SchoolAdmin]);
        foreach (var f in await db.SupervisionFindings.Where(x => x.VisitId == visitId).ToListAsync(ct))
        {
            if (rng.NextDouble() < 0.06) continue; // not yet rectified: overdue at the year's end
            for (var round = 0; round < 3; round++)
            {
                var reported = f.FoundOn.AddDays(round * 20 + rng.Next(3, 25));
                if (reported > End) break;
                f.ReportRectification("已按督导意见整改，附整改后照片。", school.Name, reported);
                db.StoredFiles.Add(Evidence(f.SchoolId, SupervisionFinding.FileOwner, f.Id, "整改证据", reported));
                await db.SaveChangesAsync(ct);
                var reviewed = reported.AddDays(rng.Next(1, 6));
                if (reviewed > End) break;
                var conclusion = rng.NextDouble() < 0.85 ? ReviewConclusion.Rectified : ReviewConclusion.Partly;
                f.Review(conclusion, conclusion == ReviewConclusion.Rectified ? "复查属实" : "仍有部分未整改到位", supervisor, rules.Grade(f.Grade), 1, reviewed, End);
                await db.SaveChangesAsync(ct);
                if (conclusion == ReviewConclusion.Rectified) break;
            }
        }
    }

    private static async Task HazardsAsync(EduDb db, SafetyRules rules, Random rng, int schoolId, CancellationToken ct)
    {
        for (var m = Year.FirstDay; m < End; m = m.AddMonths(1))
        {
            if (rng.NextDouble() > 0.45) continue;
            var t = HazardTexts[rng.Next(HazardTexts.Length)];
            var found = Workday(m.AddDays(rng.Next(0, 25)));
            var h = ReportHazard.New(rules, new ReportHazard.Command(schoolId, t.Location, t.Category, t.Text, "学校安全员", found, rng.NextDouble() < 0.8 ? "Routine" : "Holiday"), "demo", End);
            db.SafetyHazards.Add(h);
            await db.SaveChangesAsync(ct);
            await LoopAsync(db, rules, rng, h, ct);
        }
    }

    /// <summary>评估 → (管控) → 治理 → 验收 → 销号 with closure times by grade; a few stay open.</summary>
    private static async Task LoopAsync(EduDb db, SafetyRules rules, Random rng, SafetyHazard h, CancellationToken ct)
    {
        var school = new ActingUser("demo-school", "学校安全负责人", [Roles.SchoolAdmin]);
        var found = h.FoundOn;
        var roll = rng.NextDouble();
        var grade = rules.Grade(roll < 0.8 ? "General" : roll < 0.95 ? "Larger" : "Major");
        h.Assess(grade, new Assessment("学校后勤处", "立即维修更换，加强日常巡查", "后勤主任", grade.PlanRequired ? rng.Next(1, 30) : null,
            grade.PlanRequired ? "设置警戒区域，安排专人值守" : null), school.Name, found);
        var days = grade.Code switch { "General" => rng.Next(0, 11), "Larger" => rng.Next(10, 46), _ => rng.Next(40, 151) };
        if (grade.Supervised) h.Control("设置围挡和警示标志，禁止师生靠近", school.Name, found.AddDays(1));
        h.StartRemediation(school.Name, found.AddDays(grade.Supervised ? 3 : 0));
        var done = found.AddDays(Math.Max(days, grade.Supervised ? 4 : 0));
        if (done > End || rng.NextDouble() < 0.04)
        {
            await db.SaveChangesAsync(ct);
            return; // still open at the year's end
        }
        h.Verify("整改完成，附整改后照片", school.Name, done);
        db.StoredFiles.Add(Evidence(h.SchoolId, SafetyHazard.FileOwner, h.Id, HazardFiles.Evidence, done));
        var closeOn = done.AddDays(rng.Next(0, 3));
        if (closeOn <= End)
        {
            var role = grade.ApproverRoles[0];
            h.Close(grade, new ActingUser("demo-approver", role == Roles.SchoolAdmin ? "校长" : role == Roles.Township ? "乡镇安全办" : "教育局安全股", [role]),
                1, "现场验收合格", closeOn, End);
        }
        await db.SaveChangesAsync(ct);
    }

    private static async Task ReportsAndFacilitiesAsync(EduDb db, SafetyRules rules, Random rng, int schoolId, CancellationToken ct)
    {
        var lax = rng.NextDouble() < 0.1;
        for (var m = Year.FirstDay; m < End; m = m.AddMonths(1))
        {
            if (lax && rng.NextDouble() < 0.4) continue;
            db.SafetyInspectionReports.Add(new SafetyInspectionReport
            {
                SchoolId = schoolId,
                Year = m.Year,
                Month = m.Month,
                InspectedOn = Workday(m.AddDays(rng.Next(0, 20))),
                Checks = rng.Next(2, 6),
                HazardsFound = rng.Next(0, 3),
                Summary = "按月开展安全隐患排查，发现问题已登记台账",
                SubmittedBy = "学校安全负责人",
                SubmittedOn = m.AddMonths(1).AddDays(rng.Next(0, 4)),
            });
        }
        foreach (var item in rules.Coverage)
        {
            var roll = rng.NextDouble();
            var status = roll < (item.Code == "kitchen" ? 0.88 : 0.93) ? FacilityStatus.Installed : item.Code == "kitchen" && roll > 0.96 ? FacilityStatus.NotApplicable : FacilityStatus.Missing;
            db.SafetyFacilities.Add(new SafetyFacility
            {
                SchoolId = schoolId,
                Code = item.Code,
                Status = status,
                Since = status == FacilityStatus.Installed ? new DateOnly(2021 + rng.Next(0, 5), 1 + rng.Next(0, 12), 1) : null,
                Note = status == FacilityStatus.NotApplicable ? "无食堂，学生不在校就餐" : null,
                RecordedBy = "示例数据",
                RecordedOn = new DateOnly(2026, 6, 30),
            });
        }
        await db.SaveChangesAsync(ct);
    }

    private static StoredFile Evidence(int schoolId, string owner, int ownerId, string purpose, DateOnly on) =>
        StoredFile.From(UploadedFile.Check("整改后照片.png", Png), schoolId, owner, ownerId, purpose, "示例数据",
            new DateTimeOffset(on.ToDateTime(new TimeOnly(2, 0)), TimeSpan.Zero));

    private static DateOnly Workday(DateOnly d) => d.DayOfWeek switch
    {
        DayOfWeek.Saturday => d.AddDays(2),
        DayOfWeek.Sunday => d.AddDays(1),
        _ => d,
    };
}
