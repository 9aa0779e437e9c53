using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EduCounty.Common;
using EduCounty.SpecialGroups;

namespace EduCounty.Cli;

/// <summary>
/// Special groups (issue 17 item 3): <c>groups report --year … [--format table|json] [--on yyyy-MM-dd] [--rules f.json]</c> —
/// the four parts of <see cref="GetGroupsReport"/> (残疾儿童 placements and 送教上门 hours, 资源教室, 留守儿童 care, 随迁子女
/// 两为主). Names of children are masked in this output (a 送教 name tells a disability). Fields in README.md.
/// </summary>
internal static class GroupsCommands
{
    public static Command Groups()
    {
        var cmd = new Command("groups", "特殊群体：送教上门一人一案、资源教室、留守儿童关爱、随迁子女两为主");
        cmd.Subcommands.Add(Report());
        cmd.Subcommands.Add(Import());
        return cmd;
    }

    /// <summary><c>groups import --kind visits|care &lt;file&gt; [--dry-run] [--format json]</c>: 送教上门 visits or 留守 关爱 records (<see cref="ImportGroupsRecordsHandler"/>).</summary>
    private static Command Import()
    {
        var file = new Argument<string>("file") { Description = "送教上门记录或留守儿童关爱记录（.xlsx、.xls 或 .csv；列见 SpecialGroups/README.md）" };
        var kind = new Option<string>("--kind") { Description = "visits（送教上门记录）或 care（留守儿童关爱记录）", Required = true };
        kind.AcceptOnlyFromAmong("visits", "care");
        var dryRun = new Option<bool>("--dry-run") { Description = "只检查并报告，不写入数据库" };
        var format = new Option<string>("--format") { Description = "输出格式：table 或 json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var rules = new Option<string?>("--rules") { Description = "按省（县）覆盖的规则文件（JSON，形状同内置规则）" };
        var on = new Option<string?>("--on") { Description = "按该日（yyyy-MM-dd）检查日期，默认今天" };
        var cmd = new Command("import", "导入送教上门记录或留守儿童关爱记录：按学籍号或身份证件号关联学生；有错误时整个文件不导入；已有记录不重复导入");
        cmd.Arguments.Add(file);
        foreach (var opt in new Option[] { kind, dryRun, format, rules, on })
        {
            cmd.Options.Add(opt);
        }
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var path = r.GetValue(file)!;
            if (!File.Exists(path))
            {
                return CliOptions.Fail($"找不到输入文件 {path}");
            }
            try
            {
                var today = r.GetValue(on) is { Length: > 0 } text
                    ? DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
                        : throw new RuleException($"--on “{text}”应为 yyyy-MM-dd 格式的日期") { Field = "--on" }
                    : SchoolYear.Today(TimeProvider.System);
                var rs = r.GetValue(rules) is { } rp ? GroupsRules.WithOverride(File.ReadAllText(rp)) : GroupsRules.Default();
                await using var db = await CliOptions.OpenAsync(r, ct);
                await using var stream = File.OpenRead(path);
                var by = new EduCounty.Common.Identity.ActingUser("cli", db.Actor ?? "cli", [EduCounty.Security.Roles.SpecialEducation]);
                var k = r.GetValue(kind) == "visits" ? GroupsImportKind.Visits : GroupsImportKind.Care;
                var outcome = await ImportGroupsRecordsHandler.HandleAsync(db, Platform.Protector(CliOptions.DbOf(r)), rs,
                    new ImportGroupsRecords(k, stream, Path.GetFileName(path), r.GetValue(dryRun)), by, today, ct: ct);
                if (r.GetValue(format) == "json")
                {
                    Console.WriteLine(JsonSerializer.Serialize(new
                    {
                        file = Path.GetFileName(path),
                        kind = r.GetValue(kind),
                        dryRun = r.GetValue(dryRun),
                        ok = outcome.Ok,
                        written = outcome.Written,
                        rows = outcome.Rows,
                        inserted = outcome.Inserted,
                        unchanged = outcome.Unchanged,
                        errors = outcome.Errors.Select(e => new { file = e.File, row = e.Row, column = e.Column, value = e.Value, reason = e.Reason, message = e.Message }),
                    }, SafetyCommands.Json));
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
                    var what = outcome.Written ? "已导入" : r.GetValue(dryRun) ? "检查通过（未写入）" : "无变化";
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

    private static Command Report()
    {
        var o = SafetyCommands.VerbOptions.Create();
        var cmd = new Command("report", "学年特殊群体报告：残疾儿童安置与送教上门课时、资源教室、留守儿童关爱、随迁子女在公办学校就读比例");
        o.AddTo(cmd);
        var on = new Option<string?>("--on") { Description = "按该日（yyyy-MM-dd）计算逾期和学期，默认今天" };
        cmd.Options.Add(on);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var year = CliOptions.Year(r, o.Year);
            var today = r.GetValue(on) is { Length: > 0 } text
                ? DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
                    : throw new RuleException($"--on “{text}”应为 yyyy-MM-dd 格式的日期") { Field = "--on" }
                : SchoolYear.Today(TimeProvider.System);
            var rules = o.RulesText(r) is { } t ? GroupsRules.WithOverride(t) : GroupsRules.Default();
            await using var db = await CliOptions.OpenReadAsync(r, ct);
            var x = await GetGroupsReport.HandleAsync(db, rules, year, today, showNames: false, ct: ct);
            if (o.IsJson(r))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    year = x.Year.ToString(),
                    asOf = x.AsOf,
                    placements = new { specialSchool = x.Placements.SpecialSchool, regular = x.Placements.Regular, homeTeaching = x.Placements.HomeTeaching, total = x.Placements.Total },
                    homeTeaching = new
                    {
                        plans = x.HomeTeaching.Count,
                        plannedHours = x.PlannedHours,
                        deliveredHours = x.DeliveredHours,
                        overdue = x.OverdueHomeTeaching,
                        children = x.HomeTeaching.Select(h => new
                        {
                            planId = h.PlanId,
                            name = h.Name,
                            school = h.School,
                            plannedVisits = h.PlannedVisits,
                            plannedHours = h.PlannedHours,
                            visits = h.Visits,
                            deliveredHours = h.DeliveredHours,
                            deliveredShare = h.DeliveredShare,
                            lastVisit = h.LastVisit,
                            overdue = h.Overdue,
                        }),
                    },
                    resourceRooms = new
                    {
                        threshold = rules.ResourceRoomThreshold,
                        withRoom = x.ResourceRooms.Count(s => s.HasRoom),
                        flagged = x.FlaggedSchools,
                        schools = x.ResourceRooms.Select(s => new
                        {
                            school = s.School,
                            township = s.Township,
                            regularPupils = s.RegularPupils,
                            hasRoom = s.HasRoom,
                            area = s.Area,
                            yearBuilt = s.YearBuilt,
                            teacher = s.HasRoom ? ResourceRooms.Label(s.TeacherKind) : null,
                            flagged = s.Flagged,
                        }),
                    },
                    leftBehind = new
                    {
                        term = x.LeftBehind.Term,
                        children = x.LeftBehind.Children,
                        withContact = x.LeftBehind.WithContact,
                        caredInTerm = x.LeftBehind.CaredInTerm,
                        flagged = x.LeftBehind.Flagged.Select(c => new
                        {
                            name = GetGroupsReport.Mask(c.Name),
                            school = c.School,
                            grade = Grades.Label(c.Grade),
                            noContact = c.NoContact,
                            noRecordInTerm = c.NoRecordInTerm,
                            lastRecord = c.LastRecord,
                        }),
                    },
                    migrants = new
                    {
                        byStage = x.Migrants.ByStage.Select(m => new { stage = m.Stage, migrants = m.Migrants, inPublic = m.InPublic, share = m.Share }),
                        compulsory = new { migrants = x.Migrants.Compulsory.Migrants, inPublic = x.Migrants.Compulsory.InPublic, share = x.Migrants.Compulsory.Share },
                        threshold = x.Migrants.Threshold,
                        meets = x.Migrants.Meets,
                    },
                }, SafetyCommands.Json));
                return 0;
            }
            Console.WriteLine($"{x.Year} 学年特殊群体（截至 {SafetyCommands.D(x.AsOf)}）");
            Console.WriteLine($"一、残疾儿童少年安置：特教学校 {x.Placements.SpecialSchool} 人，随班就读 {x.Placements.Regular} 人，送教上门 {x.Placements.HomeTeaching} 人，合计 {x.Placements.Total} 人");
            Console.WriteLine($"    送教上门方案 {x.HomeTeaching.Count} 个，计划 {x.PlannedHours} 课时，已送教 {x.DeliveredHours} 课时，逾期未送教 {x.OverdueHomeTeaching} 人");
            Console.WriteLine("    学生\t学校\t计划次数\t计划课时\t送教次数\t已送课时\t完成率(%)\t最近送教\t逾期");
            foreach (var h in x.HomeTeaching)
            {
                Console.WriteLine($"    {h.Name}\t{h.School}\t{h.PlannedVisits}\t{h.PlannedHours}\t{h.Visits}\t{h.DeliveredHours}\t{h.DeliveredShare.ToString("0.0", CultureInfo.InvariantCulture)}\t{SafetyCommands.D(h.LastVisit)}\t{(h.Overdue ? "是" : "否")}");
            }
            Console.WriteLine($"二、资源教室：有资源教室 {x.ResourceRooms.Count(s => s.HasRoom)} 所；随班就读 {rules.ResourceRoomThreshold} 人及以上而无资源教室 {x.FlaggedSchools} 所");
            foreach (var s in x.ResourceRooms.Where(s => s.Flagged))
            {
                Console.WriteLine($"    {s.School}（{s.Township}）随班就读 {s.RegularPupils} 人，无资源教室");
            }
            Console.WriteLine($"三、留守儿童（{x.LeftBehind.Term}）：{x.LeftBehind.Children} 人，已结对帮扶 {x.LeftBehind.WithContact} 人，本学期有关爱记录 {x.LeftBehind.CaredInTerm} 人，待关爱 {x.LeftBehind.Flagged.Count} 人");
            Console.WriteLine("四、随迁子女在公办学校就读：");
            foreach (var m in x.Migrants.ByStage.Append(x.Migrants.Compulsory))
            {
                Console.WriteLine($"    {m.Stage}\t随迁子女 {m.Migrants} 人\t公办 {m.InPublic} 人\t{(m.Share is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) + "%" : "—")}");
            }
            Console.WriteLine($"    义务教育阶段比例{(x.Migrants.Meets switch { true => "达到", false => "未达到", _ => "无法判断（无随迁子女）" })} {x.Migrants.Threshold}% 的要求");
            return 0;
        });
        return cmd;
    }
}
