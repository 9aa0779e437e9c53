using System.Text;
using EduCounty.Common;
using EduCounty.Registry;
using EduCounty.Teachers;
using EduCounty.Tests.Supervision;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Tests.Teachers;

/// <summary>
/// The rotation roster, 教师资格证, 职称 and 骨干 imports (<see cref="ImportTeacherRecordsHandler"/>) on SQLite and PostgreSQL:
/// a county starting empty fills them from files; re-importing changes nothing; a bad row refuses the whole file naming
/// row and column; G11 and G12 (<see cref="CountTeacherFigures"/>, the figures 优质均衡 reads) from the imported records
/// equal the hand figures. Three primary schools (SupervisionCounty, 学校标识码 2100000001–2100000003); school year 2024.
/// </summary>
public sealed class TeacherImportTests
{
    private const int Year = 2024;
    private static readonly TeacherRules Rules = TeacherRules.National;

    /// <summary>Seven 在编 primary teachers T0–T6 at school 1 since 2010 (all in the 2024 pool: 14 years, born 1985), no 教师资格 flag.</summary>
    private static async Task<List<int>> TeachersAsync(EduDb db)
    {
        var ids = new List<int>();
        for (var i = 0; i < 7; i++)
        {
            var s = new Staff
            {
                StaffNumber = "T" + i,
                Name = "教师" + i,
                EthnicityCode = "01",
                SchoolId = 1,
                Sex = Sex.Female,
                BirthDate = new DateOnly(1985, 3, 1),
                PostType = PostType.FullTimeTeacher,
                Establishment = Establishment.Permanent,
                StageTaught = Stage.Primary,
                Title = Title.Second,
                HireDate = new DateOnly(2010, 9, 1),
            };
            db.Staff.Add(s);
            await db.SaveChangesAsync();
            db.StaffAssignments.Add(new StaffAssignment { StaffId = s.Id, SchoolId = 1, From = s.HireDate });
            db.StaffYears.Add(new StaffYear
            {
                StaffId = s.Id,
                Year = Year,
                SchoolId = 1,
                PostType = PostType.FullTimeTeacher,
                Establishment = Establishment.Permanent,
                StageTaught = Stage.Primary,
                TeacherCertificate = false,
            });
            await db.SaveChangesAsync();
            ids.Add(s.Id);
        }
        return ids;
    }

    private static Task<TrainingImportOutcome> ImportAsync(EduDb db, TeacherImportKind kind, string name, string csv, bool dryRun = false) =>
        ImportTeacherRecordsHandler.HandleAsync(db, TestDatabases.Protector,
            new ImportTeacherRecords(kind, new MemoryStream(Encoding.UTF8.GetBytes(csv)), name, dryRun), Rules);

    // 骨干 file: T0 县级骨干教师 for 2023-05-01..2026-04-30 (active at the rotation's start); T2 校级 (below the G11 minimum).
    private const string KeyFile = """
        工号,姓名,称号,级别,学科,认定单位,认定日期,有效期至
        T0,教师0,骨干教师,县级,语文,阜康市教育局,2023-05-01,2026-04-30
        T2,教师2,骨干教师,校级,数学,学校,2023-05-01,
        """;

    // Roster (aliases 交流类型 / 交流单位标识码 on purpose): T0–T4 from school 1 in 2024-2025, ended 2025-07-10 (before today: 已结束).
    private const string RotationFile = """
        教职工号,姓名,学年,原学校标识码,交流单位标识码,交流类型,开始日期,结束日期,是否骨干
        T0,教师0,2024-2025,2100000001,2100000002,支教,2024-09-02,2025-07-10,是
        T1,教师1,2024-2025,2100000001,2100000003,走教,2024-09-02,2025-07-10,否
        T2,教师2,2024-2025,2100000001,2100000002,支教,2024-09-02,2025-07-10,否
        T3,教师3,2024-2025,2100000001,2100000003,交流,2024-09-02,2025-07-10,
        T4,教师4,2024-2025,2100000001,2100000002,支教,2024-09-02,2025-07-10,否
        """;

    // Certificates: T0–T3 小学; T4 幼儿园 (does not cover 小学, 《教师资格条例》第五条, teachers.md §5); T5 初中 (covers 小学); T6 none.
    private const string QualificationFile = """
        工号,姓名,资格种类,任教学科,证书号码,取得日期
        T0,教师0,小学,语文,20101234567,2009-06-30
        T1,教师1,小学教师资格,数学,20101234568,2009-06-30
        T2,教师2,小学,数学,,2010-06-30
        T3,教师3,小学,英语,,
        T4,教师4,幼儿园,,,2008-06-30
        T5,教师5,初级中学教师资格,语文,,2011-06-30
        """;

    // 职称: T0 一级 2015, then 高级 2022 (the latest is the registry's 职称); T1 by the pre-2015 name 小学高级教师 (→ 一级).
    private const string TitleFile = """
        工号,姓名,专业技术职务,聘任日期
        T0,教师0,一级,2015-09-01
        T0,教师0,高级,2022-09-01
        T1,教师1,小学高级教师,2012-09-01
        """;

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Files_fill_an_empty_county_reimport_changes_nothing_and_G11_G12_follow(string provider)
    {
        var (db, _) = await SupervisionCounty.CreateAsync(provider, "teachers-import");
        await using var _db = db;
        var ids = await TeachersAsync(db);

        // The 骨干 file first: the roster's "是否骨干 = 是" is checked against it.
        var key = await ImportAsync(db, TeacherImportKind.KeyTitle, "骨干.csv", KeyFile);
        Assert.True(key.Ok, string.Join("\n", key.Errors));
        Assert.Equal((2, 2, 0, true), (key.Rows, key.Inserted, key.Unchanged, key.Written));
        var dry = await ImportAsync(db, TeacherImportKind.Rotation, "交流.csv", RotationFile, dryRun: true);
        Assert.Equal((5, 5, false), (dry.Rows, dry.Inserted, dry.Written));
        Assert.Equal(0, await db.TeacherRotations.CountAsync());
        var rotation = await ImportAsync(db, TeacherImportKind.Rotation, "交流.csv", RotationFile);
        Assert.True(rotation.Ok, string.Join("\n", rotation.Errors));
        Assert.Equal((5, 5, 0), (rotation.Rows, rotation.Inserted, rotation.Unchanged));
        var qualification = await ImportAsync(db, TeacherImportKind.Qualification, "资格.csv", QualificationFile);
        Assert.Equal((6, 6), (qualification.Rows, qualification.Inserted));
        var title = await ImportAsync(db, TeacherImportKind.Title, "职称.csv", TitleFile);
        Assert.Equal((3, 3), (title.Rows, title.Inserted));

        // Re-importing each file: nothing new, every row counted as already there, no batch written.
        foreach (var (kind, csv, rows) in new[] { (TeacherImportKind.KeyTitle, KeyFile, 2), (TeacherImportKind.Rotation, RotationFile, 5),
                     (TeacherImportKind.Qualification, QualificationFile, 6), (TeacherImportKind.Title, TitleFile, 3) })
        {
            var again = await ImportAsync(db, kind, "again.csv", csv);
            Assert.Equal((rows, 0, rows, false), (again.Rows, again.Inserted, again.Unchanged, again.Written));
        }
        Assert.Equal(4, await db.TrainingImports.CountAsync());
        Assert.Equal(5, await db.TeacherRotations.CountAsync(r => r.State == RotationState.Completed && r.ImportId != null));

        // Registry summaries: T0's latest 职称 is 高级 (2022), T1 一级 (小学高级教师), T6 unchanged 二级; T0 县级骨干.
        var staff = await db.Staff.AsNoTracking().ToDictionaryAsync(s => s.Id);
        Assert.Equal((Title.SubSenior, Title.First, Title.Second), (staff[ids[0]].Title, staff[ids[1]].Title, staff[ids[6]].Title));
        Assert.Equal(KeyTeacherLevel.County, staff[ids[0]].KeyTeacherLevel);
        Assert.Null(staff[ids[2]].KeyTeacherLevel);

        var f = await CountTeacherFigures.HandleAsync(db, db.Schools, [Year],
            [TeacherFigure.FullTimeTeachers, TeacherFigure.Certified, TeacherFigure.RotationEligible, TeacherFigure.Rotated, TeacherFigure.RotatedKey], Rules);
        // G12 by hand: T0–T3 (小学) and T5 (初中 covers 小学) = 5 of 7 专任教师; T4 (幼儿园) and T6 (none) not.
        Assert.Equal((7, 5), (f.Get(TeacherFigure.FullTimeTeachers, 1, Year), f.Get(TeacherFigure.Certified, 1, Year)));
        // G11 by hand: 7 eligible (14 years at school 1, 在编, born 1985); rotated 5 (T0–T4, all counted kinds);
        // 骨干 among them T0 only (县级; T2's 校级 title is below 县级, teachers.md §2/§7) ⇒ 5 ÷ 7 = 71.43 %, 1 ÷ 5 = 20.00 %.
        Assert.Equal((7, 5, 1), (f.Get(TeacherFigure.RotationEligible, 1, Year), f.Get(TeacherFigure.Rotated, 1, Year), f.Get(TeacherFigure.RotatedKey, 1, Year)));
        var report = await GetRotationReport.HandleAsync(db, new GetRotationReport.Query("652302", Year, Year), Rules);
        var county = report.Years.Single(y => y.Year == Year).County;
        Assert.Equal((71.43m, 20.00m, true, true), (county.Share!.Value, county.KeyShare!.Value, county.ShareMet, county.KeyShareMet));

        // Roll-back of the certificate batch removes its 6 records, and G12 falls to 0 (no record, registry flag false).
        var removed = await RollBackTrainingImport.HandleAsync(db, qualification.ImportId!.Value);
        Assert.Equal(6, removed);
        Assert.Equal(0, await db.TeacherQualifications.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_bad_row_refuses_the_file_naming_row_and_column_and_nothing_is_written(string provider)
    {
        var (db, setting) = await SupervisionCounty.CreateAsync(provider, "teachers-import-bad");
        await using var _db = db;
        await TeachersAsync(db);
        // Row 3: a school code that does not exist; row 4: an unknown 交流方式; row 5: 是否骨干 = 是 without any 骨干 record.
        const string roster = """
            工号,姓名,学年,原学校标识码,交流学校标识码,交流方式,开始日期,结束日期,是否骨干
            T0,教师0,2024-2025,2100000001,2100000002,支教,2024-09-02,2025-07-10,否
            T1,教师1,2024-2025,2100000001,2100000009,支教,2024-09-02,2025-07-10,否
            T2,教师2,2024-2025,2100000001,2100000002,调岗,2024-09-02,2025-07-10,否
            T3,教师3,2024-2025,2100000001,2100000002,支教,2024-09-02,2025-07-10,是
            """;
        var outcome = await ImportAsync(db, TeacherImportKind.Rotation, "交流名单.csv", roster);
        Assert.False(outcome.Ok);
        Assert.False(outcome.Written);
        Assert.Equal(["交流名单.csv 第3行“交流学校标识码”列，值“2100000009”：没有此学校标识码的学校",
            "交流名单.csv 第4行“交流方式”列，值“调岗”：应为 交流、支教、走教 或 集团内交流",
            "交流名单.csv 第5行“是否骨干”列，值“是”：教师3 没有县级及以上骨干教师记录（请先导入骨干教师称号或在教职工信息中登记）"],
            outcome.Errors.Select(e => e.Message));
        Assert.Equal(0, await db.TeacherRotations.CountAsync());
        Assert.Equal(0, await db.TrainingImports.CountAsync());

        // One bad certificate row (a type outside 第四条's list) refuses the good rows too.
        var certificates = await ImportAsync(db, TeacherImportKind.Qualification, "资格.csv", "工号,资格种类\nT0,小学\nT1,大学助教\n");
        Assert.Equal([(3, "资格种类")], certificates.Errors.Select(e => (e.Row, e.Column)));
        Assert.Equal(0, await db.TeacherQualifications.CountAsync());
        Assert.False((await db.Staff.SingleAsync(s => s.StaffNumber == "T0")).TeacherCertificate);

        // A missing required column stops at the header.
        var header = await ImportAsync(db, TeacherImportKind.Title, "职称.csv", "工号,职称\nT0,一级\n");
        Assert.Equal("职称.csv 第1行：缺少“聘任日期”列", Assert.Single(header.Errors).Message);

        // Scope in the data layer: a user of school 2 cannot reach school 1's teacher (no write, the same message as an unknown 工号).
        await using var school2 = SupervisionCounty.Scoped(setting, 2);
        var scoped = await ImportAsync(school2, TeacherImportKind.Title, "职称.csv", "工号,职称,聘任日期\nT0,一级,2020-09-01\n");
        Assert.Equal("职称.csv 第2行“工号”列，值“T0”：没有此工号的教职工（或不在您的管理范围内）", Assert.Single(scoped.Errors).Message);
        Assert.Equal(0, await db.TeacherTitleAppointments.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Rolling_back_a_batch_restores_the_summaries_it_raised_unless_changed_since(string provider)
    {
        var (db, _) = await SupervisionCounty.CreateAsync(provider, "teachers-rollback-summary");
        await using var _db = db;
        var ids = await TeachersAsync(db);
        // Before: all seven 二级, no 骨干 level, no 教师资格 flag (TeachersAsync).
        var key = await ImportAsync(db, TeacherImportKind.KeyTitle, "骨干.csv", KeyFile);
        var title = await ImportAsync(db, TeacherImportKind.Title, "职称.csv", TitleFile);
        var qualification = await ImportAsync(db, TeacherImportKind.Qualification, "资格.csv", QualificationFile);
        Assert.True(key.Written && title.Written && qualification.Written);
        async Task<Dictionary<int, Staff>> StaffAsync()
        {
            db.ChangeTracker.Clear();
            return await db.Staff.AsNoTracking().ToDictionaryAsync(s => s.Id);
        }
        var s = await StaffAsync();
        Assert.Equal((Title.SubSenior, Title.First, KeyTeacherLevel.County, 2023), (s[ids[0]].Title, s[ids[1]].Title, s[ids[0]].KeyTeacherLevel!.Value, s[ids[0]].KeyTeacherYear!.Value));
        Assert.Equal(6, s.Values.Count(x => x.TeacherCertificate));

        // After the 职称 batch, T1 gets a later appointment on the form (高级, 2024-09-01): that change owns T1's 职称 now.
        await RecordTitleAppointmentHandler.HandleAsync(db, new RecordTitleAppointment(ids[1], Title.SubSenior, new DateOnly(2024, 9, 1)));

        // Roll-back of the 职称 batch: T0 back to 二级 (the value kept with the batch); T1 keeps 高级 (changed since).
        Assert.Equal(3, await RollBackTrainingImport.HandleAsync(db, title.ImportId!.Value));
        s = await StaffAsync();
        Assert.Equal((Title.Second, Title.SubSenior, Title.Second), (s[ids[0]].Title, s[ids[1]].Title, s[ids[6]].Title));
        // Roll-back of the 骨干 batch: T0 has no 骨干 level again (none before); of the 教师资格 batch: no flag left (none before).
        Assert.Equal(2, await RollBackTrainingImport.HandleAsync(db, key.ImportId!.Value));
        Assert.Equal(6, await RollBackTrainingImport.HandleAsync(db, qualification.ImportId!.Value));
        s = await StaffAsync();
        Assert.Equal((null, null), (s[ids[0]].KeyTeacherLevel, s[ids[0]].KeyTeacherYear));
        Assert.Equal(0, s.Values.Count(x => x.TeacherCertificate));
    }

    /// <summary>
    /// Three 中职 teachers at school 1 (V0, V1 专业课; V2 公共课 — not a 认定对象, teachers.md §8), each with a 2024 census
    /// snapshot (双师型 false). The 双师型 share (<see cref="GetQualifications"/>, from the census snapshots the plan's 双师型比例 reads).
    /// </summary>
    private static async Task<List<int>> VocationalAsync(EduDb db)
    {
        var ids = new List<int>();
        foreach (var (no, subjects) in new[] { ("V0", "专业课：汽车运用与维修"), ("V1", "专业课：电子商务"), ("V2", "语文") })
        {
            var s = new Staff
            {
                StaffNumber = no,
                Name = "职教" + no,
                EthnicityCode = "01",
                SchoolId = 1,
                Sex = Sex.Male,
                BirthDate = new DateOnly(1988, 5, 1),
                PostType = PostType.FullTimeTeacher,
                Establishment = Establishment.Permanent,
                StageTaught = Stage.Vocational,
                Subjects = subjects,
                Title = Title.First,
                HireDate = new DateOnly(2012, 9, 1),
            };
            db.Staff.Add(s);
            await db.SaveChangesAsync();
            db.StaffYears.Add(new StaffYear
            {
                StaffId = s.Id,
                Year = Year,
                SchoolId = 1,
                PostType = PostType.FullTimeTeacher,
                Establishment = Establishment.Permanent,
                StageTaught = Stage.Vocational,
                Subjects = subjects,
            });
            await db.SaveChangesAsync();
            ids.Add(s.Id);
        }
        return ids;
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Dual_qualified_file_feeds_the_share_a_bad_row_is_named_and_reimport_changes_nothing(string provider)
    {
        var (db, _) = await SupervisionCounty.CreateAsync(provider, "teachers-dual");
        await using var _db = db;
        await VocationalAsync(db);
        async Task<decimal?> ShareAsync()
        {
            db.ChangeTracker.Clear();
            return (await GetQualifications.HandleAsync(db, new GetQualifications.Query("652302", Year), Rules)).County.DualShare;
        }
        Assert.Equal(0.00m, await ShareAsync());

        // Bad: row 3 is V2, a 公共课 teacher (not a 认定对象); row 4 an unknown level. Nothing is written.
        const string bad = """
            工号,姓名,认定级别,认定日期,有效期至,认定机构
            V0,职教V0,中级,2023-06-01,,自治区教育厅
            V2,职教V2,初级,2023-06-01,,自治区教育厅
            V1,职教V1,特级,2023-06-01,,自治区教育厅
            """;
        var refused = await ImportAsync(db, TeacherImportKind.Dual, "双师型.csv", bad);
        Assert.Equal(["双师型.csv 第3行“工号”列，值“V2”：职教V2 不是中职专业课教师：“双师型”认定对象为专业课教师（含实习指导教师，teachers.md §8）",
            "双师型.csv 第4行“认定级别”列，值“特级”：应为 初级、中级 或 高级"], refused.Errors.Select(e => e.Message));
        Assert.Equal(0, await db.DualQualifiedCertifications.CountAsync());

        // Good: V0 中级 since 2023-06-01 (covers the 2024 census date 2024-09-30); V1 初级 since 2024-12-01 (after it).
        const string good = """
            工号,姓名,双师型级别,认定时间,有效期至,认定单位
            V0,职教V0,中级,2023-06-01,2028-05-31,自治区教育厅
            V1,职教V1,初级双师型教师,2024-12-01,,自治区教育厅
            """;
        var imported = await ImportAsync(db, TeacherImportKind.Dual, "双师型.csv", good);
        Assert.True(imported.Ok, string.Join("\n", imported.Errors));
        Assert.Equal((2, 2, 0, true), (imported.Rows, imported.Inserted, imported.Unchanged, imported.Written));
        // 2024 share by hand: 专业课 teachers V0, V1 = 2; 双师型 at the census date V0 only ⇒ 1 ÷ 2 = 50.00 %.
        Assert.Equal(50.00m, await ShareAsync());
        // Both registry flags raised (both 认定 hold today).
        Assert.Equal(2, await db.Staff.CountAsync(s => s.DualQualified));

        var again = await ImportAsync(db, TeacherImportKind.Dual, "双师型.csv", good);
        Assert.Equal((2, 0, 2, false), (again.Rows, again.Inserted, again.Unchanged, again.Written));

        // Roll-back: both records gone, the flags and the 2024 snapshot back to false, the share back to 0.
        Assert.Equal(2, await RollBackTrainingImport.HandleAsync(db, imported.ImportId!.Value));
        Assert.Equal(0.00m, await ShareAsync());
        Assert.Equal(0, await db.Staff.CountAsync(s => s.DualQualified));
    }

    // 校长任职 (one row a 届; 3-year terms in the shipped standards, rotation.principalTermYears [unverified]; pool date 2024-09-01):
    // T0 校长 at school 1, two terms 2018-09-01..2021-08-31 and 2021-09-01..2024-08-31: the second is full exactly on the
    //    pool date (anniversary 2024-09-01, ended the day before) ⇒ 2 full terms ⇒ in the pool.
    // T1 副校长 at school 1 from 2018-09-02: the second term's anniversary is 2024-09-02, one day after ⇒ 1 full term ⇒ not.
    // T3 副校长 at school 2 2015-09-01..2018-08-31, then at school 1 from 2018-09-01 (open): 2 full terms, but 1 at school 1
    //    (the one at school 2 ended in 2018, no post there now) ⇒ not ("在同一学校", teachers.md §2).
    private const string PrincipalFile = """
        工号,姓名,学校标识码,职务,任职开始,任职结束
        T0,教师0,2100000001,校长,2018-09-01,2021-08-31
        T0,教师0,2100000001,校长,2021-09-01,2024-08-31
        T1,教师1,2100000001,副校长,2018-09-02,2021-09-01
        T1,教师1,2100000001,副校长,2021-09-02,
        T3,教师3,2100000002,副校长,2015-09-01,2018-08-31
        T3,教师3,2100000001,副校长,2018-09-01,
        """;

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Principals_with_two_full_terms_at_the_school_join_the_rotation_pool(string provider)
    {
        var (db, _) = await SupervisionCounty.CreateAsync(provider, "teachers-principals");
        await using var _db = db;
        var ids = await TeachersAsync(db);

        // A bad file: T2's two rows overlap (row 3), row 4 names a post outside 校长/副校长; nothing written.
        var bad = await ImportAsync(db, TeacherImportKind.Principal, "校长.csv",
            "工号,学校标识码,职务,任职开始,任职结束\nT2,2100000001,校长,2019-09-01,2022-08-31\nT2,2100000001,校长,2022-08-01,\nT4,2100000001,书记,2019-09-01,\n");
        Assert.Equal(["校长.csv 第3行“任职开始”列，值“2022-08-01”：与第2行是同一人的任职，任期重叠", "校长.csv 第4行“职务”列，值“书记”：应为 校长 或 副校长"],
            bad.Errors.Select(e => e.Message));
        Assert.Equal(0, await db.PrincipalTerms.CountAsync());

        var imported = await ImportAsync(db, TeacherImportKind.Principal, "校长.csv", PrincipalFile);
        Assert.True(imported.Ok, string.Join("\n", imported.Errors));
        Assert.Equal((6, 6, true), (imported.Rows, imported.Inserted, imported.Written));
        var again = await ImportAsync(db, TeacherImportKind.Principal, "校长.csv", PrincipalFile);
        Assert.Equal((6, 0, 6, false), (again.Rows, again.Inserted, again.Unchanged, again.Written));

        var report = await GetRotationReport.HandleAsync(db, new GetRotationReport.Query("652302", Year, Year), Rules);
        Assert.Equal([(ids[0], 2, true), (ids[1], 1, false), (ids[3], 1, false)], report.Principals.Select(p => (p.StaffId, p.FullTerms, p.Eligible)));
        Assert.Equal(1, report.PrincipalsEligible);
        Assert.Equal("在本校任满 2 届（自 2018-09-01）", report.Principals[0].Reason);
        Assert.Equal("在本校任满 1 届（须满 2 届，每届 3 年）", report.Principals[1].Reason);
        // The teachers' G11 figures do not change: the principals' pool is beside the 专任教师 pool (7 eligible, as without terms).
        Assert.Equal(7, report.Years.Single().County.Eligible);

        // A form entry for T4 overlapping nothing is saved at T4's school; one overlapping T0's term is refused.
        await RecordPrincipalTermHandler.HandleAsync(db, new RecordPrincipalTerm(ids[4], PrincipalPost.VicePrincipal, new DateOnly(2023, 9, 1), null));
        var overlap = await Assert.ThrowsAsync<RuleException>(() => RecordPrincipalTermHandler.HandleAsync(db, new RecordPrincipalTerm(ids[0], PrincipalPost.Principal, new DateOnly(2024, 3, 1), null)));
        Assert.Equal("教师0 已有 2021-09-01 起的校长任职，任期重叠", overlap.Message);
        Assert.Equal(6, await RollBackTrainingImport.HandleAsync(db, imported.ImportId!.Value));
        Assert.Equal(1, await db.PrincipalTerms.CountAsync());
    }

    // 县管校聘 2024-2025 (teachers.md §3 [unverified mechanics]; docs/adr/0037). 岗位数 entered: school 1 → 4, school 2 → 2,
    // school 3 → 0. T0–T3 本校聘任 at school 1 (4 of 4 posts); T4 落聘 → 跨校竞聘 at school 2; T5 落聘 → 组织调剂 to school 2
    // (2 posts, 1 taken by T4 ⇒ a vacancy); T6 待岗培训. All from 2024-09-01.
    private const string HiringFile = """
        工号,姓名,学年,竞聘学校标识码,竞聘结果,聘任学校标识码,生效日期
        T0,教师0,2024-2025,2100000001,本校聘任,,2024-09-01
        T1,教师1,2024-2025,2100000001,聘任,,2024-09-01
        T2,教师2,2024-2025,2100000001,本校聘任,2100000001,2024-09-01
        T3,教师3,2024-2025,2100000001,本校聘任,,2024-09-01
        T4,教师4,2024-2025,2100000001,跨校竞聘,2100000002,2024-09-01
        T5,教师5,2024-2025,2100000001,组织调剂,2100000002,2024-09-01
        T6,教师6,2024-2025,2100000001,待岗培训,,2024-09-01
        """;

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task County_managed_hiring_results_move_posts_and_count_per_school(string provider)
    {
        var (db, _) = await SupervisionCounty.CreateAsync(provider, "teachers-hiring");
        await using var _db = db;
        var ids = await TeachersAsync(db);
        foreach (var (code, posts) in new[] { ("2100000001", 4), ("2100000002", 2), ("2100000003", 0) })
        {
            await SetHiringPostsHandler.HandleAsync(db, new SetHiringPosts(code, Year, posts));
        }

        // A bad file: row 2 调剂 to school 3 (0 posts), row 3 待岗培训 with a school, row 4 a date outside the year; nothing written.
        var bad = await ImportAsync(db, TeacherImportKind.Hiring, "竞聘.csv",
            "工号,学年,竞聘学校标识码,竞聘结果,聘任学校标识码,生效日期\nT5,2024-2025,2100000001,组织调剂,2100000003,2024-09-01\nT6,2024-2025,2100000001,待岗培训,2100000002,2024-09-01\nT0,2024-2025,2100000001,本校聘任,,2025-09-01\n");
        Assert.Equal([
            "竞聘.csv 第2行“聘任学校标识码”列，值“2100000003”：学校3 在 2024-2025 学年没有空岗（岗位数 0，已聘 0），不能组织调剂到该校",
            "竞聘.csv 第3行“聘任学校标识码”列，值“2100000002”：待岗培训不填聘任学校",
            "竞聘.csv 第4行“生效日期”列，值“2025-09-01”：生效日期不在 2024-2025 学年内（2024-09-01 至 2025-08-31）",
        ], bad.Errors.Select(e => e.Message));
        Assert.Equal(0, await db.HiringResults.CountAsync());
        Assert.Equal(7, await db.Staff.CountAsync(s => s.SchoolId == 1));

        var imported = await ImportAsync(db, TeacherImportKind.Hiring, "竞聘.csv", HiringFile);
        Assert.True(imported.Ok, string.Join("\n", imported.Errors));
        Assert.Equal((7, 7, true), (imported.Rows, imported.Inserted, imported.Written));
        var again = await ImportAsync(db, TeacherImportKind.Hiring, "竞聘.csv", HiringFile);
        Assert.Equal((7, 0, 7, false), (again.Rows, again.Inserted, again.Unchanged, again.Written));

        // T4 and T5 moved: the assignment at school 1 ends 2024-08-31, one at school 2 begins 2024-09-01 (reason 县管校聘).
        foreach (var id in new[] { ids[4], ids[5] })
        {
            var a = await db.StaffAssignments.Where(x => x.StaffId == id).OrderBy(x => x.From).Select(x => new { x.SchoolId, x.From, x.To, x.Reason }).ToListAsync();
            Assert.Equal([(1, new DateOnly(2010, 9, 1), (DateOnly?)new DateOnly(2024, 8, 31), (string?)null), (2, new DateOnly(2024, 9, 1), null, "县管校聘")],
                a.Select(x => (x.SchoolId, x.From, x.To, x.Reason)));
            Assert.Equal(2, (await db.Staff.SingleAsync(s => s.Id == id)).SchoolId);
        }

        // Per school by hand: school 1 posts 4, stood 7, hired 4, 跨校 out 1, 调剂 out 1, 待岗 1, vacancies 4 − 4 = 0;
        // school 2 posts 2, 跨校 in 1, 调剂 in 1, vacancies 2 − 0 − 1 − 1 = 0; school 3 posts 0 (entered), nothing else.
        var report = await GetHiringReport.HandleAsync(db, new GetHiringReport.Query("652302", Year), Rules);
        Assert.Equal([
            new HiringSchoolRow(1, "学校1", 4, true, 7, 4, 1, 0, 1, 0, 1, 0),
            new HiringSchoolRow(2, "学校2", 2, true, 0, 0, 0, 1, 0, 1, 0, 0),
            new HiringSchoolRow(3, "学校3", 0, true, 0, 0, 0, 0, 0, 0, 0, 0),
        ], report.Schools);
        Assert.Equal(new HiringSchoolRow(null, "合计", 6, true, 7, 4, 1, 1, 1, 1, 1, 0), report.County);
        Assert.Equal(7, report.Results.Count);

        // The rotation report: the 县管校聘 counts beside it, not inside the 10 % (docs/adr/0037); the pool sees the moves:
        // T4 and T5 are no longer at school 1 on the pool date 2024-09-01 ⇒ 符合交流条件 7 − 2 = 5.
        var rotation = await GetRotationReport.HandleAsync(db, new GetRotationReport.Query("652302", Year, Year), Rules);
        Assert.Equal(new HiringSummary(7, 4, 1, 1, 1, 2, false), rotation.Hiring);
        Assert.Equal(5, rotation.Years.Single().County.Eligible);
        Assert.Equal(0, rotation.Years.Single().County.Rotated);

        // The batch moved posts: not rolled back whole.
        var refused = await Assert.ThrowsAsync<RuleException>(() => RollBackTrainingImport.HandleAsync(db, imported.ImportId!.Value));
        Assert.Contains("不能整批回滚", refused.Message, StringComparison.Ordinal);
    }
}
