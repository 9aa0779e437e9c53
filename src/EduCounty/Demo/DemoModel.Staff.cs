using EduCounty.Common;
using EduCounty.Registry;

namespace EduCounty.Demo;

internal sealed partial class DemoModel
{
    // 在编专任教师 meeting the 普通话 standard (2020 = 89.42 %, toward 100 % in 2025) and 双师型 share of 中职 teachers.
    private static readonly double[] MandarinPath = [0.8942, 0.920, 0.945, 0.966, 0.984, 0.996];
    private static readonly double[] DualPath = [0.6224, 0.628, 0.633, 0.637, 0.641, 0.644];

    private readonly Dictionary<(int School, Stage Stage), List<Staff>> _teachers = [];
    private readonly List<Staff> _others = [];

    private static readonly string[] VocationalSpecialities = ["机电技术", "化工工艺", "汽车运用与维修", "计算机应用", "电子商务", "煤矿开采"];

    private static double StudentsPerTeacher(Stage stage) => stage switch
    {
        Stage.Preschool => 13,
        Stage.Primary => 16.5,
        Stage.Junior => 12,
        Stage.Senior => 12.5,
        Stage.Vocational => 11.8,   // 2020: 1649 中职 students, 140 teachers (设置标准: 生师比 ≤ 20:1)
        _ => 3,
    };

    private Dictionary<(int School, Stage Stage), int> StudentsByStage(int year)
    {
        var schoolOf = Schools.ToDictionary(s => s.Id);
        return StudentYears.Where(s => s.Year == year)
            .GroupBy(s => (s.SchoolId, Grades.StageOf(s.Grade, schoolOf[s.SchoolId].Type)))
            .ToDictionary(g => g.Key, g => g.Count());
    }

    private void BuildStaffYear(int year)
    {
        var census = new SchoolYear(year).CensusDate;
        var byStage = StudentsByStage(year);
        var needed = byStage.ToDictionary(p => p.Key, p =>
        {
            var weak = _specById[p.Key.School].Weak.HasFlag(Weakness.Teachers) ? 1.35 : 1.0;
            return Math.Max(1, (int)Math.Round(p.Value / StudentsPerTeacher(p.Key.Stage) * weak));
        });
        if (year == _o.FirstYear && Exact)
        {
            // 中职专任教师 = 140 in 2020, 98 of them 专业课 (双师型 61 of those): share the total between the two schools.
            var voc = needed.Keys.Where(k => k.Stage == Stage.Vocational).OrderBy(k => k.School).ToList();
            var split = Allocate(PlanFigures2020.VocationalTeachers, voc.Select(k => (double)byStage[k]).ToArray());
            for (var i = 0; i < voc.Count; i++)
            {
                needed[voc[i]] = split[i];
            }
        }

        // Retirements (60 for men, 55 for women) at the census date.
        foreach (var list in _teachers.Values)
        {
            foreach (var t in list.Where(t => t.LeftOn is null && Age(t.BirthDate, census) >= (t.Sex == Sex.Male ? 60 : 55)).ToList())
            {
                t.LeftOn = new DateOnly(year, 8, 31);
                t.Assignments[^1].To = t.LeftOn;
                t.Assignments[^1].Reason += "；退休";
                list.Remove(t);
            }
        }
        if (year > _o.FirstYear)
        {
            Rotate(year);
        }
        foreach (var (key, n) in needed.OrderBy(k => k.Key.School).ThenBy(k => k.Key.Stage))
        {
            if (!_teachers.TryGetValue(key, out var list))
            {
                _teachers[key] = list = [];
            }
            var school = Schools.First(s => s.Id == key.School);
            while (list.Count < n)
            {
                list.Add(NewTeacher(school, key.Stage, year, initial: year == _o.FirstYear));
            }
        }
        NonTeachingStaff(year, census);
        if (year == _o.FirstYear)
        {
            if (Exact)
            {
                FixFirstYearFigures();
            }
        }
        else
        {
            ImproveYearly(year);
        }
        foreach (var s in _teachers.Values.SelectMany(l => l).Concat(_others.Where(o => o.LeftOn is null)))
        {
            StaffYears.Add(new StaffYear
            {
                Id = Ids.StaffYear++,
                StaffId = s.Id,
                Year = year,
                SchoolId = s.SchoolId,
                PostType = s.PostType,
                Establishment = s.Establishment,
                StageTaught = s.StageTaught,
                Subjects = s.Subjects,
                Degree = s.Degree,
                Title = s.Title,
                KeyTeacherLevel = s.KeyTeacherLevel,
                DualQualified = s.DualQualified,
                MandarinLevel = s.MandarinLevel,
                TeacherCertificate = s.TeacherCertificate,
                MandarinMeetsStandard = MandarinStandard.Meets(s.MandarinLevel, s.Subjects),
            });
        }
    }

    /// <summary>
    /// 行政、教辅、工勤 staff: about one for eight teachers at every open school, the new schools included; they retire like
    /// teachers and are replaced by new hires, so the count changes with the schools.
    /// </summary>
    private void NonTeachingStaff(int year, DateOnly census)
    {
        foreach (var o in _others.Where(o => o.LeftOn is null && Age(o.BirthDate, census) >= (o.Sex == Sex.Male ? 60 : 55)).ToList())
        {
            o.LeftOn = new DateOnly(year, 8, 31);
            o.Assignments[^1].To = o.LeftOn;
            o.Assignments[^1].Reason += "；退休";
        }
        foreach (var school in OpenSchools(year).Where(s => !s.IsTeachingPoint))
        {
            var teachers = _teachers.Where(p => p.Key.School == school.Id).Sum(p => p.Value.Count);
            var have = _others.Count(o => o.LeftOn is null && o.SchoolId == school.Id);
            for (var i = have; i < Math.Round(teachers * 0.12); i++)
            {
                var post = DemoNames.Pick(_r, new[] { PostType.Administrative, PostType.Auxiliary, PostType.Worker });
                var s = NewStaff(school, year, post, null, initial: year == _o.FirstYear);
                s.Subjects = null;
                _others.Add(s);
            }
        }
    }

    private static int Age(DateOnly birth, DateOnly at) =>
        at.Year - birth.Year - (at.DayOfYear < birth.DayOfYear ? 1 : 0);

    private Staff NewTeacher(School school, Stage stage, int year, bool initial)
    {
        var t = NewStaff(school, year, PostType.FullTimeTeacher, stage, initial);
        var weak = _specById[school.Id].Weak;
        t.Subjects = Subject(stage, weak.HasFlag(Weakness.Teachers));
        t.Degree = DegreeOf(stage, weak.HasFlag(Weakness.Teachers), initial);
        var keyShare = weak.HasFlag(Weakness.KeyTeachers) ? 0.06 : 0.2;
        if (initial && _r.NextDouble() < keyShare)
        {
            t.KeyTeacherLevel = _r.NextDouble() switch
            {
                < 0.6 => KeyTeacherLevel.County,
                < 0.9 => KeyTeacherLevel.Prefecture,
                < 0.99 => KeyTeacherLevel.Region,
                _ => KeyTeacherLevel.National,
            };
            t.KeyTeacherYear = _r.Next(2012, 2021);
        }
        t.DualQualified = stage == Stage.Vocational && t.Subjects!.StartsWith("专业课", StringComparison.Ordinal) && _r.NextDouble() < 0.85;
        t.TeacherCertificate = _r.NextDouble() < (weak.HasFlag(Weakness.Teachers) ? 0.95 : 0.985) || !initial;
        t.MandarinLevel = MandarinFor(t.Subjects, meets: !initial || _r.NextDouble() < 0.9);
        return t;
    }

    private Staff NewStaff(School school, int year, PostType post, Stage? stage, bool initial)
    {
        var sex = _r.NextDouble() < (stage == Stage.Preschool ? 0.05 : 0.3) ? Sex.Male : Sex.Female;
        var age = initial ? _r.Next(23, sex == Sex.Male ? 60 : 55) : _r.Next(22, 29);
        var census = new SchoolYear(year).CensusDate;
        var birth = census.AddYears(-age - 1).AddDays(_r.Next(1, 365));
        var eth = DemoNames.Ethnicity(_r);
        var id = NewIdNumber(birth, sex);
        var hire = initial ? new DateOnly(birth.Year + _r.Next(22, 26), 9, 1) : new DateOnly(year, 9, 1);
        if (hire > census)
        {
            hire = new DateOnly(year, 9, 1);
        }
        var s = new Staff
        {
            Id = Ids.Staff++,
            StaffNumber = $"T{_o.CountyCode}{Ids.Staff:D6}",
            IdNumberCipher = _protector.Encrypt(id),
            IdNumberHash = _protector.LookupHash(id),
            PhoneCipher = _protector.Encrypt($"1{_r.Next(30, 99)}{_r.Next(10000000, 99999999)}"),
            Name = DemoNames.Name(_r, sex, eth),
            Sex = sex,
            BirthDate = birth,
            EthnicityCode = eth,
            SchoolId = school.Id,
            PostType = post,
            Establishment = school.Ownership == Ownership.Private ? Establishment.Contract
                : initial ? (_r.NextDouble() switch { < 0.9 => Establishment.Permanent, < 0.94 => Establishment.SpecialPost, < 0.98 => Establishment.Contract, _ => Establishment.PurchasedService })
                : (_r.NextDouble() < 0.8 ? Establishment.Permanent : Establishment.SpecialPost),
            StageTaught = stage,
            Degree = _r.NextDouble() < 0.7 ? Degree.Bachelor : Degree.Associate,
            Title = initial ? (Title)DemoNames.Pick(_r, new[] { 1, 2, 2, 3, 3, 3, 3, 4, 4, 4, 5, 6, 6 }) : Title.None,
            HireDate = hire,
        };
        s.Assignments.Add(new StaffAssignment
        {
            Id = Ids.Assignment++,
            StaffId = s.Id,
            SchoolId = school.Id,
            From = hire,
            Reason = initial ? "在岗" : "新招聘",
        });
        Staff.Add(s);
        return s;
    }

    private string Subject(Stage stage, bool weak)
    {
        var x = _r.NextDouble();
        // Weak schools have half the 体育/音乐/美术 teachers (优质均衡 L3).
        var pe = weak ? 0.0375 : 0.075;
        var arts = weak ? 0.0275 : 0.055;
        return stage switch
        {
            Stage.Preschool => "学前教育",
            Stage.Special => "特殊教育",
            Stage.Vocational => x switch
            {
                < 0.1 => "语文",
                < 0.2 => "数学",
                < 0.26 => "英语",
                < 0.30 => "体育",
                _ => "专业课（" + DemoNames.Pick(_r, VocationalSpecialities) + "）",
            },
            Stage.Primary => x switch
            {
                _ when x < pe => "体育",
                _ when x < pe + arts => "音乐",
                _ when x < pe + (2 * arts) => "美术",
                < 0.50 => "语文",
                < 0.74 => "数学",
                < 0.83 => "英语",
                < 0.89 => "科学",
                < 0.95 => "道德与法治",
                < 0.98 => "信息技术",
                _ => "综合实践",
            },
            _ => x switch
            {
                _ when x < pe => "体育",
                _ when x < pe + (arts * 0.7) => "音乐",
                _ when x < pe + (arts * 1.4) => "美术",
                < 0.32 => "语文",
                < 0.48 => "数学",
                < 0.62 => "英语",
                < 0.70 => "物理",
                < 0.76 => "化学",
                < 0.82 => "生物",
                < 0.88 => "历史",
                < 0.94 => "地理",
                < 0.97 => "道德与法治",
                _ => "信息技术",
            },
        };
    }

    private Degree DegreeOf(Stage stage, bool weak, bool initial)
    {
        if (!initial)
        {
            return _r.NextDouble() < 0.15 ? Degree.Postgraduate : Degree.Bachelor;
        }
        var x = _r.NextDouble();
        return stage switch
        {
            Stage.Preschool => x < 0.45 ? Degree.Bachelor : x < 0.95 ? Degree.Associate : Degree.SeniorSecondary,
            Stage.Primary when weak => x < 0.5 ? Degree.Bachelor : x < 0.82 ? Degree.Associate : Degree.SeniorSecondary,
            Stage.Primary => x < 0.02 ? Degree.Postgraduate : x < 0.70 ? Degree.Bachelor : x < 0.97 ? Degree.Associate : Degree.SeniorSecondary,
            Stage.Junior when weak => x < 0.6 ? Degree.Bachelor : Degree.Associate,
            Stage.Junior => x < 0.05 ? Degree.Postgraduate : x < 0.88 ? Degree.Bachelor : Degree.Associate,
            Stage.Senior => x < 0.12 ? Degree.Postgraduate : Degree.Bachelor,
            Stage.Vocational => x < 0.08 ? Degree.Postgraduate : x < 0.93 ? Degree.Bachelor : Degree.Associate,
            _ => x < 0.7 ? Degree.Bachelor : Degree.Associate,
        };
    }

    private MandarinLevel MandarinFor(string? subjects, bool meets)
    {
        var required = MandarinStandard.Required(subjects);
        if (meets)
        {
            return (MandarinLevel)_r.Next((int)MandarinLevel.OneB, (int)required + 1);
        }
        return (MandarinLevel)_r.Next((int)required + 1, (int)MandarinLevel.ThreeB + 1);
    }

    private IEnumerable<Staff> ActiveTeachers => _teachers.Values.SelectMany(l => l);

    /// <summary>Sets the 2020 在编 count, 普通话 达标 count and 双师型 count to the plan's figures.</summary>
    private void FixFirstYearFigures()
    {
        // 专业课 teachers: exactly the plan's denominator (98) among the 140 中职 teachers; the others teach 公共基础课.
        var vocational = ActiveTeachers.Where(t => t.StageTaught == Stage.Vocational).OrderBy(t => t.Id).ToList();
        for (var i = 0; i < vocational.Count; i++)
        {
            var professional = i < PlanFigures2020.ProfessionalTeachers;
            if (professional != vocational[i].Subjects!.StartsWith("专业课", StringComparison.Ordinal))
            {
                vocational[i].Subjects = professional
                    ? "专业课（" + DemoNames.Pick(_r, VocationalSpecialities) + "）"
                    : DemoNames.Pick(_r, new[] { "语文", "数学", "英语", "体育" });
                vocational[i].DualQualified = false;
            }
        }
        var pub = ActiveTeachers.Where(t => Schools.First(s => s.Id == t.SchoolId).Ownership == Ownership.Public)
            .OrderBy(t => t.Id).ToList();
        var permanent = pub.Where(t => t.Establishment == Establishment.Permanent).ToList();
        var others = pub.Where(t => t.Establishment != Establishment.Permanent).ToList();
        while (permanent.Count > PlanFigures2020.PermanentTeachers)
        {
            var t = permanent[_r.Next(permanent.Count)];
            t.Establishment = Establishment.SpecialPost;
            permanent.Remove(t);
        }
        while (permanent.Count < PlanFigures2020.PermanentTeachers && others.Count > 0)
        {
            var t = others[_r.Next(others.Count)];
            t.Establishment = Establishment.Permanent;
            others.Remove(t);
            permanent.Add(t);
        }
        var shuffled = permanent.OrderBy(_ => _r.Next()).ToList();
        for (var i = 0; i < shuffled.Count; i++)
        {
            shuffled[i].MandarinLevel = MandarinFor(shuffled[i].Subjects, meets: i < PlanFigures2020.MandarinMeeting);
        }
        SetDual(PlanFigures2020.DualQualified);
    }

    /// <summary>Sets the number of 双师型 among the 中职 专业课 teachers (the indicator's denominator, docs/adr/0027).</summary>
    private void SetDual(int target)
    {
        var voc = ActiveTeachers.Where(t => t.StageTaught == Stage.Vocational && t.Subjects!.StartsWith("专业课", StringComparison.Ordinal)).OrderBy(t => t.Id).ToList();
        var dual = voc.Count(t => t.DualQualified);
        foreach (var t in voc.Where(t => t.DualQualified != dual < target).OrderBy(_ => _r.Next()))
        {
            if (dual == target)
            {
                break;
            }
            t.DualQualified = dual < target;
            dual += dual < target ? 1 : -1;
        }
    }

    /// <summary>Training moves teachers up toward the 普通话 standard; 双师型 and 骨干 grow.</summary>
    private void ImproveYearly(int year)
    {
        var i = Math.Clamp(year - 2020, 0, 5);
        var permanent = ActiveTeachers.Where(t => t.Establishment == Establishment.Permanent).ToList();
        var target = (int)Math.Round(permanent.Count * MandarinPath[i]);
        var meeting = permanent.Count(t => MandarinStandard.Meets(t.MandarinLevel, t.Subjects));
        foreach (var t in permanent.Where(t => !MandarinStandard.Meets(t.MandarinLevel, t.Subjects)).OrderBy(t => t.Id).Take(Math.Max(0, target - meeting)))
        {
            t.MandarinLevel = MandarinStandard.Required(t.Subjects);
        }
        var voc = ActiveTeachers.Count(t => t.StageTaught == Stage.Vocational && t.Subjects!.StartsWith("专业课", StringComparison.Ordinal));
        SetDual((int)Math.Round(voc * DualPath[i]));
        foreach (var t in ActiveTeachers.Where(t => t.KeyTeacherLevel is null && !_specById[t.SchoolId].Weak.HasFlag(Weakness.KeyTeachers)).OrderBy(t => t.Id))
        {
            if (_r.NextDouble() < 0.015)
            {
                t.KeyTeacherLevel = KeyTeacherLevel.County;
                t.KeyTeacherYear = year;
            }
        }
        foreach (var t in ActiveTeachers.Where(t => t.Title is Title.None or Title.Third && _r.NextDouble() < 0.12))
        {
            t.Title = t.Title == Title.None ? Title.Second : Title.First;
        }
    }

    /// <summary>交流轮岗: about 4 % of 义务教育 teachers a year move to another school of the same stage.</summary>
    private void Rotate(int year)
    {
        var day = new DateOnly(year, 9, 1);
        foreach (var stage in new[] { Stage.Primary, Stage.Junior })
        {
            var keys = _teachers.Keys.Where(k => k.Stage == stage && Schools.First(s => s.Id == k.School).IsOpenOn(day)).ToList();
            if (keys.Count < 2)
            {
                continue;
            }
            // One move a teacher a year (teachers.md: 交流 is for a term, not a day): a teacher moved to a school whose turn
            // comes later in this loop stays there. A teacher who would have moved twice still makes the same draws at that school.
            var moved = new HashSet<int>();
            foreach (var key in keys.ToList())
            {
                foreach (var t in _teachers[key].Where(t => day.Year - t.HireDate.Year >= 6 && _r.NextDouble() < 0.04).ToList())
                {
                    var to = keys[_r.Next(keys.Count)];
                    if (to == key || !moved.Add(t.Id))
                    {
                        continue;
                    }
                    t.Assignments[^1].To = day.AddDays(-1);
                    t.Assignments.Add(new StaffAssignment { Id = Ids.Assignment++, StaffId = t.Id, SchoolId = to.School, From = day, Reason = "交流轮岗" });
                    t.SchoolId = to.School;
                    _teachers[key].Remove(t);
                    _teachers[to].Add(t);
                }
            }
        }
    }
}
