using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Periods;

/// <summary>
/// 学校填报 of the school's own census rows (issue 22 §2): per grade 在校生, 招生, 毕业生 by sex and 班数, as the national
/// yearbook columns of the 基层报表 (shared/reference/census.md, "Tables of the 小学 form": 毕业生数, 招生数, 在校学生数 by
/// grade, 班数 of 小基2), with the form's consistency rules ("row = sum of columns, total = sum of grades", census.md
/// "What the import needs from it"), the same rules as the census import: counts ≥ 0, 招生 only in a stage's first
/// grade, 毕业生 only in its last. 班数 is the grade's, stored on both sex rows (as the import reads it, max per grade).
/// </summary>
public static class CensusEntry
{
    /// <summary>One grade line of the form (人; 班数 个).</summary>
    public sealed record Line(string Grade, int StudentsMale, int StudentsFemale, int EntrantsMale, int EntrantsFemale,
        int GraduatesMale, int GraduatesFemale, int Classes)
    {
        public int Value(string column) => column switch
        {
            nameof(StudentsMale) => StudentsMale,
            nameof(StudentsFemale) => StudentsFemale,
            nameof(EntrantsMale) => EntrantsMale,
            nameof(EntrantsFemale) => EntrantsFemale,
            nameof(GraduatesMale) => GraduatesMale,
            nameof(GraduatesFemale) => GraduatesFemale,
            _ => Classes,
        };
    }

    /// <summary>The columns in the national order, with their Chinese heads.</summary>
    public static readonly (string Key, string Label)[] Columns =
    [
        (nameof(Line.GraduatesMale), "毕业生数（男）"), (nameof(Line.GraduatesFemale), "毕业生数（女）"),
        (nameof(Line.EntrantsMale), "招生数（男）"), (nameof(Line.EntrantsFemale), "招生数（女）"),
        (nameof(Line.StudentsMale), "在校生数（男）"), (nameof(Line.StudentsFemale), "在校生数（女）"),
        (nameof(Line.Classes), "班数"),
    ];

    /// <summary>The key of a field (for comments per field): "P1.StudentsMale", the total line "total.Classes".</summary>
    public static string FieldKey(string grade, string column) => $"{grade}.{column}";

    public static string ColumnLabel(string column) => Columns.First(c => c.Key == column).Label;

    /// <summary>A broken rule at a field.</summary>
    public sealed record Problem(string Field, string Message);

    /// <summary>
    /// The form's rules over the grade lines and the 合计 line the school wrote (null: not given, e.g. re-checking the
    /// stored rows). Pure: the page runs the same rules as they type (its script mirrors them) and the server on save.
    /// </summary>
    public static List<Problem> Check(SchoolType type, IReadOnlyList<Line> lines, Line? total)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var problems = new List<Problem>();
        var allowed = Grades.For(type);
        foreach (var l in lines)
        {
            var g = Grades.Label(l.Grade);
            if (!allowed.Contains(l.Grade))
            {
                problems.Add(new(FieldKey(l.Grade, nameof(Line.StudentsMale)), $"{g}：本校（{Labels.Of(type)}）没有这个年级"));
                continue;
            }
            foreach (var (key, label) in Columns.Where(c => l.Value(c.Key) < 0))
            {
                problems.Add(new(FieldKey(l.Grade, key), $"{g}{label}不能为负数"));
            }
            if (!Grades.IsEntryGrade(l.Grade) && l.EntrantsMale + l.EntrantsFemale > 0)
            {
                problems.Add(new(FieldKey(l.Grade, l.EntrantsMale > 0 ? nameof(Line.EntrantsMale) : nameof(Line.EntrantsFemale)),
                    $"{g}：招生数只填在各学段的起始年级（一年级、初一、高一等），应为 0"));
            }
            if (Grades.Next(l.Grade) is not null && l.GraduatesMale + l.GraduatesFemale > 0)
            {
                problems.Add(new(FieldKey(l.Grade, l.GraduatesMale > 0 ? nameof(Line.GraduatesMale) : nameof(Line.GraduatesFemale)),
                    $"{g}：毕业生数只填在各学段的毕业年级（六年级、初三、高三等），应为 0"));
            }
            if (l.StudentsMale + l.StudentsFemale > 0 && l.Classes <= 0)
            {
                problems.Add(new(FieldKey(l.Grade, nameof(Line.Classes)), $"{g}有在校生，班数不能为 0"));
            }
        }
        if (total is not null)
        {
            foreach (var (key, label) in Columns)
            {
                var sum = lines.Sum(l => l.Value(key));
                if (total.Value(key) != sum)
                {
                    problems.Add(new(FieldKey("total", key), $"合计{label}（{total.Value(key)}）不等于各年级之和（{sum}）"));
                }
            }
        }
        return problems;
    }

    /// <summary>The form of one school and year: this year's lines (stored or zeros) and last year's beside them.</summary>
    public sealed record Form(int SchoolId, string SchoolName, SchoolType Type, int Year, IReadOnlyList<Line> Lines,
        IReadOnlyDictionary<string, Line> LastYear, SubmissionState State, IReadOnlyList<StepRow> Steps);

    public sealed record StepRow(SubmissionState From, SubmissionState To, string Actor, DateTimeOffset At, string? Comment,
        IReadOnlyDictionary<string, string> FieldComments);

    /// <summary>Reads the form through the context's scope (another school: refused as not found).</summary>
    public static async Task<Form> GetAsync(EduDb db, int schoolId, int year, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var school = await db.Schools.AsNoTracking().Where(s => s.Id == schoolId).Select(s => new { s.Id, s.Name, s.Type }).SingleOrDefaultAsync(ct)
            ?? throw new RuleException("没有这所学校，或它不在您的管理范围内") { Field = "school" };
        var rows = await db.GradeEnrolments.AsNoTracking().Where(e => e.SchoolId == schoolId && (e.Year == year || e.Year == year - 1)).ToListAsync(ct);
        Line LineOf(string grade, int y)
        {
            var m = rows.FirstOrDefault(r => r.Year == y && r.Grade == grade && r.Sex == Sex.Male);
            var f = rows.FirstOrDefault(r => r.Year == y && r.Grade == grade && r.Sex == Sex.Female);
            return new Line(grade, m?.Students ?? 0, f?.Students ?? 0, m?.NewEntrants ?? 0, f?.NewEntrants ?? 0,
                m?.Graduates ?? 0, f?.Graduates ?? 0, Math.Max(m?.Classes ?? 0, f?.Classes ?? 0));
        }
        var grades = Grades.For(school.Type);
        // Last year's lines of the grades that had figures (a grade without any is no figure, not zero).
        var last = grades.Where(g => rows.Any(r => r.Year == year - 1 && r.Grade == g)).ToDictionary(g => g, g => LineOf(g, year - 1));
        var (state, steps) = await PeriodStore.StepsAsync(db, PeriodForms.Census, schoolId, year, ct);
        return new Form(school.Id, school.Name, school.Type, year, [.. grades.Select(g => LineOf(g, year))], last,
            state, steps);
    }

    /// <summary>
    /// Saves the school's lines (a draft the school may change until it submits): only by the school, only while its form
    /// is 未填报 or 退回 in an open period; every rule checked, the 合计 line included; nothing written on a refusal.
    /// </summary>
    public static async Task SaveAsync(EduDb db, PeriodActor actor, int schoolId, int year, IReadOnlyList<Line> lines, Line total, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(lines);
        if (actor.Level != ReviewLevel.School)
        {
            throw new RuleException("秋季统计由学校填报；乡镇和县级用户审核或退回，不直接修改学校的数") { Field = "school" };
        }
        var period = await PeriodStore.FindAsync(db, year, PeriodForms.Census, ct);
        var sub = await PeriodStore.SubmissionAsync(db, period, schoolId, ct);
        if (sub.State is not (SubmissionState.NotFilled or SubmissionState.Returned))
        {
            throw new RuleException($"填报状态为“{SubmissionChain.Label(sub.State)}”，不能修改（退回后才能修改）") { Field = "state" };
        }
        var type = await db.Schools.Where(s => s.Id == schoolId).Select(s => s.Type).SingleAsync(ct);
        if (Check(type, lines, total) is { Count: > 0 } problems)
        {
            throw new RuleException("不能保存：" + string.Join("；", problems.Select(p => p.Message))) { Field = problems[0].Field };
        }
        var stored = await db.GradeEnrolments.Where(e => e.SchoolId == schoolId && e.Year == year).ToListAsync(ct);
        foreach (var l in lines)
        {
            Put(db, stored, schoolId, year, l.Grade, Sex.Male, l.StudentsMale, l.EntrantsMale, l.GraduatesMale, l.Classes);
            Put(db, stored, schoolId, year, l.Grade, Sex.Female, l.StudentsFemale, l.EntrantsFemale, l.GraduatesFemale, l.Classes);
        }
        db.GradeEnrolments.RemoveRange(stored.Where(e => !lines.Any(l => l.Grade == e.Grade)));
        db.AuditDetail = $"学校填报：{new SchoolYear(year)} 学年秋季统计";
        await db.SaveChangesAsync(ct);
        db.AuditDetail = null;
    }

    private static void Put(EduDb db, List<GradeEnrolment> stored, int schoolId, int year, string grade, Sex sex, int students, int entrants, int graduates, int classes)
    {
        var row = stored.FirstOrDefault(e => e.Grade == grade && e.Sex == sex);
        if (row is null)
        {
            row = new GradeEnrolment { SchoolId = schoolId, Year = year, Grade = grade, Sex = sex };
            db.GradeEnrolments.Add(row);
        }
        row.Students = students;
        row.NewEntrants = entrants;
        row.Graduates = graduates;
        row.Classes = classes;
        row.Source = CensusSource.Reported;
    }

    /// <summary>The rules over the stored rows (on submit).</summary>
    internal static async Task<List<Problem>> CheckStoredAsync(EduDb db, int schoolId, int year, CancellationToken ct)
    {
        var form = await GetAsync(db, schoolId, year, ct);
        if (!await db.GradeEnrolments.AnyAsync(e => e.SchoolId == schoolId && e.Year == year, ct))
        {
            return [new("form", "还没有填写本学年的秋季统计")];
        }
        return Check(form.Type, form.Lines, null);
    }
}
