using EduCounty.Common;
using EduCounty.Plan;
using EduCounty.Registry;

namespace EduCounty.Tests.Plan;

/// <summary>
/// A hand-built county small enough to count on paper; every expected element value in the tests is summed by hand
/// from the rows below (see the comments).
/// </summary>
internal static class SmallCounty
{
    public const string County = "652302";
    public const string TownA = "652302001";
    public const string TownB = "652302101";

    public static async Task<EduDb> CreateAsync(string provider, string name)
    {
        var setting = await TestDatabases.CreateEmptyAsync(provider, name);
        var db = Database.Open(setting);
        db.Actor = "test";
        var open = new DateOnly(2000, 9, 1);
        School S(int id, SchoolType type, string town, Ownership own = Ownership.Public, bool inclusive = true, int? parent = null,
            bool language = true, int? digital = School.DigitalCampusNotReached, DateOnly? opened = null) => new()
            {
                Id = id,
                Code = $"21{id:D8}",
                Name = $"学校{id}",
                Type = type,
                Ownership = own,
                Inclusive = inclusive,
                CountyCode = County,
                TownshipCode = town,
                ParentSchoolId = parent,
                IsTeachingPoint = parent is not null,
                NationalLanguage = language,
                DigitalCampusYear = digital,
                OpenedOn = opened ?? open,
            };
        db.Schools.AddRange(
            S(1, SchoolType.Kindergarten, TownA),
            S(2, SchoolType.Kindergarten, TownB, Ownership.Private, inclusive: true),
            S(3, SchoolType.Kindergarten, TownB, Ownership.Private, inclusive: false),
            S(5, SchoolType.Primary, TownA, digital: 2021),
            S(6, SchoolType.Junior, TownB, language: false),
            S(7, SchoolType.Vocational, TownA),
            S(8, SchoolType.Special, TownA),
            S(9, SchoolType.Primary, TownB, digital: 2022, opened: new DateOnly(2022, 9, 1)));
        await db.SaveChangesAsync();
        db.Schools.Add(S(4, SchoolType.Kindergarten, TownB, parent: 1)); // 教学点 of school 1
        await db.SaveChangesAsync();

        var id = 1;
        GradeEnrolment E(int school, int year, string grade, Sex sex, int students, int entrants = 0, int fresh = 0, int graduates = 0) => new()
        {
            Id = id++,
            SchoolId = school,
            Year = year,
            Grade = grade,
            Sex = sex,
            Students = students,
            NewEntrants = entrants,
            FreshGraduateEntrants = fresh,
            Graduates = graduates,
        };
        db.GradeEnrolments.AddRange(
            E(1, 2020, "K1", Sex.Male, 30), E(1, 2020, "K2", Sex.Female, 20),
            E(2, 2020, "K1", Sex.Male, 10),
            E(3, 2020, "K3", Sex.Male, 7),
            E(4, 2020, "K1", Sex.Male, 5),
            E(5, 2020, "P1", Sex.Male, 40, entrants: 38), E(5, 2020, "P1", Sex.Female, 35, entrants: 35), E(5, 2020, "P6", Sex.Male, 30),
            E(6, 2020, "J1", Sex.Male, 50), E(6, 2020, "J3", Sex.Male, 60, graduates: 55),
            E(7, 2020, "S1", Sex.Male, 40, entrants: 40, fresh: 33), E(7, 2020, "S2", Sex.Male, 30),
            E(8, 2020, "X1", Sex.Male, 8),
            E(5, 2021, "P1", Sex.Male, 45, entrants: 45));

        YearlyStatistic Y(int year, string key, double value) => new() { DivisionCode = County, Year = year, Key = key, Value = value, Source = "测试" };
        db.YearlyStatistics.AddRange(
            Y(2012, "intake.primaryGrade1", 80),
            Y(2020, "intake.primaryGrade1", 999), // records exist for 2020: must not be used
            Y(2020, "enrolment.adultSenior", 3),
            Y(2020, "population.disabledCompulsoryAge", 4));

        AgePopulation P(string division, int age, int count) => new() { DivisionCode = division, Year = 2020, Age = age, Count = count };
        db.AgePopulations.AddRange(
            P(County, 3, 20), P(County, 4, 25), P(County, 5, 30), P(County, 6, 10),
            P(County, 15, 22), P(County, 16, 23), P(County, 17, 25),
            P(TownA, 3, 10), P(TownA, 4, 10), P(TownA, 5, 10));

        Student St(int sid, int school, string grade, DisabilityType? disability)
        {
            var st = new Student
            {
                Id = sid,
                StudentNumber = $"G{sid}",
                StudentNumberHash = $"h{sid}",
                Name = $"学生{sid}",
                EthnicityCode = "01",
                SchoolId = school,
                Grade = grade,
                BirthDate = new DateOnly(2012, 1, 1),
                EnrolledOn = new DateOnly(2020, 9, 1),
            };
            st.SetDisability(TestDatabases.Protector, disability);
            return st;
        }
        db.Students.AddRange(
            St(1, 5, "P1", DisabilityType.Hearing),
            St(2, 8, "X1", DisabilityType.Intellectual),
            St(3, 6, "J3", null),
            St(4, 1, "K1", DisabilityType.Visual)); // a child in kindergarten is not of compulsory age
        await db.SaveChangesAsync();
        db.StudentYears.AddRange(
            new StudentYear { StudentId = 1, Year = 2020, SchoolId = 5, Grade = "P1" },
            new StudentYear { StudentId = 2, Year = 2020, SchoolId = 8, Grade = "X1" },
            new StudentYear { StudentId = 3, Year = 2020, SchoolId = 6, Grade = "J3" },
            new StudentYear { StudentId = 4, Year = 2020, SchoolId = 1, Grade = "K1" });

        Staff T(int sid, int school) => new() { Id = sid, StaffNumber = $"T{sid}", Name = $"教师{sid}", EthnicityCode = "01", SchoolId = school };
        db.Staff.AddRange(T(1, 7), T(2, 7), T(3, 5), T(4, 5), T(5, 5));
        await db.SaveChangesAsync();
        StaffYear SY(int sid, int school, PostType post, Establishment est, Stage? stage, bool dual, bool mandarin) => new()
        {
            StaffId = sid,
            Year = 2020,
            SchoolId = school,
            PostType = post,
            Establishment = est,
            StageTaught = stage,
            DualQualified = dual,
            MandarinMeetsStandard = mandarin,
        };
        db.StaffYears.AddRange(
            SY(1, 7, PostType.FullTimeTeacher, Establishment.Permanent, Stage.Vocational, dual: true, mandarin: true),
            SY(2, 7, PostType.FullTimeTeacher, Establishment.Contract, Stage.Vocational, dual: false, mandarin: false),
            SY(3, 5, PostType.FullTimeTeacher, Establishment.Permanent, Stage.Primary, dual: false, mandarin: true),
            SY(4, 5, PostType.FullTimeTeacher, Establishment.Permanent, Stage.Primary, dual: false, mandarin: false),
            SY(5, 5, PostType.Administrative, Establishment.Permanent, null, dual: false, mandarin: true));
        await db.SaveChangesAsync();
        return db;
    }

    /// <summary>A two-indicator plan over the small county.</summary>
    public static PlanDocument Plan() => new(
        1, "small-2021-2025", County, "小县", "小县规划", new PlanPeriod(2021, 2025), 2020, null, null,
        new IndicatorTable("主要指标", "2020年", "652300", "州"),
        [
            new PlanIndicator("preschool.enrolment", "学前教育", "在园幼儿数", "在园幼儿数(人)", "人", IndicatorKind.Expected, 72m, null, 100m,
                TargetComparator.Reach, null, Formula: new PlanIndicatorFormula("#{enrolment.preschool}", null, 1m, 0)),
            new PlanIndicator("vocational.dual", "职业教育", "双师型比例", "双师型比例(%)", "%", IndicatorKind.Binding, 50m, null, 60m,
                TargetComparator.AtLeast, null, Formula: new PlanIndicatorFormula("#{teachers.vocational.dual_qualified}", "#{teachers.vocational}", 100m, 2)),
        ],
        [], [], [], [], []);
}
