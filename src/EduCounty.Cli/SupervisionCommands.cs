using System.CommandLine;
using System.Text.Json;
using EduCounty.Common;
using EduCounty.Supervision;
using static EduCounty.Cli.SafetyCommands;

namespace EduCounty.Cli;

/// <summary>
/// 教育督导 verbs: <c>supervision visits --year …</c> (督导记录), <c>supervision report --year …</c> (cadence, findings) and
/// <c>supervision notice --visit N --out …</c> (the visit's 督导意见书 as .docx or PDF).
/// </summary>
internal static class SupervisionCommands
{
    public static Command Supervision()
    {
        var cmd = new Command("supervision", "责任督学挂牌督导：督导记录、频次、问题整改");
        cmd.Subcommands.Add(Visits());
        cmd.Subcommands.Add(Report());
        cmd.Subcommands.Add(Notice());
        return cmd;
    }

    private static Command Notice()
    {
        var visit = new Option<int>("--visit") { Description = "督导记录编号（见 supervision visits）", Required = true };
        var output = new Option<string>("--out") { Description = "输出文件（.docx 或 .pdf）", Required = true };
        var format = new Option<string>("--format") { Description = "输出格式：docx（默认）或 pdf（需要已安装 Chromium）", DefaultValueFactory = _ => "docx" };
        format.AcceptOnlyFromAmong("docx", "pdf");
        var rules = new Option<string?>("--rules") { Description = "按省（县）覆盖的规则文件（JSON，形状同内置规则；意见书署名取 noticeIssuer）" };
        var cmd = new Command("notice", "督导意见书（公文格式：文号、主送学校、存在问题及整改期限、附件督导检查情况表、署名）");
        foreach (var o in new Option[] { visit, output, format, rules }) cmd.Options.Add(o);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var pdf = r.GetValue(format) == "pdf";
            if (pdf && !Reports.ChromiumPdf.Available) return CliOptions.Fail(Reports.ChromiumPdf.MissingMessage);
            var rs = r.GetValue(rules) is { } path ? SupervisionRules.WithOverride(File.ReadAllText(path)) : SupervisionRules.Default();
            await using var db = await CliOptions.OpenAsync(r, ct);
            var id = r.GetValue(visit);
            var v = await GetVisit.HandleAsync(db, rs, id, SchoolYear.Today(TimeProvider.System), ct);
            var file = r.GetValue(output)!;
            if (await ReportCommands.WriteAsync(Reports.SupervisionNotice.Build(v, rs), file, pdf, ct) is { } error) return CliOptions.Fail(error);
            Console.WriteLine($"已生成 {file}");
            if (pdf) Console.WriteLine(Reports.ReportHtml.FontNote);
            await db.AuditAsync("export", nameof(SupervisionVisit), id.ToString(System.Globalization.CultureInfo.InvariantCulture), file, ct);
            return 0;
        });
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
