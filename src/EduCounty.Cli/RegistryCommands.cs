using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EduCounty.Common;
using EduCounty.Demo;
using EduCounty.Registry;

namespace EduCounty.Cli;

/// <summary>Registry verbs: migrate, demo, schools list, stats.</summary>
internal static class RegistryCommands
{
    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Migrate()
    {
        var cmd = new Command("migrate", "创建或升级数据库结构");
        cmd.SetAction(async (r, ct) =>
        {
            await using var db = await CliOptions.OpenAsync(r, ct);
            Console.WriteLine("数据库已是最新结构。");
            return 0;
        });
        return cmd;
    }

    public static Command Demo()
    {
        var scale = new Option<string>("--scale") { Description = "county（默认，阜康市）| prefecture（约 8 个县）| province（约 100 个县、600 万学生）", DefaultValueFactory = _ => "county" };
        var counties = new Option<int?>("--counties") { Description = "覆盖县的数量（prefecture/province 时）" };
        var cmd = new Command("demo", "生成确定性的示例县（固定种子）") { scale, counties };
        cmd.SetAction(async (r, ct) =>
        {
            var dbName = CliOptions.DbOf(r);
            await using var db = await CliOptions.OpenAsync(r, ct);
            var protector = Platform.Protector(dbName);
            var s = r.GetValue(scale);
            if (s == "county")
            {
                var result = await DemoCounty.GenerateAsync(db, protector, ct: ct);
                Console.WriteLine($"已生成示例县 阜康市：学校 {result.Schools} 所（含教学点），学生 {result.Students:N0} 人，学年记录 {result.StudentYears:N0} 条，教职工 {result.Staff:N0} 人");
                Console.WriteLine($"写入 {result.Rows:N0} 行，用时 {result.Elapsed.TotalSeconds:F1} 秒，{result.RowsPerSecond:N0} 行/秒");
                return 0;
            }
            var (n, factor) = s switch
            {
                "prefecture" => (r.GetValue(counties) ?? 8, 1.0),
                "province" => (r.GetValue(counties) ?? 100, 2.4),
                _ => throw new RuleException($"未知规模“{s}”，应为 county、prefecture 或 province") { Field = "--scale" },
            };
            var progress = new Progress<string>(m => Console.Error.WriteLine(m));
            var region = await DemoCounty.GenerateRegionAsync(db, protector, n, factor, progress, ct);
            Console.WriteLine($"已生成 {region.Counties} 个县：学校 {region.Schools:N0} 所，学生 {region.Students:N0} 人，教职工 {region.Staff:N0} 人");
            Console.WriteLine($"写入 {region.Rows:N0} 行，用时 {region.Elapsed.TotalSeconds:F1} 秒，{region.RowsPerSecond:N0} 行/秒（{(db.IsPostgres ? "PostgreSQL" : "SQLite")}）");
            return 0;
        });
        return cmd;
    }

    public static Command Schools()
    {
        var township = new Option<string?>("--township") { Description = "乡镇/街道代码（9 位）" };
        var type = new Option<string?>("--type") { Description = "办学类型，如 小学、初级中学、幼儿园" };
        var format = new Option<string>("--format") { Description = "table | json", DefaultValueFactory = _ => "table" };
        var list = new Command("list", "列出学校") { township, type, format };
        list.SetAction(async (r, ct) =>
        {
            await using var db = await CliOptions.OpenReadAsync(r, ct);
            SchoolType? t = null;
            if (r.GetValue(type) is { } tn)
            {
                var match = Enum.GetValues<SchoolType>().Where(x => Labels.Of(x) == tn || x.ToString() == tn).ToList();
                if (match.Count == 0)
                {
                    return CliOptions.Fail($"未知办学类型“{tn}”");
                }
                t = match[0];
            }
            var result = await ListSchools.HandleAsync(db, new ListSchools.Query(r.GetValue(township), t, PageSize: 10_000), ct: ct);
            if (r.GetValue(format) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(result.Rows, Json));
                return 0;
            }
            Console.WriteLine($"{"学校标识码",-12}{"学校名称",-26}{"办学类型",-12}{"举办者",-8}{"城乡",-6}{"乡镇/街道",-12}{"在校生",8}");
            foreach (var s in result.Rows)
            {
                Console.WriteLine($"{s.Code,-15}{s.Name,-22}{s.TypeLabel,-10}{s.Ownership,-8}{s.Locality,-6}{s.Township,-12}{s.Students,8}");
            }
            Console.WriteLine($"共 {result.Total} 所");
            return 0;
        });
        return new Command("schools", "学校") { list };
    }

    public static Command Stats()
    {
        var year = new Option<string>("--year") { Description = "学年，如 2020-2021", Required = true };
        var format = new Option<string>("--format") { Description = "table | json", DefaultValueFactory = _ => "table" };
        var cmd = new Command("stats", "按学段和办学类型统计在校生（秋季统计时点）") { year, format };
        cmd.SetAction(async (r, ct) =>
        {
            var sy = CliOptions.Year(r, year);
            await using var db = await CliOptions.OpenReadAsync(r, ct);
            var s = await GetCensusStats.HandleAsync(db, sy, ct: ct);
            if (r.GetValue(format) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    year = sy.ToString(),
                    preschool = s.Preschool,
                    compulsory = s.Compulsory,
                    seniorStage = s.SeniorStage,
                    special = s.Special,
                    specialSchool = s.SpecialSchool,
                    regularDisabled = s.RegularDisabled,
                    homeTeaching = s.HomeTeaching,
                    total = s.Total,
                    byStage = s.ByStage.Select(x => new { stage = x.Label, students = x.Students, male = x.Male, female = x.Female }),
                    byType = s.ByType.Select(x => new { type = x.Label, schools = x.Schools, students = x.Students }),
                }, Json));
                return 0;
            }
            Console.WriteLine($"{sy} 学年在校生（人，统计时点 {sy.CensusDate:yyyy-MM-dd}）");
            Console.WriteLine($"  学前教育（在园幼儿）  {s.Preschool,8}");
            Console.WriteLine($"  义务教育              {s.Compulsory,8}");
            Console.WriteLine($"    小学                {s.Count(Stage.Primary),8}");
            Console.WriteLine($"    初中                {s.Count(Stage.Junior),8}");
            Console.WriteLine($"  高中阶段              {s.SeniorStage,8}");
            Console.WriteLine($"    普通高中            {s.Count(Stage.Senior),8}");
            Console.WriteLine($"    中职                {s.Count(Stage.Vocational),8}");
            Console.WriteLine($"  特殊教育              {s.Special,8}（特教学校 {s.SpecialSchool}，随班就读 {s.RegularDisabled}，送教上门 {s.HomeTeaching}）");
            Console.WriteLine($"  合计                  {s.Total,8}");
            Console.WriteLine("按办学类型：");
            foreach (var t in s.ByType)
            {
                Console.WriteLine($"  {t.Label,-14} 学校 {t.Schools,3} 所  在校生 {t.Students,7}");
            }
            return 0;
        });
        return cmd;
    }

    /// <summary><c>census derive --year</c> (学籍推算) and <c>census reconcile --year</c> (学籍与统计核对; issue 12 §2).</summary>
    public static Command Census()
    {
        var year = new Option<string>("--year") { Description = "学年，如 2025-2026", Required = true };
        var derive = new Command("derive", "按学籍快照推算该学年的秋季统计（已导入统计上报的学校不推算；重复执行不产生变化）") { year };
        derive.SetAction(async (r, ct) =>
        {
            var sy = CliOptions.Year(r, year);
            await using var db = await CliOptions.OpenAsync(r, ct);
            Console.WriteLine((await DeriveCensus.HandleAsync(db, sy, ct)).Summary);
            return 0;
        });

        var ryear = new Option<string>("--year") { Description = "学年，如 2025-2026", Required = true };
        var persons = new Option<int>("--tolerance-persons") { Description = "容差：相差人数（默认 2）", DefaultValueFactory = _ => 2 };
        var percent = new Option<decimal>("--tolerance-percent") { Description = "容差：相差占较大一方的百分比（默认 2）", DefaultValueFactory = _ => 2m };
        var format = new Option<string>("--format") { Description = "table | json | xlsx", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json", "xlsx");
        var output = new Option<string?>("--out") { Description = "--format xlsx 时的输出文件" };
        var reconcile = new Command("reconcile", "学籍与统计核对：按学校、年级比较学籍人数与秋季统计人数，标出超出容差的差额") { ryear, persons, percent, format, output };
        reconcile.SetAction(async (r, ct) =>
        {
            var sy = CliOptions.Year(r, ryear);
            var tolerance = ReconcileCensus.Tolerance.Checked(r.GetValue(persons), r.GetValue(percent));
            await using var db = await CliOptions.OpenAsync(r, ct);
            var result = await ReconcileCensus.HandleAsync(db, sy, tolerance, ct: ct);
            switch (r.GetValue(format))
            {
                case "json":
                    Console.WriteLine(JsonSerializer.Serialize(new
                    {
                        year = sy.ToString(),
                        tolerance = new { persons = tolerance.Persons, percent = tolerance.Percent },
                        records = result.Records,
                        census = result.Census,
                        flagged = result.Flagged,
                        rows = result.Rows.Select(x => new { schoolCode = x.SchoolCode, schoolName = x.SchoolName, grade = x.Grade, gradeLabel = x.GradeLabel, records = x.Records, census = x.Census, censusSource = x.CensusSource, difference = x.Difference, flagged = x.Flagged }),
                    }, Json));
                    return 0;
                case "xlsx":
                    var path = r.GetValue(output) ?? throw new RuleException("--format xlsx 须用 --out 指定输出文件") { Field = "--out" };
                    await using (var fs = File.Create(path))
                    {
                        await EduCounty.Exports.Exporter.WriteAsync(db, EduCounty.Exports.RegistryExports.Reconciliation(result), EduCounty.Exports.ExportFormat.Xlsx, fs, canSeeIdNumbers: false, ct);
                    }
                    Console.WriteLine($"已写出 {result.Rows.Count} 行：{path}");
                    return 0;
                default:
                    Console.WriteLine($"{sy} 学年学籍与统计核对（{tolerance}标出）：学籍 {result.Records} 人，统计 {result.Census} 人，超出容差 {result.Flagged} 行");
                    foreach (var x in result.Rows.Where(x => x.Flagged))
                    {
                        Console.WriteLine($"  {x.SchoolCode} {x.SchoolName} {x.GradeLabel}：学籍 {x.Records?.ToString(CultureInfo.InvariantCulture) ?? "无"}，统计 {x.Census?.ToString(CultureInfo.InvariantCulture) ?? "无"}（{x.CensusSource ?? "—"}），差 {x.Difference?.ToString(CultureInfo.InvariantCulture) ?? "—"}");
                    }
                    return 0;
            }
        });
        return new Command("census", "秋季统计：按学籍推算、学籍与统计核对") { derive, reconcile };
    }

}
