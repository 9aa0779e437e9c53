using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Plan.Progress;

/// <summary>
/// Loads a plan's 重点任务 and 专栏 projects into the database (issue 3 §1). Idempotent: a task or project already
/// there (same plan code and number/code) is kept as it is, so users' states, progress and milestones survive a
/// reload; only missing ones are added. Another county loads its own file under its own plan code.
/// </summary>
public static class LoadPlanRecords
{
    public sealed record Result(string PlanCode, int TasksAdded, int TasksKept, int ProjectsAdded, int ProjectsKept);

    public static async Task<Result> HandleAsync(EduDb db, PlanDocument plan, CancellationToken ct = default)
    {
        var code = plan.Code;
        var haveTasks = (await db.PlanTasks.Where(t => t.PlanCode == code).Select(t => t.Number).ToListAsync(ct)).ToHashSet();
        var haveProjects = (await db.PlanProjects.Where(p => p.PlanCode == code).Select(p => p.Code).ToListAsync(ct)).ToHashSet();
        // Unless told otherwise, the work is due by the end of the plan period.
        var deadline = new DateOnly(plan.Period.EndYear, 12, 31);
        var tasksAdded = 0;
        foreach (var t in plan.Tasks.Where(t => !haveTasks.Contains(t.Number)))
        {
            var r = new PlanTaskRecord
            {
                PlanCode = code,
                Number = t.Number,
                Section = t.Section,
                Title = t.Title,
                Text = t.Text,
                ResponsibleUnits = string.Join("、", t.ResponsibleUnits),
                Deadline = deadline,
            };
            foreach (var m in t.Milestones)
            {
                foreach (var item in m.Items.Where(i => !string.IsNullOrWhiteSpace(i)))
                {
                    r.Milestones.Add(new PlanTaskMilestone { Year = m.Year, Text = item });
                }
            }
            db.PlanTasks.Add(r);
            tasksAdded++;
        }
        var schools = await db.Schools.Where(s => s.CountyCode == plan.DivisionCode).Select(s => new { s.Id, s.Name }).ToListAsync(ct);
        var projectsAdded = 0;
        foreach (var box in plan.Boxes)
        {
            foreach (var p in box.Projects.Where(p => !haveProjects.Contains(p.Code)))
            {
                var printed = p.Schools ?? [];
                // One printed school whose registry name ends with it (plan: 第七小学; registry: 阜康市第七小学) is linked.
                var match = printed.Count == 1 ? schools.Where(s => s.Name.EndsWith(printed[0], StringComparison.Ordinal)).ToList() : [];
                db.PlanProjects.Add(new PlanProjectRecord
                {
                    PlanCode = code,
                    Code = p.Code,
                    BoxNumber = box.Number,
                    Name = p.Name,
                    Kind = p.Kind,
                    Schools = string.Join("、", printed),
                    SchoolId = match.Count == 1 ? match[0].Id : null,
                    AreaM2 = p.AreaM2,
                    InvestmentWan = p.InvestmentWan,
                    NewSeats = p.NewSeats,
                    Deadline = deadline,
                });
                projectsAdded++;
            }
        }
        if (tasksAdded + projectsAdded > 0)
        {
            await db.SaveChangesAsync(ct);
        }
        return new Result(code, tasksAdded, haveTasks.Count, projectsAdded, haveProjects.Count);
    }
}
