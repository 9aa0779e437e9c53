using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EduCounty.Common;
using EduCounty.Forecast;

namespace EduCounty.Cli;

/// <summary>学位预测 verbs: <c>forecast --to 2035 --scenario mid</c> and <c>forecast backtest</c> (issue 19).</summary>
internal static class ForecastCommands
{
    public static Command Forecast()
    {
        var to = new Option<int>("--to") { Description = "预测到哪一年（如 2030、2035）", DefaultValueFactory = _ => 2035 };
        var scenario = new Option<string>("--scenario") { Description = "出生数方案：low（低）、mid（中）、high（高）", DefaultValueFactory = _ => "mid" };
        var format = Format();
        var rules = Rules();
        var cmd = new Command("forecast", "学位预测：各校分年级在校生、班级、学位与缺口（年级升级比、出生队列、小升初流向；方法按回测误差逐校选定）");
        cmd.Options.Add(to);
        cmd.Options.Add(scenario);
        cmd.Options.Add(format);
        cmd.Options.Add(rules);
        cmd.Subcommands.Add(BacktestCommand());
        cmd.Subcommands.Add(PlanCommand());
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var code = r.GetValue(scenario)!;
            await using var db = await CliOptions.OpenAsync(r, ct);
            var result = await RunForecast.HandleAsync(db, new ForecastQuery(r.GetValue(to), [code], Rules: RulesOf(r, rules)), ct);
            var methods = result.Methods.ToDictionary(m => m.SchoolCode);
            var rows = result.Rows[code];
            if (r.GetValue(format) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(rows.Select(x => new
                {
                    school = x.School,
                    schoolCode = x.SchoolCode,
                    district = result.DistrictOf.GetValueOrDefault(x.SchoolCode),
                    grade = x.Grade,
                    year = x.Year,
                    students = x.Students,
                    classes = x.Classes,
                    seats = x.Seats,
                    gap = x.Gap,
                    classrooms = x.Classrooms,
                    classroomsBasis = x.ClassroomsBasis,
                    perClassroom = x.PerClassroom,
                    risk = x.Risk,
                    method = methods.GetValueOrDefault(x.SchoolCode)?.Method,
                    entryBasis = methods.GetValueOrDefault(x.SchoolCode)?.Entry,
                    juniorBasis = methods.GetValueOrDefault(x.SchoolCode)?.Junior,
                }), SafetyCommands.Json));
                return 0;
            }
            Console.WriteLine($"学位预测（{code} 方案）：基年 {result.Origin}，预测到 {result.To}；缺口 = 所需学位 − 现有教室 × 班额标准（正数为不足）");
            foreach (var x in rows.Where(x => x.Grade == ForecastRow.Total))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{x.School}\t{x.Year}\t在校生 {x.Students} 人\t{x.Classes} 班\t学位 {x.Seats}\t缺口 {x.Gap?.ToString(CultureInfo.InvariantCulture) ?? "—"}\t{x.Risk ?? ""}"));
            }
            foreach (var m in result.Methods)
            {
                Console.WriteLine($"{m.School}：{m.Method}；入学 {m.Entry}{(m.Junior is null ? "" : "；初一 " + m.Junior)}");
            }
            return 0;
        });
        return cmd;
    }

    /// <summary><c>forecast plan --to 2035 --scenario mid --format json</c>: the gap plan with redistribution per 学区.</summary>
    private static Command PlanCommand()
    {
        var to = new Option<int>("--to") { Description = "预测到哪一年（如 2030、2035）", DefaultValueFactory = _ => 2035 };
        var scenario = new Option<string>("--scenario") { Description = "出生数方案：low（低）、mid（中）、high（高）", DefaultValueFactory = _ => "mid" };
        var format = Format();
        var rules = Rules();
        var budget = new Option<decimal?>("--budget-per-year") { Description = "年度预算上限（万元）：超出当年预算的扩建、新建顺延到有余额的年份，其间缺口列为未解决；缺省用规则 gapPlan.budgetPerYearWan（不设则不限）" };
        var cmd = new Command("plan", "学位缺口方案：按学区先调剂同学段富余学位（含此前扩建多出的学位），再扩建（至标准最大班数），最后新建；新增教室按以后各年的最大缺口一次建成并计入以后各年；规划项目未交付学位计入现有学位；各项测算投资（万元），可设年度预算上限");
        cmd.Options.Add(to);
        cmd.Options.Add(budget);
        cmd.Options.Add(scenario);
        cmd.Options.Add(format);
        cmd.Options.Add(rules);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var code = r.GetValue(scenario)!;
            await using var db = await CliOptions.OpenAsync(r, ct);
            var applied = RulesOf(r, rules) ?? ForecastRules.Default();
            if (r.GetValue(budget) is { } cap)
            {
                applied = applied.WithBudgetPerYear(cap);
            }
            var result = await RunForecast.HandleAsync(db, new ForecastQuery(r.GetValue(to), [code], Rules: applied), ct);
            var plan = result.Plans[code];
            if (r.GetValue(format) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    origin = result.Origin,
                    to = result.To,
                    scenario = code,
                    costs = new
                    {
                        costPerSeatWan = applied.GapPlan.CostPerSeatWan,
                        costPerSeatSource = applied.GapPlan.CostPerSeatSource,
                        costPerClassroomWan = applied.GapPlan.CostPerClassroomWan,
                        costPerClassroomSource = applied.GapPlan.CostPerClassroomSource,
                    },
                    budgetPerYearWan = applied.GapPlan.BudgetPerYearWan,
                    districts = result.Districts[code].Select(d => new
                    {
                        district = d.District,
                        year = d.Year,
                        students = d.Students,
                        classes = d.Classes,
                        seats = d.Seats,
                        gap = d.Gap,
                        schools = d.Schools,
                        schoolsWithoutCapacity = d.SchoolsWithoutCapacity,
                    }),
                    plan = plan.Rows.Select(x => new
                    {
                        district = x.District,
                        stage = x.Stage,
                        year = x.Year,
                        shortage = x.Shortage,
                        spare = x.Spare,
                        projectSeats = x.ProjectSeats,
                        redistributed = x.Redistributed,
                        extended = x.Extended,
                        built = x.Built,
                        costWan = x.CostWan,
                        newClassrooms = x.NewClassrooms,
                        coveredByEarlier = x.CoveredByEarlier,
                        cumulativeClassrooms = x.CumulativeClassrooms,
                        cumulativeCostWan = x.CumulativeCostWan,
                        redistributedToExtended = x.RedistributedToExtended,
                        unmet = x.Unmet,
                    }),
                    years = plan.ByYear().Select(x => new
                    {
                        year = x.Year,
                        newClassrooms = x.NewClassrooms,
                        costWan = x.CostWan,
                        cumulativeClassrooms = x.CumulativeClassrooms,
                        cumulativeCostWan = x.CumulativeCostWan,
                        unmet = x.Unmet,
                    }),
                    steps = plan.Steps.Select(x => new
                    {
                        district = x.District,
                        stage = x.Stage,
                        year = x.Year,
                        kind = x.Kind,
                        school = x.School,
                        from = x.From,
                        seats = x.Seats,
                        classrooms = x.Classrooms,
                        costWan = x.CostWan,
                    }),
                    notes = plan.Notes,
                }, SafetyCommands.Json));
                return 0;
            }
            Console.WriteLine($"学位缺口方案（{code} 方案）：基年 {result.Origin}，预测到 {result.To}；先调剂、再扩建、后新建（学位，万元）");
            Console.WriteLine("学区\t学段\t年份\t缺口\t富余\t项目新增\t调剂\t扩建\t新建\t投资（万元）\t已建教室承担\t新增教室\t累计投资（万元）\t未解决");
            foreach (var x in plan.Rows.Where(x => x.Shortage > 0 || x.NewClassrooms > 0))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{x.District}\t{x.Stage}\t{x.Year}\t{x.Shortage}\t{x.Spare}\t{x.ProjectSeats}\t{x.Redistributed}\t{x.Extended}\t{x.Built}\t{x.CostWan:0.##}\t{x.CoveredByEarlier}\t{x.NewClassrooms}\t{x.CumulativeCostWan:0.##}\t{x.Unmet}"));
            }
            Console.WriteLine("年份\t新增教室（间）\t投资（万元）\t累计教室（间）\t累计投资（万元）\t未解决（学位）");
            foreach (var x in plan.ByYear())
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{x.Year}\t{x.NewClassrooms}\t{x.CostWan:0.##}\t{x.CumulativeClassrooms}\t{x.CumulativeCostWan:0.##}\t{x.Unmet}"));
            }
            foreach (var n in plan.Notes)
            {
                Console.WriteLine(n);
            }
            return 0;
        });
        return cmd;
    }

    private static Command BacktestCommand()
    {
        var format = Format();
        var rules = Rules();
        var cmd = new Command("backtest", "回测：按县内历史逐年重算（只用起点年及以前的数据），各方法按预测年距的平均绝对百分比误差 MAPE");
        cmd.Options.Add(format);
        cmd.Options.Add(rules);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            await using var db = await CliOptions.OpenAsync(r, ct);
            var history = await ReadForecastHistory.HandleAsync(db, ct);
            if (history.Enrolment.Count == 0)
            {
                throw new RuleException("没有分年级在校生数据，无法回测：请先导入秋季统计（census）或学籍");
            }
            var result = Backtest.Run(history, RulesOf(r, rules) ?? ForecastRules.Default());
            if (r.GetValue(format) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(result.Errors.Select(e => new { method = e.Method, horizon = e.Horizon, mape = e.Mape, cases = e.Cases }), SafetyCommands.Json));
                return 0;
            }
            Console.WriteLine("方法\t预测年距\tMAPE(%)\t样本数");
            foreach (var e in result.Errors)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{e.Method}\t{e.Horizon}\t{e.Mape:F2}\t{e.Cases}"));
            }
            return 0;
        });
        return cmd;
    }

    private static Option<string> Format()
    {
        var o = new Option<string>("--format") { Description = "输出格式：table 或 json", DefaultValueFactory = _ => "table" };
        o.AcceptOnlyFromAmong("table", "json");
        return o;
    }

    private static Option<string?> Rules() => new("--rules") { Description = "学位预测规则覆盖文件（JSON，与内置 forecast-rules.json 同结构）" };

    private static ForecastRules? RulesOf(ParseResult r, Option<string?> option) =>
        r.GetValue(option) is { } path ? ForecastRules.WithOverride(File.ReadAllText(path)) : null;
}
