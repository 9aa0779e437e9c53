using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Balance;

/// <summary>
/// The balance inputs of one county and school year read from the registry: one <see cref="BalanceSchoolInput"/> per
/// 义务教育学校 (教学点 already merged into their 原校点), its registry id, and notes on how figures were read.
/// </summary>
public sealed record RegistryBalanceData(
    string CountyCode,
    SchoolYear Year,
    IReadOnlyList<BalanceSchoolInput> Schools,
    IReadOnlyDictionary<string, int> SchoolIds,
    IReadOnlyList<string> Notes);

/// <summary>
/// Registry → balance units adapter (issue 4 part 2). Every figure is aggregated in the database (GROUP BY the owning
/// school, i.e. the 原校点 of a 教学点), scoped by a set of school ids:
/// <list type="bullet">
/// <item>学生数 per 学段 from <c>GradeEnrolment</c> (autumn census);</item>
/// <item>专任教师 from <c>StaffYear</c> (PostType 专任教师) by <c>StageTaught</c> (balance-rules.md §2.3: teachers are
/// attributed to the 学段 they teach); 高于规定学历 = 小学 专科及以上, 初中/高中 本科及以上 (§2.1 L1 [C]);
/// 县级以上骨干 = KeyTeacherLevel set (L2); 体育/音乐/美术 from Subjects (L3); 中级及以上职称 = Title 一级 or higher
/// (中小学一级教师 is the 中级 grade; 2012 B8);</item>
/// <item>areas, equipment, classrooms, computers, books from <c>Facility</c>.</item>
/// </list>
/// A school without a Facility row has its facility figures missing (never zero); when the county has no StaffYear rows
/// for the year, all teacher figures are missing.
/// </summary>
public static class ReadBalanceInputs
{
    /// <summary>School types evaluated as 义务教育学校 (§2.1 scope; 特殊教育学校 and 职业学校 are excluded).</summary>
    public static readonly SchoolType[] CompulsoryTypes =
        [SchoolType.Primary, SchoolType.TeachingPoint, SchoolType.Junior, SchoolType.NineYear, SchoolType.Complete, SchoolType.TwelveYear];

    /// <param name="schoolIds">Organisation scope: null = every school of the county.</param>
    public static async Task<RegistryBalanceData> HandleAsync(EduDb db, string countyCode, SchoolYear year, IReadOnlyCollection<int>? schoolIds = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var census = year.CensusDate;
        var y = year.StartYear;
        var types = CompulsoryTypes;
        var sq = db.Schools.OpenOn(census).Where(s => s.CountyCode == countyCode && types.Contains(s.Type));
        if (schoolIds is not null)
        {
            sq = sq.Where(s => schoolIds.Contains(s.Id));
        }
        var schools = await sq.OrderBy(s => s.Code)
            .Select(s => new { s.Id, s.Name, s.Code, s.Type, s.IsTeachingPoint, s.ParentSchoolId })
            .ToListAsync(ct);
        var inScope = schools.Select(s => s.Id).ToList();
        var notes = new List<string>();

        // A 教学点 is counted with its 原校点 when that school is evaluated too (§2.3); otherwise it stands alone.
        var ownerOf = schools.ToDictionary(s => s.Id, s => s.IsTeachingPoint && s.ParentSchoolId is { } p && inScope.Contains(p) ? p : s.Id);
        foreach (var s in schools.Where(s => ownerOf[s.Id] != s.Id))
        {
            notes.Add($"{s.Name}：教学点并入所属学校“{schools.First(p => p.Id == ownerOf[s.Id]).Name}”计算");
        }
        var owners = schools.Where(s => ownerOf[s.Id] == s.Id).ToList();

        // Owner id computed in SQL, so the GROUP BY merges 教学点 into their parent in the database.
        var scoped = db.Schools.Where(s => inScope.Contains(s.Id))
            .Select(s => new { s.Id, Owner = s.IsTeachingPoint && s.ParentSchoolId != null && inScope.Contains(s.ParentSchoolId.Value) ? s.ParentSchoolId.Value : s.Id });

        var enrol = await db.GradeEnrolments.Where(e => e.Year == y)
            .Join(scoped, e => e.SchoolId, s => s.Id, (e, s) => new { s.Owner, e.Grade, e.Students })
            .GroupBy(x => new { x.Owner, x.Grade })
            .Select(g => new { g.Key.Owner, g.Key.Grade, Students = g.Sum(x => x.Students) })
            .ToListAsync(ct);
        var enrolled = enrol.Select(e => new EnrolRow(e.Owner, e.Grade, e.Students)).ToList();

        var staffRecorded = await db.StaffYears.AnyAsync(t => t.Year == y && inScope.Contains(t.SchoolId), ct);
        var teachers = await db.StaffYears.Where(t => t.Year == y && t.PostType == PostType.FullTimeTeacher)
            .Join(scoped, t => t.SchoolId, s => s.Id, (t, s) => new { s.Owner, t.StageTaught, t.Degree, t.KeyTeacherLevel, t.Subjects, t.Title })
            .GroupBy(x => new { x.Owner, x.StageTaught })
            .Select(g => new
            {
                g.Key.Owner,
                g.Key.StageTaught,
                Count = g.Count(),
                Associate = g.Sum(x => x.Degree <= Degree.Associate ? 1 : 0),
                Bachelor = g.Sum(x => x.Degree <= Degree.Bachelor ? 1 : 0),
                Key = g.Sum(x => x.KeyTeacherLevel != null ? 1 : 0),
                ArtsSports = g.Sum(x => x.Subjects != null && (x.Subjects.Contains("体育") || x.Subjects.Contains("音乐") || x.Subjects.Contains("美术")) ? 1 : 0),
                MidTitle = g.Sum(x => x.Title <= Title.First ? 1 : 0),
            })
            .ToListAsync(ct);
        var teacherRows = teachers.Select(t => new TeacherRow(t.Owner, t.StageTaught, t.Count, t.Associate, t.Bachelor, t.Key, t.ArtsSports, t.MidTitle)).ToList();

        var facilities = await db.Facilities.Where(f => f.Year == y)
            .Join(scoped, f => f.SchoolId, s => s.Id, (f, s) => new { s.Owner, f })
            .GroupBy(x => x.Owner)
            .Select(g => new
            {
                Owner = g.Key,
                Teaching = g.Sum(x => x.f.TeachingAreaM2),
                Indoor = g.Sum(x => x.f.IndoorSportsM2),
                Sports = g.Sum(x => x.f.SportsAreaM2),
                Equipment = g.Sum(x => x.f.EquipmentValueYuan),
                Media = g.Sum(x => x.f.MultimediaClassrooms),
                Computers = g.Sum(x => x.f.Computers),
                Books = g.Sum(x => x.f.Books),
            })
            .ToListAsync(ct);
        var facilityRows = facilities.Select(f => new FacilityRow(f.Owner, f.Teaching, f.Indoor, f.Sports, f.Equipment, f.Media, f.Computers, f.Books)).ToList();

        if (!staffRecorded)
        {
            notes.Add($"{year} 学年没有教职工年度数据，教师类指标按缺失处理");
        }
        var result = new List<BalanceSchoolInput>(owners.Count);
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var s in owners)
        {
            var name = ids.ContainsKey(s.Name) ? $"{s.Name}（{s.Code}）" : s.Name;
            ids[name] = s.Id;
            var type = s.Type == SchoolType.TeachingPoint || s.IsTeachingPoint ? SchoolType.Primary : s.Type;
            var f = facilityRows.FirstOrDefault(x => x.Owner == s.Id);
            if (f is null)
            {
                notes.Add($"{name}：{year} 学年没有办学条件数据，设施类指标按缺失处理");
            }
            result.Add(Input(name, type, [.. enrolled.Where(e => e.Owner == s.Id)], staffRecorded ? [.. teacherRows.Where(t => t.Owner == s.Id)] : null, f));
        }
        return new RegistryBalanceData(countyCode, year, result, ids, notes);
    }

    private sealed record EnrolRow(int Owner, string Grade, int Students);

    private sealed record TeacherRow(int Owner, Stage? StageTaught, int Count, int Associate, int Bachelor, int Key, int ArtsSports, int MidTitle);

    private sealed record FacilityRow(int Owner, double Teaching, double Indoor, double Sports, double Equipment, int Media, int Computers, int Books);

    /// <summary>
    /// One school's inputs (教学点 merged): students by 学段 from the census, teacher counts (null
    /// <paramref name="teachers"/>: no staff records for the year, so missing) and facilities (missing without a row).
    /// </summary>
    private static BalanceSchoolInput Input(string name, SchoolType type, List<EnrolRow> enrol, List<TeacherRow>? teachers, FacilityRow? f)
    {
        var byStage = enrol.GroupBy(e => Grades.StageOf(e.Grade, type)).ToDictionary(g => g.Key, g => g.Sum(e => e.Students));
        int? StudentsOf(Stage st) => byStage.TryGetValue(st, out var n) ? n : Holds(type, st) ? 0 : null;

        TeacherCount Count(Func<Stage, TeacherRow, int> pick)
        {
            if (teachers is null)
            {
                return new TeacherCount();
            }
            double total = 0;
            double? p = null, j = null, sr = null;
            foreach (var r in teachers)
            {
                // A teacher without a recorded 学段 follows the school's first 学段 (one-stage schools) for the degree rule.
                var v = pick(r.StageTaught ?? FirstStage(type), r);
                total += v;
                switch (r.StageTaught)
                {
                    case Stage.Primary: p = (p ?? 0) + v; break;
                    case Stage.Junior: j = (j ?? 0) + v; break;
                    case Stage.Senior: sr = (sr ?? 0) + v; break;
                }
            }
            // Per-stage figures for every 学段 the school holds once any teacher records one (a 部 without teachers has 0).
            if (p is not null || j is not null || sr is not null)
            {
                p ??= StudentsOf(Stage.Primary) is not null ? 0 : null;
                j ??= StudentsOf(Stage.Junior) is not null ? 0 : null;
                sr ??= StudentsOf(Stage.Senior) is not null ? 0 : null;
            }
            return new TeacherCount(total, p, j, sr);
        }

        return new BalanceSchoolInput(name, type)
        {
            PrimaryStudents = StudentsOf(Stage.Primary),
            JuniorStudents = StudentsOf(Stage.Junior),
            SeniorStudents = StudentsOf(Stage.Senior),
            FullTimeTeachers = Count((_, r) => r.Count),
            // §2.1 L1 [C]: 小学 专科及以上, 初中 (and 高中) 本科及以上.
            HigherDegreeTeachers = Count((st, r) => st == Stage.Primary ? r.Associate : r.Bachelor),
            KeyTeachers = Count((_, r) => r.Key),
            ArtsSportsTeachers = Count((_, r) => r.ArtsSports),
            MidTitleTeachers = Count((_, r) => r.MidTitle),
            TeachingAreaM2 = f?.Teaching,
            IndoorSportsM2 = f?.Indoor,
            SportsAreaM2 = f?.Sports,
            EquipmentValueYuan = f?.Equipment,
            MultimediaClassrooms = f?.Media,
            Computers = f?.Computers,
            Books = f?.Books,
        };
    }

    private static bool Holds(SchoolType type, Stage st) => type switch
    {
        SchoolType.Primary => st == Stage.Primary,
        SchoolType.Junior => st == Stage.Junior,
        SchoolType.NineYear => st is Stage.Primary or Stage.Junior,
        SchoolType.Complete => st is Stage.Junior or Stage.Senior,
        SchoolType.TwelveYear => st is Stage.Primary or Stage.Junior or Stage.Senior,
        _ => false,
    };

    private static Stage FirstStage(SchoolType type) => type switch
    {
        SchoolType.Junior or SchoolType.Complete => Stage.Junior,
        _ => Stage.Primary,
    };
}

/// <summary>Evaluates a county from the registry with the 2017 or 2012 method (same report as <c>balance check</c>).</summary>
public static class EvaluateBalanceFromRegistry
{
    public static async Task<(BalanceReport Report, RegistryBalanceData Data)> HandleAsync(
        EduDb db, string countyCode, SchoolYear year, string method, BalanceProfile profile, bool gap = false,
        IReadOnlyCollection<int>? schoolIds = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var data = await ReadBalanceInputs.HandleAsync(db, countyCode, year, schoolIds, ct);
        var report = BalanceEvaluator.Evaluate(data.Schools, method, profile);
        report = report with { Notes = [.. data.Notes, .. report.Notes] };
        if (gap)
        {
            report = report with { GapPlan = GapPlanner.Plan(data.Schools, method, profile, await ReadSeatRooms.HandleAsync(db, data, ct)) };
        }
        return (report, data);
    }
}

/// <summary>
/// The spare seats of each evaluated school and 学段 in the evaluation year, and its 学区, from the forecast's seat model
/// (Forecast <c>SeatGapPlanner.StageSeatsIn</c>, forecasting.md §2.5; 学区 from <c>forecast-rules.json</c>, else 乡镇): the
/// input of the gap plan's 调剂 step (issue 19). Read through the same scoped database, so a school reader sees only its school.
/// </summary>
public static class ReadSeatRooms
{
    public static async Task<IReadOnlyList<SeatRoom>> HandleAsync(EduDb db, RegistryBalanceData data, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var history = await Forecast.ReadForecastHistory.HandleAsync(db, ct);
        if (history.Enrolment.Count == 0)
        {
            return [];
        }
        var seats = Forecast.SeatGapPlanner.StageSeatsIn(history, data.Year.StartYear, Forecast.ForecastRules.Default());
        var nameOf = data.SchoolIds.ToDictionary(p => p.Value, p => p.Key);
        return [.. seats.Where(s => nameOf.ContainsKey(s.SchoolId) && s.Stage is "小学" or "初中")
            .Select(s => new SeatRoom(nameOf[s.SchoolId], s.Stage == "小学" ? Stage.Primary : Stage.Junior, s.District, -s.Gap, s.Standard))];
    }
}
