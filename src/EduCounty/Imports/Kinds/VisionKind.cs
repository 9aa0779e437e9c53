using EduCounty.Common;
using EduCounty.Fitness;
using EduCounty.Registry;
using EduCounty.Security;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Imports.Kinds;

/// <summary>
/// 视力筛查 (issue 12 item 7): one row per student screened in the import's 学年, linked by 学籍号; natural key student +
/// 学年 (one screening per student and year, the table's unique index). The school, grade and class come from the
/// student's 学年 snapshot, so a screening counts where the student was enrolled that year. 近视 follows
/// <see cref="MyopiaRule"/> (裸眼视力 &lt; 5.0 with 等效球镜 ≤ −0.50 D); 等效球镜 is taken as given, or computed from 球镜
/// and 柱镜 as 球镜 + 柱镜 ÷ 2 when only those are in the file.
/// </summary>
public sealed class VisionKind : ImportKind<VisionScreening>
{
    private readonly Dictionary<string, (int Id, Sex Sex)> _students = new(StringComparer.Ordinal);
    private Dictionary<int, (int SchoolId, string Grade, int? ClassId)> _snapshots = [];

    public override string Name => "vision";

    /// <summary>
    /// The county offices, the 体卫艺 office that runs the screenings and tests, and the school roles for their own
    /// students (the school's 体育/卫生 staff hold the results; docs/adr/0032).
    /// </summary>
    public override IReadOnlyList<string> Writers => ScreeningWriters;

    internal static readonly IReadOnlyList<string> ScreeningWriters =
        [.. CountyOffices, Roles.HealthSportsArts, Roles.SchoolAdmin, Roles.SchoolClerk];

    protected override string[] Compared { get; } =
        ["SchoolId", "Grade", "ClassId", "Sex", "ScreenedOn", "UncorrectedLeft", "UncorrectedRight", "SphericalEquivalentLeft", "SphericalEquivalentRight", "Myopia"];

    protected internal override string KeyColumn => "student";
    protected internal override string KeyLabel => "学籍号（同一学年每生一条）";

    protected internal override async Task<Dictionary<string, VisionScreening>> LoadAsync(ImportContext ctx, CancellationToken ct)
    {
        var year = ctx.Year.StartYear;
        foreach (var s in await ctx.Db.Students.AsNoTracking().Select(s => new { s.Id, s.StudentNumberHash, s.Sex }).ToListAsync(ct))
        {
            _students[s.StudentNumberHash] = (s.Id, s.Sex);
        }
        _snapshots = await KindHelpers.SnapshotsAsync(ctx, ct);
        var stored = await ctx.Db.VisionScreenings.AsNoTracking().Where(v => v.Year == year).ToListAsync(ct);
        return stored.ToDictionary(KeyOf);
    }

    protected internal override VisionScreening? Build(RowValues row, ImportContext ctx)
    {
        var number = row.Text("student", 30);
        var on = row.Date("screened");
        var left = row.Number("left", 3.0, 5.3);
        var right = row.Number("right", 3.0, 5.3);
        var seLeft = Equivalent(row, "seLeft", "sphLeft", "cylLeft");
        var seRight = Equivalent(row, "seRight", "sphRight", "cylRight");
        (int Id, Sex Sex) student = default;
        (int SchoolId, string Grade, int? ClassId) where = default;
        if (number is not null && !_students.TryGetValue(ctx.Protector.LookupHash(number.Trim().ToUpperInvariant()), out student))
        {
            row.Error("student", "学籍号不存在（须先导入学生学籍）");
        }
        else if (number is not null && !_snapshots.TryGetValue(student.Id, out where))
        {
            row.Error("student", $"该生在 {ctx.Year} 学年没有在校记录（须先导入该学年的学籍）");
        }
        if (row.HasErrors)
        {
            return null;
        }
        var v = new VisionScreening
        {
            StudentId = student.Id,
            Year = ctx.Year.StartYear,
            SchoolId = where.SchoolId,
            Grade = where.Grade!,
            ClassId = where.ClassId,
            Sex = student.Sex,
            ScreenedOn = on,
            UncorrectedLeft = left!.Value,
            UncorrectedRight = right!.Value,
            SphericalEquivalentLeft = seLeft,
            SphericalEquivalentRight = seRight,
            Source = $"导入：{ctx.FileName}" is { Length: > 200 } text ? text[..200] : $"导入：{ctx.FileName}",
        };
        v.Myopia = MyopiaRule.Default.IsMyopic(v);
        return v;
    }

    /// <summary>等效球镜 of one eye: the column itself, else 球镜 + 柱镜 ÷ 2 (柱镜 absent counts 0), else none.</summary>
    private static double? Equivalent(RowValues row, string se, string sphere, string cylinder)
    {
        if (row.Raw(se) is not null)
        {
            return row.Number(se, -30, 30);
        }
        var s = row.Raw(sphere) is null ? null : row.Number(sphere, -30, 30);
        var c = row.Raw(cylinder) is null ? null : row.Number(cylinder, -10, 10);
        return s is { } sv ? sv + ((c ?? 0) / 2) : null;
    }

    protected internal override string KeyOf(VisionScreening e) => $"{e.StudentId}|{e.Year}";

    /// <summary>A screening dated outside its 学年 (09-01 to 08-31) is kept but flagged.</summary>
    protected internal override void Check(VisionScreening entity, RowValues row, ImportContext ctx)
    {
        if (entity.ScreenedOn is { } d && SchoolYear.Containing(d) != ctx.Year)
        {
            row.Warning("screened", $"筛查日期不在 {ctx.Year} 学年内");
        }
    }
}
