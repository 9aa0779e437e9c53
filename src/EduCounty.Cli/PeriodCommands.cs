using System.CommandLine;
using System.Text.Json;
using EduCounty.Common;
using EduCounty.Periods;
using static EduCounty.Cli.SafetyCommands;

namespace EduCounty.Cli;

/// <summary>
/// 填报期 verbs (issue 22): <c>period open|status|lock|unlock --year … --form …</c>. The CLI acts as the county
/// (规划/统计) operator; every change is audited as "cli:&lt;user&gt;".
/// </summary>
internal static class PeriodCommands
{
    public static Command Period()
    {
        var cmd = new Command("period", "填报期：学校填报、乡镇审核、县级审核锁定（锁定后该学年该报表的数据只读）");
        cmd.Subcommands.Add(Verb("open", "开启一个学年某报表的填报期（截止日期默认 9月20日）", Open));
        cmd.Subcommands.Add(Verb("status", "填报期状态、版本，以及每所学校的填报状态", Status));
        cmd.Subcommands.Add(Verb("lock", "县级审核锁定：该学年该报表的数据对所有写入途径只读", Lock));
        cmd.Subcommands.Add(Verb("unlock", "解锁以便更正（须 --reason 写明原因），版本号加一", Unlock));
        return cmd;
    }

    private sealed record Options(Option<string> Year, Option<string> Form, Option<string> Format, Option<string?> Deadline, Option<string?> Reason);

    private static Command Verb(string name, string description, Func<EduDb, ParseResult, Options, CancellationToken, Task<object>> run)
    {
        var format = new Option<string>("--format") { Description = "输出格式：table 或 json（默认 table）", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var o = new Options(
            new Option<string>("--year") { Description = "学年，如 2025-2026", Required = true },
            new Option<string>("--form") { Description = "报表：census（秋季统计）、facilities（办学条件）、finance（经费）", DefaultValueFactory = _ => PeriodForms.Census },
            format,
            new Option<string?>("--deadline") { Description = "截止日期 yyyy-MM-dd（open）" },
            new Option<string?>("--reason") { Description = "解锁原因（unlock，必填）" });
        var cmd = new Command(name, description) { o.Year, o.Form, o.Format };
        if (name == "open")
        {
            cmd.Options.Add(o.Deadline);
        }
        if (name == "unlock")
        {
            cmd.Options.Add(o.Reason);
        }
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            CliOptions.Year(r, o.Year);
            await using var db = name == "status" ? await CliOptions.OpenReadAsync(r, ct) : await CliOptions.OpenAsync(r, ct);
            var result = await run(db, r, o, ct);
            if (r.GetValue(o.Format) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(result is GetPeriodStatus.Result st ? StatusJson(st) : ResultJson((ManagePeriod.Result)result), Json));
            }
            else
            {
                Console.WriteLine(result is GetPeriodStatus.Result s ? Table(s) : Line((ManagePeriod.Result)result));
            }
            return 0;
        });
        return cmd;
    }

    private static int YearOf(ParseResult r, Options o) => CliOptions.Year(r, o.Year).StartYear;

    private static async Task<object> Open(EduDb db, ParseResult r, Options o, CancellationToken ct)
    {
        DateOnly? deadline = r.GetValue(o.Deadline) is { } text
            ? DateOnly.TryParseExact(text, "yyyy-MM-dd", out var d) ? d : throw new RuleException($"截止日期“{text}”无效，应为 yyyy-MM-dd") { Field = "--deadline" }
            : null;
        return await ManagePeriod.OpenAsync(db, YearOf(r, o), r.GetValue(o.Form)!, deadline, ct);
    }

    private static async Task<object> Lock(EduDb db, ParseResult r, Options o, CancellationToken ct) =>
        await ManagePeriod.LockAsync(db, YearOf(r, o), r.GetValue(o.Form)!, ct);

    private static async Task<object> Unlock(EduDb db, ParseResult r, Options o, CancellationToken ct) =>
        await ManagePeriod.UnlockAsync(db, YearOf(r, o), r.GetValue(o.Form)!, r.GetValue(o.Reason), ct);

    private static async Task<object> Status(EduDb db, ParseResult r, Options o, CancellationToken ct) =>
        await GetPeriodStatus.HandleAsync(db, YearOf(r, o), r.GetValue(o.Form)!, ct);

    private static object StatusJson(GetPeriodStatus.Result s) => new
    {
        period = ResultJson(new ManagePeriod.Result(s.Year, s.Form, s.State, s.Version, s.Deadline)),
        counts = Enum.GetValues<SubmissionState>().ToDictionary(SubmissionChain.Label, s.Count),
        schools = s.Schools.Select(x => new { code = x.Code, name = x.Name, state = SubmissionChain.Label(x.State), overdue = x.Overdue, lastBy = x.LastBy }),
        events = s.Events.Select(e => new { action = e.Action, version = e.Version, actor = e.Actor, at = LocalTime.Text(e.At), reason = e.Reason }),
    };

    private static object ResultJson(ManagePeriod.Result p) => new
    {
        year = new SchoolYear(p.Year).ToString(),
        form = p.Form,
        formLabel = PeriodForms.Label(p.Form),
        state = StateLabel(p.State),
        locked = p.State == PeriodState.Locked,
        version = p.Version,
        deadline = p.Deadline,
    };

    private static string StateLabel(PeriodState s) => s == PeriodState.Locked ? "已锁定" : "填报中";

    private static string Line(ManagePeriod.Result p) =>
        $"{new SchoolYear(p.Year)} 学年{PeriodForms.Label(p.Form)}：{StateLabel(p.State)}，第 {p.Version} 版，截止 {D(p.Deadline)}";

    private static string Table(GetPeriodStatus.Result s)
    {
        var lines = new List<string>
        {
            Line(new ManagePeriod.Result(s.Year, s.Form, s.State, s.Version, s.Deadline)),
            string.Join("  ", Enum.GetValues<SubmissionState>().Select(x => $"{SubmissionChain.Label(x)} {s.Count(x)}")),
        };
        lines.AddRange(s.Schools.Select(x => $"{x.Code}\t{x.Name}\t{SubmissionChain.Label(x.State)}{(x.Overdue ? "\t逾期" : "")}"));
        return string.Join(Environment.NewLine, lines);
    }
}
