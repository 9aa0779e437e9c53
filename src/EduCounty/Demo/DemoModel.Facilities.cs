using EduCounty.Common;
using EduCounty.Registry;

namespace EduCounty.Demo;

internal sealed partial class DemoModel
{
    private readonly Dictionary<int, Facility> _baseline = [];

    // Design capacity of the schools the plan builds (专栏: 城南/城北幼儿园 720 学位, 第七小学/第五中学 3240 学位).
    private static readonly Dictionary<string, int> Capacity = new()
    {
        ["城南幼儿园"] = 360,
        ["城北幼儿园"] = 360,
        ["第七小学"] = 1620,
        ["第五中学"] = 1620,
    };

    /// <summary>Per-student norms at factor 1 (compulsory stages: the 优质均衡 L4–L7 thresholds, balance-rules.md §2.1).</summary>
    private static (double Teaching, double Sports, double Equipment, double MediaPer100, double Books) Norm(Stage stage) => stage switch
    {
        Stage.Preschool => (6.0, 4.0, 900, 0, 10),
        Stage.Primary => (4.5, 7.5, 2000, 2.3, 30),
        Stage.Junior => (5.8, 10.2, 2500, 2.4, 40),
        Stage.Senior => (7.5, 11.0, 4000, 2.6, 50),
        Stage.Vocational => (9.0, 9.0, 9000, 2.5, 30),
        _ => (25.0, 15.0, 6000, 5, 20),
    };

    private void BuildFacilities(int year)
    {
        var byStage = StudentsByStage(year);
        foreach (var school in OpenSchools(year).Where(s => !s.IsTeachingPoint))
        {
            var stages = byStage.Where(p => p.Key.School == school.Id || Schools.Any(c => c.ParentSchoolId == school.Id && c.Id == p.Key.School))
                .GroupBy(p => p.Key.Stage).ToDictionary(g => g.Key, g => g.Sum(x => x.Value));
            if (!_baseline.TryGetValue(school.Id, out var f))
            {
                var spec = _specById[school.Id];
                if (Capacity.TryGetValue(spec.Name, out var cap))
                {
                    stages = new Dictionary<Stage, int> { [school.Type == SchoolType.Kindergarten ? Stage.Preschool : school.Type == SchoolType.Primary ? Stage.Primary : Stage.Junior] = cap };
                }
                f = _baseline[school.Id] = Baseline(school, spec, stages);
            }
            var growth = Math.Pow(1.04, year - _o.FirstYear);
            var row = new Facility
            {
                Id = Ids.Facility++,
                SchoolId = school.Id,
                Year = year,
                LandM2 = f.LandM2,
                BuildingM2 = f.BuildingM2,
                TeachingAreaM2 = f.TeachingAreaM2,
                IndoorSportsM2 = f.IndoorSportsM2,
                AdministrativeM2 = f.AdministrativeM2,
                LivingM2 = f.LivingM2,
                SportsAreaM2 = f.SportsAreaM2,
                EquipmentValueYuan = Math.Round(f.EquipmentValueYuan * growth, 0),
                MultimediaClassrooms = Math.Max(f.MultimediaClassrooms, (int)Math.Round(f.MultimediaClassrooms * (1 + (0.03 * (year - _o.FirstYear))))),
                Computers = (int)Math.Round(f.Computers * growth),
                Books = (int)Math.Round(f.Books * Math.Pow(1.02, year - _o.FirstYear)),
                MusicRooms = f.MusicRooms,
                MusicRoomsM2 = f.MusicRoomsM2,
                ArtRooms = f.ArtRooms,
                ArtRoomsM2 = f.ArtRoomsM2,
                BandwidthMbps = Math.Min(1000, f.BandwidthMbps * (1 << Math.Min(3, year - _o.FirstYear))),
            };
            ApplyProjects(school, year, row);
            Facilities.Add(row);
            var students = stages.Sum(p => p.Value);
            // 生均公用经费: national 基准定额 小学 650、初中 850 (raised locally), 特教 6000 → 7000 元; schools under 100 funded as 100.
            double perStudent(Stage s) => s switch
            {
                Stage.Preschool => 700,
                Stage.Primary => 800,
                Stage.Junior => 1000,
                Stage.Senior => 1200,
                Stage.Vocational => 1500,
                _ => year >= 2022 ? 7000 : 6000,
            };
            var funds = stages.Sum(p => perStudent(p.Key) * p.Value);
            if (students is > 0 and < 100 && school.Type != SchoolType.Special)
            {
                funds = funds / students * 100;
            }
            Finances.Add(new Finance
            {
                Id = Ids.Finance++,
                SchoolId = school.Id,
                Year = year,
                PublicFundsYuan = Math.Round(funds, 0),
                TeacherTrainingYuan = Math.Round(funds * 0.05, 0),
            });
        }
    }

    private Facility Baseline(School school, SchoolSpec spec, Dictionary<Stage, int> stages)
    {
        double F(Weakness w, double weakFactor) => spec.Weak.HasFlag(w) ? weakFactor : 1.1 + (_r.NextDouble() * 0.5);
        var area = F(Weakness.TeachingArea, 0.9);
        var sports = F(Weakness.SportsArea, 0.7);
        var equip = F(Weakness.Equipment, 0.8);
        var media = F(Weakness.Multimedia, 0.75);
        var books = 1.0 + (_r.NextDouble() * 0.6);
        double teaching = 0, indoor = 0, field = 0, equipment = 0, rooms = 0, bookCount = 0, computers = 0;
        foreach (var (stage, n) in stages)
        {
            var norm = Norm(stage);
            // 室内体育用房 is part of 教学及辅助用房 (balance-rules.md §2.1 note a): add it on top of L4's norm.
            var indoorPer = spec.Weak.HasFlag(Weakness.SportsArea) || stage == Stage.Preschool ? 0 : 0.4;
            teaching += ((norm.Teaching * area) + indoorPer) * n;
            indoor += indoorPer * n;
            field += ((norm.Sports * sports) - indoorPer) * n;
            equipment += norm.Equipment * equip * n;
            rooms += norm.MediaPer100 * media * n / 100;
            bookCount += norm.Books * books * n;
            computers += (stage == Stage.Preschool ? 0.02 : 0.14) * n;
        }
        var classes = Math.Max(1, (int)Math.Ceiling(stages.Sum(p => p.Value) / 45.0));
        var artRooms = (int)Math.Ceiling(classes / 12.0);
        var musicArtWeak = spec.Weak.HasFlag(Weakness.MusicArt);
        var compulsory = stages.Keys.Any(s => s is Stage.Primary or Stage.Junior);
        return new Facility
        {
            TeachingAreaM2 = Math.Round(teaching, 1),
            IndoorSportsM2 = Math.Round(indoor, 1),
            SportsAreaM2 = Math.Round(Math.Max(field, 0), 1),
            AdministrativeM2 = Math.Round(teaching * 0.15, 1),
            LivingM2 = Math.Round(teaching * (school.Boarding ? 0.45 : 0.1), 1),
            BuildingM2 = Math.Round(teaching * (school.Boarding ? 1.75 : 1.3), 1),
            LandM2 = Math.Round((teaching * 1.4) + field, 1),
            EquipmentValueYuan = Math.Round(equipment, 0),
            MultimediaClassrooms = (int)Math.Ceiling(rooms),
            Computers = (int)Math.Round(computers),
            Books = (int)Math.Round(bookCount),
            // G3: one music and one art room per 12 classes, ≥ 96 / 90 ㎡ each.
            MusicRooms = compulsory ? (musicArtWeak ? Math.Max(0, artRooms - 1) : artRooms) : 0,
            MusicRoomsM2 = compulsory ? (musicArtWeak ? 80 : 100) : 0,
            ArtRooms = compulsory ? (musicArtWeak ? Math.Max(0, artRooms - 1) : artRooms) : 0,
            ArtRoomsM2 = compulsory ? (musicArtWeak ? 76 : 92) : 0,
            BandwidthMbps = school.Locality == Locality.Rural ? 100 : 200,
        };
    }

    /// <summary>The plan's 改善办学条件 projects, completed in the years below (专栏 基础设施建设项目).</summary>
    private void ApplyProjects(School school, int year, Facility row)
    {
        var name = _specById[school.Id].Name;
        // 风雨操场: 第三中学、九运街中学、第一小学、厦门实验小学、滋泥泉子小学, 9,927 ㎡ in all (done 2023).
        var hall = name switch
        {
            "第三中学" => 2600.0,
            "九运街中学" => 1700.0,
            "第一小学" => 2200.0,
            "厦门实验小学" => 1800.0,
            "滋泥泉子小学" => 1627.0,
            _ => 0,
        };
        if (hall > 0 && year >= 2023)
        {
            row.IndoorSportsM2 += hall;
            row.TeachingAreaM2 += hall;
            row.BuildingM2 += hall;
        }
        // 400 米塑胶运动场: 滋泥泉子中学 and 九运街中学 (done 2022; a 400 m track field ≈ 10,000 ㎡ of 运动场地).
        if (name is "九运街中学" or "滋泥泉子中学" && year >= 2022)
        {
            row.SportsAreaM2 += 10_000;
            row.LandM2 += 10_000;
        }
        // 改扩建教学楼: 第五小学、滋泥泉子小学、第三小学, 11,600 ㎡ (done 2024).
        var wing = name switch
        {
            "第五小学" => 5200.0,
            "滋泥泉子小学" => 3000.0,
            "第三小学" => 3400.0,
            _ => 0,
        };
        if (wing > 0 && year >= 2024)
        {
            row.TeachingAreaM2 += wing;
            row.BuildingM2 += wing;
        }
    }

    // ---------------------------------------------------------------- population and yearly statistics

    // 巩固率 by census year: J3(y) / P1 intake (y − 8); 2023 dips under the 99.5 target (约束性).
    private static readonly double[] RetentionPath = [1.0998, 1.064, 1.031, 0.992, 1.006, 1.013];

    // 一般公共预算教育支出 (万元): up every year except 2022, when it fell (a finding for “两个只增不减”, task 45).
    private static readonly double[] EducationBudgetWan = [58_600, 60_300, 59_800, 61_900, 63_700, 65_400];

    private void BuildPopulationAndStatistics()
    {
        var county = _o.CountyCode;
        var studentsById = Students.ToDictionary(s => s.Id);
        var townWeights = DemoSchools.Townships.Select(t => t.Locality switch { Locality.Urban => 6.0, Locality.Town => 2.0, _ => 1.0 }).ToArray();
        for (var y = _o.FirstYear; y <= _o.LastYear; y++)
        {
            var i = Index(y);
            var rows = StudentYears.Where(s => s.Year == y).ToList();
            var byAge = _population[y];
            for (var age = 0; age <= 18; age++)
            {
                Population.Add(new AgePopulation { Id = Ids.Population++, DivisionCode = county, Year = y, Age = age, Count = byAge[age] });
                var split = Allocate(byAge[age], townWeights);
                for (var t = 0; t < split.Length; t++)
                {
                    Population.Add(new AgePopulation { Id = Ids.Population++, DivisionCode = county + DemoSchools.Townships[t].Suffix, Year = y, Age = age, Count = split[t] });
                }
            }
            Stat(y, "enrolment.adultSenior", Scaled(AdultSenior[i]), "成人高中在校生数（教育事业统计）");
            var home = Scaled(HomeTeachingPath[i]);
            Stat(y, "enrolment.homeTeaching", home, "送教上门学生数（教育事业统计，特殊教育）");
            // 适龄残疾儿童少年 (残联 data, 6—15周岁): every one in school or taught at home, except one child in 2023 and 2024.
            var disabled = rows.Count(s => studentsById[s.StudentId] is { Disabled: true } st && (Grades.IsCompulsory(s.Grade) || s.Grade[0] == 'X')
                && y - st.BirthDate.Year - (st.BirthDate.Month > 8 ? 1 : 0) is >= 6 and <= 15); // 周岁 on 31 August (docs/adr/0027)
            Stat(y, "population.disabledCompulsoryAge", disabled + home + (y is 2023 or 2024 ? 1 : 0), "适龄残疾儿童少年数（残联）");
            Stat(y, "salary.teacherAverage", Math.Round(Scaled(98_200) * Math.Pow(1.033, y - 2020)), "教师年平均工资收入（元）");
            Stat(y, "salary.civilServantAverage", Math.Round(Scaled(97_800) * Math.Pow(1.034, y - 2020) + (y == 2022 ? 900 : 0)), "当地公务员年平均工资收入（元）");
            var budget = Math.Round(EducationBudgetWan[i] * _o.Scale);
            Stat(y, "finance.budgetEducation", budget, "一般公共预算教育支出（万元，财政决算）");
            Stat(y, "finance.fiscalEducation", Math.Round(budget * 1.06), "国家财政性教育经费（万元，教育经费统计）");
            Stat(y, "finance.gdp", Math.Round(3_420_000 * _o.Scale * Math.Pow(1.055, y - 2020)), "地区生产总值（万元，统计公报）");
            var j3 = rows.Count(s => s.Grade == "J3");
            var intakeYear = y - 8;
            var intake = Exact && y == 2020 ? Intake2012 : (int)Math.Round(j3 / RetentionPath[i]);
            Stat(intakeYear, "intake.primaryGrade1", intake, "小学一年级招生数（教育事业统计，历年）");
        }
        // Grade-1 intake of the years around those needed (2011, 2018, 2019) for completeness.
        var known = Statistics.Where(s => s.Key == "intake.primaryGrade1").ToDictionary(s => s.Year, s => s.Value);
        if (known.Count > 0)
        {
            Stat(_o.FirstYear - 9, "intake.primaryGrade1", Math.Round(known[_o.FirstYear - 8] * 0.98), "小学一年级招生数（教育事业统计，历年）");
            for (var y = _o.LastYear - 7; y < _o.FirstYear; y++)
            {
                Stat(y, "intake.primaryGrade1", Math.Round(known[_o.LastYear - 8] * (1 + (0.01 * (y - _o.LastYear + 8)))), "小学一年级招生数（教育事业统计，历年）");
            }
        }
    }

    private void Stat(int year, string key, double value, string source) =>
        Statistics.Add(new YearlyStatistic { Id = Ids.Statistic++, DivisionCode = _o.CountyCode, Year = year, Key = key, Value = value, Source = source });
}
