using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Imports.Kinds;

/// <summary>教职工 as the 教师管理信息系统 exports them; natural key 身份证号 (keyed hash), 教职工号 unique.</summary>
public sealed class StaffKind : ImportKind<Staff>
{
    public override string Name => "staff";

    protected override string[] Compared { get; } =
        ["StaffNumber", "Name", "Sex", "BirthDate", "EthnicityCode", "SchoolId", "PostType", "Establishment", "Degree", "Title",
         "StageTaught", "Subjects", "TeacherCertificate", "MandarinLevel", "DualQualified", "HireDate", "KeyTeacherLevel"];

    protected internal override IReadOnlyDictionary<string, string> OptionalSources { get; } = new Dictionary<string, string>
    {
        ["StageTaught"] = "stage",
        ["Subjects"] = "subjects",
        ["TeacherCertificate"] = "certificate",
        ["MandarinLevel"] = "mandarin",
        ["DualQualified"] = "dual",
        ["KeyTeacherLevel"] = "keyTeacher",
    };

    /// <summary>进本校日期 and 交流轮岗 of the file's rows by the 身份证号's keyed hash: they shape the assignment history.</summary>
    private readonly Dictionary<string, (DateOnly? Joined, bool Rotation)> _joined = new(StringComparer.Ordinal);

    protected internal override string KeyColumn => "id";
    protected internal override string KeyLabel => "身份证号";

    protected internal override bool HasCompanions => true;

    protected internal override IEnumerable<Type> AnalyzedEntities => [typeof(Staff), typeof(StaffAssignment), typeof(StaffYear)];

    /// <summary>
    /// Assignment history and the 学年 snapshot, so imported staff count in the year's figures: a new member gets an
    /// assignment from the hire date and a StaffYear for the import's year; a member whose school changed gets the
    /// open assignment closed the day before the import and a new one from the import date (调动); the StaffYear of
    /// the year is created or refreshed from the stored record (staff files are small: plain tracked entities, so
    /// assignments are audited with the import).
    /// </summary>
    protected internal override async Task<string?> WriteCompanionsAsync(ImportContext ctx, ImportWritten written, CancellationToken ct)
    {
        var db = ctx.Db;
        var year = written.Year.StartYear;
        var createdIds = written.FirstCreated is { } a && written.LastCreated is { } b ? Enumerable.Range(a, b - a + 1) : [];
        int assignments = 0, snapshots = 0;
        var moved = written.Updated.ToHashSet();
        foreach (var ids in createdIds.Concat(written.Updated).Concat(written.Unchanged).Chunk(1000))
        {
            var staff = await db.Staff.AsNoTracking().Where(s => ids.Contains(s.Id)).ToListAsync(ct);
            var open = await db.StaffAssignments.Where(x => ids.Contains(x.StaffId) && x.To == null).ToListAsync(ct);
            var years = await db.StaffYears.Where(x => ids.Contains(x.StaffId) && x.Year == year).ToDictionaryAsync(x => x.StaffId, ct);
            foreach (var s in staff)
            {
                var current = open.Where(x => x.StaffId == s.Id).OrderByDescending(x => x.From).FirstOrDefault();
                var (joined, rotation) = _joined.GetValueOrDefault(s.IdNumberHash ?? "");
                if (current is null)
                {
                    db.StaffAssignments.Add(new StaffAssignment { StaffId = s.Id, SchoolId = s.SchoolId, From = joined ?? s.HireDate, Reason = rotation ? RotationReason : "导入" });
                    assignments++;
                }
                else if (moved.Contains(s.Id) && current.SchoolId != s.SchoolId)
                {
                    var from = joined is { } j && j > current.From ? j : written.Date;
                    current.To = from.AddDays(-1);
                    db.StaffAssignments.Add(new StaffAssignment { StaffId = s.Id, SchoolId = s.SchoolId, From = from, Reason = MoveReason(written.BatchId) + (rotation ? "：" + RotationReason : "") });
                    assignments++;
                }
                var y = years.GetValueOrDefault(s.Id);
                if (y is null)
                {
                    db.StaffYears.Add(y = new StaffYear { StaffId = s.Id, Year = year });
                    snapshots++;
                }
                else if (moved.Contains(s.Id))
                {
                    snapshots++;
                }
                if (y.Id == 0 || moved.Contains(s.Id))
                {
                    Snapshot(s, y);
                }
            }
            await db.SaveChangesAsync(ct);
        }
        return assignments + snapshots == 0 ? null : $"{written.Year} 学年教职工：任职记录新增 {assignments} 条，学年快照新建或更新 {snapshots} 条";
    }

    protected internal override async Task RollbackCompanionsAsync(EduDb db, ImportBatch batch, IReadOnlyList<int> restored, CancellationToken ct)
    {
        var year = YearOf(db, batch).StartYear;
        if (batch.FirstCreatedId is { } a && batch.LastCreatedId is { } b)
        {
            await db.StaffYears.Where(y => y.StaffId >= a && y.StaffId <= b).ExecuteDeleteAsync(ct);
        }
        var reason = MoveReason(batch.Id);
        foreach (var ids in restored.Chunk(1000))
        {
            // Undo the 调动: drop the assignment the import opened and reopen the one it closed.
            var added = await db.StaffAssignments.Where(x => ids.Contains(x.StaffId) && x.Reason != null && x.Reason.StartsWith(reason)).ToListAsync(ct);
            foreach (var x in added)
            {
                var closed = await db.StaffAssignments
                    .Where(c => c.StaffId == x.StaffId && c.To == x.From.AddDays(-1))
                    .OrderByDescending(c => c.From).FirstOrDefaultAsync(ct);
                closed?.To = null;
                db.StaffAssignments.Remove(x);
            }
            var staff = await db.Staff.AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
            foreach (var y in await db.StaffYears.Where(y => ids.Contains(y.StaffId) && y.Year == year).ToListAsync(ct))
            {
                Snapshot(staff[y.StaffId], y);
            }
            await db.SaveChangesAsync(ct);
        }
    }

    private static string MoveReason(int batchId) => $"导入调动（导入批次 {batchId}）";

    /// <summary>The reason the 优质均衡 G11 rule counts (<c>Balance/ReadAssuranceData</c>: an assignment whose reason contains it).</summary>
    private const string RotationReason = "交流轮岗";

    private static void Snapshot(Staff s, StaffYear y)
    {
        y.SchoolId = s.SchoolId;
        y.PostType = s.PostType;
        y.Establishment = s.Establishment;
        y.StageTaught = s.StageTaught;
        y.Subjects = s.Subjects;
        y.Degree = s.Degree;
        y.Title = s.Title;
        y.KeyTeacherLevel = s.KeyTeacherLevel;
        y.DualQualified = s.DualQualified;
        y.MandarinLevel = s.MandarinLevel;
        y.TeacherCertificate = s.TeacherCertificate;
        // 普通话 standard by post (MandarinStandard: 二级甲等 for 语文 teachers, 二级乙等 otherwise).
        y.MandarinMeetsStandard = MandarinStandard.Meets(s.MandarinLevel, s.Subjects);
    }

    protected internal override async Task<Dictionary<string, Staff>> LoadAsync(ImportContext ctx, CancellationToken ct)
    {
        await KindHelpers.LoadSchoolsAsync(ctx, ct);
        var list = await ctx.Db.Staff.AsNoTracking().Where(s => s.IdNumberHash != null).ToListAsync(ct);
        return list.ToDictionary(s => s.IdNumberHash!);
    }

    protected internal override Staff? Build(RowValues row, ImportContext ctx)
    {
        var id = KindHelpers.IdNumberOf(row, "id");
        var number = row.Text("number", 30);
        var name = row.Text("name", 50);
        var sex = row.Code("sex", CodeLists.Sex);
        var birth = row.Date("birth");
        var ethnicity = KindHelpers.Ethnicity(row, "ethnicity");
        var school = KindHelpers.School(row, "school", ctx);
        var post = row.Code("post", CodeLists.PostType);
        var establishment = row.Code("establishment", CodeLists.Establishment);
        var degree = row.Code("degree", CodeLists.Degree);
        var title = row.Code("title", CodeLists.Title);
        var stage = row.Code("stage", CodeLists.Stage);
        var subjects = row.Text("subjects", 100);
        var certificate = row.Bool("certificate");
        var mandarin = row.Code("mandarin", CodeLists.Mandarin);
        var dual = row.Bool("dual");
        var hired = row.DateOrMonth("hired");
        var keyTeacher = row.Code("keyTeacher", CodeLists.KeyTeacher);
        var joined = row.DateOrMonth("joined");
        var rotation = row.Bool("rotation");
        if (joined is { } jd && hired is { } hd && jd < hd)
        {
            row.Error("joined", "进本校日期不能早于入职日期");
        }
        KindHelpers.AgreesWithId(row, id, sex, birth);
        if (row.HasErrors)
        {
            return null;
        }
        var staff = new Staff
        {
            StaffNumber = number!,
            IdNumberCipher = ctx.Protector.Encrypt(id!),
            IdNumberHash = ctx.Protector.LookupHash(id!),
            Name = name!,
            Sex = sex!.Value,
            BirthDate = birth ?? IdNumber.BirthDate(id!)!.Value,
            EthnicityCode = ethnicity!,
            SchoolId = school!.Id,
            PostType = post!.Value,
            Establishment = establishment!.Value,
            Degree = degree!.Value,
            Title = title!.Value,
            StageTaught = stage,
            Subjects = subjects,
            TeacherCertificate = certificate ?? false,
            MandarinLevel = mandarin,
            DualQualified = dual ?? false,
            HireDate = hired!.Value,
            KeyTeacherLevel = keyTeacher,
        };
        if (joined is not null || rotation == true)
        {
            _joined[staff.IdNumberHash!] = (joined, rotation == true);
        }
        return staff;
    }

    protected internal override string KeyOf(Staff e) => e.IdNumberHash!;

    protected internal override IEnumerable<(string Column, string Value)> UniqueValues(Staff e) => [("number", e.StaffNumber)];

    /// <summary>Hired before 18 or older than 65 today: probably a wrong date.</summary>
    protected internal override void Check(Staff e, RowValues row, ImportContext ctx)
    {
        if (KindHelpers.AgeOn(e.BirthDate, e.HireDate) < 18)
        {
            row.Warning("hired", "入职时未满 18 岁");
        }
        if (e.HireDate > ctx.Today)
        {
            row.Warning("hired", "入职日期晚于今天");
        }
        if (KindHelpers.AgeOn(e.BirthDate, ctx.Today) > 65)
        {
            row.Warning("birth", "年龄超过 65 岁");
        }
    }
}
