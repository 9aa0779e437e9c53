using System.Text.Json;
using EduCounty.Common;
using EduCounty.Demo;
using EduCounty.Imports;
using EduCounty.Periods;
using EduCounty.Registry;
using EduCounty.Tests.Imports;
using Microsoft.EntityFrameworkCore;
using static EduCounty.Tests.Periods.PeriodCounty;

namespace EduCounty.Tests.Periods;

/// <summary>Issue 22 on SQLite and PostgreSQL: the chain school → 乡镇 → county, locking every write path, unlock → version.</summary>
public sealed class PeriodDatabaseTests
{
    private const string Locked = "已经县级审核锁定";

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_school_enters_and_submits_the_township_returns_with_field_comments_then_the_county_approves_and_locks(string provider)
    {
        var (county, setting) = await CreateAsync(provider, "period-chain");
        await using var _ = county;
        await ManagePeriod.OpenAsync(county, Year, PeriodForms.Census, null);
        // Last year's figure of 一年级 男 beside the field.
        county.GradeEnrolments.Add(new GradeEnrolment { SchoolId = 1, Year = Year - 1, Grade = "P1", Sex = Sex.Male, Students = 17, NewEntrants = 17, Classes = 1 });
        await county.SaveChangesAsync();

        await using var school = Open(setting, [1], Clerk.Name);
        await CensusEntry.SaveAsync(school, Clerk, 1, Year, Lines(), Total(Lines()));
        var form = await CensusEntry.GetAsync(school, 1, Year);
        Assert.Equal((20, 17), (form.Lines[0].StudentsMale, form.LastYear["P1"].StudentsMale));
        // 6 grades × 2 sexes = 12 rows; 在校生 6 × (20 + 18) = 228.
        Assert.Equal((12, 228), (await county.GradeEnrolments.CountAsync(e => e.Year == Year), await county.GradeEnrolments.Where(e => e.Year == Year).SumAsync(e => e.Students)));

        // Another school is outside the clerk's scope (data layer), and a wrong 合计 is refused.
        var other = await Assert.ThrowsAsync<RuleException>(() => SubmissionChain.HandleAsync(school, Clerk, new(Year, "census", 2, ChainAction.Submit)));
        Assert.Contains("不在您的管理范围内", other.Message, StringComparison.Ordinal);
        var wrong = await Assert.ThrowsAsync<RuleException>(() => CensusEntry.SaveAsync(school, Clerk, 1, Year, Lines(), Total(Lines()) with { Classes = 7 }));
        Assert.Contains("合计班数（7）不等于各年级之和（6）", wrong.Message, StringComparison.Ordinal);

        // 一年级 38 against 17 last year (only 男 was given) is beyond the jump: the school says why.
        Assert.Contains("一年级 38 人（上年同年级 17 人，+123.5%）", (await Assert.ThrowsAsync<RuleException>(() =>
            SubmissionChain.HandleAsync(school, Clerk, new(Year, "census", 1, ChainAction.Submit)))).Message, StringComparison.Ordinal);
        Assert.Equal(SubmissionState.Submitted, await SubmissionChain.HandleAsync(school, Clerk, new(Year, "census", 1, ChainAction.Submit, "上年只报了男生")));
        var frozen = await Assert.ThrowsAsync<RuleException>(() => CensusEntry.SaveAsync(school, Clerk, 1, Year, Lines(21), Total(Lines(21))));
        Assert.Contains("已提交", frozen.Message, StringComparison.Ordinal);

        // 乡镇 B cannot reach school 1; 乡镇 A returns it with a comment at 一年级 男.
        await using var townB = Open(setting, [3], TownshipB.Name);
        await Assert.ThrowsAsync<RuleException>(() => SubmissionChain.HandleAsync(townB, TownshipB, new(Year, "census", 1, ChainAction.TownshipApprove)));
        await using var townA = Open(setting, [1, 2], TownshipA.Name);
        var noComment = await Assert.ThrowsAsync<RuleException>(() => SubmissionChain.HandleAsync(townA, TownshipA, new(Year, "census", 1, ChainAction.Return)));
        Assert.Contains("退回须写明意见", noComment.Message, StringComparison.Ordinal);
        var key = CensusEntry.FieldKey("P1", nameof(CensusEntry.Line.StudentsMale));
        Assert.Equal(SubmissionState.Returned, await SubmissionChain.HandleAsync(townA, TownshipA,
            new(Year, "census", 1, ChainAction.Return, "请核对一年级", new Dictionary<string, string> { [key] = "学籍为 21 人" })));
        form = await CensusEntry.GetAsync(school, 1, Year);
        Assert.Equal(("学籍为 21 人", "甲乡教育办"), (form.Steps[^1].FieldComments[key], form.Steps[^1].Actor));

        // Corrected, submitted again, approved by 乡镇 A and the county; the county locks version 1.
        await CensusEntry.SaveAsync(school, Clerk, 1, Year, Lines(21), Total(Lines(21)));
        await SubmissionChain.HandleAsync(school, Clerk, new(Year, "census", 1, ChainAction.Submit, "上年只报了男生"));
        var early = await Assert.ThrowsAsync<RuleException>(() => ManagePeriod.LockAsync(county, Year, "census"));
        Assert.Contains("还有 1 所学校的填报在审核中，不能锁定：第1小学", early.Message, StringComparison.Ordinal);
        await SubmissionChain.HandleAsync(townA, TownshipA, new(Year, "census", 1, ChainAction.TownshipApprove));
        await Assert.ThrowsAsync<RuleException>(() => SubmissionChain.HandleAsync(townA, TownshipA, new(Year, "census", 1, ChainAction.CountyApprove)));
        Assert.Equal(SubmissionState.CountyApproved, await SubmissionChain.HandleAsync(county, County, new(Year, "census", 1, ChainAction.CountyApprove)));
        var locked = await ManagePeriod.LockAsync(county, Year, "census");
        Assert.Equal((PeriodState.Locked, 1), (locked.State, locked.Version));

        // Five steps, each with who; each audited (the trail holds a create per step).
        var steps = await county.SubmissionSteps.OrderBy(s => s.Id).Select(s => new { s.From, s.To, s.Actor }).ToListAsync();
        Assert.Equal(["一校填报员", "甲乡教育办", "一校填报员", "甲乡教育办", "规划股"], steps.Select(s => s.Actor));
        Assert.Equal(5, await county.AuditEntries.CountAsync(a => a.Entity == nameof(SubmissionStep) && a.Action == "create"));

        // The county's page: school 1 approved; 2 and 3 not filled and overdue (deadline 2025-09-20, today 2025-10-15).
        var status = await GetPeriodStatus.HandleAsync(county, Year, "census");
        Assert.Equal([(SubmissionState.CountyApproved, false), (SubmissionState.NotFilled, false), (SubmissionState.NotFilled, false)],
            status.Schools.Select(s => (s.State, s.Overdue)));
        // (locked: nobody is overdue any more); 乡镇 A sees its two schools only.
        await using var townA2 = Open(setting, [1, 2], TownshipA.Name);
        Assert.Equal(2, (await GetPeriodStatus.HandleAsync(townA2, Year, "census")).Schools.Count);
    }

    private static string CensusCsv(int school, int boys) => ImportTestFiles.Csv("census.csv",
    [
        ["学校标识码", "学年", "年级", "性别", "在校生数", "招生数", "班数"],
        [$"21650{school:D5}", "2025-2026", "一年级", "男", $"{boys}", $"{boys}", "1"],
        [$"21650{school:D5}", "2025-2026", "一年级", "女", "18", "18", "1"],
    ]);

    private static string FacilitiesCsv(double teaching) => ImportTestFiles.Csv("facilities.csv",
        [["学校标识码", "学年", "教学及辅助用房面积", "体育运动场馆面积", "教学仪器设备值"], ["2165000001", "2025-2026", $"{teaching}", "3000", "500000"]]);

    private static string FinanceCsv(double funds) => ImportTestFiles.Csv("finance.csv",
        [["学校标识码", "学年", "公用经费", "教师培训经费"], ["2165000001", "2025-2026", $"{funds}", "20000"]]);

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_locked_year_refuses_every_write_path(string provider)
    {
        var (db, setting) = await CreateAsync(provider, "period-lock");
        await using var _ = db;
        // Before the lock: the census of school 1, its facilities and finance imported; a 学籍推算 row of school 3.
        var census = await ImportTestFiles.RunAsync(db, "census", CensusCsv(1, 20));
        var facilities = await ImportTestFiles.RunAsync(db, "facilities", FacilitiesCsv(2000));
        var finance = await ImportTestFiles.RunAsync(db, "finance", FinanceCsv(10));
        Assert.True(census.Committed && facilities.Committed && finance.Committed,
            string.Join("\n", new[] { census, facilities, finance }.SelectMany(r => r.Issues).Select(i => i.Message)));
        db.GradeEnrolments.Add(new GradeEnrolment { SchoolId = 3, Year = Year, Grade = "P1", Sex = Sex.Male, Students = 5, Source = CensusSource.Derived });
        await db.SaveChangesAsync();
        foreach (var form in PeriodForms.All)
        {
            await ManagePeriod.OpenAsync(db, Year, form, null);
            await ManagePeriod.LockAsync(db, Year, form);
        }
        async Task<string> Refusal(Func<Task> write) => (await Assert.ThrowsAsync<PeriodLockedException>(write)).Message;
        async Task<string> Report(ImportReport r) => await Task.FromResult(Assert.IsType<string>(r.Refused));

        // Every path that writes a row of the locked year (issue 22 §4), each refused with the Chinese reason.
        var paths = new Dictionary<string, Func<Task<string>>>
        {
            ["学校填报"] = async () =>
            {
                await using var school2 = Open(setting, [2], "二校填报员");
                return await Refusal(() => CensusEntry.SaveAsync(school2, Clerk, 2, Year, Lines(), Total(Lines())));
            },
            ["导入秋季统计（新行）"] = async () => await Report(await ImportTestFiles.RunAsync(db, "census", CensusCsv(2, 20))),
            ["导入秋季统计（更新已有行）"] = async () => await Report(await ImportTestFiles.RunAsync(db, "census", CensusCsv(1, 25))),
            ["导入办学条件"] = async () => await Report(await ImportTestFiles.RunAsync(db, "facilities", FacilitiesCsv(2500))),
            ["导入经费"] = async () => await Report(await ImportTestFiles.RunAsync(db, "finance", FinanceCsv(12))),
            ["回滚秋季统计导入"] = async () => string.Join("", await Importer.RollbackAsync(db, census.BatchId!.Value)),
            ["回滚办学条件导入"] = async () => string.Join("", await Importer.RollbackAsync(db, facilities.BatchId!.Value)),
            ["回滚经费导入"] = async () => string.Join("", await Importer.RollbackAsync(db, finance.BatchId!.Value)),
            ["学籍推算"] = () => Refusal(() => DeriveCensus.HandleAsync(db, new SchoolYear(Year))),
            ["示例数据"] = () => Refusal(() => DemoCounty.GenerateAsync(db, TestDatabases.Protector, new DemoOptions
            {
                CountyCode = "659001",
                CountyName = "示例县",
                FirstYear = Year,
                LastYear = Year,
                Scale = 0.02,
                PlanFigures = false,
                Fitness = false,
                WriteDivisions = false,
            })),
            ["批量写入"] = () => Refusal(() => BulkWriter.WriteAsync(db, [new GradeEnrolment { Id = 9999, SchoolId = 2, Year = Year, Grade = "P2", Sex = Sex.Male, Students = 1 }])),
            ["直接修改"] = () => Refusal(async () =>
            {
                (await db.Finances.SingleAsync()).PublicFundsYuan = 1;
                await db.SaveChangesAsync();
            }),
            ["直接删除"] = () => Refusal(async () =>
            {
                db.ChangeTracker.Clear();
                db.Facilities.Remove(await db.Facilities.SingleAsync());
                await db.SaveChangesAsync();
            }),
            ["改到锁定学年"] = () => Refusal(async () =>
            {
                db.ChangeTracker.Clear();
                db.GradeEnrolments.Add(new GradeEnrolment { SchoolId = 2, Year = Year, Grade = "P3", Sex = Sex.Female, Students = 3 });
                await db.SaveChangesAsync();
            }),
        };
        foreach (var (path, write) in paths)
        {
            var message = await write();
            Assert.True(message.Contains(Locked, StringComparison.Ordinal) && message.Contains("2025-2026 学年", StringComparison.Ordinal), $"{path}: {message}");
            db.ChangeTracker.Clear();
        }
        Assert.Equal(14, paths.Count);

        // Nothing of the refused writes is there: school 1's 20 + 18 and school 3's derived 5; 2000 ㎡; 10 万元 = 100000 元; no demo school.
        Assert.Equal(43, await db.GradeEnrolments.Where(e => e.Year == Year).SumAsync(e => e.Students));
        Assert.Equal((2000d, 100000d), ((await db.Facilities.SingleAsync()).TeachingAreaM2, (await db.Finances.SingleAsync()).PublicFundsYuan));
        Assert.Equal(3, await db.Schools.CountAsync());

        // The CLI is refused the same way (the import verb exits non-zero with the reason).
        var cli = await CliProcess.RunAsync("import", "census", CensusCsv(2, 20), "--year", "2025-2026", "--db", setting);
        Assert.NotEqual(0, cli.Code);
        Assert.Contains(Locked, cli.Out + cli.Err, StringComparison.Ordinal);

        // The lock is the year's: 2024-2025 (not locked) still takes a write.
        db.GradeEnrolments.Add(new GradeEnrolment { SchoolId = 2, Year = Year - 1, Grade = "P1", Sex = Sex.Male, Students = 9 });
        await db.SaveChangesAsync();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task An_unlock_needs_a_reason_and_makes_the_next_version_which_the_reports_state(string provider)
    {
        var (db, _) = await CreateAsync(provider, "period-unlock");
        await using var _db = db;
        Assert.Equal("", await GetPeriodStatus.VersionsTextAsync(db, Year));
        await ManagePeriod.OpenAsync(db, Year, "census", new DateOnly(2025, 9, 20));
        Assert.Equal("秋季统计第 1 版（填报中，未审定）", await GetPeriodStatus.VersionsTextAsync(db, Year));
        await ManagePeriod.LockAsync(db, Year, "census");
        Assert.Contains("不能修改", (await Assert.ThrowsAsync<PeriodLockedException>(async () =>
        {
            db.GradeEnrolments.Add(new GradeEnrolment { SchoolId = 1, Year = Year, Grade = "P1", Sex = Sex.Male, Students = 1 });
            await db.SaveChangesAsync();
        })).Message, StringComparison.Ordinal);
        db.ChangeTracker.Clear();

        Assert.Contains("解锁须写明原因", (await Assert.ThrowsAsync<RuleException>(() => ManagePeriod.UnlockAsync(db, Year, "census", " "))).Message, StringComparison.Ordinal);
        var open = await ManagePeriod.UnlockAsync(db, Year, "census", "第2小学补报二年级");
        Assert.Equal((PeriodState.Open, 2), (open.State, open.Version));
        db.GradeEnrolments.Add(new GradeEnrolment { SchoolId = 1, Year = Year, Grade = "P1", Sex = Sex.Male, Students = 1 });
        await db.SaveChangesAsync();
        await ManagePeriod.LockAsync(db, Year, "census");
        Assert.Equal("秋季统计第 2 版（已锁定）", await GetPeriodStatus.VersionsTextAsync(db, Year));
        // plan freeze records the version it read, and the evaluation shows it.
        var plan = EduCounty.Plan.PlanLoader.LoadDefault();
        var freeze = await EduCounty.Plan.Evaluation.FreezePlanYear.HandleAsync(db, plan, Year, "规划股");
        Assert.Equal("秋季统计第 2 版（已锁定）", freeze.DataVersions);
        var evaluation = await EduCounty.Plan.Evaluation.EvaluatePlan.HandleAsync(db, plan, Year);
        Assert.Equal("秋季统计第 2 版（已锁定）", evaluation.Frozen!.DataVersions);
        var events = (await GetPeriodStatus.HandleAsync(db, Year, "census")).Events;
        Assert.Equal([("开启", 1, (string?)null), ("锁定", 1, null), ("解锁", 2, "第2小学补报二年级"), ("锁定", 2, null)], events.Select(e => (e.Action, e.Version, e.Reason)));
        Assert.Contains("已经锁定（第 2 版）", (await Assert.ThrowsAsync<RuleException>(() => ManagePeriod.LockAsync(db, Year, "census"))).Message, StringComparison.Ordinal);
        Assert.Contains("报表“survey”不存在", (await Assert.ThrowsAsync<RuleException>(() => ManagePeriod.OpenAsync(db, Year, "survey", null))).Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_period_verbs_print_json(string provider)
    {
        var (db, setting) = await CreateAsync(provider, "period-cli");
        await db.DisposeAsync();
        async Task<JsonElement> Run(params string[] args)
        {
            var (code, output, err) = await CliProcess.RunAsync([.. args, "--format", "json", "--db", setting]);
            Assert.True(code == 0, $"{string.Join(' ', args)}: {code} {err}");
            return JsonDocument.Parse(output).RootElement.Clone();
        }
        var opened = await Run("period", "open", "--year", "2025-2026", "--form", "census", "--deadline", "2025-09-20");
        Assert.Equal(("2025-2026", "秋季统计", "填报中", 1, "2025-09-20"), (opened.GetProperty("year").GetString(), opened.GetProperty("formLabel").GetString(),
            opened.GetProperty("state").GetString(), opened.GetProperty("version").GetInt32(), opened.GetProperty("deadline").GetString()));
        var status = await Run("period", "status", "--year", "2025-2026", "--form", "census");
        Assert.Equal(3, status.GetProperty("counts").GetProperty("未填报").GetInt32());
        Assert.Equal(("填报中", 1), (status.GetProperty("period").GetProperty("state").GetString(), status.GetProperty("period").GetProperty("version").GetInt32()));
        Assert.Equal(["第1小学", "第2小学", "第3小学"], status.GetProperty("schools").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        Assert.True((await Run("period", "lock", "--year", "2025-2026")).GetProperty("locked").GetBoolean());
        var refused = await CliProcess.RunAsync("period", "unlock", "--year", "2025-2026", "--db", setting);
        Assert.Equal((2, true), (refused.Code, refused.Err.Contains("解锁须写明原因", StringComparison.Ordinal)));
        var unlocked = await Run("period", "unlock", "--year", "2025-2026", "--reason", "更正第3小学班数");
        Assert.Equal((2, false), (unlocked.GetProperty("version").GetInt32(), unlocked.GetProperty("locked").GetBoolean()));
        var events = (await Run("period", "status", "--year", "2025-2026")).GetProperty("events").EnumerateArray().Select(e => e.GetProperty("action").GetString());
        Assert.Equal(["开启", "锁定", "解锁"], events);
    }

    /// <summary>
    /// Issue 22 §1, §2 and §5 on the database: the reviewer's reconciliation (last year's figures, the 学籍 count), the
    /// consistency rules again on submit, a jump that needs a reason (stored, read back by the reviewer) and the reminders
    /// of overdue schools (clock 2025-10-15, deadline 2025-09-20).
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_reviewer_sees_last_year_and_the_records_a_jump_needs_a_reason_and_overdue_schools_are_reminded(string provider)
    {
        var (county, setting) = await CreateAsync(provider, "period-recon");
        await using var _ = county;
        await ManagePeriod.OpenAsync(county, Year, PeriodForms.Census, new DateOnly(2025, 9, 20));
        // Last year: 一年级 20 + 18 = 38, 二年级 12 + 13 = 25. 学籍 this year: 3 students in 一年级.
        county.GradeEnrolments.AddRange(
            new GradeEnrolment { SchoolId = 1, Year = Year - 1, Grade = "P1", Sex = Sex.Male, Students = 20, NewEntrants = 20, Classes = 1 },
            new GradeEnrolment { SchoolId = 1, Year = Year - 1, Grade = "P1", Sex = Sex.Female, Students = 18, NewEntrants = 18, Classes = 1 },
            new GradeEnrolment { SchoolId = 1, Year = Year - 1, Grade = "P2", Sex = Sex.Male, Students = 12, Classes = 1 },
            new GradeEnrolment { SchoolId = 1, Year = Year - 1, Grade = "P2", Sex = Sex.Female, Students = 13, Classes = 1 });
        county.Students.AddRange(Enumerable.Range(1, 3).Select(i => new Student
        {
            Id = i,
            StudentNumber = $"G{i}",
            StudentNumberHash = $"h{i}",
            Name = $"学生{i}",
            EthnicityCode = "01",
            SchoolId = 1,
            Grade = "P1",
            BirthDate = new DateOnly(2019, 3, 1),
            EnrolledOn = new DateOnly(2025, 9, 1),
        }));
        await county.SaveChangesAsync();
        county.StudentYears.AddRange(Enumerable.Range(1, 3).Select(i => new StudentYear { StudentId = i, Year = Year, SchoolId = 1, Grade = "P1", NewEntrant = true }));
        await county.SaveChangesAsync();

        // Every school is overdue before anything is submitted: the school user is reminded of its own only.
        await using var school = Open(setting, [1], Clerk.Name);
        var today = new DateOnly(2025, 10, 15);
        Assert.Equal(["2025-2026 学年秋季统计已逾期未提交（截止 2025-09-20）：第1小学"],
            (await GetPeriodReminders.HandleAsync(school, Clerk, today)).Select(r => r.Text));
        Assert.Equal("/periods/census/1?year=2025-2026", (await GetPeriodReminders.HandleAsync(school, Clerk, today))[0].Link);

        // The rules again on submit: the county's import put 3 entrants in 二年级 of the stored rows.
        await CensusEntry.SaveAsync(school, Clerk, 1, Year, Lines(), Total(Lines()));
        var p2 = await county.GradeEnrolments.SingleAsync(e => e.SchoolId == 1 && e.Year == Year && e.Grade == "P2" && e.Sex == Sex.Male);
        p2.NewEntrants = 3;
        await county.SaveChangesAsync();
        var broken = await Assert.ThrowsAsync<RuleException>(() => SubmissionChain.HandleAsync(school, Clerk, new(Year, "census", 1, ChainAction.Submit)));
        Assert.Equal(("不能提交：二年级：招生数只填在各学段的起始年级（一年级、初一、高一等），应为 0", "P2.EntrantsMale"), (broken.Message, broken.Field));
        school.ChangeTracker.Clear();
        await CensusEntry.SaveAsync(school, Clerk, 1, Year, Lines(), Total(Lines()));

        // 三年级 38 against 二年级 last year 25: +13 persons, +52 % (more than 20 % and 5 persons) — a reason is needed.
        var jump = await Assert.ThrowsAsync<RuleException>(() => SubmissionChain.HandleAsync(school, Clerk, new(Year, "census", 1, ChainAction.Submit)));
        Assert.Equal("以下年级在校生与上年相比变化超过 20% 且超过 5 人，请在“变动说明”中写明原因后再提交：三年级 38 人（上年二年级 25 人，+52%）", jump.Message);
        Assert.Equal(SubmissionState.NotFilled, (await CensusEntry.GetAsync(school, 1, Year)).State);
        Assert.Equal(SubmissionState.Submitted, await SubmissionChain.HandleAsync(school, Clerk, new(Year, "census", 1, ChainAction.Submit, "二年级暑期转入 13 人")));
        Assert.Empty(await GetPeriodReminders.HandleAsync(school, Clerk, today));

        // 乡镇 A reads the reason and, beside each grade, last year's figures and the 学籍: 一年级 38 − 3 = +35.
        await using var townA = Open(setting, [1, 2], TownshipA.Name);
        var form = await CensusEntry.GetAsync(townA, 1, Year);
        Assert.Equal(("二年级暑期转入 13 人", SubmissionState.Submitted), (form.Steps[^1].Comment, form.Steps[^1].To));
        var rows = await CensusReconciliation.HandleAsync(townA, form, PeriodRules.Default());
        Assert.Equal([("P1", (int?)38, (int?)null, (int?)3, (int?)35, false), ("P2", 25, 38, 0, 38, false), ("P3", null, 25, 0, 38, true)],
            rows.Take(3).Select(r => (r.Grade, r.LastYearSame, r.LastYearCohort, r.Records, r.Difference, r.Jump)));
        // 乡镇 A: one form to review, one school (2) overdue; the county: nothing to approve yet, schools 2 and 3 overdue.
        Assert.Equal(["2025-2026 学年秋季统计待乡镇审核的学校 1 所", "2025-2026 学年秋季统计逾期未提交的学校 1 所（截止 2025-09-20）"],
            (await GetPeriodReminders.HandleAsync(townA, TownshipA, today)).Select(r => r.Text));
        Assert.Equal(["2025-2026 学年秋季统计逾期未提交的学校 2 所（截止 2025-09-20）"],
            (await GetPeriodReminders.HandleAsync(county, County, today)).Select(r => r.Text));
        // Before the deadline nobody is overdue.
        Assert.Empty(await GetPeriodReminders.HandleAsync(county, County, new DateOnly(2025, 9, 20)));
    }
}
