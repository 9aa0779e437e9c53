using EduCounty.Common;
using EduCounty.Fitness;
using EduCounty.Imports;
using EduCounty.Imports.Kinds;
using EduCounty.Registry;
using EduCounty.Security;
using EduCounty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace EduCounty.Tests.Fitness;

/// <summary>
/// Import into the database and the analysis on a small county built by the test. Every expected score was worked by
/// hand from the rows of Tables/*.csv quoted beside it (cases J1 男, S1 女, P5 男, P2 女 are those of FitnessScorerTests).
/// </summary>
public sealed class FitnessDatabaseTests
{
    private static readonly string[] Header =
    [
        "年级编号", "班级编号", "班级名称", "学籍号", "民族代码", "姓名", "性别", "出生日期", "家庭住址", "身高", "体重",
        "肺活量", "50米跑", "立定跳远", "坐位体前屈", "800米跑", "1000米跑", "一分钟仰卧起坐", "引体向上", "一分钟跳绳", "50米×8往返跑",
    ];

    internal static Dictionary<string, object?> Row(string grade, string number, string name, string sex, object height, object weight,
        object? vc = null, object? run50 = null, object? jump = null, object? reach = null, object? run800 = null, object? run1000 = null,
        object? sitUps = null, object? pullUps = null, object? rope = null, object? shuttle = null) =>
        Header.Zip(new object?[] { grade, "01", "1班", number, "01", name, sex, "2010-01-01", "阜康市", height, weight, vc, run50, jump, reach, run800, run1000, sitUps, pullUps, rope, shuttle })
            .ToDictionary(p => p.First, p => p.Second);

    // J1 男 (FitnessScorerTests): BMI 19.5 正常 100; 肺活量 2900 → 80; 50米 7.8 → 100; 坐位体前屈 0.0 → 64; 立定跳远 225 → 100;
    // 引体向上 0 → 0; 1000米 3'55" = 235 → 100. 标准分 = 15 + 12 + 20 + 6.4 + 10 + 0 + 20 = 83.4 良好.
    internal static Dictionary<string, object?> J1Good(string number = "G0001") =>
        Row("21", number, "张一", "1", 160, 50, vc: 2900, run50: 7.8, jump: 225, reach: 0.0, run1000: "3'55\"", pullUps: 0);

    // J1 男, as above but 50米 15.0 (worse than the 10-point level 11.2, scores.csv:641 → 0) and 1000米 480
    // (worse than 420, scores.csv:714 → 0): 标准分 = 15 + 12 + 0 + 6.4 + 10 + 0 + 0 = 43.4 不及格.
    internal static Dictionary<string, object?> J1Fail() =>
        Row("21", "G0002", "张二", "1", 160, 50, vc: 2900, run50: 15.0, jump: 225, reach: 0.0, run1000: 480, pullUps: 0);

    // S1 女 (FitnessScorerTests): 标准分 95, 附加分 20, 总分 115 优秀. 学籍号 in lower case: looked up as upper case.
    internal static Dictionary<string, object?> S1Excellent() =>
        Row("31", "g0003", "李三", "2", 160, 64, vc: 3150, run50: 8.0, jump: 204, reach: 24.2, run800: 154, sitUps: 66);

    // P5 男 (FitnessScorerTests): 标准分 77.8 及格.
    private static Dictionary<string, object?> P5() =>
        Row("15", "G0004", "王四", "1", 150, 40, vc: 1300, run50: 9.3, reach: 1.0, rope: 148, sitUps: 20, shuttle: 96);

    // The same results in P6 (bmi.csv:23 正常 14.7–21.8, BMI 17.8 → 100; 肺活量 1300 ≥ 1230 scores.csv:499 → 30;
    // 50米 9.3 ≤ 9.4 :510 → 72; 坐位体前屈 1.0 ≥ −0.1 :533 → 66; 跳绳 148 ≥ 147 :544 → 90; 仰卧起坐 20 ≥ 19 :576 → 60;
    // 50米×8 96 ≤ 96 :584 → 90). 标准分 = 15 + 4.5 + 14.4 + 6.6 + 9 + 12 + 9 = 70.5 及格.
    internal static Dictionary<string, object?> P6() =>
        Row("16", "G0004", "王四", "1", 150, 40, vc: 1300, run50: 9.3, reach: 1.0, rope: 148, sitUps: 20, shuttle: 96);

    // P2 女 (FitnessScorerTests): 标准分 51.8, 附加分 15, 总分 66.8 及格.
    internal static Dictionary<string, object?> P2() =>
        Row("12", "G0005", "赵五", "2", 125, 30, vc: 1000, run50: 13.9, reach: -0.1, rope: 157);

    private static MemoryStream Xlsx(params Dictionary<string, object?>[] rows)
    {
        var ms = new MemoryStream();
        ms.SaveAs(rows, excelType: ExcelType.XLSX);
        ms.Position = 0;
        return ms;
    }

    /// <summary>Two schools, five students (G0001–G0005) with their 2023 and 2024 学年 records.</summary>
    internal static async Task<(string Setting, int Middle, int Primary, int[] Students)> SmallCountyAsync(string provider)
    {
        var setting = await TestDatabases.CreateEmptyAsync(provider, "fitness");
        await using var db = Database.Open(setting);
        var middle = new School { Code = "2165230201", Name = "测试中学", Type = SchoolType.Complete, CountyCode = "652302", TownshipCode = "652302001", Locality = Locality.Urban };
        var primary = new School { Code = "2165230202", Name = "测试小学", Type = SchoolType.Primary, CountyCode = "652302", TownshipCode = "652302201", Locality = Locality.Rural };
        db.Schools.AddRange(middle, primary);
        await db.SaveChangesAsync();
        var c1 = new SchoolClass { SchoolId = middle.Id, Year = 2024, Grade = "J1", Number = 1, Name = "七年级（1）班" };
        var c2 = new SchoolClass { SchoolId = middle.Id, Year = 2024, Grade = "S1", Number = 1, Name = "高一（1）班" };
        db.Classes.AddRange(c1, c2);
        await db.SaveChangesAsync();
        var specs = new (string Number, string Name, Sex Sex, School School, string Grade, int? ClassId)[]
        {
            ("G0001", "张一", Sex.Male, middle, "J1", c1.Id),
            ("G0002", "张二", Sex.Male, middle, "J1", c1.Id),
            ("G0003", "李三", Sex.Female, middle, "S1", c2.Id),
            ("G0004", "王四", Sex.Male, primary, "P6", null),
            ("G0005", "赵五", Sex.Female, primary, "P2", null),
        };
        var students = specs.Select(s =>
        {
            var (display, hash, cipher) = StudentNumbers.Protect(TestDatabases.Protector, s.Number);
            return new Student
            {
                StudentNumber = display,
                StudentNumberHash = hash,
                StudentNumberCipher = cipher,
                Name = s.Name,
                Sex = s.Sex,
                BirthDate = new DateOnly(2012, 1, 1),
                EthnicityCode = "01",
                SchoolId = s.School.Id,
                Grade = s.Grade,
                EnrolledOn = new DateOnly(2018, 9, 1),
            };
        }).ToList();
        db.Students.AddRange(students);
        await db.SaveChangesAsync();
        for (var i = 0; i < specs.Length; i++)
        {
            db.StudentYears.Add(new StudentYear { StudentId = students[i].Id, Year = 2024, SchoolId = specs[i].School.Id, Grade = specs[i].Grade, ClassId = specs[i].ClassId });
        }
        db.StudentYears.Add(new StudentYear { StudentId = students[3].Id, Year = 2023, SchoolId = primary.Id, Grade = "P5" });
        await db.SaveChangesAsync();
        return (setting, middle.Id, primary.Id, students.Select(s => s.Id).ToArray());
    }

    /// <summary>The rows as an upload-template .xlsx named <paramref name="file"/>, imported through the import kind fitness.</summary>
    internal static Task<ImportReport> ImportAsync(EduDb db, int year, string file, params Dictionary<string, object?>[] rows) =>
        ImportAsync(db, year, file, dryRun: false, rows);

    internal static async Task<ImportReport> ImportAsync(EduDb db, int year, string file, bool dryRun, params Dictionary<string, object?>[] rows)
    {
        var path = Path.Combine(Path.GetTempPath(), "educounty-tests", "fitness-" + Guid.NewGuid().ToString("N"), file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using (var fs = File.Create(path))
        {
            await Xlsx(rows).CopyToAsync(fs);
        }
        return await Importer.RunAsync(db, TestDatabases.Protector, new FitnessKind(),
            new ImportRequest(path, file) { Year = new SchoolYear(year), DryRun = dryRun });
    }

    private static string Messages(ImportReport r) => string.Join("\n", r.Issues.Select(i => i.Message).Prepend(r.Refused ?? ""));

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Fitness_import_links_by_student_number_and_a_second_import_changes_nothing(string provider)
    {
        var (setting, middle, primary, ids) = await SmallCountyAsync(provider);
        await using (var db = Database.Open(setting))
        {
            var first = await ImportAsync(db, 2024, "2024体测.xlsx", J1Good(), J1Fail(), S1Excellent(), P6(), P2());
            Assert.True(first.Committed, Messages(first));
            Assert.Equal((5, 5, 0, 0), (first.Rows, first.Created, first.Updated, first.Unchanged));
            // New rows are written in bulk and audited by one entry naming the import.
            var entry = await db.AuditEntries.SingleAsync(a => a.Entity == nameof(FitnessTest));
            Assert.Equal("import", entry.Action);
            Assert.Contains("2024体测.xlsx", entry.Detail, StringComparison.Ordinal);
        }
        await using (var db = Database.Open(setting))
        {
            var tests = await db.FitnessTests.OrderBy(t => t.StudentId).ToListAsync();
            Assert.Equal(ids, tests.Select(t => t.StudentId));
            Assert.Equal([83.4, 43.4, 115.0, 70.5, 66.8], tests.Select(t => t.TotalScore));
            Assert.Equal([FitnessRating.Good, FitnessRating.Fail, FitnessRating.Excellent, FitnessRating.Pass, FitnessRating.Pass], tests.Select(t => t.Rating));
            Assert.Equal([middle, middle, middle, primary, primary], tests.Select(t => t.SchoolId));
            Assert.Equal(235.0, tests[0].Run1000m);
            // Provenance names the table rows: 50米 7.8 for J1 男 is the 100-point level.
            Assert.Contains("run_50m=scores.csv:", tests[0].Provenance, StringComparison.Ordinal);
            Assert.Contains("bmi=bmi.csv:23", tests[3].Provenance, StringComparison.Ordinal);

            var again = await ImportAsync(db, 2024, "2024体测.xlsx", J1Good(), J1Fail(), S1Excellent(), P6(), P2());
            Assert.Equal((0, 0, 5), (again.Created, again.Updated, again.Unchanged));
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Entity == nameof(FitnessTest)));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Fitness_import_refuses_the_whole_file_on_any_error(string provider)
    {
        var (setting, _, _, _) = await SmallCountyAsync(provider);
        await using var db = Database.Open(setting);
        var bad = await ImportAsync(db, 2024, "体测.xlsx",
            J1Good(),                                                    // row 2: valid
            Row("21", "G9999", "无名", "1", 160, 50, vc: 2900, run50: 7.8, jump: 225, reach: 0.0, run1000: 235, pullUps: 0),  // row 3: unknown 学籍号
            J1Good("G0003"),                                              // row 4: a boy's row for 李三, a girl in the 学籍
            J1Good("G0001"),                                              // row 5: duplicate of row 2
            new Dictionary<string, object?>(P2()) { ["身高"] = "abc" });  // row 6: not a number
        Assert.False(bad.Committed);
        Assert.Contains(bad.Issues, e => e.Message == "体测.xlsx 第 3 行 “学籍号”列 值“G9999”：学籍库中没有此学籍号（须先导入学生学籍）（错误）");
        Assert.Contains(bad.Issues, e => e.Message == "体测.xlsx 第 4 行 “性别”列 值“1”：与学籍不符（学籍为女）（错误）");
        Assert.Contains(bad.Issues, e => e is { Row: 5, Column: "学籍号", Value: "G0001", IsWarning: false } && e.Rule.StartsWith("与第 2 行重复", StringComparison.Ordinal));
        Assert.Contains(bad.Issues, e => e is { Row: 6, Column: "身高", Value: "abc", IsWarning: false });
        Assert.Equal(0, await db.FitnessTests.CountAsync());
        Assert.Equal(0, await db.AuditEntries.CountAsync(a => a.Entity == nameof(FitnessTest)));

        // Implausible values only warn: 肺活量 9500 > 9,000 ml is kept and scored.
        var warned = await ImportAsync(db, 2024, "体测2.xlsx", new Dictionary<string, object?>(J1Good()) { ["肺活量"] = 9500 });
        Assert.True(warned.Committed, Messages(warned));
        Assert.Contains(warned.Issues, w => w is { Row: 2, Column: "肺活量", Value: "9500", IsWarning: true });
        Assert.Equal(1, await db.FitnessTests.CountAsync());

        // A changed value updates the row, audited with its own entry.
        var auditBefore = await db.AuditEntries.CountAsync(a => a.Entity == nameof(FitnessTest));
        var changed = await ImportAsync(db, 2024, "体测2.xlsx", new Dictionary<string, object?>(J1Good()) { ["肺活量"] = 2800 });
        Assert.Equal((0, 1, true), (changed.Created, changed.Updated, changed.Committed));
        Assert.Equal(auditBefore + 1, await db.AuditEntries.CountAsync(a => a.Entity == nameof(FitnessTest)));
        Assert.Equal(2800.0, (await db.FitnessTests.AsNoTracking().SingleAsync()).VitalCapacity);

        // A dry run writes nothing.
        var dry = await ImportAsync(db, 2024, "体测3.xlsx", dryRun: true, P2());
        Assert.Equal((1, false), (dry.Created, dry.Committed));
        Assert.Equal(1, await db.FitnessTests.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Fitness_rates_retest_list_and_record_match_hand_figures(string provider)
    {
        var (setting, middle, primary, ids) = await SmallCountyAsync(provider);
        await using var db = Database.Open(setting);
        Assert.True((await ImportAsync(db, 2023, "2023.xlsx", P5())).Committed);
        Assert.True((await ImportAsync(db, 2024, "2024.xlsx", J1Good(), J1Fail(), S1Excellent(), P6(), P2())).Committed);

        // 2024 by school. 测试中学: 83.4 良好, 43.4 不及格, 115 优秀 → 1/3 = 33.33 % each, mean 241.8 / 3 = 80.6.
        // 测试小学: 70.5 及格, 66.8 及格 → 及格 100 %, mean 137.3 / 2 = 68.65.
        var bySchool = await GetFitnessRates.HandleAsync(db, new FitnessRatesQuery(2024, FitnessBreakdown.School));
        Assert.Equal(["测试中学", "测试小学"], bySchool.Select(r => r.Label));
        Assert.Equal((3, 33.33, 33.33, 0.0, 33.33), (bySchool[0].Tested, bySchool[0].ExcellentRate, bySchool[0].GoodRate, bySchool[0].PassRate, bySchool[0].FailRate));
        Assert.Equal(80.6, bySchool[0].MeanTotal, 9);
        Assert.Equal((2, 100.0, 0.0), (bySchool[1].Tested, bySchool[1].PassRate, bySchool[1].FailRate));
        Assert.Equal(68.65, bySchool[1].MeanTotal, 9);

        // County 2024: 5 tested, 优秀 1 良好 1 及格 2 不及格 1 → 20/20/40/20 %; mean (241.8 + 137.3) / 5 = 75.82.
        var county = Assert.Single(await GetFitnessRates.HandleAsync(db, new FitnessRatesQuery(2024, FitnessBreakdown.County)));
        Assert.Equal((5, 20.0, 20.0, 40.0, 20.0, 80.0), (county.Tested, county.ExcellentRate, county.GoodRate, county.PassRate, county.FailRate, county.PassOrBetterRate));
        Assert.Equal(75.82, county.MeanTotal, 9);

        // By sex 2024: boys 83.4, 43.4, 70.5 (良好, 不及格, 及格), 50米 mean (7.8 + 15.0 + 9.3) / 3 = 10.7; girls 115, 66.8.
        var bySex = await GetFitnessRates.HandleAsync(db, new FitnessRatesQuery(2024, FitnessBreakdown.Sex));
        Assert.Equal(["男", "女"], bySex.Select(r => r.Label));
        Assert.Equal((3, 1, 1, 1), (bySex[0].Tested, bySex[0].Good, bySex[0].Pass, bySex[0].Fail));
        Assert.Equal(10.7, bySex[0].ItemMeans[FitnessItem.Run50m]!.Value, 9);
        Assert.Equal((2, 1, 1), (bySex[1].Tested, bySex[1].Excellent, bySex[1].Pass));

        // By class in 测试中学: 七年级（1）班 two boys (良好, 不及格), 高一（1）班 one girl (优秀).
        var byClass = await GetFitnessRates.HandleAsync(db, new FitnessRatesQuery(2024, FitnessBreakdown.Class, SchoolId: middle));
        Assert.Equal([("七年级（1）班", 2, 1), ("高一（1）班", 1, 0)], byClass.Select(r => (r.Label, r.Tested, r.Fail)));

        // Trend: 2023 only 王四 (P5, 77.8); 2024 the five above. Scope to 测试小学: 2023 77.8, 2024 68.65.
        var trend = await GetFitnessRates.HandleAsync(db, new FitnessRatesQuery(null, FitnessBreakdown.Year, SchoolIds: [primary]));
        Assert.Equal([("2023-2024", 1), ("2024-2025", 2)], trend.Select(r => (r.Label, r.Tested)));
        Assert.Equal(77.8, trend[0].MeanTotal, 9);

        // Retest list 2024: only 张二 (43.4 不及格); none within 测试小学.
        var retest = Assert.Single(await ListRetestStudents.HandleAsync(db, 2024));
        Assert.Equal(("张二", 43.4, "七年级（1）班"), (retest.Name, retest.TotalScore, retest.ClassName));
        Assert.Empty(await ListRetestStudents.HandleAsync(db, 2024, [primary]));
        var auditBefore = await db.AuditEntries.CountAsync();
        var xlsx = await ExportRetestList.HandleAsync(db, 2024);
        var exported = new MemoryStream(xlsx).Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal("张二", Assert.Single(exported)["姓名"]);
        Assert.Equal(auditBefore + 1, await db.AuditEntries.CountAsync());

        // 王四's record: P5 77.8 (2023) and P6 70.5 (2024); 小学毕业成绩 = 70.5 × 50% + 77.8 × 50% = 74.15 → 74.2 及格.
        var record = await GetStudentFitnessRecord.HandleAsync(db, ids[3]);
        Assert.NotNull(record);
        Assert.Equal([(2023, 77.8m), (2024, 70.5m)], record.Years.Select(y => (y.Test.Year, y.Score.TotalScore)));
        var grad = Assert.Single(record.Graduations);
        Assert.Equal(("小学", 74.15m, 74.2m, "及格", 1), (grad.Stage, grad.Score.Score, grad.Score.RatedScore, grad.Score.Rating, grad.OtherYears));
        // Each item shows the table row it came from: 肺活量 1300 in P6 is scores.csv line 499.
        Assert.Equal(499, record.Years[1].Score.Items.Single(i => i.Item == FitnessItem.VitalCapacity).Source.Line);
        // Out of scope: 测试中学 may not see 王四.
        Assert.Null(await GetStudentFitnessRecord.HandleAsync(db, ids[3], [middle]));
    }

    [Theory]
    [InlineData(4.9, -0.50, true)]    // 裸眼视力 < 5.0 and SE ≤ −0.50 D (适宜技术指南: 筛查性近视)
    [InlineData(4.9, -0.25, false)]   // SE above −0.50 D: reduced vision, not myopia
    [InlineData(5.0, -1.00, false)]   // 5.0 is not below 5.0
    [InlineData(4.8, null, true)]     // no refraction: vision alone (ADR 0012, configurable)
    public void Myopia_rule_follows_the_screening_definition(double vision, double? se, bool myopic)
    {
        Assert.Equal(myopic, MyopiaRule.Default.EyeIsMyopic(vision, se));
        Assert.False(new MyopiaRule(VisionOnlyWithoutRefraction: false).EyeIsMyopic(4.8, null));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Myopia_rate_per_year_against_the_plans_half_point(string provider)
    {
        var (setting, middle, primary, ids) = await SmallCountyAsync(provider);
        await using var db = Database.Open(setting);
        VisionScreening V(int student, int year, int school, double left, double right, double? se)
        {
            var v = new VisionScreening { StudentId = student, Year = year, SchoolId = school, Grade = "J1", UncorrectedLeft = left, UncorrectedRight = right, SphericalEquivalentLeft = se, SphericalEquivalentRight = se, Source = "测试" };
            v.Myopia = MyopiaRule.Default.IsMyopic(v);
            return v;
        }
        // 2023: 2 screened, 1 myopic → 50.00 %. 2024: 5 screened, 2 myopic → 40.00 %: change −10.00, target 50.00 − 0.5 = 49.50, met.
        db.VisionScreenings.AddRange(
            V(ids[0], 2023, middle, 4.8, 5.0, -1.0), V(ids[1], 2023, middle, 5.0, 5.1, 0.0),
            V(ids[0], 2024, middle, 4.7, 4.8, -1.5), V(ids[1], 2024, middle, 5.0, 5.0, 0.0), V(ids[2], 2024, middle, 4.9, 5.0, -0.25),
            V(ids[3], 2024, primary, 4.9, 4.9, null), V(ids[4], 2024, primary, 5.1, 5.2, null));
        await db.SaveChangesAsync();

        Assert.Equal(new MyopiaCount(2, 5), await GetMyopiaRates.MyopiaRate(db, 2024));
        Assert.Equal(new MyopiaCount(1, 3), await GetMyopiaRates.MyopiaRate(db, 2024, [middle]));
        var years = await GetMyopiaRates.ByYearAsync(db);
        Assert.Equal([(2023, 50.0, (double?)null, (bool?)null), (2024, 40.0, -10.0, true)], years.Select(y => (y.Year, y.Count.Rate, y.Change, y.Met)));
        Assert.Equal(49.5, years[1].Target);
        var bySchool = await GetMyopiaRates.GroupedAsync(db, 2024, bySchool: true);
        Assert.Equal([("测试中学", 33.33), ("测试小学", 50.0)], bySchool.Select(g => (g.Label, g.Count.Rate)));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Demo_county_has_fitness_and_vision_for_every_school_student_and_a_falling_myopia_rate(string provider)
    {
        await using var db = await TestDatabases.OpenDemoAsync(provider);
        string[] graded = [.. Grades.Primary, .. Grades.Junior, .. Grades.Senior];
        var studentYears = await db.StudentYears.CountAsync(y => graded.Contains(y.Grade));
        Assert.Equal(studentYears, await db.FitnessTests.CountAsync());
        Assert.Equal(studentYears, await db.VisionScreenings.CountAsync());
        // The generator's declared yearly falls (DemoModel.MyopiaDecline): 0.62, 0.38, 0.55, 0.31, 0.58 percentage points;
        // the counts are rounded to whole students, so the published change may differ by 0.01.
        var years = await GetMyopiaRates.ByYearAsync(db);
        Assert.Equal([null, true, false, true, false, true], years.Select(y => y.Met));
        Assert.All(years.Skip(1).Zip(new[] { -0.62, -0.38, -0.55, -0.31, -0.58 }), p => Assert.InRange(p.First.Change!.Value, p.Second - 0.02, p.Second + 0.02));
        // Stored scores agree with the scorer (rescoring a sample).
        var sample = await db.FitnessTests.OrderBy(t => t.Id).Take(200).ToListAsync();
        Assert.All(sample, t => Assert.Equal((decimal)t.TotalScore, FitnessScorer.Default.Score(t.ToResult("x")).TotalScore));
    }
}
