using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Imports.Kinds;

/// <summary>学生学籍 roster as the 全国中小学生学籍信息管理系统 exports it; natural key 学籍号.</summary>
public sealed class StudentsKind : ImportKind<Student>
{
    public override string Name => "students";

    protected override string[] Compared { get; } =
        ["Name", "Sex", "BirthDate", "EthnicityCode", "Hukou", "MigrantChild", "LeftBehindChild", "Disabled", "DisabilityCipher", "SchoolId", "Grade", "EnrolledOn", "IdNumberHash", "ClassId"];

    protected internal override IReadOnlyDictionary<string, string> OptionalSources { get; } = new Dictionary<string, string>
    {
        ["MigrantChild"] = "migrant",
        ["LeftBehindChild"] = "leftBehind",
        ["Disabled"] = "disability",
        ["DisabilityCipher"] = "disability",
        ["IdNumberHash"] = "id",
        ["ClassId"] = "class",
    };

    /// <summary>Classes of the import's school year: by school, grade and 班号, and by school and name.</summary>
    private Dictionary<(int, string, int), int> _classByNumber = [];
    private Dictionary<(int, string), int> _classByName = [];

    protected internal override string KeyColumn => "number";
    protected internal override string KeyLabel => "学籍号";

    protected internal override async Task<Dictionary<string, Student>> LoadAsync(ImportContext ctx, CancellationToken ct)
    {
        await KindHelpers.LoadSchoolsAsync(ctx, ct);
        var year = ctx.Year.StartYear;
        var classes = await ctx.Db.Classes.AsNoTracking().Where(c => c.Year == year)
            .Select(c => new { c.Id, c.SchoolId, c.Grade, c.Number, c.Name }).ToListAsync(ct);
        _classByNumber = classes.ToDictionary(c => (c.SchoolId, c.Grade, c.Number), c => c.Id);
        _classByName = classes.GroupBy(c => (c.SchoolId, c.Name)).ToDictionary(g => g.Key, g => g.First().Id);
        return await ctx.Db.Students.AsNoTracking().ToDictionaryAsync(s => s.StudentNumberHash, ct);
    }

    protected internal override Student? Build(RowValues row, ImportContext ctx)
    {
        var number = row.Text("number", 30)?.ToUpperInvariant();
        var name = row.Text("name", 50);
        var id = KindHelpers.IdNumberOf(row, "id");
        var sex = row.Code("sex", CodeLists.Sex);
        var birth = row.Date("birth");
        var ethnicity = KindHelpers.Ethnicity(row, "ethnicity");
        var hukou = row.Code("hukou", CodeLists.Hukou);
        var school = KindHelpers.School(row, "school", ctx);
        var grade = row.Grade("grade");
        var enrolled = row.DateOrMonth("enrolled");
        var disability = row.Code("disability", CodeLists.Disability);
        var migrant = row.Bool("migrant");
        var leftBehind = row.Bool("leftBehind");

        if (number is not null)
        {
            // codes.md §11: G + 身份证号 (正式), L 临时, J 无可用身份证号.
            if (number[0] == 'G')
            {
                if (!StudentNumbers.EmbedsIdNumber(number))
                {
                    row.Error("number", "G 开头的学籍号应为 G + 18 位有效身份证号（GB 11643）");
                }
                else if (id is not null && number[1..] != id)
                {
                    row.Error("number", "学籍号中的身份证号与“身份证号”列不一致");
                }
            }
            else if (KindHelpers.ExcelMangled(number) is { } mangled)
            {
                row.Error("number", mangled);
            }
            else if (number[0] is not ('L' or 'J') || number.Length < 2 || !number[1..].All(char.IsAsciiLetterOrDigit))
            {
                row.Error("number", "学籍号应以 G、L 或 J 开头，后接数字或字母");
            }
        }
        var idForChecks = id ?? (number is not null && StudentNumbers.EmbedsIdNumber(number) ? number[1..] : null);
        KindHelpers.AgreesWithId(row, idForChecks, sex, birth);
        KindHelpers.GradeFits(row, "grade", school, grade);
        if (birth is { } b && enrolled is { } e && e <= b)
        {
            row.Error("enrolled", "入学日期不能早于出生日期");
        }
        if (row.HasErrors)
        {
            return null;
        }
        var classId = ClassOf(row, school!.Id, grade!);
        var (display, hash, cipher) = StudentNumbers.Protect(ctx.Protector, number!);
        var student = new Student
        {
            StudentNumber = display,
            StudentNumberHash = hash,
            StudentNumberCipher = cipher,
            IdNumberCipher = id is null ? null : ctx.Protector.Encrypt(id),
            IdNumberHash = id is null ? null : ctx.Protector.LookupHash(id),
            Name = name!,
            Sex = sex!.Value,
            BirthDate = birth!.Value,
            EthnicityCode = ethnicity!,
            Hukou = hukou!.Value,
            MigrantChild = migrant ?? false,
            LeftBehindChild = leftBehind ?? false,
            SchoolId = school!.Id,
            Grade = grade!,
            ClassId = classId,
            EnrolledOn = enrolled!.Value,
        };
        // 残疾类别 encrypted, with the flag the counts read (docs/adr/0024).
        student.SetDisability(ctx.Protector, disability);
        return student;
    }

    /// <summary>
    /// 班级: a 班号 (the last digits in the text: 2, 2班, 三年级(2)班) or the class's name in the import's year; a class not
    /// found is a warning (the student is imported without a class: import 班级 first).
    /// </summary>
    private int? ClassOf(RowValues row, int schoolId, string grade)
    {
        var text = row.Text("class", 50)?.Trim();
        if (text is null)
        {
            return null;
        }
        if (_classByName.TryGetValue((schoolId, text), out var byName))
        {
            return byName;
        }
        var end = text.Length;
        while (end > 0 && !char.IsAsciiDigit(text[end - 1]))
        {
            end--;
        }
        var start = end;
        while (start > 0 && char.IsAsciiDigit(text[start - 1]))
        {
            start--;
        }
        if (end > start && end - start <= 3 && _classByNumber.TryGetValue((schoolId, grade, int.Parse(text[start..end], System.Globalization.CultureInfo.InvariantCulture)), out var id))
        {
            return id;
        }
        row.Warning("class", "所选学年该校该年级没有此班级（请先导入班级），学生未关联班级");
        return null;
    }

    protected internal override bool HasCompanions => true;

    /// <summary>The students, their snapshots and the census derived from them (<see cref="DeriveCensus"/>).</summary>
    protected internal override IEnumerable<Type> AnalyzedEntities => [typeof(Student), typeof(StudentYear), typeof(GradeEnrolment)];

    protected internal override IReadOnlyList<Type> CompanionEntities { get; } = [typeof(StudentYear)];

    /// <summary>
    /// The 学年 snapshot (StudentYear) of every imported student for the import's school year, so imported students
    /// count in that year's figures: created for new students (新生 when enrolled within the year) and for stored
    /// ones that lack it; moved to the new school/grade (class cleared) for updated ones. Set-based SQL: a
    /// million-row import must not load its students back.
    /// </summary>
    protected internal override async Task<string?> WriteCompanionsAsync(ImportContext ctx, ImportWritten written, CancellationToken ct)
    {
        var w = written;
        var db = ctx.Db.Database;
        var created = 0;
        if (w.FirstCreated is { } a && w.LastCreated is { } b)
        {
            created += await db.ExecuteSqlRawAsync(InsertSnapshots + " WHERE s.\"Id\" BETWEEN {3} AND {4}",
                [w.Year.StartYear, w.Year.FirstDay, w.Year.Next.FirstDay, a, b], ct);
        }
        var moved = 0;
        foreach (var ids in w.Updated.Concat(w.Unchanged).Chunk(1000))
        {
            // ids are integers from the database, not input.
            var sql = InsertSnapshots + $" WHERE s.\"Id\" IN ({string.Join(",", ids)}) AND NOT EXISTS " +
                "(SELECT 1 FROM \"StudentYears\" y WHERE y.\"StudentId\" = s.\"Id\" AND y.\"Year\" = {0})";
            created += await db.ExecuteSqlRawAsync(sql, [w.Year.StartYear, w.Year.FirstDay, w.Year.Next.FirstDay], ct);
        }
        foreach (var ids in w.Updated.Chunk(1000))
        {
            moved += await MoveSnapshotsAsync(ctx.Db, w.Year, ids, ct);
        }
        var notes = new List<string>();
        if (created + moved > 0)
        {
            notes.Add($"{w.Year} 学年学生快照：新建 {created} 条，按新学校/年级/班级更新 {moved} 条");
        }
        // A year with 学籍 snapshots but no imported census gets its census derived from them (docs/adr/0025).
        notes.AddRange(await DeriveCensus.AfterStudentsChangedAsync(ctx.Db, w.Year, ct));
        return notes.Count == 0 ? null : string.Join("；", notes);
    }

    protected internal override async Task RollbackCompanionsAsync(EduDb db, ImportBatch batch, IReadOnlyList<int> restored, CancellationToken ct)
    {
        var year = YearOf(db, batch);
        if (batch.FirstCreatedId is { } a && batch.LastCreatedId is { } b)
        {
            await db.StudentYears.Where(y => y.StudentId >= a && y.StudentId <= b).ExecuteDeleteAsync(ct);
        }
        foreach (var ids in restored.Chunk(1000))
        {
            await MoveSnapshotsAsync(db, year, ids, ct);
        }
        await DeriveCensus.AfterStudentsChangedAsync(db, year, ct);
    }

    // {0} year, {1} first day of the year, {2} first day of the next year: 新生 = enrolled within the year.
    private const string InsertSnapshots =
        "INSERT INTO \"StudentYears\" (\"StudentId\", \"Year\", \"SchoolId\", \"Grade\", \"ClassId\", \"NewEntrant\") " +
        "SELECT s.\"Id\", {0}, s.\"SchoolId\", s.\"Grade\", s.\"ClassId\", (s.\"EnrolledOn\" >= {1} AND s.\"EnrolledOn\" < {2}) FROM \"Students\" s";

    private static Task<int> MoveSnapshotsAsync(EduDb db, SchoolYear year, int[] ids, CancellationToken ct)
    {
        var list = string.Join(",", ids);
        const string student = "(SELECT s.\"{0}\" FROM \"Students\" s WHERE s.\"Id\" = \"StudentYears\".\"StudentId\")";
        var sql = "UPDATE \"StudentYears\" SET " +
            $"\"SchoolId\" = {string.Format(System.Globalization.CultureInfo.InvariantCulture, student, "SchoolId")}, " +
            $"\"Grade\" = {string.Format(System.Globalization.CultureInfo.InvariantCulture, student, "Grade")}, " +
            $"\"ClassId\" = {string.Format(System.Globalization.CultureInfo.InvariantCulture, student, "ClassId")} " +
            $"WHERE \"Year\" = {{0}} AND \"StudentId\" IN ({list}) AND EXISTS (SELECT 1 FROM \"Students\" s WHERE s.\"Id\" = \"StudentYears\".\"StudentId\" " +
            "AND (s.\"SchoolId\" <> \"StudentYears\".\"SchoolId\" OR s.\"Grade\" <> \"StudentYears\".\"Grade\" " +
            "OR COALESCE(s.\"ClassId\", 0) <> COALESCE(\"StudentYears\".\"ClassId\", 0)))";
        return db.Database.ExecuteSqlRawAsync(sql, [year.StartYear], ct);
    }

    protected internal override string KeyOf(Student entity) => entity.StudentNumberHash;

    protected internal override IEnumerable<(string Column, string Value)> UniqueValues(Student entity) =>
        entity.IdNumberHash is { } h ? [("id", h)] : [];

    /// <summary>Typical age on 1 September: K1 3, P1 6 … J1 12 … S1 15; more than 2 years off is flagged.</summary>
    protected internal override void Check(Student entity, RowValues row, ImportContext ctx)
    {
        var typical = entity.Grade switch
        {
            ['K', var n] => 2 + (n - '0'),
            ['P', var n] => 5 + (n - '0'),
            ['J', var n] => 11 + (n - '0'),
            ['S', var n] => 14 + (n - '0'),
            _ => (int?)null,
        };
        if (typical is { } t)
        {
            var sept = ctx.Year.FirstDay;
            var age = KindHelpers.AgeOn(entity.BirthDate, sept);
            if (Math.Abs(age - t) > 2)
            {
                row.Warning("birth", $"{sept:yyyy-MM-dd} 时 {age} 岁，与{Grades.Label(entity.Grade)}的通常年龄 {t} 岁相差超过 2 岁");
            }
        }
    }
}
