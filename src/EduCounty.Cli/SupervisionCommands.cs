using System.CommandLine;
using System.Text.Json;
using EduCounty.Common;
using EduCounty.Supervision;
using static EduCounty.Cli.SafetyCommands;

namespace EduCounty.Cli;

/// <summary>教育督导 verbs: <c>supervision visits --year …</c> (督导记录) and <c>supervision report --year …</c> (cadence, findings).</summary>
internal static class SupervisionCommands
{
    public static Command Supervision()
    {
        var cmd = new Command("supervision", "责任督学挂牌督导：督导记录、频次、问题整改");
        cmd.Subcommands.Add(Visits());
        cmd.Subcommands.Add(Report());
        return cmd;
    }

    private static SupervisionRules RulesOf(ParseResult r, SafetyCommands.VerbOptions o) =>
        o.RulesText(r) is { } t ? SupervisionRules.WithOverride(t) : SupervisionRules.Default();

    private static Command Visits()
    {
        var o = SafetyCommands.VerbOptions.Create();
        var cmd = new Command("visits", "学年督导记录：日期、学校、督学、时长、督导意见书文号、问题数");
        o.AddTo(cmd);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var year = CliOptions.Year(r, o.Year);
            RulesOf(r, o);
            await using var db = await CliOptions.OpenAsync(r, ct);
            var rows = await ListVisits.HandleAsync(db, new ListVisits.Query(year), ct);
            if (o.IsJson(r))
            {
                Console.WriteLine(JsonSerializer.Serialize(rows.Select(v => new
                {
                    id = v.Id,
                    date = D(v.VisitDate),
                    school = v.School,
                    supervisor = v.Supervisor,
                    hours = v.Hours,
                    checklist = v.Checklist,
                    campaignId = v.CampaignId,
                    noticeNumber = v.NoticeNumber,
                    findings = v.Findings,
                    openFindings = v.OpenFindings,
                }), Json));
                return 0;
            }
            Console.WriteLine($"{year} 学年督导记录 {rows.Count} 条");
            foreach (var v in rows)
            {
                Console.WriteLine($"{D(v.VisitDate)}\t{v.School}\t{v.Supervisor}\t{v.Hours} 小时\t{v.NoticeNumber ?? "—"}\t问题 {v.Findings}（未销号 {v.OpenFindings}）");
            }
            return 0;
        });
        return cmd;
    }

    private static Command Report()
    {
        var o = SafetyCommands.VerbOptions.Create();
        var cmd = new Command("report", "学年督导情况：督学与学校、按期督导覆盖率、逾期未督导学校、问题整改");
        o.AddTo(cmd);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var year = CliOptions.Year(r, o.Year);
            var rules = RulesOf(r, o);
            var today = SchoolYear.Today(TimeProvider.System);
            var asOf = today < year.LastDay ? today : year.LastDay;
            await using var db = await CliOptions.OpenAsync(r, ct);
            var d = await GetSupervisionDashboard.HandleAsync(db, rules, year, asOf, ct: ct);
            var lines = await SupervisionReportSection.BuildAsync(db, year, asOf, rules, ct);
            if (!o.IsJson(r))
            {
                foreach (var l in lines) Console.WriteLine(l);
                return 0;
            }
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                year = year.ToString(),
                asOf = D(asOf),
                visits = d.Visits,
                coveragePercent = d.Cadence.CoveragePercent,
                schools = d.Cadence.Schools.Select(s => new
                {
                    school = s.School,
                    supervisor = s.Supervisor,
                    state = GetVisitCadence.Label(s.State),
                    done = s.Done,
                    missed = s.Missed,
                    lastVisit = s.LastVisit,
                }),
                visitsByMonth = d.VisitsByMonth.Select(m => new { month = m.Key, visits = m.Found, findings = m.Open, closed = m.Closed }),
                findingsByGrade = d.ByGrade,
                findingsByItem = d.ByItem,
                findings = new { total = d.Findings.Count, open = d.Findings.Count(f => f.State != FindingState.Closed), overdue = d.Findings.Count(f => f.Overdue) },
                paragraphs = lines,
            }, Json));
            return 0;
        });
        return cmd;
    }
}
