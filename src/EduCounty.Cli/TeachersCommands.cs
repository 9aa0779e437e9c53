using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using EduCounty.Common;
using EduCounty.Teachers;

namespace EduCounty.Cli;

/// <summary>
/// 教师队伍 verbs (issue 16; shared/reference/teachers.md): <c>teachers training import|report</c>,
/// <c>teachers rotation plan|report|import</c>, <c>teachers qualifications import</c>, <c>teachers titles import</c>,
/// <c>teachers key import</c>, <c>teachers dual import</c>, <c>teachers principals import</c>, <c>teachers hiring import|report|posts</c>, <c>teachers template --kind</c>, <c>teachers rollback</c>, <c>teachers supply</c>; every
/// report and import <c>--format table|json</c>.
/// </summary>
internal static class TeachersCommands
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    private static readonly Option<string> County = new("--county") { Description = "县级行政区划代码（默认 652302 阜康市）", DefaultValueFactory = _ => "652302" };

    private static readonly Option<string?> Standards = new("--standards") { Description = "教师队伍标准覆盖文件（JSON，与 teachers-standards.json 同形）" };

    public static Command Teachers()
    {
        var cmd = new Command("teachers", "教师队伍：继续教育、交流轮岗、编制与补充");
        var training = new Command("training", "继续教育（5 年一周期、不少于 360 学时）");
        training.Subcommands.Add(Import());
        training.Subcommands.Add(Report("report", "各校与全县近 5 年培训完成率、培训经费占比和学时不足的教师", async (db, q, rules, ct) =>
            await GetTrainingReport.HandleAsync(db, new GetTrainingReport.Query(q.County, q.Year), rules, ct), TrainingTable));
        var rotation = new Command("rotation", "交流轮岗（符合条件教师 10%，其中骨干教师 20%）");
        rotation.Subcommands.Add(Report("plan", "学年交流轮岗计划：各校应交流人数、已安排人数与名单", async (db, q, rules, ct) =>
            await GetRotationPlan.HandleAsync(db, new GetRotationPlan.Query(q.County, q.Year), rules, ct), PlanTable));
        rotation.Subcommands.Add(Report("report", "各学年全县与各校交流轮岗比例、骨干教师比例（与优质均衡 G11 同一口径）", async (db, q, rules, ct) =>
            await GetRotationReport.HandleAsync(db, new GetRotationReport.Query(q.County, q.Year, q.Year - 4), rules, ct), RotationTable));
        rotation.Subcommands.Add(RecordsImport(TeacherImportKind.Rotation, "导入交流轮岗名单（工号/身份证件号、学年、原学校与交流学校标识码、交流方式、起止日期、是否骨干）"));
        cmd.Subcommands.Add(training);
        cmd.Subcommands.Add(rotation);
        var qualifications = new Command("qualifications", "教师资格证（资格种类、任教学科、证书号码、取得日期）");
        qualifications.Subcommands.Add(RecordsImport(TeacherImportKind.Qualification, "导入教师资格证（国家教师管理信息系统“教师资格”页格式）"));
        cmd.Subcommands.Add(qualifications);
        var titles = new Command("titles", "职称（专业技术职务聘任）");
        titles.Subcommands.Add(RecordsImport(TeacherImportKind.Title, "导入职称聘任（职称级别、聘任日期；最近一次聘任即教职工的现任职称）"));
        cmd.Subcommands.Add(titles);
        var key = new Command("key", "骨干教师梯队（学科带头人、骨干教师、教学能手）");
        key.Subcommands.Add(RecordsImport(TeacherImportKind.KeyTitle, "导入骨干教师称号（称号、级别、学科、任期起止）"));
        cmd.Subcommands.Add(key);
        var dual = new Command("dual", "中职“双师型”教师认定（专业课教师，含实习指导教师）");
        dual.Subcommands.Add(RecordsImport(TeacherImportKind.Dual, "导入“双师型”教师认定（认定级别、认定日期、有效期至、认定机构）"));
        cmd.Subcommands.Add(dual);
        var principals = new Command("principals", "校长、副校长任职（每届任期；任满两届的列入交流轮岗）");
        principals.Subcommands.Add(RecordsImport(TeacherImportKind.Principal, "导入校长、副校长任职（学校标识码、职务、任职开始与结束，一行一届）"));
        cmd.Subcommands.Add(principals);
        var hiring = new Command("hiring", "县管校聘：各校岗位数与竞聘结果（本校聘任、跨校竞聘、组织调剂、待岗培训）");
        hiring.Subcommands.Add(RecordsImport(TeacherImportKind.Hiring, "导入县管校聘竞聘结果（工号/身份证件号、学年、竞聘学校、竞聘结果、聘任学校、生效日期；跨校竞聘和组织调剂改变任职学校）"));
        hiring.Subcommands.Add(Report("report", "各校岗位数、本校聘任、跨校竞聘、组织调剂、待岗培训与空岗", async (db, q, rules, ct) =>
            await GetHiringReport.HandleAsync(db, new GetHiringReport.Query(q.County, q.Year), rules, ct), HiringTable));
        hiring.Subcommands.Add(HiringPostsCommand());
        cmd.Subcommands.Add(hiring);
        cmd.Subcommands.Add(Template());
        cmd.Subcommands.Add(Rollback());
        cmd.Subcommands.Add(Report("supply", "编制与补充：按标准核定编制、在编/特岗/聘用、学科结构性缺编、5 年内退休", async (db, q, rules, ct) =>
            await GetTeacherSupply.HandleAsync(db, new GetTeacherSupply.Query(q.County, q.Year), rules, ct), SupplyTable));
        return cmd;
    }

    private sealed record Query(string County, int Year);

    /// <summary>A report verb: --year, --county, --standards, --format; table or JSON on stdout; a refusal exits 2.</summary>
    private static Command Report<T>(string name, string description, Func<EduDb, Query, TeacherRules, CancellationToken, Task<T>> run, Func<T, string> table)
    {
        var year = new Option<string>("--year") { Description = "学年，如 2024-2025", Required = true };
        var format = new Option<string>("--format") { Description = "输出格式：table 或 json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var cmd = new Command(name, description);
        foreach (var o in new Option[] { year, County, Standards, format })
        {
            cmd.Options.Add(o);
        }
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            try
            {
                var rules = new TeacherRules(TeachersStandards.Load(r.GetValue(Standards)));
                var y = CliOptions.Year(r, year);
                await using var db = await CliOptions.OpenAsync(r, ct);
                var report = await run(db, new Query(r.GetValue(County)!, y.StartYear), rules, ct);
                Console.WriteLine(r.GetValue(format) == "json" ? JsonSerializer.Serialize(report, Json) : table(report));
                return 0;
            }
            catch (RuleException e)
            {
                return CliOptions.Refused(e);
            }
            catch (Exception e) when (e is FormatException or IOException)
            {
                return CliOptions.Fail(e.Message);
            }
        });
        return cmd;
    }

    private static Command Import()
    {
        var input = new Option<string>("--input") { Description = "继续教育学时（学分）登记表（.xlsx、.xls 或 .csv，国家教师管理信息系统“国内培训”格式）", Required = true };
        var dryRun = new Option<bool>("--dry-run") { Description = "只检查并报告，不写入数据库" };
        var format = new Option<string>("--format") { Description = "输出格式：table 或 json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var cmd = new Command("import", "导入培训记录（按工号或身份证件号关联教师；有错误时整个文件不导入；已有记录不重复导入）");
        foreach (var o in new Option[] { input, dryRun, Standards, format })
        {
            cmd.Options.Add(o);
        }
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var path = r.GetValue(input)!;
            if (!File.Exists(path))
            {
                return CliOptions.Fail($"找不到输入文件 {path}");
            }
            try
            {
                var rules = new TeacherRules(TeachersStandards.Load(r.GetValue(Standards)));
                await using var db = await CliOptions.OpenAsync(r, ct);
                await using var stream = File.OpenRead(path);
                var outcome = await ImportTrainingRecordsHandler.HandleAsync(db, Platform.Protector(CliOptions.DbOf(r)),
                    new ImportTrainingRecords(stream, Path.GetFileName(path), r.GetValue(dryRun)), rules, ct: ct);
                if (r.GetValue(format) == "json")
                {
                    Console.WriteLine(JsonSerializer.Serialize(outcome, Json));
                }
                foreach (var e in outcome.Errors)
                {
                    await Console.Error.WriteLineAsync("错误：" + e.Message);
                }
                if (!outcome.Ok)
                {
                    await Console.Error.WriteLineAsync($"有 {outcome.Errors.Count} 处错误，整个文件未导入。");
                    return CliOptions.RuleRefusedExitCode;
                }
                if (r.GetValue(format) != "json")
                {
                    var what = outcome.Written ? $"已导入（批次 {outcome.ImportId}）" : r.GetValue(dryRun) ? "检查通过（未写入）" : "无变化";
                    Console.WriteLine($"{what}：{outcome.Rows} 行，新增 {outcome.Inserted}，已有 {outcome.Unchanged}");
                }
                return 0;
            }
            catch (RuleException e)
            {
                return CliOptions.Refused(e);
            }
            catch (Exception e) when (e is FormatException or IOException or InvalidDataException or UnauthorizedAccessException)
            {
                return CliOptions.Fail($"无法读取 {path}：{e.Message}");
            }
        });
        return cmd;
    }

    private static readonly Dictionary<string, TeacherImportKind> KindNames = new(StringComparer.Ordinal)
    {
        ["training"] = TeacherImportKind.Training,
        ["rotation"] = TeacherImportKind.Rotation,
        ["qualifications"] = TeacherImportKind.Qualification,
        ["titles"] = TeacherImportKind.Title,
        ["key"] = TeacherImportKind.KeyTitle,
        ["dual"] = TeacherImportKind.Dual,
        ["principals"] = TeacherImportKind.Principal,
        ["hiring"] = TeacherImportKind.Hiring,
    };

    /// <summary><c>teachers template --kind rotation --out f.xlsx</c>: the empty file of a kind with its 填写说明 sheet.</summary>
    private static Command Template()
    {
        var kind = new Option<string>("--kind") { Description = "文件类型：training、rotation、qualifications、titles、key、dual、principals 或 hiring", Required = true };
        kind.AcceptOnlyFromAmong([.. KindNames.Keys]);
        var output = new Option<string>("--out") { Description = "模板文件路径（.xlsx）", Required = true };
        var cmd = new Command("template", "生成教师队伍导入模板：第一页为中文表头，第二页说明每列的填写要求和别名");
        cmd.Options.Add(kind);
        cmd.Options.Add(output);
        cmd.SetAction((ParseResult r) =>
        {
            var k = KindNames[r.GetValue(kind)!];
            var path = r.GetValue(output)!;
            using (var fs = File.Create(path))
            {
                TeacherTemplates.Write(k, fs);
            }
            Console.WriteLine($"已生成“{TeacherFiles.Name(k)}”导入模板：{path}");
            return 0;
        });
        return cmd;
    }

    /// <summary><c>teachers rollback &lt;batchId&gt;</c>: removes the records of one 教师队伍 import batch.</summary>
    /// <summary><c>teachers hiring posts --school code --year 2024-2025 --posts n</c>: a school's 岗位数 for the year's 竞聘.</summary>
    private static Command HiringPostsCommand()
    {
        var school = new Option<string>("--school") { Description = "学校标识码", Required = true };
        var year = new Option<string>("--year") { Description = "学年，如 2024-2025", Required = true };
        var posts = new Option<int>("--posts") { Description = "岗位数（不填时按编制核定数）", Required = true };
        var cmd = new Command("posts", "登记一所学校某学年竞聘的岗位数");
        foreach (var o in new Option[] { school, year, posts })
        {
            cmd.Options.Add(o);
        }
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            try
            {
                var y = CliOptions.Year(r, year);
                await using var db = await CliOptions.OpenAsync(r, ct);
                await SetHiringPostsHandler.HandleAsync(db, new SetHiringPosts(r.GetValue(school)!, y.StartYear, r.GetValue(posts)), ct);
                Console.WriteLine($"已登记 {r.GetValue(school)} 在 {y} 学年的岗位数 {r.GetValue(posts)}");
                return 0;
            }
            catch (RuleException e)
            {
                return CliOptions.Refused(e);
            }
        });
        return cmd;
    }

    private static string HiringTable(HiringReport r)
    {
        var lines = new List<string> { $"{new SchoolYear(r.Year)} 学年县管校聘", "学校\t岗位数\t竞聘\t本校聘任\t跨校竞聘（出/入）\t组织调剂（出/入）\t待岗培训\t空岗" };
        lines.AddRange(r.Schools.Append(r.County).Select(s =>
            $"{s.School}\t{s.Posts}{(s.PostsEntered ? "" : "（编制）")}\t{s.Competed}\t{s.Hired}\t{s.CrossOut}/{s.CrossIn}\t{s.AssignedOut}/{s.AssignedIn}\t{s.Awaiting}\t{s.Vacancies}"));
        if (!r.HasRecords)
        {
            lines.Add("本学年没有竞聘结果记录（缺数据）");
        }
        return string.Join(Environment.NewLine, lines);
    }

    private static Command Rollback()
    {
        var id = new Argument<int>("batchId") { Description = "教师队伍导入批次号（导入时输出）" };
        var cmd = new Command("rollback", "回滚一次教师队伍导入（删除该批次写入的全部记录）");
        cmd.Arguments.Add(id);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            try
            {
                await using var db = await CliOptions.OpenAsync(r, ct);
                var removed = await RollBackTrainingImport.HandleAsync(db, r.GetValue(id), ct);
                Console.WriteLine($"导入批次 {r.GetValue(id)} 已回滚，删除 {removed} 条记录");
                return 0;
            }
            catch (RuleException e)
            {
                return CliOptions.Refused(e);
            }
        });
        return cmd;
    }

    /// <summary>
    /// <c>teachers rotation|qualifications|titles|key import &lt;file&gt;</c> (or <c>--input</c>, as <c>teachers training import</c>),
    /// <c>--dry-run</c>, <c>--format table|json</c>: the same outcome and exit codes as the training import.
    /// </summary>
    private static Command RecordsImport(TeacherImportKind kind, string description)
    {
        var file = new Argument<string?>("file") { Description = ".xlsx、.xls 或 .csv 文件", Arity = ArgumentArity.ZeroOrOne };
        var input = new Option<string?>("--input") { Description = "同 file 参数" };
        var dryRun = new Option<bool>("--dry-run") { Description = "只检查并报告，不写入数据库" };
        var format = new Option<string>("--format") { Description = "输出格式：table 或 json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var cmd = new Command("import", description + "；有错误时整个文件不导入，已有记录不重复导入");
        cmd.Arguments.Add(file);
        foreach (var o in new Option[] { input, dryRun, Standards, format })
        {
            cmd.Options.Add(o);
        }
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var path = r.GetValue(file) ?? r.GetValue(input);
            if (path is null)
            {
                return CliOptions.Fail("请给出要导入的文件");
            }
            if (!File.Exists(path))
            {
                return CliOptions.Fail($"找不到输入文件 {path}");
            }
            try
            {
                var rules = new TeacherRules(TeachersStandards.Load(r.GetValue(Standards)));
                await using var db = await CliOptions.OpenAsync(r, ct);
                await using var stream = File.OpenRead(path);
                var outcome = await ImportTeacherRecordsHandler.HandleAsync(db, Platform.Protector(CliOptions.DbOf(r)),
                    new ImportTeacherRecords(kind, stream, Path.GetFileName(path), r.GetValue(dryRun)), rules, ct: ct);
                return await ReportImportAsync(outcome, r.GetValue(format) == "json", r.GetValue(dryRun));
            }
            catch (RuleException e)
            {
                return CliOptions.Refused(e);
            }
            catch (Exception e) when (e is FormatException or IOException or InvalidDataException or UnauthorizedAccessException)
            {
                return CliOptions.Fail($"无法读取 {path}：{e.Message}");
            }
        });
        return cmd;
    }

    private static async Task<int> ReportImportAsync(TrainingImportOutcome outcome, bool json, bool dryRun)
    {
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(outcome, Json));
        }
        foreach (var e in outcome.Errors)
        {
            await Console.Error.WriteLineAsync("错误：" + e.Message);
        }
        if (!outcome.Ok)
        {
            await Console.Error.WriteLineAsync($"有 {outcome.Errors.Count} 处错误，整个文件未导入。");
            return CliOptions.RuleRefusedExitCode;
        }
        if (!json)
        {
            var what = outcome.Written ? $"已导入（批次 {outcome.ImportId}）" : dryRun ? "检查通过（未写入）" : "无变化";
            Console.WriteLine($"{what}：{outcome.Rows} 行，新增 {outcome.Inserted}，已有 {outcome.Unchanged}");
        }
        return 0;
    }

    private static string P(decimal? v) => v is { } x ? x.ToString("0.00", CultureInfo.InvariantCulture) + "%" : "—";

    private static string Ok(bool? met) => met switch { true => "达标", false => "未达标", _ => "—" };

    private static string TrainingTable(TrainingReport t)
    {
        var lines = new List<string>
        {
            $"继续教育 {new SchoolYear(t.Year)} 学年：统计近 {t.From}—{t.To} 学年学时，周期要求 {t.CycleHours} 学时" + (t.HasRecords ? "" : "（窗口内没有培训记录：缺数据）"),
            "学校\t专任教师\t完成\t完成率\t培训经费占公用经费",
        };
        lines.AddRange(t.Schools.Append(t.County).Select(s => $"{s.School}\t{s.Teachers}\t{s.Complete}\t{P(s.CompleteRate)}\t{P(s.FundShare)}"));
        lines.Add($"学时不足的教师 {t.BehindTotal} 人（列出 {t.Behind.Count} 人）：");
        lines.AddRange(t.Behind.Select(b => $"{b.StaffNumber}\t{b.Name}\t{b.School}\t{b.Hours}/{b.Required} 学时，差 {b.Shortfall}"));
        return string.Join(Environment.NewLine, lines);
    }

    private static string PlanTable(RotationPlan p)
    {
        var lines = new List<string> { $"交流轮岗计划 {new SchoolYear(p.Year)} 学年", "学校\t符合条件\t应交流\t已安排\t应含骨干\t已安排骨干" };
        lines.AddRange(p.Quotas.Append(p.County).Select(q => $"{q.School}\t{q.Eligible}\t{q.Required}\t{q.Arranged}\t{q.RequiredKey}\t{q.ArrangedKey}"));
        lines.Add("名单：");
        lines.AddRange(p.Roster.Select(x => $"{x.StaffNumber}\t{x.Name}\t{x.From} → {x.To}\t{TeacherLabels.Of(x.Kind)}"));
        return string.Join(Environment.NewLine, lines);
    }

    private static string RotationTable(RotationReport r)
    {
        var lines = new List<string> { $"交流轮岗（目标：符合条件教师的 {r.ShareTarget}%，骨干教师不低于 {r.KeyShareTarget}%）", "学年\t符合条件\t交流\t骨干\t交流比例\t骨干比例\t达标" };
        lines.AddRange(r.Years.Select(y => y.HasRecords
            ? $"{new SchoolYear(y.Year)}\t{y.County.Eligible}\t{y.County.Rotated}\t{y.County.RotatedKey}\t{P(y.County.Share)}\t{P(y.County.KeyShare)}\t{Ok(y.County.ShareMet)}/{Ok(y.County.KeyShareMet)}"
            : $"{new SchoolYear(y.Year)}\t缺数据（该学年没有交流轮岗记录）"));
        lines.Add($"{new SchoolYear(r.Year)} 学年任满两届的校长（副校长）{r.PrincipalsEligible} 人：");
        lines.AddRange(r.Principals.Where(p => p.Eligible).Select(p => $"{p.StaffNumber}\t{p.Name}\t{p.School}\t{TeacherLabels.Of(p.Post)}\t{p.Reason}"));
        lines.Add($"{new SchoolYear(r.Year)} 学年各校：");
        lines.AddRange(r.Schools.Select(s => $"{s.School}\t{s.Eligible}\t{s.Rotated}\t{s.RotatedKey}\t{P(s.Share)}\t{P(s.KeyShare)}\t{Ok(s.ShareMet)}/{Ok(s.KeyShareMet)}"));
        return string.Join(Environment.NewLine, lines);
    }

    private static string SupplyTable(SupplyReport s)
    {
        var lines = new List<string> { $"编制与补充 {new SchoolYear(s.Year)} 学年（退休统计 {s.HorizonYears} 年）", "学校\t学生\t标准编制\t在编教职工\t缺编(+)/超编(−)\t专任教师\t生师比\t学科缺口\t5年内退休" };
        lines.AddRange(s.Schools.Append(s.County).Select(x =>
            $"{x.School}\t{x.Students.Values.Sum()}\t{x.StandardPosts}\t{x.PermanentStaff}\t{x.Gap}\t{x.TeacherTotal}\t{x.StudentsPerTeacher?.ToString(CultureInfo.InvariantCulture) ?? "—"}\t"
            + string.Join("、", x.Subjects.Where(j => j.Shortage > 0).Select(j => $"{j.Name}缺{j.Shortage}")) + $"\t{x.Retiring.Values.Sum()}"));
        return string.Join(Environment.NewLine, lines);
    }
}
