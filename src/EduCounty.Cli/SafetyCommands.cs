using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using EduCounty.Common;
using EduCounty.Safety;

namespace EduCounty.Cli;

/// <summary>校园安全 verbs: <c>safety hazards --year …</c> (the ledger) and <c>safety report --year …</c> (the year's figures).</summary>
internal static class SafetyCommands
{
    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    /// <summary>A date for the table output ("" when none); the JSON output writes DateOnly itself (yyyy-MM-dd, or null).</summary>
    internal static string D(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    /// <summary>The options every verb of the two features takes: --year, --format, --rules.</summary>
    internal sealed record VerbOptions(Option<string> Year, Option<string> Format, Option<string?> Rules)
    {
        public static VerbOptions Create()
        {
            var format = new Option<string>("--format") { Description = "输出格式：table 或 json（默认 table）", DefaultValueFactory = _ => "table" };
            format.AcceptOnlyFromAmong("table", "json");
            return new VerbOptions(new Option<string>("--year") { Description = "学年，如 2025-2026", Required = true }, format,
                new Option<string?>("--rules") { Description = "按省（县）覆盖的规则文件（JSON，形状同内置规则）" });
        }

        public void AddTo(Command cmd)
        {
            cmd.Options.Add(Year);
            cmd.Options.Add(Format);
            cmd.Options.Add(Rules);
        }

        public bool IsJson(ParseResult r) => r.GetValue(Format) == "json";

        public string? RulesText(ParseResult r) => r.GetValue(Rules) is { } path ? File.ReadAllText(path) : null;
    }

    public static Command Safety()
    {
        var cmd = new Command("safety", "校园安全：隐患排查治理台账、月度排查、覆盖率");
        cmd.Subcommands.Add(Hazards());
        cmd.Subcommands.Add(Report());
        return cmd;
    }

    private static SafetyRules RulesOf(ParseResult r, VerbOptions o) => o.RulesText(r) is { } t ? SafetyRules.WithOverride(t) : SafetyRules.Default();

    private static Command Hazards()
    {
        var o = VerbOptions.Create();
        var open = new Option<bool>("--open") { Description = "只列未销号的隐患" };
        var cmd = new Command("hazards", "学年隐患台账：编号、学校、类别、等级、状态、整改时限、是否逾期及升级");
        o.AddTo(cmd);
        cmd.Options.Add(open);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var year = CliOptions.Year(r, o.Year);
            var rules = RulesOf(r, o);
            await using var db = await CliOptions.OpenAsync(r, ct);
            var rows = await ListHazards.HandleAsync(db, rules, new ListHazards.Query(SchoolYear.Today(TimeProvider.System), year, OpenOnly: r.GetValue(open)), ct);
            if (o.IsJson(r))
            {
                Console.WriteLine(JsonSerializer.Serialize(rows.Select(h => new
                {
                    number = h.Number,
                    school = h.School,
                    location = h.Location,
                    category = h.CategoryName,
                    grade = h.GradeName,
                    state = h.StateLabel,
                    foundOn = D(h.FoundOn),
                    dueDate = h.DueDate,
                    closedOn = h.ClosedOn,
                    ageDays = h.AgeDays,
                    overdue = h.Overdue,
                    daysOverdue = h.DaysOverdue,
                    escalation = SafetyRules.Label(h.Escalation),
                    supervised = h.Supervised,
                }), Json));
                return 0;
            }
            Console.WriteLine($"{year} 学年隐患 {rows.Count} 项");
            foreach (var h in rows)
            {
                Console.WriteLine($"{h.Number}\t{h.School}\t{h.CategoryName}\t{h.GradeName}\t{h.StateLabel}\t发现 {D(h.FoundOn)}\t时限 {D(h.DueDate)}" +
                    (h.Overdue ? $"\t逾期 {h.DaysOverdue} 天 {SafetyRules.Label(h.Escalation)}" : ""));
            }
            return 0;
        });
        return cmd;
    }

    private static Command Report()
    {
        var o = VerbOptions.Create();
        var cmd = new Command("report", "学年校园安全情况：按等级、类别、月份的隐患数，逾期与升级，月度排查漏报，明厨亮灶等覆盖率");
        o.AddTo(cmd);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var year = CliOptions.Year(r, o.Year);
            var rules = RulesOf(r, o);
            var today = SchoolYear.Today(TimeProvider.System);
            var asOf = today < year.LastDay ? today : year.LastDay;
            await using var db = await CliOptions.OpenAsync(r, ct);
            var d = await GetSafetyDashboard.HandleAsync(db, rules, year, asOf, ct);
            var compliance = await GetInspectionCompliance.HandleAsync(db, rules, year, asOf, ct);
            var coverage = await GetSafetyCoverage.HandleAsync(db, rules, asOf, ct);
            var open = await ListHazards.HandleAsync(db, rules, new ListHazards.Query(asOf, year, OpenOnly: true), ct);
            var lines = SafetyReportSection.Lines(d, compliance, coverage, open);
            if (!o.IsJson(r))
            {
                foreach (var l in lines) Console.WriteLine(l);
                return 0;
            }
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                year = year.ToString(),
                asOf = D(asOf),
                found = d.Found,
                closed = d.Closed,
                open = d.Open,
                overdue = d.Overdue,
                escalatedTownship = d.EscalatedTownship,
                escalatedCounty = d.EscalatedCounty,
                supervisedOpen = d.SupervisedOpen,
                byGrade = d.ByGrade,
                byCategory = d.ByCategory,
                byAge = d.ByAge,
                trend = d.Trend.Select(t => new { month = t.Key, found = t.Found, closed = t.Closed }),
                inspections = new
                {
                    dueMonths = compliance.DueMonths.Select(m => $"{m.Year}-{m.Month:00}"),
                    flagged = compliance.Schools.Where(s => s.Flagged).Select(s => new { school = s.School, missing = s.Missing.Select(m => $"{m.Year}-{m.Month:00}") }),
                },
                coverage = coverage.Select(c => new { code = c.Item.Code, name = c.Item.Name, target = c.Item.Target, planTarget = c.Item.PlanTarget, c.Applicable, c.Installed, c.Percent, met = c.Met }),
                paragraphs = lines,
            }, Json));
            return 0;
        });
        return cmd;
    }
}
