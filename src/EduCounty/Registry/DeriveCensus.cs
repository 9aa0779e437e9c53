using EduCounty.Common;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Registry;

/// <summary>
/// 学籍推算: materialises a school year's autumn census (<see cref="GradeEnrolment"/> rows marked
/// <see cref="CensusSource.Derived"/>) from the students' 学年 snapshots at the census date, for every school without an
/// imported census (统计上报 rows are never touched). docs/adr/0025:
/// <list type="bullet">
/// <item>在校生数: the snapshots of the year by school, grade and sex;</item>
/// <item>招生数: snapshots marked 新生 (entered within the year: 入学日期, or a 新生入学/升学 record) in a stage's first grade;</item>
/// <item>毕业生数 (last summer, a stage's last grade): students of last year's snapshot in that grade who graduated — a
/// 毕业 record in the year, or, where the 学籍 carries no 异动 records (an import), no 休学/辍学/转出 record and no
/// snapshot of the same grade this year (a repeater);</item>
/// <item>应届初中毕业生招生数 (高一): this year's 高一 students whose last year's snapshot is 初三.</item>
/// </list>
/// Without last year's snapshots the last two are unknown (null), never 0. Deriving again with the same records changes
/// nothing.
/// </summary>
public static class DeriveCensus
{
    /// <summary>What a derivation did.</summary>
    public sealed record Result(SchoolYear Year, int Schools, int Rows, int Created, int Updated, int Removed, int ReportedSchools, bool PreviousYear)
    {
        /// <summary>One Chinese sentence for the CLI, the import report and the page.</summary>
        public string Summary =>
            Rows == 0 && Removed == 0 && ReportedSchools == 0
                ? $"{Year} 学年没有学籍快照，未推算秋季统计"
                : $"{Year} 学年按学籍推算秋季统计：{Schools} 所学校 {Rows} 行（新增 {Created}，更新 {Updated}，删除 {Removed}）"
                  + (ReportedSchools > 0 ? $"；{ReportedSchools} 所学校已有统计上报，不推算" : "")
                  + (PreviousYear ? "" : $"；没有 {Year.Previous} 学年学籍快照，毕业生数与应届初中毕业生招生数未知");
    }

    private static readonly string[] LastGrades = ["K3", "P6", "J3", "S3", "X9"];

    public static async Task<Result> HandleAsync(EduDb db, SchoolYear year, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var y = year.StartYear;
        var reported = (await db.GradeEnrolments.Where(e => e.Year == y && e.Source == CensusSource.Reported)
            .Select(e => e.SchoolId).Distinct().ToListAsync(ct)).ToHashSet();
        var counts = await db.StudentYears.Where(s => s.Year == y)
            .Join(db.Students, s => s.StudentId, st => st.Id, (s, st) => new { s.SchoolId, s.Grade, st.Sex, s.NewEntrant })
            .GroupBy(x => new { x.SchoolId, x.Grade, x.Sex })
            .Select(g => new { g.Key.SchoolId, g.Key.Grade, g.Key.Sex, Students = g.Count(), Entrants = g.Sum(x => x.NewEntrant ? 1 : 0) })
            .ToListAsync(ct);
        var previous = await db.StudentYears.AnyAsync(s => s.Year == y - 1, ct);
        var graduates = previous ? await GraduatesAsync(db, year, ct) : [];
        var fresh = previous ? await FreshGraduateEntrantsAsync(db, y, ct) : [];

        var rows = new Dictionary<(int SchoolId, string Grade, Sex Sex), GradeEnrolment>();
        GradeEnrolment Row(int school, string grade, Sex sex) => rows.TryGetValue((school, grade, sex), out var r) ? r : rows[(school, grade, sex)] = new GradeEnrolment
        {
            SchoolId = school,
            Year = y,
            Grade = grade,
            Sex = sex,
            Source = CensusSource.Derived,
            // Unknown only where the figure exists: the last grades' 毕业生数, 高一's 应届 entrants.
            Graduates = previous || Grades.Next(grade) is not null ? 0 : null,
            FreshGraduateEntrants = previous || grade != "S1" ? 0 : null,
        };
        foreach (var c in counts.Where(c => !reported.Contains(c.SchoolId)))
        {
            var r = Row(c.SchoolId, c.Grade, c.Sex);
            r.Students = c.Students;
            r.NewEntrants = Grades.IsEntryGrade(c.Grade) ? c.Entrants : 0;
        }
        foreach (var ((school, grade, sex), n) in graduates.Where(g => !reported.Contains(g.Key.SchoolId)))
        {
            Row(school, grade, sex).Graduates = n;
        }
        foreach (var ((school, sex), n) in fresh.Where(f => !reported.Contains(f.Key.SchoolId)))
        {
            Row(school, "S1", sex).FreshGraduateEntrants = n;
        }
        var (schools, total) = (rows.Keys.Select(k => k.SchoolId).Distinct().Count(), rows.Count);
        var (created, updated, removed) = await SaveAsync(db, y, rows, ct);
        return new Result(year, schools, total, created, updated, removed, reported.Count, previous);
    }

    /// <summary>
    /// After a 学籍 import or its rollback: derives the year when it has no imported census, and the next year when its
    /// census is derived (its 毕业生数 read this year's snapshots). Returns the summaries, empty when nothing was due.
    /// </summary>
    public static async Task<IReadOnlyList<string>> AfterStudentsChangedAsync(EduDb db, SchoolYear year, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var notes = new List<string>();
        if (!await db.GradeEnrolments.AnyAsync(e => e.Year == year.StartYear && e.Source == CensusSource.Reported, ct))
        {
            notes.Add((await HandleAsync(db, year, ct)).Summary);
        }
        var next = year.Next.StartYear;
        if (await db.GradeEnrolments.AnyAsync(e => e.Year == next && e.Source == CensusSource.Derived, ct))
        {
            notes.Add((await HandleAsync(db, year.Next, ct)).Summary);
        }
        return notes;
    }

    /// <summary>Upserts the derived rows of the year (tracked: every change is audited); removes derived rows no longer counted.</summary>
    private static async Task<(int Created, int Updated, int Removed)> SaveAsync(EduDb db, int y, Dictionary<(int, string, Sex), GradeEnrolment> rows, CancellationToken ct)
    {
        var stored = await db.GradeEnrolments.Where(e => e.Year == y && e.Source == CensusSource.Derived).ToListAsync(ct);
        int created = 0, updated = 0, removed = 0;
        foreach (var old in stored)
        {
            if (!rows.Remove((old.SchoolId, old.Grade, old.Sex), out var now))
            {
                db.GradeEnrolments.Remove(old);
                removed++;
                continue;
            }
            if (old.Students != now.Students || old.NewEntrants != now.NewEntrants || old.Graduates != now.Graduates || old.FreshGraduateEntrants != now.FreshGraduateEntrants)
            {
                (old.Students, old.NewEntrants, old.Graduates, old.FreshGraduateEntrants) = (now.Students, now.NewEntrants, now.Graduates, now.FreshGraduateEntrants);
                updated++;
            }
        }
        db.GradeEnrolments.AddRange(rows.Values);
        created = rows.Count;
        await db.SaveChangesAsync(ct);
        return (created, updated, removed);
    }

    /// <summary>毕业生数 by school, last grade and sex: last year's snapshot in a last grade, graduated in the year since.</summary>
    private static async Task<Dictionary<(int SchoolId, string Grade, Sex Sex), int>> GraduatesAsync(EduDb db, SchoolYear year, CancellationToken ct)
    {
        var y = year.StartYear;
        var (from, to) = (year.Previous.CensusDate, year.CensusDate);
        var last = LastGrades;
        var rows = await db.StudentYears.Where(p => p.Year == y - 1 && last.Contains(p.Grade))
            .Join(db.Students, p => p.StudentId, st => st.Id, (p, st) => new { p.StudentId, p.SchoolId, p.Grade, st.Sex })
            .Where(x => db.Set<StatusChange>().Any(c => c.StudentId == x.StudentId && c.Type == StatusChangeType.Graduation && c.Date > from && c.Date <= to)
                || (!db.Set<StatusChange>().Any(c => c.StudentId == x.StudentId && c.Date > from && c.Date <= to
                        && (c.Type == StatusChangeType.Dropout || c.Type == StatusChangeType.TransferOut || c.Type == StatusChangeType.Suspension || c.Type == StatusChangeType.Graduation))
                    && !db.Set<StudentYear>().Any(n => n.StudentId == x.StudentId && n.Year == y && n.Grade == x.Grade)))
            .GroupBy(x => new { x.SchoolId, x.Grade, x.Sex })
            .Select(g => new { g.Key.SchoolId, g.Key.Grade, g.Key.Sex, Count = g.Count() })
            .ToListAsync(ct);
        return rows.ToDictionary(r => (r.SchoolId, r.Grade, r.Sex), r => r.Count);
    }

    /// <summary>应届初中毕业生 entering 高一 by school and sex: this year's 高一 snapshots whose last year's snapshot is 初三.</summary>
    private static async Task<Dictionary<(int SchoolId, Sex Sex), int>> FreshGraduateEntrantsAsync(EduDb db, int y, CancellationToken ct)
    {
        var rows = await db.StudentYears.Where(s => s.Year == y && s.Grade == "S1"
                && db.Set<StudentYear>().Any(p => p.StudentId == s.StudentId && p.Year == y - 1 && p.Grade == "J3"))
            .Join(db.Students, s => s.StudentId, st => st.Id, (s, st) => new { s.SchoolId, st.Sex })
            .GroupBy(x => new { x.SchoolId, x.Sex })
            .Select(g => new { g.Key.SchoolId, g.Key.Sex, Count = g.Count() })
            .ToListAsync(ct);
        return rows.ToDictionary(r => (r.SchoolId, r.Sex), r => r.Count);
    }
}
