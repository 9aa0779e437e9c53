using System.CommandLine;
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
            Console.WriteLine($"  特殊教育              {s.Special,8}");
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
}
