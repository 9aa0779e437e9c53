using EduCounty.Common;
using EduCounty.Registry;
using EduCounty.Security;

namespace EduCounty.Demo;

internal sealed partial class DemoModel
{
    // Stage totals per year follow the population (DemoModel.Population); 2020 is the plan's column.
    // Share of last summer's 初中毕业生 entering 高中阶段 in the county (升学率 path toward the 98.5 target).
    private static readonly double[] TransitionPath = [0.9711, 0.9745, 0.977, 0.9800, 0.9830, 0.9855];

    /// <summary>Reasons of 义务教育 dropouts, each naming its 三避免 cause (dropout-prevention.md §3).</summary>
    private static readonly string[] DropoutReasons =
    [
        "厌学辍学（避免因学习困难或厌学而辍学）",
        "家庭经济困难辍学（避免因贫失学辍学）",
        "上学路远辍学（避免因上学远上学难而辍学）",
    ];

    /// <summary>随班就读 children with a disability among the 2020 compulsory students (with 45 特教学校 and 6 送教上门: the plan's 86).</summary>
    private const int RegularSchoolDisabled2020 = 35;

    private readonly Dictionary<int, List<(string Grade, int Count)>> _initial = [];
    private readonly List<Student> _enrolled = [];

    private void BuildInitialStudents()
    {
        var y = _o.FirstYear;
        var open = OpenSchools(y).ToList();
        var kg = open.Where(s => s.Type == SchoolType.Kindergarten).ToList();
        var kgPublic = kg.Where(s => s.Ownership == Ownership.Public).ToList();
        var kgPrivate = kg.Where(s => s.Ownership == Ownership.Private).ToList();

        var kGrades = Allocate(PreschoolTotal(y), [0.326, 0.333, 0.341]);
        var privByGrade = Allocate(Scaled(PlanFigures2020.PreschoolPrivate), [0.326, 0.333, 0.341]);
        for (var g = 0; g < 3; g++)
        {
            Place(kgPublic, s => _specById[s.Id].Weight, Grades.Preschool[g], kGrades[g] - privByGrade[g]);
            Place(kgPrivate, s => _specById[s.Id].Weight, Grades.Preschool[g], privByGrade[g]);
        }

        // 义务教育: 10,460 小学 + 4,623 初中 = 15,083; J3 chosen so that J3 / P1(2012) rounds to 109.98.
        var p = new[] { 1800, 1780, 1760, 1740, 1700, 1680 }.Select(Scaled).ToArray();
        var j = new[] { 1580, 1540, 1503 }.Select(Scaled).ToArray();
        if (Exact)
        {
            var (j3, intake) = SolveRetention(j[2], PlanFigures2020.RetentionRate);
            j[1] += j[2] - j3;
            j[2] = j3;
            Intake2012 = intake;
        }
        var prim = open.Where(s => s.Type is SchoolType.Primary or SchoolType.NineYear).ToList();
        for (var g = 0; g < 6; g++)
        {
            Place(prim, s => _specById[s.Id].Weight, Grades.Primary[g], p[g]);
        }
        var jun = open.Where(s => s.Type is SchoolType.Junior or SchoolType.NineYear or SchoolType.Complete).ToList();
        for (var g = 0; g < 3; g++)
        {
            Place(jun, s => _specById[s.Id].JuniorWeight, Grades.Junior[g], j[g]);
        }
        // 高中阶段 4,119 = 普高 2,470 + 中职 1,649.
        var general = open.Where(s => s.Type is SchoolType.Senior or SchoolType.Complete).ToList();
        var voc = open.Where(s => s.Type is SchoolType.Vocational or SchoolType.Technical).ToList();
        int[] gs = [850, 820, 800];
        int[] vs = [570, 550, 529];
        for (var g = 0; g < 3; g++)
        {
            Place(general, s => _specById[s.Id].SeniorWeight, Grades.Senior[g], Scaled(gs[g]));
            Place(voc, s => _specById[s.Id].SeniorWeight, Grades.Senior[g], Scaled(vs[g]));
        }
        var special = open.Where(s => s.Type == SchoolType.Special).ToList();
        var x = Allocate(SpecialSchoolTotal(y), [8, 9, 10, 10, 10, 10, 10, 10, 9]);
        for (var g = 0; g < 9; g++)
        {
            Place(special, _ => 1, Grades.Special[g], x[g]);
        }

        foreach (var (schoolId, list) in _initial)
        {
            var school = Schools.First(s => s.Id == schoolId);
            foreach (var (grade, count) in list)
            {
                for (var i = 0; i < count; i++)
                {
                    NewStudent(school, grade, y, entrant: Grades.IsEntryGrade(grade),
                        enrolledOn: new DateOnly(y - (Grades.Order(grade) % 10) + 1, 9, 1));
                }
            }
        }
        // 随班就读: 35 children with a disability in ordinary compulsory classes.
        foreach (var st in _enrolled.Where(s => Grades.IsCompulsory(s.Grade)).OrderBy(_ => _r.Next()).Take(Scaled(RegularSchoolDisabled2020)))
        {
            st.SetDisability(_protector, DisabilityOf());
        }
    }

    public int Intake2012 { get; private set; }

    private void Place(List<School> schools, Func<School, double> weight, string grade, int total)
    {
        var w = schools.Select(weight).ToArray();
        var counts = Allocate(total, w);
        for (var i = 0; i < schools.Count; i++)
        {
            if (counts[i] == 0)
            {
                continue;
            }
            if (!_initial.TryGetValue(schools[i].Id, out var list))
            {
                _initial[schools[i].Id] = list = [];
            }
            list.Add((grade, counts[i]));
        }
    }

    private DisabilityType DisabilityOf() => _r.NextDouble() switch
    {
        < 0.45 => DisabilityType.Intellectual,
        < 0.60 => DisabilityType.Hearing,
        < 0.70 => DisabilityType.Visual,
        < 0.85 => DisabilityType.Multiple,
        < 0.95 => DisabilityType.Physical,
        _ => DisabilityType.Mental,
    };

    /// <summary>Age at the census for the first grade of each stage.</summary>
    private static int EntryAge(string grade) => grade[0] switch
    {
        'K' => 3,
        'P' => 6,
        'J' => 12,
        'S' => 15,
        _ => 7,
    };

    private Student NewStudent(School school, string grade, int year, bool entrant, DateOnly? enrolledOn = null)
    {
        var sex = _r.NextDouble() < 0.515 ? Sex.Male : Sex.Female;
        var eth = DemoNames.Ethnicity(_r);
        var age = EntryAge(grade) + (Grades.Order(grade) % 10) - 1 + (_r.NextDouble() < 0.05 ? 1 : 0)
            + (grade[0] == 'X' ? _r.Next(0, 3) : 0);
        // Born between 1 Sep (year - age - 1) and 31 Aug (year - age): age `age` at the census.
        var birth = new DateOnly(year - age - 1, 9, 1).AddDays(_r.Next(0, 365));
        var id = NewIdNumber(birth, sex);
        var (display, hash, cipher) = StudentNumbers.Protect(_protector, "G" + id);
        var rural = school.Locality != Locality.Urban;
        var st = new Student
        {
            Id = Ids.Student++,
            StudentNumber = display,
            StudentNumberHash = hash,
            StudentNumberCipher = cipher,
            IdNumberCipher = _protector.Encrypt(id),
            IdNumberHash = _protector.LookupHash(id),
            Name = DemoNames.Name(_r, sex, eth),
            Sex = sex,
            BirthDate = birth,
            EthnicityCode = eth,
            Hukou = rural || _r.NextDouble() < 0.3 ? Hukou.Agricultural : Hukou.NonAgricultural,
            MigrantChild = !rural && _r.NextDouble() < 0.08,
            LeftBehindChild = rural && _r.NextDouble() < 0.06,
            SchoolId = school.Id,
            School = school,
            Grade = grade,
            EnrolledOn = enrolledOn ?? new DateOnly(year, 9, 1),
        };
        // Drawn in the order they always were (the demo is deterministic); stored encrypted (docs/adr/0024).
        var hardship = _r.NextDouble() < 0.05 ? (FinancialHardship)DemoNames.Pick(_r, new[] { 1, 2, 3, 4, 9 }) : (FinancialHardship?)null;
        DisabilityType? disability = school.Type == SchoolType.Special ? DisabilityOf() : null;
        st.SetHardship(_protector, hardship);
        st.SetDisability(_protector, disability);
        st.Changes.Add(new StatusChange
        {
            Id = Ids.Change++,
            StudentId = st.Id,
            Type = StatusChangeType.Enrolment,
            Date = st.EnrolledOn,
            ToSchoolId = school.Id,
            Grade = grade,
            Reason = entrant ? "新生入学" : "建档",
        });
        Students.Add(st);
        _enrolled.Add(st);
        if (entrant)
        {
            _entrants.Add(st.Id);
        }
        return st;
    }

    private readonly HashSet<int> _entrants = [];

    /// <summary>A synthetic 身份证号: the county's address code, the birth date, a free sequence (odd male), check digit.</summary>
    private string NewIdNumber(DateOnly birth, Sex sex)
    {
        var n = _idSequence.GetValueOrDefault(birth);
        _idSequence[birth] = n + 1;
        var seq = (n * 2) + (sex == Sex.Male ? 1 : 2); // GB 11643: odd sequence = male, even = female
        if (seq > 999)
        {
            seq = _r.Next(500, 999);
        }
        return IdNumber.Compose(_o.CountyCode, birth, seq % 1000 == 0 ? 1 : seq);
    }

    private StatusChange Change(Student st, StatusChange c)
    {
        c.Id = Ids.Change++;
        c.StudentId = st.Id;
        return c;
    }

    // ---------------------------------------------------------------- one school year passes

    private void Transition(int year)
    {
        var next = year + 1;
        var open = OpenSchools(next).Where(s => !s.IsTeachingPoint || s.Type == SchoolType.Kindergarten).ToList();
        DateOnly During() => new DateOnly(year, 10, 8).AddDays(_r.Next(0, 240));

        // Events during the year: transfers out (out of the county), suspensions, dropouts.
        var left = new HashSet<Student>();
        foreach (var st in _enrolled)
        {
            var x = _r.NextDouble();
            if (st.Grade[0] is 'P' or 'J' && x < 0.006)
            {
                Change(st, st.TransferOut(During(), null, "随父母迁出本县"));
                left.Add(st);
            }
            else if (st.Grade[0] is 'J' or 'S' && x < 0.0075)
            {
                Change(st, st.Suspend(During(), "因病休学"));
                left.Add(st);
                _suspended.Add(st);
            }
            else if (st.Grade[0] == 'J' && x < 0.0079)
            {
                // The reason names the 三避免 cause, so that a 控辍保学 case can be opened for each recorded dropout (dropout-prevention.md §3).
                Change(st, st.DropOut(During(), DemoNames.Pick(_r, DropoutReasons)));
                left.Add(st);
            }
            else if (st.Grade[0] == 'S' && Grades.StageOf(st.Grade, st.School!.Type) == Stage.Vocational && x < 0.013)
            {
                Change(st, st.DropOut(During(), "中途退学务工"));
                left.Add(st);
            }
        }
        _enrolled.RemoveAll(left.Contains);

        // Summer: last grades graduate; the others move up a grade.
        var graduationDay = new DateOnly(next, 7, 1);
        var graduates = new Dictionary<char, List<Student>> { ['K'] = [], ['P'] = [], ['J'] = [], ['S'] = [], ['X'] = [] };
        _entrants.Clear();
        var graduated = new HashSet<Student>();
        foreach (var st in _enrolled)
        {
            if (Grades.Next(st.Grade) is null)
            {
                Change(st, st.Graduate(graduationDay));
                _graduatedFrom.Add((st.SchoolId, st.Grade, next));
                graduates[st.Grade[0]].Add(st);
                graduated.Add(st);
            }
            else
            {
                st.AdvanceGrade();
            }
        }
        _enrolled.RemoveAll(graduated.Contains);

        // Most suspended students come back at the start of the new year, in the grade they left (they repeat it).
        foreach (var st in _suspended.Where(_ => _r.NextDouble() < 0.6).ToList())
        {
            Change(st, st.Resume(new DateOnly(next, 9, 1), "病愈复学"));
            _suspended.Remove(st);
            _enrolled.Add(st);
        }

        // Entry grades: sized so that each stage follows its path toward the plan's 2025 figure.
        var promotionDay = new DateOnly(next, 9, 1);
        int Continuing(Func<Student, bool> f) => _enrolled.Count(f);

        var kgSchools = open.Where(s => s.Type == SchoolType.Kindergarten).ToList();
        Intake(kgSchools, "K1", PreschoolTotal(next) - Continuing(s => s.Grade[0] == 'K'), [], promotionDay, next);

        var juniorSchools = open.Where(s => s.Type is SchoolType.Junior or SchoolType.NineYear or SchoolType.Complete).ToList();
        var toJunior = graduates['P'].Where(_ => _r.NextDouble() < 0.985).ToList();
        var j1 = toJunior.Count + Scaled(12);
        Intake(juniorSchools, "J1", j1, toJunior, promotionDay, next, s => _specById[s.Id].JuniorWeight);

        var primarySchools = open.Where(s => s.Type is SchoolType.Primary or SchoolType.NineYear).ToList();
        var p1 = CompulsoryTotal(next) - Continuing(s => s.Grade[0] is 'P' or 'J');
        var fromKg = graduates['K'].Where(_ => _r.NextDouble() < 0.9).Take(Math.Max(p1, 0)).ToList();
        Intake(primarySchools, "P1", p1, fromKg, promotionDay, next);
        // 随班就读: about four children with a disability start 小学 each year, so the count stays near 35 as others finish 初中.
        foreach (var st in _enrolled.Where(s => s.Grade == "P1" && _entrants.Contains(s.Id) && !s.Disabled).OrderBy(_ => _r.Next()).Take(Scaled(4)).ToList())
        {
            st.SetDisability(_protector, DisabilityOf());
        }

        var s1 = SeniorTotal(next) - Continuing(s => s.Grade[0] == 'S');
        var fresh = (int)Math.Round(graduates['J'].Count * TransitionPath[Math.Clamp(next - 2020, 0, 5)]);
        var toSenior = graduates['J'].OrderBy(_ => _r.Next()).Take(Math.Min(fresh, Math.Max(s1, 0))).ToList();
        var generalSchools = open.Where(s => s.Type is SchoolType.Senior or SchoolType.Complete).ToList();
        var vocSchools = open.Where(s => s.Type is SchoolType.Vocational or SchoolType.Technical).ToList();
        var generalShare = (int)Math.Round(s1 * 0.6);
        var toGeneral = toSenior.Take(Math.Min(generalShare, toSenior.Count)).ToList();
        Intake(generalSchools, "S1", generalShare, toGeneral, promotionDay, next, s => _specById[s.Id].SeniorWeight);
        Intake(vocSchools, "S1", s1 - generalShare, toSenior.Skip(toGeneral.Count).ToList(), promotionDay, next, s => _specById[s.Id].SeniorWeight);

        var special = open.Where(s => s.Type == SchoolType.Special).ToList();
        Intake(special, "X1", SpecialSchoolTotal(next) - Continuing(s => s.Grade[0] == 'X'), [], promotionDay, next, _ => 1);

        // 随迁子女 transferring in at the start of the year, into grades 2–9.
        foreach (var _ in Enumerable.Range(0, Scaled(60)))
        {
            var grade = DemoNames.Pick(_r, new[] { "P2", "P3", "P4", "P5", "P6", "J2", "J3" });
            var candidates = open.Where(s => Grades.For(s.Type).Contains(grade) && s.Ownership == Ownership.Public).ToList();
            var school = DemoNames.Pick(_r, candidates);
            var st = NewStudent(school, grade, next, entrant: false);
            st.MigrantChild = true;
            st.Changes[0].Type = StatusChangeType.TransferIn;
            st.Changes[0].Reason = "随迁子女转入";
        }
    }

    private readonly List<Student> _suspended = [];
    // A list, not a map by student: a student who finishes 初中 and later 高中 graduates twice (both count).
    private readonly List<(int SchoolId, string Grade, int Year)> _graduatedFrom = [];
    private readonly Dictionary<int, int> _freshGraduateEntrants = [];

    /// <summary>Fills an entry grade: first the given graduates of the previous stage (升学), then new records.</summary>
    private void Intake(List<School> schools, string grade, int total, List<Student> promoted, DateOnly day, int year, Func<School, double>? weight = null)
    {
        if (schools.Count == 0 || total <= 0)
        {
            return;
        }
        weight ??= s => _specById[s.Id].Weight;
        var counts = Allocate(total, schools.Select(weight).ToArray());
        var queue = new Queue<Student>(promoted);
        for (var i = 0; i < schools.Count; i++)
        {
            for (var k = 0; k < counts[i]; k++)
            {
                if (queue.Count > 0)
                {
                    var st = queue.Dequeue();
                    Change(st, st.Promote(day, schools[i], grade));
                    st.School = schools[i];
                    _enrolled.Add(st);
                    _entrants.Add(st.Id);
                    if (grade == "S1")
                    {
                        _freshGraduateEntrants[schools[i].Id] = _freshGraduateEntrants.GetValueOrDefault(schools[i].Id) + 1;
                    }
                }
                else
                {
                    NewStudent(schools[i], grade, year, entrant: true);
                }
            }
        }
    }

    // ---------------------------------------------------------------- census

    private readonly Dictionary<int, Dictionary<int, int>> _freshByYear = [];

    private void Census(int year)
    {
        _freshByYear[year] = new Dictionary<int, int>(_freshGraduateEntrants);
        _freshGraduateEntrants.Clear();
        foreach (var group in _enrolled.GroupBy(s => (s.SchoolId, s.Grade)).OrderBy(g => g.Key.SchoolId).ThenBy(g => Grades.Order(g.Key.Grade)))
        {
            var school = Schools.First(s => s.Id == group.Key.SchoolId);
            var size = ClassSize(school, group.Key.Grade);
            var list = group.OrderBy(s => s.Id).ToList();
            var n = (int)Math.Ceiling(list.Count / (double)size);
            var classes = Enumerable.Range(1, n).Select(k => new SchoolClass
            {
                Id = Ids.Class++,
                SchoolId = school.Id,
                Year = year,
                Grade = group.Key.Grade,
                Number = k,
                Name = $"{Grades.Label(group.Key.Grade)}（{k}）班",
            }).ToList();
            for (var i = 0; i < list.Count; i++)
            {
                var c = classes[i % n];
                c.Headcount++;
                list[i].ClassId = c.Id;
                StudentYears.Add(new StudentYear
                {
                    Id = Ids.StudentYear++,
                    StudentId = list[i].Id,
                    Year = year,
                    SchoolId = school.Id,
                    Grade = group.Key.Grade,
                    ClassId = c.Id,
                    NewEntrant = _entrants.Contains(list[i].Id),
                });
            }
            Classes.AddRange(classes);
        }
    }

    private int ClassSize(School school, string grade)
    {
        var weak = _specById[school.Id].Weak.HasFlag(Weakness.ClassSize);
        return grade[0] switch
        {
            'K' => grade == "K1" ? 25 : grade == "K2" ? 30 : 35,
            'P' => weak ? 53 : 45,       // G5: 小学 ≤ 45
            'J' => weak ? 56 : 50,       // G5: 初中 ≤ 50
            'S' => Grades.StageOf(grade, school.Type) == Stage.Vocational ? 45 : 50,
            _ => 12,
        };
    }

    /// <summary>The autumn census table (by school, grade and sex) from the per-year snapshots.</summary>
    private void BuildCensusAggregates()
    {
        var sexOf = Students.ToDictionary(s => s.Id, s => s.Sex);
        var graduatesBy = _graduatedFrom
            .GroupBy(g => (g.SchoolId, g.Grade, g.Year))
            .ToDictionary(g => g.Key, g => g.Count());
        var first = _o.FirstYear;
        foreach (var g in StudentYears.GroupBy(s => (s.Year, s.SchoolId, s.Grade)))
        {
            var bySex = g.GroupBy(s => sexOf[s.StudentId]).ToDictionary(x => x.Key, x => x.ToList());
            foreach (var sex in new[] { Sex.Male, Sex.Female })
            {
                var rows = bySex.GetValueOrDefault(sex) ?? [];
                Enrolments.Add(new GradeEnrolment
                {
                    Id = Ids.Enrolment++,
                    SchoolId = g.Key.SchoolId,
                    Year = g.Key.Year,
                    Grade = g.Key.Grade,
                    Sex = sex,
                    Students = rows.Count,
                    NewEntrants = rows.Count(r => r.NewEntrant),
                    FreshGraduateEntrants = 0,
                    Graduates = 0,
                });
            }
        }
        var index = Enrolments.ToDictionary(e => (e.Year, e.SchoolId, e.Grade, e.Sex));
        // Graduates (the summer before each census) and 应届 entrants from the records, split by sex evenly.
        foreach (var ((schoolId, grade, year), count) in graduatesBy)
        {
            AddSplit(index, year, schoolId, grade, count, (e, v) => e.Graduates += v);
        }
        foreach (var (year, bySchool) in _freshByYear)
        {
            foreach (var (schoolId, count) in bySchool)
            {
                AddSplit(index, year, schoolId, "S1", count, (e, v) => e.FreshGraduateEntrants += v);
            }
        }
        // First census year: last summer's graduates are not in the records; the census reports them.
        var j3 = Enrolments.Where(e => e.Year == first && e.Grade == "J3").GroupBy(e => e.SchoolId).ToList();
        var g20 = Allocate(Scaled(PlanFigures2020.JuniorGraduates), j3.Select(g => (double)g.Sum(e => e.Students)).ToArray());
        for (var i = 0; i < j3.Count; i++)
        {
            AddSplit(index, first, j3[i].Key, "J3", g20[i], (e, v) => e.Graduates += v);
        }
        var s1 = Enrolments.Where(e => e.Year == first && e.Grade == "S1").GroupBy(e => e.SchoolId).ToList();
        var f20 = Allocate(Scaled(PlanFigures2020.FreshGraduateEntrants), s1.Select(g => (double)g.Sum(e => e.Students)).ToArray());
        for (var i = 0; i < s1.Count; i++)
        {
            AddSplit(index, first, s1[i].Key, "S1", f20[i], (e, v) => e.FreshGraduateEntrants += v);
        }
        foreach (var last in new[] { "K3", "P6", "S3", "X9" })
        {
            foreach (var e in Enrolments.Where(e => e.Year == first && e.Grade == last))
            {
                e.Graduates = (int)Math.Round(e.Students * 0.97);
            }
        }
    }

    private static void AddSplit(Dictionary<(int, int, string, Sex), GradeEnrolment> index, int year, int schoolId, string grade, int count, Action<GradeEnrolment, int> add)
    {
        var male = (count + 1) / 2;
        if (index.TryGetValue((year, schoolId, grade, Sex.Male), out var m))
        {
            add(m, male);
        }
        if (index.TryGetValue((year, schoolId, grade, Sex.Female), out var f))
        {
            add(f, count - male);
        }
    }
}
