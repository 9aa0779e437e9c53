using EduCounty.Common;
using EduCounty.Indicators.DataElements;
using EduCounty.Indicators.Expressions;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Balance;

/// <summary>
/// Loads the figures the assurance rules need (the collect pass of <see cref="CompiledAssurance"/>) for one county and
/// school year: the schools open at the census date (scoped by school ids), then ONE query per registry table that a
/// needed element comes from, aggregated in the database (GROUP BY school and year), for the years the elements' offsets
/// ask for. County-level elements load through the indicator engine's <see cref="DataElementLoader"/>.
/// Missing, not zero: a school without a facility, finance or class row; a year without census, staff records; no
/// 交流轮岗 record at all (ADR 0014).
/// </summary>
public static class ReadAssuranceData
{
    private const string RotationReason = "交流轮岗";

    public static async Task<AssuranceData> HandleAsync(EduDb db, string countyCode, SchoolYear year, CompiledAssurance rules,
        IReadOnlyCollection<int>? schoolIds = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rules);
        var y = year.StartYear;
        var census = year.CensusDate;
        var q = db.Schools.Where(s => s.CountyCode == countyCode && (s.OpenedOn == null || s.OpenedOn <= census) && (s.ClosedOn == null || s.ClosedOn > census));
        if (schoolIds is not null)
        {
            q = q.Where(s => schoolIds.Contains(s.Id));
        }
        var rows = await q.OrderBy(s => s.Code).Select(s => new { s.Id, s.Name, s.Type, s.IsTeachingPoint, s.ParentSchoolId, s.Ownership }).ToListAsync(ct);
        var ids = rows.Select(s => s.Id).ToList();
        var parentOf = rows.Where(s => s.IsTeachingPoint && s.ParentSchoolId is { } p && ids.Contains(p)).ToDictionary(s => s.Id, s => s.ParentSchoolId!.Value);
        // A 教学点 of a 义务教育 school is of type 教学点 whatever type it is registered with; a kindergarten's 教学点 stays a kindergarten.
        var schools = rows.Select(s => new RuleSchool(s.Id, s.Name, s.IsTeachingPoint && ReadBalanceInputs.CompulsoryTypes.Contains(s.Type) ? SchoolType.TeachingPoint : s.Type,
            parentOf.ContainsKey(s.Id), s.Ownership == Ownership.Public)).ToList();

        var refs = rules.Elements.Where(e => BalanceElements.Find(e.Code) is not null).ToList();
        var years = refs.GroupBy(e => BalanceElements.Find(e.Code)!.Source).ToDictionary(g => g.Key, g => g.Select(e => y + e.YearOffset).Distinct().ToList());
        List<int> Years(params ElementSource[] sources) => [.. sources.SelectMany(s => years.GetValueOrDefault(s) ?? []).Distinct()];

        var classYears = Years(ElementSource.Classes);
        if (years.ContainsKey(ElementSource.Class) && !classYears.Contains(y))
        {
            classYears.Add(y);
        }
        var parts = new LoadedParts
        {
            Enrolment = await EnrolmentAsync(db, ids, Years(ElementSource.Enrolment), ct),
            Classes = await ClassesAsync(db, ids, classYears, ct),
            Facility = await FacilityAsync(db, ids, Years(ElementSource.Facility), ct),
            Finance = await FinanceAsync(db, ids, Years(ElementSource.Finance), ct),
            Staff = await StaffAsync(db, ids, Years(ElementSource.Staff), rules, ct),
            Rotation = await RotationAsync(db, ids, Years(ElementSource.Rotation), ct),
            Students = await StudentsAsync(db, ids, Years(ElementSource.Students), ct),
        };

        var figures = new Dictionary<(int, int), SchoolFigures>();
        SchoolFigures Figures(RuleSchool s, int yr) => figures.TryGetValue((s.Id, yr), out var f) ? f : figures[(s.Id, yr)] = parts.Figures(s, yr, parentOf);
        var schoolUnits = schools.Select(s => new RuleUnit(s.Name, s, refs
            .Where(r => BalanceElements.Find(r.Code)!.Level == RuleLevel.School)
            .ToDictionary(r => r, r => BalanceElements.Find(r.Code)!.Value(Figures(s, y + r.YearOffset))))).ToList();
        var byId = schools.ToDictionary(s => s.Id);
        var classUnits = !years.ContainsKey(ElementSource.Class) ? [] : parts.Classes.Rows.Where(c => c.Year == y).Select(c => new RuleUnit(byId[c.SchoolId].Name, byId[c.SchoolId],
            new Dictionary<DataElementRef, decimal?>
            {
                [new("class.headcount")] = c.Headcount,
                [new("class.primary")] = c.Grade[0] == 'P' ? 1 : 0,
                [new("class.junior")] = c.Grade[0] == 'J' ? 1 : 0,
            }, c.Count)).ToList();
        var groups = !years.ContainsKey(ElementSource.Group) ? [] : (await db.SatisfactionSurveys.Where(s => s.CountyCode == countyCode && s.Year == y)
                .Select(s => new { s.Group, s.Respondents, s.Satisfied }).ToListAsync(ct))
            .OrderBy(g => g.Group, StringComparer.Ordinal)
            .Select(g => new RuleUnit(g.Group, null, new Dictionary<DataElementRef, decimal?> { [new("group.respondents")] = g.Respondents, [new("group.satisfied")] = g.Satisfied }))
            .ToList();
        return new AssuranceData(y, schoolUnits, classUnits, groups, await CountyAsync(db, countyCode, y, rules, ct));
    }

    private static async Task<Dictionary<DataElementRef, decimal?>> CountyAsync(EduDb db, string countyCode, int y, CompiledAssurance rules, CancellationToken ct)
    {
        var refs = rules.Elements.Where(e => BalanceElements.Find(e.Code) is null).ToList();
        if (refs.Count == 0)
        {
            return [];
        }
        var values = await DataElementLoader.LoadAsync(db, refs.Select(r => (r.Code, y + r.YearOffset)), DataScope.County(countyCode), ct);
        return refs.ToDictionary(r => r, r => values.Get(r.Code, y + r.YearOffset)?.Value);
    }

    private static async Task<Part<Dictionary<string, int>>> EnrolmentAsync(EduDb db, List<int> ids, List<int> years, CancellationToken ct)
    {
        if (years.Count == 0)
        {
            return new([], []);
        }
        var rows = await db.GradeEnrolments.Where(e => years.Contains(e.Year) && ids.Contains(e.SchoolId))
            .GroupBy(e => new { e.SchoolId, e.Year, e.Grade })
            .Select(g => new { g.Key.SchoolId, g.Key.Year, g.Key.Grade, Students = g.Sum(e => e.Students) })
            .ToListAsync(ct);
        var by = rows.GroupBy(r => (r.SchoolId, r.Year)).ToDictionary(g => g.Key, g => g.ToDictionary(r => r.Grade, r => r.Students, StringComparer.Ordinal));
        return new(by, [.. rows.Select(r => r.Year)]);
    }

    private static async Task<ClassPart> ClassesAsync(EduDb db, List<int> ids, List<int> years, CancellationToken ct)
    {
        if (years.Count == 0)
        {
            return new([]);
        }
        var rows = await db.Classes.Where(c => years.Contains(c.Year) && ids.Contains(c.SchoolId))
            .GroupBy(c => new { c.SchoolId, c.Year, c.Grade, c.Headcount })
            .Select(g => new ClassRow(g.Key.SchoolId, g.Key.Year, g.Key.Grade, g.Key.Headcount, g.Count()))
            .ToListAsync(ct);
        return new(rows);
    }

    private static async Task<Part<FacilityFigures>> FacilityAsync(EduDb db, List<int> ids, List<int> years, CancellationToken ct)
    {
        if (years.Count == 0)
        {
            return new([], []);
        }
        // One row per school and year in the registry; the areas of one room are taken as the largest if there were more.
        var rows = await db.Facilities.Where(f => years.Contains(f.Year) && ids.Contains(f.SchoolId))
            .GroupBy(f => new { f.SchoolId, f.Year })
            .Select(g => new
            {
                g.Key.SchoolId,
                g.Key.Year,
                MusicRooms = g.Sum(f => f.MusicRooms),
                MusicRoomM2 = g.Max(f => f.MusicRoomsM2),
                ArtRooms = g.Sum(f => f.ArtRooms),
                ArtRoomM2 = g.Max(f => f.ArtRoomsM2),
                Teaching = g.Sum(f => f.TeachingAreaM2),
                Sports = g.Sum(f => f.SportsAreaM2),
                Equipment = g.Sum(f => f.EquipmentValueYuan),
                Media = g.Sum(f => f.MultimediaClassrooms),
                Books = g.Sum(f => f.Books),
            })
            .ToListAsync(ct);
        return new(rows.ToDictionary(r => (r.SchoolId, r.Year), r => new FacilityFigures(r.MusicRooms, (decimal)r.MusicRoomM2, r.ArtRooms, (decimal)r.ArtRoomM2,
            (decimal)r.Teaching, (decimal)r.Sports, (decimal)r.Equipment, r.Media, r.Books)), []);
    }

    private static async Task<Part<FinanceFigures>> FinanceAsync(EduDb db, List<int> ids, List<int> years, CancellationToken ct)
    {
        if (years.Count == 0)
        {
            return new([], []);
        }
        var rows = await db.Finances.Where(f => years.Contains(f.Year) && ids.Contains(f.SchoolId))
            .GroupBy(f => new { f.SchoolId, f.Year })
            .Select(g => new { g.Key.SchoolId, g.Key.Year, Funds = g.Sum(f => f.PublicFundsYuan), Training = g.Sum(f => f.TeacherTrainingYuan) })
            .ToListAsync(ct);
        return new(rows.ToDictionary(r => (r.SchoolId, r.Year), r => new FinanceFigures((decimal)r.Funds, (decimal)r.Training)), []);
    }

    private static async Task<Part<StaffFigures>> StaffAsync(EduDb db, List<int> ids, List<int> years, CompiledAssurance rules, CancellationToken ct)
    {
        var result = new Dictionary<(int, int), StaffFigures>();
        var present = new HashSet<int>();
        // 符合交流条件: 在编专任教师 hired at least N years before 1 September (N from the rule set, ADR 0014).
        var n = rules.Constants.TryGetValue(BalanceElements.RotationYearsConstant, out var c) ? (int)c.Value : (int?)null;
        foreach (var yr in years)
        {
            var cutoff = n is { } k ? new SchoolYear(yr).FirstDay.AddYears(-k) : DateOnly.MinValue;
            var rows = await db.StaffYears.Where(t => t.Year == yr && ids.Contains(t.SchoolId))
                .Join(db.Staff, t => t.StaffId, s => s.Id, (t, s) => new { t.SchoolId, t.PostType, t.Establishment, t.TeacherCertificate, t.KeyTeacherLevel, s.HireDate })
                .GroupBy(x => x.SchoolId)
                .Select(g => new
                {
                    SchoolId = g.Key,
                    Teachers = g.Sum(x => x.PostType == PostType.FullTimeTeacher ? 1 : 0),
                    Certified = g.Sum(x => x.PostType == PostType.FullTimeTeacher && x.TeacherCertificate ? 1 : 0),
                    Key = g.Sum(x => x.PostType == PostType.FullTimeTeacher && x.KeyTeacherLevel != null ? 1 : 0),
                    Permanent = g.Sum(x => x.PostType == PostType.FullTimeTeacher && x.Establishment == Establishment.Permanent ? 1 : 0),
                    Eligible = g.Sum(x => x.PostType == PostType.FullTimeTeacher && x.Establishment == Establishment.Permanent && x.HireDate <= cutoff ? 1 : 0),
                })
                .ToListAsync(ct);
            if (rows.Count > 0)
            {
                present.Add(yr);
            }
            foreach (var r in rows)
            {
                result[(r.SchoolId, yr)] = new StaffFigures(r.Teachers, r.Certified, r.Key, r.Permanent, r.Eligible);
            }
        }
        return new(result, present);
    }

    private static async Task<Part<RotationFigures>> RotationAsync(EduDb db, List<int> ids, List<int> years, CancellationToken ct)
    {
        var result = new Dictionary<(int, int), RotationFigures>();
        if (years.Count == 0 || !await db.StaffAssignments.AnyAsync(a => a.Reason != null && a.Reason.Contains(RotationReason), ct))
        {
            return new(result, []);
        }
        foreach (var yr in years)
        {
            var sy = new SchoolYear(yr);
            var rows = await db.StaffAssignments
                // An assignment that ended before it began (moved on the same day) is no posting at that school.
                .Where(a => a.Reason != null && a.Reason.Contains(RotationReason) && a.From >= sy.FirstDay && a.From <= sy.LastDay && ids.Contains(a.SchoolId)
                    && (a.To == null || a.To >= a.From))
                .Select(a => new { a.SchoolId, a.StaffId }).Distinct()
                .Select(x => new { x.SchoolId, Key = db.Set<StaffYear>().Any(t => t.Year == yr && t.StaffId == x.StaffId && t.KeyTeacherLevel != null) })
                .GroupBy(x => x.SchoolId)
                .Select(g => new { SchoolId = g.Key, Count = g.Count(), Key = g.Sum(x => x.Key ? 1 : 0) })
                .ToListAsync(ct);
            foreach (var r in rows)
            {
                result[(r.SchoolId, yr)] = new RotationFigures(r.Count, r.Key);
            }
        }
        return new(result, [.. years]);
    }

    private static async Task<Part<StudentFigures>> StudentsAsync(EduDb db, List<int> ids, List<int> years, CancellationToken ct)
    {
        if (years.Count == 0)
        {
            return new([], []);
        }
        string[] compulsory = [.. Grades.Primary, .. Grades.Junior];
        string[] withSpecial = [.. compulsory, .. Grades.Special];
        var rows = await db.StudentYears.Where(s => years.Contains(s.Year) && ids.Contains(s.SchoolId) && withSpecial.Contains(s.Grade))
            .Join(db.Students.Where(st => st.MigrantChild || st.Disabled), s => s.StudentId, st => st.Id,
                (s, st) => new { s.SchoolId, s.Year, s.Grade, st.MigrantChild, Disabled = st.Disabled })
            .GroupBy(x => new { x.SchoolId, x.Year })
            .Select(g => new
            {
                g.Key.SchoolId,
                g.Key.Year,
                Migrant = g.Sum(x => x.MigrantChild && compulsory.Contains(x.Grade) ? 1 : 0),
                Disabled = g.Sum(x => x.Disabled ? 1 : 0),
            })
            .ToListAsync(ct);
        return new(rows.ToDictionary(r => (r.SchoolId, r.Year), r => new StudentFigures(r.Migrant, r.Disabled)), [.. years]);
    }

    /// <summary>Figures by (school, year) and the years in which the table has records (empty = per-row presence only).</summary>
    private sealed record Part<T>(Dictionary<(int SchoolId, int Year), T> Values, HashSet<int> YearsPresent);

    private sealed record ClassRow(int SchoolId, int Year, string Grade, int Headcount, int Count);

    private sealed record ClassPart(List<ClassRow> Rows)
    {
        public Dictionary<(int SchoolId, int Year), int> PerSchool { get; } =
            Rows.GroupBy(r => (r.SchoolId, r.Year)).ToDictionary(g => g.Key, g => g.Sum(r => r.Count));
    }

    private sealed class LoadedParts
    {
        public required Part<Dictionary<string, int>> Enrolment { get; init; }
        public required ClassPart Classes { get; init; }
        public required Part<FacilityFigures> Facility { get; init; }
        public required Part<FinanceFigures> Finance { get; init; }
        public required Part<StaffFigures> Staff { get; init; }
        public required Part<RotationFigures> Rotation { get; init; }
        public required Part<StudentFigures> Students { get; init; }

        /// <summary>
        /// A school's figures in one year: census grades (empty when the year has census rows but not for this school,
        /// null when the year has none), class count, facility and finance rows (null when absent), staff, rotation
        /// and student counts (zero for a school without rows in a year the table covers).
        /// </summary>
        public SchoolFigures Figures(RuleSchool s, int year, Dictionary<int, int> parentOf)
        {
            IReadOnlyDictionary<string, int>? GradesOf(int id) =>
                Enrolment.YearsPresent.Contains(year) ? Enrolment.Values.GetValueOrDefault((id, year)) ?? [] : null;
            int? Compulsory(int id) => GradesOf(id)?.Where(g => g.Key[0] is 'P' or 'J').Sum(g => g.Value);
            var grades = GradesOf(s.Id);
            return new SchoolFigures(s)
            {
                Grades = grades,
                CompulsoryWithPoints = grades is null ? null : Compulsory(s.Id) + parentOf.Where(p => p.Value == s.Id).Sum(p => Compulsory(p.Key) ?? 0),
                Classes = Classes.PerSchool.TryGetValue((s.Id, year), out var n) ? n : null,
                Facility = Facility.Values.GetValueOrDefault((s.Id, year)),
                Finance = Finance.Values.GetValueOrDefault((s.Id, year)),
                Staff = Staff.YearsPresent.Contains(year) ? Staff.Values.GetValueOrDefault((s.Id, year)) ?? new StaffFigures(0, 0, 0, 0, 0) : null,
                Rotation = Rotation.YearsPresent.Contains(year) ? Rotation.Values.GetValueOrDefault((s.Id, year)) ?? new RotationFigures(0, 0) : null,
                Students = Students.YearsPresent.Contains(year) ? Students.Values.GetValueOrDefault((s.Id, year)) ?? new StudentFigures(0, 0) : null,
            };
        }
    }
}
