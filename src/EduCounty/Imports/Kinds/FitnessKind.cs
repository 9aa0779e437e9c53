using EduCounty.Common;
using EduCounty.Fitness;
using EduCounty.Registry;
using EduCounty.Security;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Imports.Kinds;

/// <summary>
/// 体质健康 (issue 12 item 7): the 国家学生体质健康标准数据上报 file, one row per student tested in the import's 学年, linked
/// by 学籍号; natural key student + 学年 (the table's unique index), so a re-import of the same file changes nothing. The
/// school and class come from the student's 学年 snapshot (else the student's current school, with a warning); the grade is
/// the file's 年级编号 (the standard scores by it). Values are read by the rules of <see cref="FitnessImport"/> (units,
/// times as 3'40", plausible ranges) and scored by <see cref="FitnessScorer"/> from the 2014 standard's tables
/// (shared/reference/fitness-standard-2014/: scores.csv, bmi.csv, weights.csv, bonus.csv, ratings.csv); the scores are
/// stored with the row. The CLI's <c>fitness import</c> runs this kind (its <c>--tested-on</c> is
/// <see cref="FitnessKind(DateOnly?)"/>).
/// </summary>
public sealed class FitnessKind : ImportKind<FitnessTest>
{
    /// <summary>The measured items by column key, with the template header whose rules apply (FitnessImport's columns).</summary>
    private static readonly (string Key, string Header, FitnessItem Item)[] Items =
    [
        ("vitalCapacity", "肺活量", FitnessItem.VitalCapacity), ("run50m", "50米跑", FitnessItem.Run50m), ("standingLongJump", "立定跳远", FitnessItem.StandingLongJump),
        ("sitAndReach", "坐位体前屈", FitnessItem.SitAndReach), ("run800m", "800米跑", FitnessItem.Run800m), ("run1000m", "1000米跑", FitnessItem.Run1000m),
        ("sitUps1Min", "一分钟仰卧起坐", FitnessItem.SitUps1Min), ("pullUps", "引体向上", FitnessItem.PullUps), ("ropeSkip1Min", "一分钟跳绳", FitnessItem.RopeSkip1Min),
        ("shuttle50x8", "50米×8往返跑", FitnessItem.Shuttle50x8),
    ];

    private readonly DateOnly? _testedOn;
    private readonly FitnessScorer _scorer = FitnessScorer.Default;
    private readonly Dictionary<string, (int Id, Sex Sex, int SchoolId)> _students = new(StringComparer.Ordinal);
    private Dictionary<int, (int SchoolId, string Grade, int? ClassId)> _snapshots = [];

    public FitnessKind()
    {
    }

    /// <summary>A run whose rows all get this 测试日期 when the file has none (the CLI's <c>--tested-on</c>).</summary>
    public FitnessKind(DateOnly? testedOn) => _testedOn = testedOn;

    public override string Name => "fitness";

    /// <summary>As for 视力筛查 (<see cref="VisionKind.ScreeningWriters"/>; docs/adr/0032).</summary>
    public override IReadOnlyList<string> Writers => VisionKind.ScreeningWriters;

    protected override string[] Compared { get; } =
    [
        "SchoolId", "ClassId", "Grade", "Sex", "TestedOn", "HeightCm", "WeightKg", "VitalCapacity", "Run50m", "SitAndReach",
        "RopeSkip1Min", "SitUps1Min", "Shuttle50x8", "StandingLongJump", "PullUps", "Run800m", "Run1000m",
        "Bmi", "StandardScore", "BonusScore", "TotalScore", "Rating", "Provenance",
    ];

    /// <summary>Without a 测试日期 column (and no date given) the stored date is kept, as the CLI always did.</summary>
    protected internal override IReadOnlyDictionary<string, string> OptionalSources =>
        _testedOn is null ? new Dictionary<string, string> { ["TestedOn"] = "tested" } : new Dictionary<string, string>();

    protected internal override string KeyColumn => "student";
    protected internal override string KeyLabel => "学籍号（同一学年每生一条）";

    /// <summary>
    /// The students (by keyed hash), their snapshots of the year and the year's stored tests. On a school-scoped context
    /// (a school's user) the query filters leave out every other school's students: their rows are refused.
    /// </summary>
    protected internal override async Task<Dictionary<string, FitnessTest>> LoadAsync(ImportContext ctx, CancellationToken ct)
    {
        var year = ctx.Year.StartYear;
        foreach (var s in await ctx.Db.Students.AsNoTracking().Select(s => new { s.Id, s.StudentNumberHash, s.Sex, s.SchoolId }).ToListAsync(ct))
        {
            _students[s.StudentNumberHash] = (s.Id, s.Sex, s.SchoolId);
        }
        _snapshots = await KindHelpers.SnapshotsAsync(ctx, ct);
        var stored = await ctx.Db.FitnessTests.AsNoTracking().Where(t => t.Year == year).ToListAsync(ct);
        return stored.ToDictionary(KeyOf);
    }

    protected internal override FitnessTest? Build(RowValues row, ImportContext ctx)
    {
        var grade = ReadGrade(row);
        var number = row.Text("student", 30)?.Trim();
        var sex = ReadSex(row);
        var tested = row.Date("tested") ?? _testedOn;
        var height = Body(row, "height", "身高");
        var weight = Body(row, "weight", "体重");
        var result = grade is null || number is null || sex is null ? null : new FitnessResult(number, grade, sex.Value) { HeightCm = height, WeightKg = weight };
        foreach (var (key, header, item) in Items)
        {
            var value = Measure(row, key, header);
            if (result is not null && value is not null)
            {
                result = result.With(item, value);
            }
        }
        var student = number is null ? default : Student(row, ctx, number, sex);
        if (result is null || row.HasErrors)
        {
            return null;
        }
        result = Taken(row, result);
        var score = Score(row, result);
        if (score is null || row.HasErrors)
        {
            return null;
        }
        var where = Where(row, ctx, student, result.Grade);
        var t = new FitnessTest
        {
            StudentId = student.Id,
            Year = ctx.Year.StartYear,
            SchoolId = where.SchoolId,
            ClassId = where.ClassId,
            Grade = result.Grade,
            TestedOn = tested,
            Provenance = string.Empty,
            Source = ctx.FileName.Length > 200 ? ctx.FileName[..200] : ctx.FileName,
        };
        t.Apply(result, score);
        return t;
    }

    /// <summary>年级编号 of the template (11–16, 21–23, 31–33, 41–44) or a grade code the standard knows (P1…S3, U1…U4).</summary>
    private string? ReadGrade(RowValues row)
    {
        var text = row.Text("grade", 10)?.Trim();
        if (text is null)
        {
            return null;
        }
        var grade = FitnessImport.GradeFromTemplateCode(text) ?? (_scorer.Standard.IsGrade(text.ToUpperInvariant()) ? text.ToUpperInvariant() : null);
        if (grade is null)
        {
            row.Error("grade", "年级编号应为 11–16（小学）、21–23（初中）、31–33（高中）或 41–44（大学）");
        }
        return grade;
    }

    private static Sex? ReadSex(RowValues row) => row.Text("sex", 10)?.Trim() switch
    {
        null => null,
        "1" or "男" => Sex.Male,
        "2" or "女" => Sex.Female,
        _ => Fail(row, "sex", "性别应为 1（男）或 2（女）"),
    };

    private static Sex? Fail(RowValues row, string key, string reason)
    {
        row.Error(key, reason);
        return null;
    }

    private static decimal? Body(RowValues row, string key, string header)
    {
        var v = Measure(row, key, header);
        if (v == 0)
        {
            row.Error(key, $"{header}不能为 0");
        }
        return v;
    }

    /// <summary>A measurement by <see cref="FitnessImport.Measurement"/> (a time typed into Excel arrives as a time of day).</summary>
    private static decimal? Measure(RowValues row, string key, string header)
    {
        var raw = header is "身高" or "体重" ? row.Text(key, 20) : row.Raw(key);
        var text = FitnessImport.FromTimeCell(raw)?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        var (value, error, warning) = FitnessImport.Measurement(header, text);
        if (error is not null)
        {
            row.Error(key, error);
        }
        else if (warning is not null)
        {
            row.Warning(key, warning);
        }
        return value;
    }

    /// <summary>The student of the 学籍号 (keyed hash of the upper-cased number, as the 学籍 stores it); sex as in the 学籍.</summary>
    private (int Id, Sex Sex, int SchoolId) Student(RowValues row, ImportContext ctx, string number, Sex? sex)
    {
        if (!_students.TryGetValue(ctx.Protector.LookupHash(number.ToUpperInvariant()), out var st))
        {
            row.Error("student", ctx.Db.SchoolScoped
                ? "学籍库中没有此学籍号，或该生不在您管理的学校（不能导入其他学校学生的成绩）"
                : "学籍库中没有此学籍号（须先导入学生学籍）");
            return default;
        }
        if (sex is { } s && s != st.Sex)
        {
            row.Error("sex", $"与学籍不符（学籍为{Labels.Of(st.Sex)}）");
        }
        return st;
    }

    /// <summary>The grade's and sex's 必测项目 must be there (weights.csv); an item not taken is warned about and ignored.</summary>
    private FitnessResult Taken(RowValues row, FitnessResult result)
    {
        var standard = _scorer.Standard;
        var taken = standard.Weights(result.Sex, result.Grade).Select(w => w.Item).ToHashSet();
        var who = $"{standard.Grades[standard.GradeIndex(result.Grade)].NameZh}{Labels.Of(result.Sex)}生";
        foreach (var (key, _, item) in Items)
        {
            var has = result.Measurement(item) is not null;
            if (taken.Contains(item) && !has)
            {
                row.Error(key, $"{who}的必测项目不能为空");
            }
            else if (!taken.Contains(item) && has)
            {
                row.Warning(key, $"{who}不测此项，已忽略");
                result = result.With(item, null);
            }
        }
        return result;
    }

    private FitnessScore? Score(RowValues row, FitnessResult result)
    {
        try
        {
            return _scorer.Score(result);
        }
        catch (RuleException ex)
        {
            row.Error(ex.Message.Contains("BMI", StringComparison.Ordinal) ? "height" : "grade", ex.Message);
            return null;
        }
    }

    /// <summary>Where the test counts: the student's 学年 snapshot, else the student's current school (warned).</summary>
    private (int SchoolId, int? ClassId) Where(RowValues row, ImportContext ctx, (int Id, Sex Sex, int SchoolId) student, string grade)
    {
        if (!_snapshots.TryGetValue(student.Id, out var snap))
        {
            row.Warning("student", $"{ctx.Year} 学年无在籍记录，按学生当前学校记入");
            return (student.SchoolId, null);
        }
        if (snap.Grade != grade)
        {
            row.Warning("grade", $"与学籍年级 {snap.Grade} 不同，按文件中的年级评分");
        }
        return (snap.SchoolId, snap.ClassId);
    }

    protected internal override string KeyOf(FitnessTest e) => $"{e.StudentId}|{e.Year}";

    /// <summary>A test dated outside its 学年 (09-01 to 08-31) is kept but flagged.</summary>
    protected internal override void Check(FitnessTest entity, RowValues row, ImportContext ctx)
    {
        if (entity.TestedOn is { } d && SchoolYear.Containing(d) != ctx.Year)
        {
            row.Warning("tested", $"测试日期不在 {ctx.Year} 学年内");
        }
    }
}
