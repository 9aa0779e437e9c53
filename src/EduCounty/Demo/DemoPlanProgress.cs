using EduCounty.Common;
using EduCounty.Plan;
using EduCounty.Plan.Progress;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Demo;

/// <summary>
/// Synthetic, deterministic (fixed seed) progress of the demo county's plan: task states and updates, project
/// spending and seats consistent with the schools the demo opens (城南/城北幼儿园 2023/2024, 第七小学 and 第五中学 2024),
/// and five 问题台账 items of which exactly one (deadline 2026-06-30) is overdue from mid-2026 until 2027-08-31.
/// Nothing here comes from the real county.
/// </summary>
public static class DemoPlanProgress
{
    private const string Author = "示例数据";

    private static readonly string[] Notes =
    [
        "制定年度工作方案，明确责任分工和时间节点",
        "召开专题推进会，落实阶段性工作任务",
        "开展督促检查，对照年度目标逐项推进",
        "完成阶段性总结，整理佐证材料",
    ];

    public static async Task FillAsync(EduDb db, PlanDocument plan, CancellationToken ct = default)
    {
        await LoadPlanRecords.HandleAsync(db, plan, ct);
        if (await db.PlanProgressUpdates.AnyAsync(u => db.Set<PlanTaskRecord>().Any(t => t.Id == u.TaskId && t.PlanCode == plan.Code), ct))
        {
            return; // already filled
        }
        var rng = new Random(20210301);
        var open = await OpenTasksAsync(db, plan, ct);
        var tasks = await db.PlanTasks.Where(t => t.PlanCode == plan.Code).OrderBy(t => t.Number).ToListAsync(ct);
        foreach (var t in tasks)
        {
            var roll = rng.NextDouble();
            if (roll < 0.08)
            {
                continue; // 未启动
            }
            var started = new DateOnly(2021, 3, 1).AddDays(rng.Next(0, 540));
            t.Report(started, Author, Notes[0], rng.Next(10, 30));
            var mid = started.AddDays(rng.Next(200, 500));
            t.Report(mid, Author, Notes[rng.Next(1, Notes.Length)], rng.Next(40, 80));
            if (roll < 0.62 && !open.Contains(t.Number))
            {
                t.Complete(new DateOnly(2025, 6, 30).AddDays(rng.Next(0, 150)));
            }
            else
            {
                t.Report(new DateOnly(2025, 9, 1).AddDays(rng.Next(0, 60)), Author, Notes[3], rng.Next(70, 95));
            }
            foreach (var y in new[] { 2021, 2022, 2023 })
            {
                t.Milestones.Add(new PlanTaskMilestone { Year = y, Text = $"{y}年度：{t.Title}阶段目标", Done = true });
            }
        }

        var projects = await db.PlanProjects.Where(p => p.PlanCode == plan.Code).ToDictionaryAsync(p => p.Code, ct);
        void Project(string code, PlanWorkState state, DateOnly start, params (DateOnly On, int Percent, decimal Spent, int Seats, string Text)[] steps)
        {
            if (!projects.TryGetValue(code, out var p)) return;
            p.MoveTo(PlanWorkState.InProgress, start);
            foreach (var s in steps)
            {
                p.Report(s.On, Author, s.Text, s.Percent, s.Spent, s.Seats);
            }
            if (state == PlanWorkState.Done)
            {
                p.MoveTo(PlanWorkState.Done, steps[^1].On);
            }
        }
        var d = (int y, int m, int day) => new DateOnly(y, m, day);
        Project("infra.preschool.new", PlanWorkState.Done, d(2021, 9, 1),
            (d(2022, 12, 20), 50, 2100m, 0, "两园主体工程完工"),
            (d(2023, 8, 25), 80, 3350m, 360, "城南幼儿园竣工验收并开园，新增学位360个"),
            (d(2024, 8, 26), 100, 4185m, 720, "城北幼儿园竣工验收并开园，累计新增学位720个"));
        Project("infra.preschool.expansion", PlanWorkState.InProgress, d(2022, 4, 1),
            (d(2023, 10, 30), 40, 760m, 120, "三工幼儿园改扩建完工"),
            (d(2025, 9, 15), 70, 1320m, 240, "山泉村教学点改扩建完工，花儿沟教学点施工中"));
        Project("infra.compulsory.new", PlanWorkState.Done, d(2021, 10, 1),
            (d(2023, 6, 30), 60, 12600m, 0, "第七小学、第五中学主体封顶"),
            (d(2024, 8, 28), 100, 20780m, 3240, "两校竣工并于2024年秋季开学，新增学位3240个"));
        Project("infra.compulsory.sports-grounds", PlanWorkState.Done, d(2022, 4, 15),
            (d(2022, 10, 20), 100, 1890m, 0, "塑胶运动场、轮滑场完工验收"));
        Project("infra.compulsory.gymnasiums", PlanWorkState.InProgress, d(2023, 4, 1),
            (d(2024, 11, 30), 40, 2150m, 0, "3所学校风雨操场完工"),
            (d(2025, 10, 31), 60, 3260m, 0, "第一小学风雨操场完工，滋泥泉子小学施工中"));
        Project("infra.compulsory.expansion", PlanWorkState.InProgress, d(2022, 5, 1),
            (d(2024, 9, 1), 80, 5630m, 0, "第五小学、滋泥泉子小学教学楼投入使用，第三小学提升改造中"));
        Project("infra.vocational", PlanWorkState.InProgress, d(2023, 3, 1),
            (d(2025, 10, 15), 45, 9600m, 0, "实训楼主体完工，设备采购招标中"));
        Project("teachers.rural-housing", PlanWorkState.Done, d(2021, 5, 1),
            (d(2023, 11, 30), 100, 0m, 0, "周转宿舍354套全部交付使用"));

        // Registered, started and closed on the dates below (the ledger's dated history, docs/adr/0026).
        var items = new (string Problem, string Source, string? Indicator, int? Task, string Unit, string Person, DateOnly Deadline,
            DateOnly Registered, (string Text, DateOnly On)? Measures, string? Situation, DateOnly? Closed)[]
        {
            ("2023-2024学年九年义务教育巩固率为99.21%，低于约束性目标99.5%", "年度评估", "compulsory.retention", 21, "基础教育股", "（示例）张某",
                d(2024, 8, 31), d(2024, 1, 15), ("逐校核查学籍异动，落实控辍保学“一生一案”", d(2024, 2, 1)), "核查完成，2024-2025学年巩固率回升至目标以上", d(2024, 10, 15)),
            ("教学点专任教师结构性缺编，音体美教师不足", "督导", null, 33, "人事股", "（示例）李某",
                d(2025, 12, 31), d(2023, 5, 20), ("通过交流轮岗和走教补充教学点音体美教师", d(2023, 6, 1)), "已补充走教教师12名", d(2025, 11, 20)),
            ("部分乡村学校生均体育运动场地面积未达标", "督导", null, 31, "计划财务股", "（示例）王某",
                d(2026, 6, 30), d(2024, 11, 10), ("纳入改善办学条件项目，分校制定场地改造方案", d(2024, 12, 1)), null, null),
            ("个别学校食堂“互联网+明厨亮灶”设备离线", "巡查", null, 54, "安全稳定股", "（示例）赵某",
                d(2027, 8, 31), d(2025, 4, 8), ("排查设备与网络，建立离线通报制度", d(2025, 4, 20)), null, null),
            ("在编教师国家通用语言文字水平达标率距目标仍有差距", "年度评估", "language.teacher_proficiency", 17, "人事股", "（示例）钱某",
                d(2027, 12, 31), d(2025, 1, 12), null, null, null),
        };
        foreach (var i in items)
        {
            var item = new IssueLedgerItem
            {
                PlanCode = plan.Code,
                Problem = i.Problem,
                Source = i.Source,
                IndicatorCode = i.Indicator,
                TaskNumber = i.Task,
                ResponsibleUnit = i.Unit,
                ResponsiblePerson = i.Person,
                Deadline = i.Deadline,
            };
            item.Register(i.Registered);
            if (i.Measures is { } m)
            {
                item.StartRectification(m.Text, m.On);
            }
            if (i.Closed is { } c)
            {
                item.Close(c, "督导室（示例）", c, i.Situation);
            }
            db.IssueLedger.Add(item);
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Tasks the demo keeps 推进中 so that task states agree with the indicators: every task carrying a plan target whose
    /// indicator is not 已达标 in the last year with records, and task 21 (优质均衡创建), whose county verdict is 未达标 in the demo
    /// (天龙小学's shortfalls, DemoSchools.Weakness).
    /// </summary>
    private static async Task<HashSet<int>> OpenTasksAsync(EduDb db, PlanDocument plan, CancellationToken ct)
    {
        var open = new HashSet<int> { 21 };
        var years = await db.GradeEnrolments.Select(g => g.Year).Distinct().ToListAsync(ct);
        if (years.Count == 0) return open;
        var e = await EduCounty.Plan.Evaluation.EvaluatePlan.HandleAsync(db, plan, years.Max(), ct: ct);
        foreach (var t in plan.Targets.Where(t => t.IndicatorCode is not null && t.TaskNumber is not null))
        {
            if (e.Find(t.IndicatorCode!) is { Status: not (EduCounty.Plan.Evaluation.IndicatorStatus.Met or EduCounty.Plan.Evaluation.IndicatorStatus.UnderReview) })
            {
                open.Add(t.TaskNumber!.Value);
            }
        }
        return open;
    }
}
