using EduCounty.Common;
using EduCounty.Registry;
using EduCounty.Teachers;
using EduCounty.Tests.Supervision;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Tests.Teachers;

/// <summary>
/// The reference's worked rules (shared/reference/teachers.md §1 cycle, §2 pool and shares, §7 骨干) through the database
/// figures (<see cref="CountTeacherFigures"/>, the same ones 优质均衡 G9/G11 read) and the per-teacher rules, on SQLite
/// and PostgreSQL. Three primary schools (SupervisionCounty); school year 2024 (1 September 2024 = the pool date).
/// </summary>
public sealed class TeachersDatabaseTests
{
    private const int Year = 2024;
    private const string County = "652302";
    private static readonly TeacherRules Rules = TeacherRules.National;

    private static async Task<int> TeacherAsync(EduDb db, string number, int school, DateOnly atSchoolSince, DateOnly? born = null, Sex sex = Sex.Male,
        Establishment establishment = Establishment.Permanent, DateOnly? hired = null, KeyTeacherLevel? key = null, int? previousSchool = null)
    {
        var s = new Staff
        {
            StaffNumber = number,
            Name = "教师" + number,
            EthnicityCode = "01",
            SchoolId = school,
            Sex = sex,
            BirthDate = born ?? new DateOnly(1985, 3, 1),
            PostType = PostType.FullTimeTeacher,
            Establishment = establishment,
            StageTaught = Stage.Primary,
            HireDate = hired ?? atSchoolSince,
        };
        db.Staff.Add(s);
        await db.SaveChangesAsync();
        if (previousSchool is { } p)
        {
            db.StaffAssignments.Add(new StaffAssignment { StaffId = s.Id, SchoolId = p, From = s.HireDate, To = atSchoolSince.AddDays(-1) });
        }
        db.StaffAssignments.Add(new StaffAssignment { StaffId = s.Id, SchoolId = school, From = atSchoolSince });
        db.StaffYears.Add(new StaffYear
        {
            StaffId = s.Id,
            Year = Year,
            SchoolId = school,
            PostType = PostType.FullTimeTeacher,
            Establishment = establishment,
            StageTaught = Stage.Primary,
            KeyTeacherLevel = key,
            TeacherCertificate = true,
        });
        await db.SaveChangesAsync();
        return s.Id;
    }

    private static Task<TeacherFigureSet> FiguresAsync(EduDb db, params TeacherFigure[] wanted) =>
        CountTeacherFigures.HandleAsync(db, db.Schools, [Year], wanted, Rules);

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_pool_counts_six_full_years_at_the_school_and_leaves_out_the_exempt(string provider)
    {
        var (db, _) = await SupervisionCounty.CreateAsync(provider, "teachers-pool");
        await using var _db = db;
        // Cutoff: 2024-09-01 − 6 years = 2018-09-01 (teachers.md §2: 在现所在学校连续任教6年及以上).
        var exactly = await TeacherAsync(db, "A", 1, new DateOnly(2018, 9, 1));
        var dayShort = await TeacherAsync(db, "B", 1, new DateOnly(2018, 9, 2));
        // Near retirement: male 60 − 5 years ⇒ born on or before 1969-09-01 is exempt; a day later is not.
        var retiring = await TeacherAsync(db, "C", 1, new DateOnly(2005, 9, 1), born: new DateOnly(1969, 9, 1));
        var notYet = await TeacherAsync(db, "D", 1, new DateOnly(2005, 9, 1), born: new DateOnly(1969, 9, 2));
        // Female 55 − 5 ⇒ born on or before 1974-09-01 is exempt.
        var woman = await TeacherAsync(db, "E", 1, new DateOnly(2005, 9, 1), born: new DateOnly(1974, 9, 1), sex: Sex.Female);
        var pregnant = await TeacherAsync(db, "F", 1, new DateOnly(2010, 9, 1), sex: Sex.Female);
        var contract = await TeacherAsync(db, "G", 1, new DateOnly(2010, 9, 1), establishment: Establishment.Contract);
        // Came from school 2 on 2020-09-01: only the years at the current school count.
        var moved = await TeacherAsync(db, "H", 1, new DateOnly(2020, 9, 1), hired: new DateOnly(2008, 9, 1), previousSchool: 2);
        await RecordRotationExemptionHandler.HandleAsync(db, new RecordRotationExemption(pregnant, Year, "pregnancy", "孕期"), Rules);

        // By hand: A (exactly 6 years) and D (a day too young for the exemption) are eligible; 2 of 8.
        var f = await FiguresAsync(db, TeacherFigure.RotationEligible);
        Assert.Equal(2, f.Get(TeacherFigure.RotationEligible, 1, Year));
        var pool = await ListRotationPool.HandleAsync(db, 1, Year, Rules);
        var eligible = pool.Where(p => p.Verdict.Eligible).Select(p => p.StaffId).Order().ToArray();
        Assert.Equal(new[] { exactly, notYet }.Order().ToArray(), eligible);
        Assert.Contains("不满 6 年", pool.Single(p => p.StaffId == dayShort).Verdict.Reason, StringComparison.Ordinal);
        Assert.Contains("不满 6 年", pool.Single(p => p.StaffId == moved).Verdict.Reason, StringComparison.Ordinal);
        Assert.False(pool.Single(p => p.StaffId == retiring).Verdict.Eligible);
        Assert.False(pool.Single(p => p.StaffId == woman).Verdict.Eligible);
        Assert.False(pool.Single(p => p.StaffId == pregnant).Verdict.Eligible);
        Assert.DoesNotContain(pool, p => p.StaffId == contract && p.Verdict.Eligible);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_cycle_counts_hours_across_a_transfer_and_new_teachers_owe_their_share(string provider)
    {
        var (db, _) = await SupervisionCounty.CreateAsync(provider, "teachers-cycle");
        await using var _db = db;
        // Moved from school 1 to school 2 on 2022-09-01; hours at both schools count (rolling window 2020–2024, §1).
        var moved = await TeacherAsync(db, "M", 2, new DateOnly(2022, 9, 1), hired: new DateOnly(2012, 9, 1), previousSchool: 1);
        var short1 = await TeacherAsync(db, "S", 2, new DateOnly(2012, 9, 1));
        // Hired 2022-09-01 (school year 2022): owes 3 of 5 years = 360 × 3 ÷ 5 = 216 学时.
        var fresh = await TeacherAsync(db, "N", 2, new DateOnly(2022, 9, 1));
        var freshShort = await TeacherAsync(db, "P", 2, new DateOnly(2022, 9, 1));
        async Task Train(int staff, DateOnly start, double hours) =>
            await RecordTrainingHandler.HandleAsync(db, new RecordTraining(staff, "国培计划", AuthorityLevel.National, TrainingMode.Centralised,
                start, start.AddDays(29), hours, null, null, null, null), Rules);
        await Train(moved, new DateOnly(2019, 10, 8), 100);   // school year 2019: outside the window
        await Train(moved, new DateOnly(2020, 10, 8), 120);   // at school 1
        await Train(moved, new DateOnly(2021, 10, 8), 80);    // at school 1
        await Train(moved, new DateOnly(2023, 10, 8), 160);   // at school 2: 120 + 80 + 160 = 360
        await Train(short1, new DateOnly(2021, 10, 8), 359.5);
        await Train(fresh, new DateOnly(2023, 3, 8), 216);
        await Train(freshShort, new DateOnly(2023, 3, 8), 215);

        Assert.Equal(360, Rules.RequiredHours(new DateOnly(2012, 9, 1), Year));
        Assert.Equal(216, Rules.RequiredHours(new DateOnly(2022, 9, 1), Year));
        var f = await FiguresAsync(db, TeacherFigure.CycleComplete);
        // By hand: M (360 ≥ 360) and N (216 ≥ 216) complete; S (359.5) and P (215) not: 2 of 4 at school 2.
        Assert.Equal(2, f.Get(TeacherFigure.CycleComplete, 2, Year));
        Assert.Equal(4, f.Get(TeacherFigure.FullTimeTeachers, 2, Year));
        var report = await GetTrainingReport.HandleAsync(db, new GetTrainingReport.Query(County, Year), Rules);
        Assert.Equal((4, 2, 50.00m), (report.County.Teachers, report.County.Complete, report.County.CompleteRate!.Value));
        Assert.Equal(new[] { freshShort, short1 }.Order(), report.Behind.Select(b => b.StaffId).Order());
        Assert.Equal(0.5, report.Behind.Single(b => b.StaffId == short1).Shortfall);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_key_teacher_share_is_of_those_rotated_and_counts_started_or_completed_only(string provider)
    {
        var (db, _) = await SupervisionCounty.CreateAsync(provider, "teachers-key-share");
        await using var _db = db;
        var ids = new List<int>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add(await TeacherAsync(db, "R" + i, 1, new DateOnly(2010, 9, 1), key: i == 0 ? KeyTeacherLevel.County : null));
        }
        // A 学科带头人 (county) valid at the start counts as 骨干; a 校级 title does not (minimum 县级, teachers.md §7 / G11).
        await RecordKeyTeacherTitleHandler.HandleAsync(db, new RecordKeyTeacherTitle(ids[1], KeyTitleKind.SubjectLeader, AuthorityLevel.County, "语文", "市教育局",
            new DateOnly(2023, 5, 1), new DateOnly(2026, 4, 30)));
        await RecordKeyTeacherTitleHandler.HandleAsync(db, new RecordKeyTeacherTitle(ids[2], KeyTitleKind.KeyTeacher, AuthorityLevel.School, "数学", "学校",
            new DateOnly(2023, 5, 1), null));
        var start = new DateOnly(2024, 9, 2);
        foreach (var (staff, i) in ids.Select((s, i) => (s, i)))
        {
            db.TeacherRotations.Add(new TeacherRotation
            {
                StaffId = staff,
                Year = Year,
                FromSchoolId = 1,
                ToSchoolId = 2 + (i % 2),
                Kind = i % 2 == 0 ? RotationKind.SupportTeaching : RotationKind.ItinerantTeaching,
                StartDate = start,
                EndDate = new DateOnly(2025, 7, 10),
                // 5 started or completed; one still planned, one cancelled: not rotated (§2 counts who rotated).
                State = i switch { 5 => RotationState.Planned, 6 => RotationState.Cancelled, 4 => RotationState.Completed, _ => RotationState.Started },
            });
        }
        await db.SaveChangesAsync();

        var f = await FiguresAsync(db, TeacherFigure.Rotated, TeacherFigure.RotatedKey);
        // By hand: rotated 5 (R0–R4); 骨干 among them R0 (registry 县级) and R1 (县级学科带头人) = 2; 2 ÷ 5 = 40 % ≥ 20 %.
        Assert.Equal(5, f.Get(TeacherFigure.Rotated, 1, Year));
        Assert.Equal(2, f.Get(TeacherFigure.RotatedKey, 1, Year));
        var report = await GetRotationReport.HandleAsync(db, new GetRotationReport.Query(County, Year, Year), Rules);
        var county = report.Years.Single(y => y.Year == Year).County;
        // Eligible: all 7 (14 years at school 1, born 1985, 在编, 小学); 5 ÷ 7 = 71.43 %; ⌈7 × 10 %⌉ = 1 required.
        Assert.Equal((7, 5, 2, 71.43m, 40.00m), (county.Eligible, county.Rotated, county.RotatedKey, county.Share!.Value, county.KeyShare!.Value));
        Assert.Equal((true, true, 1), (county.ShareMet, county.KeyShareMet, county.RequiredRotations));
        // Plan task 33 reading: ⌈5 rotated × 20 %⌉ = 1 骨干 required.
        Assert.Equal(1, county.RequiredKey);
    }
}
