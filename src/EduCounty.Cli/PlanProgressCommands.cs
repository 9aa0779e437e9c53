using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using EduCounty.Plan;
using EduCounty.Plan.Progress;

namespace EduCounty.Cli;

/// <summary>规划 closed loops: <c>plan load</c>, <c>plan tasks</c>, <c>plan issues</c> (added under the <c>plan</c> verb).</summary>
internal static class PlanProgressCommands
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>The subcommands; <paramref name="planFile"/> is the plan verb's --plan option.</summary>
    public static IEnumerable<Command> Create(Option<string?> planFile)
    {
        yield return Load(planFile);
        yield return Tasks(planFile);
        yield return Issues(planFile);
    }

    private static PlanDocument PlanOf(ParseResult r, Option<string?> planFile, Option<string?>? file = null)
    {
        var path = (file is null ? null : r.GetValue(file)) ?? r.GetValue(planFile);
        return path is null ? PlanLoader.LoadDefault() : PlanLoader.LoadFile(path);
    }

    private static Command Load(Option<string?> planFile)
    {
        var file = new Option<string?>("--file") { Description = "规划文件（如 plans/fukang-2021-2025.json；默认内置的阜康市规划）" };
        var cmd = new Command("load", "把规划的重点任务和专栏项目载入数据库（可重复执行：已有的保持不变）");
        cmd.Options.Add(file);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var plan = PlanOf(r, planFile, file);
            await using var db = await CliOptions.OpenAsync(r, ct);
            var res = await LoadPlanRecords.HandleAsync(db, plan, ct);
            Console.WriteLine($"规划 {res.PlanCode}：新增任务 {res.TasksAdded} 项（已有 {res.TasksKept} 项保持不变），新增项目 {res.ProjectsAdded} 个（已有 {res.ProjectsKept} 个保持不变）");
            return 0;
        });
        return cmd;
    }

    private static Command Tasks(Option<string?> planFile)
    {
        var format = new Option<string>("--format") { Description = "输出格式：table 或 json（默认 table）", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var cmd = new Command("tasks", "重点任务推进情况：状态、进度、是否逾期");
        cmd.Options.Add(format);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var plan = PlanOf(r, planFile);
            await using var db = await CliOptions.OpenReadAsync(r, ct);
            var p = await GetPlanProgress.HandleAsync(db, new(plan.Code, PlanWork.Today(TimeProvider.System)), ct);
            if (p.Tasks.Count == 0)
            {
                return CliOptions.Fail($"数据库中没有规划 {plan.Code} 的任务，请先执行 educounty plan load");
            }
            if (r.GetValue(format) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(p.Tasks.Select(t => new
                {
                    number = t.Number,
                    section = t.Section,
                    title = t.Title,
                    responsibleUnits = t.ResponsibleUnits,
                    state = t.StateLabel,
                    progressPercent = t.ProgressPercent,
                    deadline = t.Deadline?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    overdue = t.Overdue,
                    lastUpdate = t.LastUpdateOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                }), Json));
                return 0;
            }
            var sb = new StringBuilder();
            sb.AppendLine(CultureInfo.InvariantCulture, $"截至 {p.Today:yyyy-MM-dd}：未启动 {p.TaskCounts.NotStarted}，推进中 {p.TaskCounts.InProgress}，已完成 {p.TaskCounts.Done}，逾期 {p.TaskCounts.Overdue}，平均进度 {p.TaskCounts.AverageProgress}%");
            sb.AppendLine("序号\t状态\t进度\t期限\t逾期\t任务");
            foreach (var t in p.Tasks)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"{t.Number}\t{t.StateLabel}\t{t.ProgressPercent}%\t{t.Deadline:yyyy-MM-dd}\t{(t.Overdue ? "逾期" : "")}\t{t.Title}");
            }
            Console.Write(sb.ToString());
            return 0;
        });
        return cmd;
    }

    private static Command Issues(Option<string?> planFile)
    {
        var overdue = new Option<bool>("--overdue") { Description = "只列逾期未销号的问题" };
        var cmd = new Command("issues", "问题台账：问题、责任单位、整改期限、状态");
        cmd.Options.Add(overdue);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var plan = PlanOf(r, planFile);
            await using var db = await CliOptions.OpenReadAsync(r, ct);
            var p = await GetPlanProgress.HandleAsync(db, new(plan.Code, PlanWork.Today(TimeProvider.System)), ct);
            var rows = r.GetValue(overdue) ? p.OverdueIssues.ToList() : [.. p.Issues];
            var sb = new StringBuilder();
            sb.AppendLine(CultureInfo.InvariantCulture, $"截至 {p.Today:yyyy-MM-dd}：待整改 {p.IssueCount.Pending}，整改中 {p.IssueCount.Rectifying}，已销号 {p.IssueCount.Closed}，逾期 {p.IssueCount.Overdue}");
            sb.AppendLine("编号\t状态\t整改期限\t逾期\t来源\t责任单位\t问题");
            foreach (var i in rows)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"{i.Id}\t{i.StateLabel}\t{i.Deadline:yyyy-MM-dd}\t{(i.Overdue ? "逾期" : "")}\t{i.Source}\t{i.ResponsibleUnit}\t{i.Problem}");
            }
            Console.Write(sb.ToString());
            return 0;
        });
        return cmd;
    }
}
