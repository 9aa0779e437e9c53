using System.Linq.Expressions;
using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Teachers;

/// <summary>A figure of the 教师队伍 records per school and school year (the data elements of the plan and of 优质均衡 G9/G11/G12).</summary>
public enum TeacherFigure
{
    /// <summary>专任教师数 (StaffYear).</summary>
    FullTimeTeachers,

    /// <summary>专任教师 whose hours in the cycle window reach what they owe (G9 numerator).</summary>
    CycleComplete,

    /// <summary>专任教师 on pace: hours so far reach the pro-rata share of the cycle (= complete in a rolling window).</summary>
    CycleOnPace,

    /// <summary>持证上岗: a 教师资格 held at the census covers the stage taught (G12 numerator).</summary>
    Certified,

    /// <summary>符合交流条件的教师数 (G11 denominator).</summary>
    RotationEligible,

    /// <summary>交流轮岗教师数 (distinct teachers rotated out of the school in the year, started or completed).</summary>
    Rotated,

    /// <summary>交流轮岗教师中的骨干教师数.</summary>
    RotatedKey,

    /// <summary>中职专业课教师数.</summary>
    SpecialtyTeachers,

    /// <summary>中职专业课教师中本学年企业实践达到要求天数的人数.</summary>
    EnterprisePracticeMet,

    /// <summary>学科带头人 (at or above the ladder's level) in service.</summary>
    SubjectLeaders,

    /// <summary>骨干教师 (at or above the ladder's level) in service.</summary>
    KeyTeachers,

    /// <summary>教学能手 (at or above the ladder's level) in service.</summary>
    TeachingExperts,
}

/// <summary>The figures of one school in one school year.</summary>
public sealed record TeacherFigures(int SchoolId, int Year)
{
    public int FullTimeTeachers { get; init; }
    public int CycleComplete { get; init; }
    public int CycleOnPace { get; init; }
    public int Certified { get; init; }
    public int RotationEligible { get; init; }
    public int Rotated { get; init; }
    public int RotatedKey { get; init; }
    public int SpecialtyTeachers { get; init; }
    public int EnterprisePracticeMet { get; init; }
    public int SubjectLeaders { get; init; }
    public int KeyTeachers { get; init; }
    public int TeachingExperts { get; init; }

    /// <summary>The value of one figure.</summary>
    public int Of(TeacherFigure f) => f switch
    {
        TeacherFigure.FullTimeTeachers => FullTimeTeachers,
        TeacherFigure.CycleComplete => CycleComplete,
        TeacherFigure.CycleOnPace => CycleOnPace,
        TeacherFigure.Certified => Certified,
        TeacherFigure.RotationEligible => RotationEligible,
        TeacherFigure.Rotated => Rotated,
        TeacherFigure.RotatedKey => RotatedKey,
        TeacherFigure.SpecialtyTeachers => SpecialtyTeachers,
        TeacherFigure.EnterprisePracticeMet => EnterprisePracticeMet,
        TeacherFigure.SubjectLeaders => SubjectLeaders,
        TeacherFigure.KeyTeachers => KeyTeachers,
        _ => TeachingExperts,
    };
}

/// <summary>
/// The figures per school and year, and in which years each kind of record exists: a year without staff snapshots, without
/// any training record in its window, without any rotation record, without any title or without any enterprise practice
/// has no value for the figures that come from them (missing, not zero — as the 优质均衡 elements, ADR 0014).
/// </summary>
public sealed class TeacherFigureSet(Dictionary<(int SchoolId, int Year), TeacherFigures> values, Dictionary<TeacherFigureSource, HashSet<int>> present)
{
    public IReadOnlyDictionary<(int SchoolId, int Year), TeacherFigures> Values => values;

    /// <summary>The table a figure comes from.</summary>
    public static TeacherFigureSource SourceOf(TeacherFigure f) => f switch
    {
        TeacherFigure.CycleComplete or TeacherFigure.CycleOnPace => TeacherFigureSource.Training,
        TeacherFigure.Rotated or TeacherFigure.RotatedKey => TeacherFigureSource.Rotation,
        TeacherFigure.SpecialtyTeachers or TeacherFigure.EnterprisePracticeMet => TeacherFigureSource.EnterprisePractice,
        TeacherFigure.SubjectLeaders or TeacherFigure.KeyTeachers or TeacherFigure.TeachingExperts => TeacherFigureSource.Titles,
        _ => TeacherFigureSource.Staff,
    };

    /// <summary>Whether the records behind <paramref name="f"/> exist in <paramref name="year"/>.</summary>
    public bool Present(TeacherFigure f, int year) => present.TryGetValue(SourceOf(f), out var y) && y.Contains(year);

    /// <summary>A school's value (0 when the school has no rows in a year the records cover), or null when the records are missing.</summary>
    public int? Get(TeacherFigure f, int schoolId, int year) =>
        !Present(f, year) ? null : values.TryGetValue((schoolId, year), out var v) ? v.Of(f) : 0;

    /// <summary>The sum over all loaded schools, or null when the records are missing.</summary>
    public int? Total(TeacherFigure f, int year) =>
        !Present(f, year) ? null : values.Values.Where(v => v.Year == year).Sum(v => v.Of(f));

    /// <summary>The sum over some of the loaded schools (a unit's), or null when the records are missing.</summary>
    public int? Total(TeacherFigure f, int year, IReadOnlySet<int> schools) =>
        !Present(f, year) ? null : values.Values.Where(v => v.Year == year && schools.Contains(v.SchoolId)).Sum(v => v.Of(f));
}

/// <summary>The record kinds behind the figures.</summary>
public enum TeacherFigureSource
{
    Staff,
    Training,
    Rotation,
    EnterprisePractice,
    Titles,
}

/// <summary>
/// Counts the <see cref="TeacherFigure"/>s per school for some school years, aggregated in the database (one GROUP BY per
/// kind of record and year), by the rules of <see cref="TeacherRules"/> written as SQL conditions. The plan's data
/// elements and the 优质均衡 rule rows G9, G11 and G12 read these; the reports group the same figures.
/// </summary>
public static class CountTeacherFigures
{
    public static async Task<TeacherFigureSet> HandleAsync(EduDb db, IQueryable<School> schools, IEnumerable<int> years,
        IReadOnlyCollection<TeacherFigure> wanted, TeacherRules rules, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(schools);
        ArgumentNullException.ThrowIfNull(rules);
        var sources = wanted.Select(TeacherFigureSet.SourceOf).ToHashSet();
        // The teacher count comes with any figure that is a share of it.
        sources.Add(TeacherFigureSource.Staff);
        var values = new Dictionary<(int, int), TeacherFigures>();
        var present = sources.ToDictionary(s => s, _ => new HashSet<int>());
        TeacherFigures Row(int school, int year) => values.TryGetValue((school, year), out var f) ? f : values[(school, year)] = new TeacherFigures(school, year);
        void Set(int school, int year, Func<TeacherFigures, TeacherFigures> change) => values[(school, year)] = change(Row(school, year));

        foreach (var y in years.Distinct().Order())
        {
            if (await db.StaffYears.AnyAsync(t => t.Year == y, ct))
            {
                present[TeacherFigureSource.Staff].Add(y);
                var certified = wanted.Contains(TeacherFigure.Certified);
                // The rotation shares need their denominator.
                var eligible = wanted.Any(f => f is TeacherFigure.RotationEligible or TeacherFigure.Rotated or TeacherFigure.RotatedKey);
                foreach (var r in await StaffAsync(db, schools, y, rules, certified, eligible, ct))
                {
                    Set(r.SchoolId, y, f => f with { FullTimeTeachers = r.Teachers, Certified = r.Certified, RotationEligible = r.Eligible });
                }
            }
            if (sources.Contains(TeacherFigureSource.Training) && await TrainingPresentAsync(db, y, rules, ct))
            {
                present[TeacherFigureSource.Training].Add(y);
                foreach (var (school, complete, onPace) in await TrainingAsync(db, schools, y, rules, ct))
                {
                    Set(school, y, f => f with { CycleComplete = complete, CycleOnPace = onPace });
                }
            }
            if (sources.Contains(TeacherFigureSource.Rotation) && await db.TeacherRotations.AnyAsync(r => r.Year == y, ct))
            {
                present[TeacherFigureSource.Rotation].Add(y);
                foreach (var r in await RotationAsync(db, schools, y, rules, ct))
                {
                    Set(r.SchoolId, y, f => f with { Rotated = r.Rotated, RotatedKey = r.Key });
                }
            }
            if (sources.Contains(TeacherFigureSource.EnterprisePractice) && await db.TrainingRecords.AnyAsync(r => r.Year == y && r.Mode == TrainingMode.EnterprisePractice, ct))
            {
                present[TeacherFigureSource.EnterprisePractice].Add(y);
                foreach (var r in await EnterpriseAsync(db, schools, y, rules, ct))
                {
                    Set(r.SchoolId, y, f => f with { SpecialtyTeachers = r.Specialty, EnterprisePracticeMet = r.Met });
                }
            }
            if (sources.Contains(TeacherFigureSource.Titles) && await db.KeyTeacherTitles.AnyAsync(ct))
            {
                present[TeacherFigureSource.Titles].Add(y);
                foreach (var r in await TitlesAsync(db, schools, y, rules, ct))
                {
                    Set(r.SchoolId, y, f => r.Kind switch
                    {
                        KeyTitleKind.SubjectLeader => f with { SubjectLeaders = r.Count },
                        KeyTitleKind.KeyTeacher => f with { KeyTeachers = r.Count },
                        _ => f with { TeachingExperts = r.Count },
                    });
                }
            }
        }
        return new TeacherFigureSet(values, present);
    }

    /// <summary>Training records exist in the window of <paramref name="year"/>.</summary>
    internal static Task<bool> TrainingPresentAsync(EduDb db, int year, TeacherRules rules, CancellationToken ct)
    {
        var (from, to, _) = rules.Window(year);
        return db.TrainingRecords.AnyAsync(r => r.Year >= from && r.Year <= to, ct);
    }

    private sealed record StaffCounts(int SchoolId, int Teachers, int Certified, int Eligible);

    /// <summary>
    /// 专任教师 per school, and when asked 持证上岗 and 符合交流条件: one GROUP BY each, the conditions in the WHERE clause
    /// (EXISTS / NOT EXISTS there become semi- and anti-joins: in the select list PostgreSQL ran them as a subplan per teacher,
    /// 1.1 s for a 20-county province against 0.05 s; issue 16). Figures not asked are 0 and not read.
    /// </summary>
    private static async Task<List<StaffCounts>> StaffAsync(EduDb db, IQueryable<School> schools, int y, TeacherRules rules, bool withCertified, bool withEligible,
        CancellationToken ct)
    {
        var s = rules.Standards;
        var cov = s.Coverage;
        var flag = s.Qualifications.RegistryFlagWithoutRecords.Value;
        // One flag per stage: Npgsql cannot bind a list of a converted nullable enum (see CoverageByStage).
        var inStages = s.Rotation.Stages.Value;
        bool pri = inStages.Contains(Stage.Primary), jun = inStages.Contains(Stage.Junior), sen = inStages.Contains(Stage.Senior),
            voc = inStages.Contains(Stage.Vocational), pre = inStages.Contains(Stage.Preschool), spe = inStages.Contains(Stage.Special);
        var establishments = s.Rotation.Establishments.Value.ToList();
        var cutoff = rules.AtSchoolCutoff(y);
        var first = TeacherRules.PoolDate(y);
        var census = new SchoolYear(y).CensusDate;
        var maleBirth = rules.NearRetirementBirthCutoff(y, Sex.Male) ?? DateOnly.MinValue;
        var femaleBirth = rules.NearRetirementBirthCutoff(y, Sex.Female) ?? DateOnly.MinValue;
        var codes = rules.RecordedExemptionCodes.ToList();
        var ongoing = rules.OngoingRotationExempts;
        var teachers = db.StaffYears.Where(t => t.Year == y && t.PostType == PostType.FullTimeTeacher).Join(schools, t => t.SchoolId, x => x.Id, (t, x) => t);
        static Task<Dictionary<int, int>> CountAsync(IQueryable<StaffYear> q, CancellationToken ct) =>
            q.GroupBy(t => t.SchoolId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var all = await CountAsync(teachers, ct);
        // A 教师资格 record held at the census covering the stage taught; without any such record, the registry's flag (when the standards allow it).
        var certified = !withCertified ? [] : await CountAsync(teachers.Where(t =>
            db.Set<TeacherQualification>().Any(q => q.StaffId == t.StaffId && (q.IssuedOn == null || q.IssuedOn <= census)
                && (t.StageTaught == null
                    || (t.StageTaught == Stage.Preschool && cov.Preschool.Contains(q.Type))
                    || (t.StageTaught == Stage.Primary && cov.Primary.Contains(q.Type))
                    || (t.StageTaught == Stage.Junior && cov.Junior.Contains(q.Type))
                    || (t.StageTaught == Stage.Senior && cov.Senior.Contains(q.Type))
                    || (t.StageTaught == Stage.Vocational && cov.Vocational.Contains(q.Type))
                    || (t.StageTaught == Stage.Special && cov.Special.Contains(q.Type))))
            || (flag && t.TeacherCertificate && !db.Set<TeacherQualification>().Any(q => q.StaffId == t.StaffId && (q.IssuedOn == null || q.IssuedOn <= census)))), ct);
        var pool = teachers.Join(db.Staff, t => t.StaffId, st => st.Id, (t, st) => new { t, st })
            .Where(x => ((pri && x.t.StageTaught == Stage.Primary) || (jun && x.t.StageTaught == Stage.Junior) || (sen && x.t.StageTaught == Stage.Senior)
                    || (voc && x.t.StageTaught == Stage.Vocational) || (pre && x.t.StageTaught == Stage.Preschool) || (spe && x.t.StageTaught == Stage.Special))
                && establishments.Contains(x.t.Establishment)
                && (x.st.Sex == Sex.Male ? x.st.BirthDate > maleBirth : x.st.BirthDate > femaleBirth)
                && db.Set<StaffAssignment>().Any(a => a.StaffId == x.t.StaffId && a.SchoolId == x.t.SchoolId && a.From <= cutoff && (a.To == null || a.To >= first))
                && !db.Set<RotationExemption>().Any(e => e.StaffId == x.t.StaffId && e.Year == y && codes.Contains(e.Code)))
            .Select(x => x.t);
        if (ongoing)
        {
            pool = pool.Where(t => !db.Set<TeacherRotation>().Any(r => r.StaffId == t.StaffId && (r.State == RotationState.Started || r.State == RotationState.Completed)
                && r.StartDate < first && (r.EndDate == null || r.EndDate >= first)));
        }
        var eligible = !withEligible ? [] : await CountAsync(pool, ct);
        return [.. all.Select(a => new StaffCounts(a.Key, a.Value, certified.GetValueOrDefault(a.Key), eligible.GetValueOrDefault(a.Key)))];
    }

    /// <summary>One teacher's hours in the window, with the hire date the requirement depends on.</summary>
    internal sealed class HoursRow
    {
        public int StaffId { get; init; }
        public int SchoolId { get; init; }
        public DateOnly HireDate { get; init; }
        public double Hours { get; init; }
    }

    /// <summary>Each 专任教师 of the year with the hours of the records in the cycle window (StaffYear ⋈ Staff ⟕ SUM(TrainingRecord)).</summary>
    internal static IQueryable<HoursRow> Hours(EduDb db, IQueryable<School> schools, int y, TeacherRules rules)
    {
        var (first, last, _) = rules.Window(y);
        var withPractice = rules.CountsTowardCycle(TrainingMode.EnterprisePractice);
        var teachers = from t in db.StaffYears.Where(t => t.Year == y && t.PostType == PostType.FullTimeTeacher)
                       join x in schools on t.SchoolId equals x.Id
                       select t;
        // The window's hours of these teachers in one grouped pass, joined to them (issue 16: a SUM correlated per teacher
        // ran once per teacher on PostgreSQL). A record counts for the teacher wherever it was earned (a transfer keeps the
        // cycle); the records are limited to the teachers asked, so a county's figures do not read other counties' records.
        var hours = db.Set<TrainingRecord>()
            .Where(r => r.Year >= first && r.Year <= last && (withPractice || r.Mode != TrainingMode.EnterprisePractice)
                && teachers.Select(t => t.StaffId).Contains(r.StaffId))
            .GroupBy(r => r.StaffId)
            .Select(g => new { StaffId = g.Key, Hours = g.Sum(r => r.Hours) });
        return from t in teachers
               join st in db.Staff on t.StaffId equals st.Id
               join h in hours on t.StaffId equals h.StaffId into hs
               from h in hs.DefaultIfEmpty()
               select new HoursRow
               {
                   StaffId = t.StaffId,
                   SchoolId = t.SchoolId,
                   HireDate = st.HireDate,
                   Hours = (double?)h.Hours ?? 0,
               };
    }

    /// <summary>The 专任教师 per school whose hours <see cref="Hours"/> reads (those whose Staff row the reader's scope sees).</summary>
    internal static Task<Dictionary<int, int>> SeenTeachersAsync(EduDb db, IQueryable<School> schools, int y, CancellationToken ct) =>
        (from t in db.StaffYears.Where(t => t.Year == y && t.PostType == PostType.FullTimeTeacher)
         join x in schools on t.SchoolId equals x.Id
         join st in db.Staff on t.StaffId equals st.Id
         select t)
        .GroupBy(t => t.SchoolId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);

    /// <summary>
    /// <c>row =&gt; row.Hours &gt;= (row.HireDate &gt;= d1 ? h1 : row.HireDate &gt;= d2 ? h2 : … : full)</c>: the
    /// requirement of <see cref="TeacherRules.RequiredHours"/> as one SQL CASE over the hire date.
    /// </summary>
    internal static Expression<Func<HoursRow, bool>> Meets(TeacherRules rules, int year, bool toDate)
    {
        var row = Expression.Parameter(typeof(HoursRow), "row");
        return Expression.Lambda<Func<HoursRow, bool>>(MeetsBody(row, rules, year, toDate), row);
    }

    private static BinaryExpression MeetsBody(ParameterExpression row, TeacherRules rules, int year, bool toDate)
    {
        var (buckets, otherwise) = rules.RequiredBuckets(year, toDate);
        var hire = Expression.Property(row, nameof(HoursRow.HireDate));
        Expression required = Expression.Constant(otherwise);
        foreach (var (from, hours) in buckets.Reverse())
        {
            required = Expression.Condition(Expression.GreaterThanOrEqual(hire, Expression.Constant(from)), Expression.Constant(hours), required);
        }
        return Expression.GreaterThanOrEqual(Expression.Property(row, nameof(HoursRow.Hours)), required);
    }

    /// <summary>A teacher's school with 1/0 for complete and on pace (summed per school).</summary>
    internal sealed class HoursFlags
    {
        public int SchoolId { get; init; }
        public int Complete { get; init; }
        public int OnPace { get; init; }
    }

    /// <summary>
    /// Complete and on pace per school in one GROUP BY with two conditional sums (issue 16: one pass over the window's
    /// training records, not one per figure).
    /// </summary>
    private static async Task<List<(int School, int Complete, int OnPace)>> TrainingAsync(EduDb db, IQueryable<School> schools, int y, TeacherRules rules, CancellationToken ct)
    {
        var row = Expression.Parameter(typeof(HoursRow), "row");
        Expression Flag(bool toDate) => Expression.Condition(MeetsBody(row, rules, y, toDate), Expression.Constant(1), Expression.Constant(0));
        var flags = Expression.Lambda<Func<HoursRow, HoursFlags>>(Expression.MemberInit(Expression.New(typeof(HoursFlags)),
            Expression.Bind(typeof(HoursFlags).GetProperty(nameof(HoursFlags.SchoolId))!, Expression.Property(row, nameof(HoursRow.SchoolId))),
            Expression.Bind(typeof(HoursFlags).GetProperty(nameof(HoursFlags.Complete))!, Flag(false)),
            // In a rolling window the pace is the requirement itself.
            Expression.Bind(typeof(HoursFlags).GetProperty(nameof(HoursFlags.OnPace))!,
                rules.Standards.Training.CycleMode.Value == CycleMode.Rolling ? Flag(false) : Flag(true))), row);
        var counts = await Hours(db, schools, y, rules).Select(flags)
            .GroupBy(f => f.SchoolId).Select(g => new { g.Key, Complete = g.Sum(f => f.Complete), OnPace = g.Sum(f => f.OnPace) })
            .ToListAsync(ct);
        return [.. counts.Select(c => (c.Key, c.Complete, c.OnPace))];
    }

    private sealed record RotationCounts(int SchoolId, int Rotated, int Key);

    /// <summary>Distinct teachers rotated out of each school in the year (started or completed, counted kinds) and the 骨干 among them at the start.</summary>
    private static async Task<List<RotationCounts>> RotationAsync(EduDb db, IQueryable<School> schools, int y, TeacherRules rules, CancellationToken ct)
    {
        var s = rules.Standards;
        var kinds = s.Rotation.CountedKinds.Value.ToList();
        var min = s.Rotation.KeyTeacherMinimumLevel.Value;
        var registryMin = (KeyTeacherLevel)(int)min;
        var keyKinds = s.KeyTeachers.CountedKinds.Value.ToList();
        return await db.TeacherRotations
            .Where(r => r.Year == y && (r.State == RotationState.Started || r.State == RotationState.Completed) && kinds.Contains(r.Kind))
            .Join(schools, r => r.FromSchoolId, x => x.Id, (r, x) => r)
            .Select(r => new
            {
                r.FromSchoolId,
                r.StaffId,
                Key = db.Set<StaffYear>().Any(t => t.Year == y && t.StaffId == r.StaffId && t.KeyTeacherLevel != null && t.KeyTeacherLevel >= registryMin)
                    || db.Set<KeyTeacherTitle>().Any(k => k.StaffId == r.StaffId && keyKinds.Contains(k.Kind) && k.Level >= min
                        && k.AwardedOn <= r.StartDate && (k.ValidUntil == null || k.ValidUntil >= r.StartDate)),
            })
            .GroupBy(x => new { x.FromSchoolId, x.StaffId })
            .Select(g => new { g.Key.FromSchoolId, Key = g.Max(x => x.Key ? 1 : 0) })
            .GroupBy(x => x.FromSchoolId)
            .Select(g => new RotationCounts(g.Key, g.Count(), g.Sum(x => x.Key)))
            .ToListAsync(ct);
    }

    private sealed record PracticeCounts(int SchoolId, int Specialty, int Met);

    /// <summary>中职专业课教师 and those with the year's enterprise-practice days (StaffYear ⟕ SUM(days)).</summary>
    private static async Task<List<PracticeCounts>> EnterpriseAsync(EduDb db, IQueryable<School> schools, int y, TeacherRules rules, CancellationToken ct)
    {
        var prefix = rules.Standards.Training.SpecialtySubjectPrefix.Value;
        var days = rules.Standards.Training.EnterpriseDaysPerYear.Value;
        // A correlated SUM per teacher (a grouped subquery left-joined and grouped again does not translate).
        return await db.StaffYears.Where(t => t.Year == y && t.PostType == PostType.FullTimeTeacher && t.StageTaught == Stage.Vocational
                && t.Subjects != null && t.Subjects.StartsWith(prefix))
            .Join(schools, t => t.SchoolId, x => x.Id, (t, x) => t)
            .Select(t => new
            {
                t.SchoolId,
                Days = db.Set<TrainingRecord>().Where(r => r.StaffId == t.StaffId && r.Year == y && r.Mode == TrainingMode.EnterprisePractice).Sum(r => r.Days ?? 0),
            })
            .GroupBy(r => r.SchoolId)
            .Select(g => new PracticeCounts(g.Key, g.Count(), g.Sum(r => r.Days >= days ? 1 : 0)))
            .ToListAsync(ct);
    }

    private sealed record TitleCounts(int SchoolId, KeyTitleKind Kind, int Count);

    /// <summary>Teachers in service at the census holding a 学科带头人 / 骨干教师 / 教学能手 title at or above the ladder's level.</summary>
    private static async Task<List<TitleCounts>> TitlesAsync(EduDb db, IQueryable<School> schools, int y, TeacherRules rules, CancellationToken ct)
    {
        var min = rules.Standards.KeyTeachers.TargetMinimumLevel.Value;
        var day = new SchoolYear(y).CensusDate;
        KeyTitleKind[] ladder = [KeyTitleKind.SubjectLeader, KeyTitleKind.KeyTeacher, KeyTitleKind.TeachingExpert];
        return await (from k in db.KeyTeacherTitles.Where(k => ladder.Contains(k.Kind) && k.Level >= min && k.AwardedOn <= day && (k.ValidUntil == null || k.ValidUntil >= day))
                      join t in db.StaffYears.Where(t => t.Year == y) on k.StaffId equals t.StaffId
                      join x in schools on t.SchoolId equals x.Id
                      select new { t.SchoolId, k.Kind, k.StaffId })
            .Distinct()
            .GroupBy(r => new { r.SchoolId, r.Kind })
            .Select(g => new TitleCounts(g.Key.SchoolId, g.Key.Kind, g.Count()))
            .ToListAsync(ct);
    }
}
