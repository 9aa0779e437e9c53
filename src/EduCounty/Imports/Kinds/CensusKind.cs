using System.Text.Json;
using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Imports.Kinds;

/// <summary>
/// 秋季统计 (教育事业统计 基层报表): one row per school × 学年 × 年级 × 性别; natural key 学校标识码 + 学年 + 年级 + 性别.
/// A file replaces the census of each school-year it holds: rows of those school-years that the file does not hold are
/// removed (kept in the batch, so a rollback brings them back), a 学籍推算 row becomes 统计上报 (docs/adr/0025).
/// Re-importing the same file changes nothing. 招生数 only in a stage's first grade, 毕业生数 only in its last,
/// 应届初中毕业生招生数 only in 高一; counts ≥ 0; the grade must be one the school's type holds.
/// </summary>
public sealed class CensusKind : ImportKind<GradeEnrolment>
{
    /// <summary>The entity name of the batch records that keep the rows a census file replaced.</summary>
    internal const string Removed = nameof(GradeEnrolment) + ":removed";

    public override string Name => "census";

    protected override string[] Compared { get; } = ["Students", "NewEntrants", "Graduates", "FreshGraduateEntrants", "Classes", "Source"];

    /// <summary>A column the file lacks keeps the stored figure (a new row: unknown, never 0).</summary>
    protected internal override IReadOnlyDictionary<string, string> OptionalSources { get; } = new Dictionary<string, string>
    {
        ["NewEntrants"] = "entrants",
        ["Graduates"] = "graduates",
        ["FreshGraduateEntrants"] = "fresh",
        ["Classes"] = "classes",
    };

    protected internal override string KeyColumn => "sex";
    protected internal override string KeyLabel => "学校、学年、年级和性别";

    protected internal override bool HasCompanions => true;

    /// <summary>The school-years the file holds; schools open at each census (for the "no rows" note).</summary>
    private readonly HashSet<(int SchoolId, int Year)> _schoolYears = [];
    private List<(int Id, string Code, string Name, DateOnly? Opened, DateOnly? Closed, bool TeachingPoint)> _schools = [];

    protected internal override async Task<Dictionary<string, GradeEnrolment>> LoadAsync(ImportContext ctx, CancellationToken ct)
    {
        await KindHelpers.LoadSchoolsAsync(ctx, ct);
        _schools = [.. (await ctx.Db.Schools.AsNoTracking().Select(s => new { s.Id, s.Code, s.Name, s.OpenedOn, s.ClosedOn, s.IsTeachingPoint }).ToListAsync(ct))
            .Select(s => (s.Id, s.Code, s.Name, s.OpenedOn, s.ClosedOn, s.IsTeachingPoint))];
        var list = await ctx.Db.GradeEnrolments.AsNoTracking().ToListAsync(ct);
        return list.ToDictionary(KeyOf);
    }

    protected internal override GradeEnrolment? Build(RowValues row, ImportContext ctx)
    {
        var school = KindHelpers.School(row, "school", ctx);
        var year = row.Year("year");
        var grade = row.Grade("grade");
        var sex = row.Code("sex", CodeLists.Sex);
        var students = row.Whole("students", 0, 100_000);
        var entrants = row.Whole("entrants", 0, 100_000);
        var graduates = row.Whole("graduates", 0, 100_000);
        var fresh = row.Whole("fresh", 0, 100_000);
        var classes = row.Whole("classes", 0, 10_000);
        KindHelpers.GradeFits(row, "grade", school, grade);
        if (grade is not null)
        {
            if (entrants > 0 && !Grades.IsEntryGrade(grade))
            {
                row.Error("entrants", $"招生数只填在各学段的起始年级（小班、一年级、初一、高一、特教一年级），{Grades.Label(grade)}应为 0 或空");
            }
            if (graduates > 0 && Grades.Next(grade) is not null)
            {
                row.Error("graduates", $"毕业生数只填在各学段的毕业年级（大班、六年级、初三、高三、特教九年级），{Grades.Label(grade)}应为 0 或空");
            }
            if (fresh > 0 && grade != "S1")
            {
                row.Error("fresh", "应届初中毕业生招生数只填在高一");
            }
        }
        // Per sex row a warning only: some tables split 应届 entrants between the sexes evenly, not by the pupils.
        if (fresh is { } f && entrants is { } e && f > e)
        {
            row.Warning("fresh", $"应届初中毕业生招生数（{f}）大于本行招生数（{e}），请核对");
        }
        if (entrants is { } n && students is { } s && n > s)
        {
            row.Warning("entrants", $"招生数（{n}）大于在校生数（{s}）");
        }
        if (row.HasErrors)
        {
            return null;
        }
        _schoolYears.Add((school!.Id, year!.Value));
        // A column the file has: a blank cell is 0 (the 基层表 leaves zeros blank); a column it lacks: unknown.
        int? Count(string key, int? value) => row.Has(key) ? value ?? 0 : null;
        return new GradeEnrolment
        {
            SchoolId = school.Id,
            Year = year.Value,
            Grade = grade!,
            Sex = sex!.Value,
            Students = students!.Value,
            NewEntrants = Count("entrants", entrants) ?? 0,
            Graduates = Count("graduates", graduates),
            FreshGraduateEntrants = Count("fresh", fresh),
            Classes = classes,
            Source = CensusSource.Reported,
        };
    }

    protected internal override string KeyOf(GradeEnrolment e) => $"{e.SchoolId}|{e.Year}|{e.Grade}|{(int)e.Sex}";

    /// <summary>A school-year is one census: open schools of a year in the file that have no row in it are named.</summary>
    protected internal override void AfterPass(ImportContext ctx, List<string> notes)
    {
        foreach (var year in _schoolYears.Select(x => x.Year).Distinct().Order())
        {
            var census = new SchoolYear(year).CensusDate;
            var without = _schools.Where(s => !s.TeachingPoint && OpenSchools.IsOpen(s.Opened, s.Closed, census) && !_schoolYears.Contains((s.Id, year)))
                .Select(s => $"{s.Name}（{s.Code}）").ToList();
            if (without.Count > 0)
            {
                notes.Add($"{new SchoolYear(year)} 学年：以下 {without.Count} 所开办中的学校在文件中没有秋季统计行（已有的行保持不变）：{string.Join("、", without.Take(30))}{(without.Count > 30 ? " 等" : "")}");
            }
        }
    }

    /// <summary>
    /// Removes the stored rows of the file's school-years that the file does not hold (a grade the school no longer
    /// has, the 学籍推算 rows of another sex…), keeping each in the batch for a rollback.
    /// </summary>
    protected internal override async Task<string?> WriteCompanionsAsync(ImportContext ctx, ImportWritten written, CancellationToken ct)
    {
        var db = ctx.Db;
        var keep = new HashSet<int>(written.Updated.Concat(written.Unchanged));
        var years = _schoolYears.Select(x => x.Year).Distinct().ToList();
        var schools = _schoolYears.Select(x => x.SchoolId).Distinct().ToList();
        var candidates = await db.GradeEnrolments
            .Where(e => years.Contains(e.Year) && schools.Contains(e.SchoolId))
            .ToListAsync(ct);
        var stale = candidates.Where(e => _schoolYears.Contains((e.SchoolId, e.Year)) && !keep.Contains(e.Id)
            && !(written.FirstCreated is { } a && written.LastCreated is { } b && e.Id >= a && e.Id <= b)).ToList();
        if (stale.Count == 0)
        {
            return null;
        }
        foreach (var e in stale)
        {
            db.ImportChanges.Add(new ImportChange { BatchId = written.BatchId, Entity = Removed, EntityId = e.Id, OldValues = JsonSerializer.Serialize(e) });
            db.GradeEnrolments.Remove(e);
        }
        await db.SaveChangesAsync(ct);
        return $"按文件替换秋季统计：删除文件中没有的原有行 {stale.Count} 行（可随批次回滚恢复）";
    }

    /// <summary>Brings back the rows the census file removed.</summary>
    protected internal override async Task RollbackCompanionsAsync(EduDb db, ImportBatch batch, IReadOnlyList<int> restored, CancellationToken ct)
    {
        var removed = await db.ImportChanges.Where(c => c.BatchId == batch.Id && c.Entity == Removed).ToListAsync(ct);
        foreach (var c in removed)
        {
            db.GradeEnrolments.Add(JsonSerializer.Deserialize<GradeEnrolment>(c.OldValues)!);
        }
        await db.SaveChangesAsync(ct);
    }
}
