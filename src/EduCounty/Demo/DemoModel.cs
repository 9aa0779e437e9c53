using EduCounty.Common;
using EduCounty.Common.Protection;
using EduCounty.Registry;
using EduCounty.Security;

namespace EduCounty.Demo;

/// <summary>Options of the demo generator. The defaults give 阜康市 with the plan's own 2020 figures.</summary>
public sealed record DemoOptions
{
    public string CountyCode { get; init; } = "652302";
    public string CountyName { get; init; } = "阜康市";
    public int FirstYear { get; init; } = 2020;
    public int LastYear { get; init; } = 2025;
    /// <summary>Size relative to 阜康市 (1.0 ≈ 25,000 students).</summary>
    public double Scale { get; init; } = 1.0;
    public int Seed { get; init; } = DemoCounty.DefaultSeed;
    /// <summary>Reproduce the plan's 2020 column exactly (only meaningful for 阜康市 at scale 1).</summary>
    public bool PlanFigures { get; init; } = true;
    /// <summary>Write the county and township divisions (off when a caller wrote them already).</summary>
    public bool WriteDivisions { get; init; } = true;
    /// <summary>Generate 体质健康测试 and 视力筛查 results (off for the many-county benchmark regions).</summary>
    public bool Fitness { get; init; } = true;
}

/// <summary>
/// The figures of the plan's 主要指标 table (2020 column) that the demo county reproduces from records
/// and statistics (shared/seed: 在园幼儿 0.5669 万人, 义务教育 1.5083 万人, 高中阶段 0.4119 万人, 特教 86 人,
/// 入园率 99, 公办园占比 96, 普惠覆盖 100, 巩固率 109.98, 毛入学率 96.18, 升学率 97.11, 双师型 62.24,
/// 普通话达标率 89.42). Each pair below was chosen so that the ratio, rounded to 2 decimals, is the plan's. 特殊教育 86 =
/// 45 特教学校 + 35 随班就读 + 6 送教上门 (docs/adr/0027).
/// </summary>
public static class PlanFigures2020
{
    public const int Preschool = 5669;
    public const int PreschoolPrivate = 227;          // 公办 5442 / 5669 = 95.996 % → 96.00
    public const int Compulsory = 15083;
    public const int SeniorStage = 4119;
    public const int Special = 86;
    public const int PopulationAge3To5 = 5726;        // 5669 / 5726 = 99.005 % → 99.00
    public const int AdultSenior = 7;                 // 成人高中 (part of 高中阶段 by the official definition)
    public const int PopulationAge15To17 = 4290;      // (4119 + 7) / 4290 = 96.177 % → 96.18
    public const int JuniorGraduates = 1420;          // summer 2020 初中毕业生
    public const int FreshGraduateEntrants = 1379;    // 1379 / 1420 = 97.113 % → 97.11
    public const int VocationalTeachers = 140;        // 中职专任教师: 1649 students / 140 = 生师比 11.8
    public const int ProfessionalTeachers = 98;       // of them 专业课 (the 双师型 denominator, docs/adr/0027)
    public const int DualQualified = 61;              // 61 / 98 = 62.245 % → 62.24
    public const int PermanentTeachers = 1635;
    public const int MandarinMeeting = 1462;          // 1462 / 1635 = 89.419 % → 89.42
    public const double RetentionRate = 109.98;       // J3 (2020) / P1 intake (2012)
}

/// <summary>Builds one county in memory: schools, students with their 学籍异动, staff, census, facilities, population.</summary>
internal sealed partial class DemoModel
{
    private readonly DemoOptions _o;
    private readonly PersonalDataProtector _protector;
    private readonly Random _r;
    private readonly Dictionary<DateOnly, int> _idSequence = [];

    public DemoModel(DemoOptions options, PersonalDataProtector protector, DemoIds ids)
    {
        _o = options;
        _protector = protector;
        _r = new Random(options.Seed);
        Ids = ids;
    }

    public DemoIds Ids { get; }
    public List<Division> Divisions { get; } = [];
    public List<EducationGroup> Groups { get; } = [];
    public List<School> Schools { get; } = [];
    public List<SchoolAffiliation> Affiliations { get; } = [];
    public List<SchoolClass> Classes { get; } = [];
    public List<Student> Students { get; } = [];
    public List<StudentYear> StudentYears { get; } = [];
    public List<GradeEnrolment> Enrolments { get; } = [];
    public List<Staff> Staff { get; } = [];
    public List<StaffYear> StaffYears { get; } = [];
    public List<Facility> Facilities { get; } = [];
    public List<EduCounty.Forecast.Birth> BirthCounts { get; } = [];
    public List<Finance> Finances { get; } = [];
    public List<AgePopulation> Population { get; } = [];
    public List<YearlyStatistic> Statistics { get; } = [];

    private readonly Dictionary<string, SchoolSpec> _specOf = [];
    private readonly Dictionary<int, SchoolSpec> _specById = [];

    private bool Exact => _o.PlanFigures && Math.Abs(_o.Scale - 1.0) < 1e-9;

    private int Scaled(int n) => Exact ? n : (int)Math.Round(n * _o.Scale);

    public DemoModel Build()
    {
        BuildDivisionsAndSchools();
        BuildPopulation();
        BuildInitialStudents();
        for (var y = _o.FirstYear; y <= _o.LastYear; y++)
        {
            if (y > _o.FirstYear)
            {
                Transition(y - 1);
            }
            Census(y);
            BuildStaffYear(y);
            BuildFacilities(y);
        }
        BuildCensusAggregates();
        BuildPopulationAndStatistics();
        BuildBirths();
        BuildFitness();
        return this;
    }

    // ---------------------------------------------------------------- divisions and schools

    private void BuildDivisionsAndSchools()
    {
        if (_o.WriteDivisions)
        {
            Divisions.Add(new Division { Id = Ids.Division++, Code = _o.CountyCode, Name = _o.CountyName, Level = 3, ParentCode = _o.CountyCode[..4] + "00" });
            foreach (var t in DemoSchools.Townships)
            {
                Divisions.Add(new Division { Id = Ids.Division++, Code = _o.CountyCode + t.Suffix, Name = t.Name, Level = 4, ParentCode = _o.CountyCode });
            }
        }
        var groupIds = new Dictionary<string, int>();
        foreach (var g in DemoSchools.All.Select(s => s.Group).OfType<string>().Distinct())
        {
            var group = new EducationGroup { Id = Ids.Group++, Name = _o.CountyName + g, CountyCode = _o.CountyCode };
            Groups.Add(group);
            groupIds[g] = group.Id;
        }
        var seq = new Dictionary<string, int>();
        foreach (var spec in DemoSchools.All)
        {
            var category = SchoolCode.CategoryFor(spec.Type);
            seq[category] = seq.GetValueOrDefault(category) + 1;
            var township = DemoSchools.Townships[spec.Township];
            var parent = spec.Parent is null ? null : Schools.Single(s => s.Name.EndsWith(spec.Parent, StringComparison.Ordinal));
            var opened = spec.OpenYear is { } oy ? new DateOnly(oy, 9, 1) : new DateOnly(1950 + _r.Next(0, 60), 9, 1);
            var school = new School
            {
                Id = Ids.School++,
                // 学校标识码 = 类别码 + 省码 65 + county digits + sequence (codes.md §2).
                Code = $"{category}{_o.CountyCode[..2]}{_o.CountyCode[2..6]}{seq[category]:D2}",
                Name = spec.Parent is null ? _o.CountyName + spec.Name : $"{_o.CountyName}{spec.Parent}{spec.Name}",
                Type = spec.Type,
                Ownership = spec.Ownership,
                Inclusive = spec.Inclusive,
                Locality = spec.Locality,
                CountyCode = _o.CountyCode,
                TownshipCode = _o.CountyCode + township.Suffix,
                EducationGroupId = spec.Group is null ? null : groupIds[spec.Group],
                ParentSchoolId = parent?.Id,
                IsTeachingPoint = parent is not null,
                Boarding = spec.Boarding,
                NationalLanguage = true,
                OpenedOn = opened,
                Address = $"{_o.CountyName}{township.Name}",
            };
            Schools.Add(school);
            _specOf[school.Name] = spec;
            _specById[school.Id] = spec;
            if (school.EducationGroupId is { } gid)
            {
                Affiliations.Add(new SchoolAffiliation
                {
                    Id = Ids.Affiliation++,
                    SchoolId = school.Id,
                    EducationGroupId = gid,
                    EffectiveFrom = new DateOnly(Math.Max(2018, opened.Year), 9, 1),
                    Reason = "集团化办学",
                });
            }
            if (parent is not null)
            {
                Affiliations.Add(new SchoolAffiliation
                {
                    Id = Ids.Affiliation++,
                    SchoolId = school.Id,
                    ParentSchoolId = parent.Id,
                    EffectiveFrom = opened,
                    Reason = "教学点隶属",
                });
            }
        }
        // 数字校园: none reached in 2020 (the plan prints "/"), then school by school (task 46).
        foreach (var s in Schools.Where(s => !s.IsTeachingPoint && s.Type != SchoolType.Kindergarten))
        {
            s.DigitalCampusYear = 2021 + _r.Next(0, 6);
        }
    }

    private IEnumerable<School> OpenSchools(int year) =>
        Schools.Where(s => s.IsOpenOn(new SchoolYear(year).CensusDate));

    // ---------------------------------------------------------------- allocation helpers

    /// <summary>Splits a total among weights by largest remainder (exact, deterministic).</summary>
    internal static int[] Allocate(int total, IReadOnlyList<double> weights)
    {
        var sum = weights.Sum();
        var result = new int[weights.Count];
        if (total <= 0 || sum <= 0)
        {
            return result;
        }
        var rema = new (double Rem, int Index)[weights.Count];
        var given = 0;
        for (var i = 0; i < weights.Count; i++)
        {
            var exact = total * weights[i] / sum;
            result[i] = (int)Math.Floor(exact);
            given += result[i];
            rema[i] = (exact - result[i], i);
        }
        foreach (var (_, i) in rema.OrderByDescending(x => x.Rem).ThenBy(x => x.Index).Take(total - given))
        {
            result[i]++;
        }
        return result;
    }

    /// <summary>Rounds half away from zero, as statistics tables do.</summary>
    internal static double Round2(double v) => Math.Round(v, 2, MidpointRounding.AwayFromZero);

    /// <summary>
    /// Finds a 初中毕业班 headcount near <paramref name="near"/> and a grade-1 intake nine years earlier whose
    /// ratio rounds to the plan's 巩固率.
    /// </summary>
    internal static (int J3, int Intake) SolveRetention(int near, double rate)
    {
        for (var d = 0; d < 200; d++)
        {
            foreach (var n in new[] { near - d, near + d })
            {
                var i = (int)Math.Round(n / (rate / 100));
                for (var k = -1; k <= 1; k++)
                {
                    if (Round2(n * 100.0 / (i + k)) == rate)
                    {
                        return (n, i + k);
                    }
                }
            }
        }
        throw new InvalidOperationException("找不到满足巩固率的整数组合");
    }
}

/// <summary>Next free ids, so that several counties can be generated into one database.</summary>
internal sealed class DemoIds
{
    public int Division { get; set; } = 1;
    public int Group { get; set; } = 1;
    public int School { get; set; } = 1;
    public int Affiliation { get; set; } = 1;
    public int Class { get; set; } = 1;
    public int Student { get; set; } = 1;
    public int Change { get; set; } = 1;
    public int StudentYear { get; set; } = 1;
    public int Enrolment { get; set; } = 1;
    public int Staff { get; set; } = 1;
    public int Assignment { get; set; } = 1;
    public int StaffYear { get; set; } = 1;
    public int Facility { get; set; } = 1;
    public int Finance { get; set; } = 1;
    public int Population { get; set; } = 1;
    public int Birth { get; set; } = 1;
    public int Statistic { get; set; } = 1;
    public int FitnessTest { get; set; } = 1;
    public int Vision { get; set; } = 1;
}
