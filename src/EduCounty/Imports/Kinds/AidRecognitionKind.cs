using EduCounty.Common;
using EduCounty.Registry;
using EduCounty.Security;
using EduCounty.StudentAid;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Imports.Kinds;

/// <summary>
/// 家庭经济困难学生认定 from a county's export of the 全国学生资助管理信息系统 (issue 17 item 5). The national field list was
/// not found (student-aid.md §6 [unverified]): the layout is derived from §6's minimum (学籍号 or 身份证件号, 学校标识码, 学年,
/// 认定档次, 困难类型, 认定日期) with the names such exports carry as aliases (docs/adr/0035). One row per student and 学年
/// (教财〔2018〕16号: 每学年认定一次, §4); natural key student + 学年. Level and category are stored as the model does: one
/// AES-GCM ciphertext (<see cref="HardshipAssessment.DetailCipher"/>), compared by plaintext, so a re-import changes nothing.
/// The category, when given, also becomes the 学籍 flag (<c>Student.HardshipCipher</c>, one category per student, as
/// <see cref="AssessHardship"/> does); the old flag is kept for the rollback. Only the county 资助中心 imports it (the
/// category is sensitive, AidAccess).
/// </summary>
public sealed class AidRecognitionKind : ImportKind<HardshipAssessment>
{
    private readonly Dictionary<string, AidStudents.StudentRef> _byNumber = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AidStudents.StudentRef> _byId = new(StringComparer.Ordinal);
    private readonly AidRules _rules = AidRules.Default();

    public override string Name => "aid-recognition";

    public override IReadOnlyList<string> Writers => [Roles.Aid];

    protected override string[] Compared { get; } = ["DetailCipher", "CoverageGroup", "AssessedOn", "SchoolId"];
    protected internal override string KeyColumn => "student";
    protected internal override string KeyLabel => "学生和学年";

    /// <summary>认定档次 as exports write it (student-aid.md §4: schools set 2–3 档).</summary>
    internal static readonly IReadOnlyDictionary<string, HardshipLevel> Levels = new Dictionary<string, HardshipLevel>(StringComparer.Ordinal)
    {
        ["特别困难"] = HardshipLevel.Special,
        ["特困"] = HardshipLevel.Special,
        ["一档"] = HardshipLevel.Special,
        ["困难"] = HardshipLevel.Hard,
        ["比较困难"] = HardshipLevel.Hard,
        ["二档"] = HardshipLevel.Hard,
        ["一般困难"] = HardshipLevel.General,
        ["三档"] = HardshipLevel.General,
    };

    /// <summary>困难类型 as current notices name them (student-aid.md §4) and the registry's category.</summary>
    internal static readonly IReadOnlyDictionary<string, FinancialHardship> Categories = new Dictionary<string, FinancialHardship>(StringComparer.Ordinal)
    {
        ["建档立卡"] = FinancialHardship.RegisteredPoor,
        ["原建档立卡"] = FinancialHardship.RegisteredPoor,
        ["建档立卡家庭学生"] = FinancialHardship.RegisteredPoor,
        ["脱贫家庭"] = FinancialHardship.RegisteredPoor,
        ["脱贫家庭学生"] = FinancialHardship.RegisteredPoor,
        ["低保"] = FinancialHardship.Dibao,
        ["最低生活保障家庭"] = FinancialHardship.Dibao,
        ["农村低保"] = FinancialHardship.Dibao,
        ["低保家庭学生"] = FinancialHardship.Dibao,
        ["特困"] = FinancialHardship.ExtremePoor,
        ["特困供养"] = FinancialHardship.ExtremePoor,
        ["特困救助供养"] = FinancialHardship.ExtremePoor,
        ["农村特困救助供养"] = FinancialHardship.ExtremePoor,
        ["残疾"] = FinancialHardship.DisabledFamily,
        ["残疾家庭"] = FinancialHardship.DisabledFamily,
        ["残疾学生"] = FinancialHardship.DisabledFamily,
        ["残疾人子女"] = FinancialHardship.DisabledFamily,
        ["家庭经济困难残疾学生"] = FinancialHardship.DisabledFamily,
        ["孤儿"] = FinancialHardship.Orphan,
        ["事实无人抚养儿童"] = FinancialHardship.Orphan,
        ["其他"] = FinancialHardship.Other,
        ["其他家庭经济困难"] = FinancialHardship.Other,
    };

    protected internal override async Task<Dictionary<string, HardshipAssessment>> LoadAsync(ImportContext ctx, CancellationToken ct)
    {
        await KindHelpers.LoadSchoolsAsync(ctx, ct);
        await AidStudents.LoadAsync(ctx, _byNumber, _byId, ct);
        var stored = await ctx.Db.HardshipAssessments.AsNoTracking().ToListAsync(ct);
        return stored.ToDictionary(KeyOf);
    }

    protected internal override HardshipAssessment? Build(RowValues row, ImportContext ctx)
    {
        var number = row.Text("student", 30);
        var id = KindHelpers.IdNumberOf(row, "id");
        var name = row.Text("name", 50);
        var school = KindHelpers.School(row, "school", ctx);
        var year = row.Year("year");
        var levelText = row.Text("level", 20);
        var categoryText = row.Text("category", 30);
        var date = row.Date("date");
        HardshipLevel level = default;
        if (levelText is not null && !Levels.TryGetValue(levelText.Trim(), out level))
        {
            row.Error("level", $"认定档次应为{string.Join("、", Levels.Keys)}之一（“不困难”的学生不导入）");
        }
        FinancialHardship? category = null;
        if (categoryText is not null)
        {
            if (Categories.TryGetValue(categoryText.Trim(), out var c))
            {
                category = c;
            }
            else
            {
                row.Error("category", $"认定类别应为{string.Join("、", Categories.Keys)}之一");
            }
        }
        var student = AidStudents.Find(row, ctx, number, id, _byNumber, _byId);
        if (student is not null && name is not null && !string.Equals(name.Trim(), student.Name, StringComparison.Ordinal))
        {
            row.Error("name", "与学籍中该生的姓名不一致");
        }
        if (date is { } d && d > ctx.Today)
        {
            row.Error("date", $"认定日期晚于今天 {ctx.Today:yyyy-MM-dd}");
        }
        if (year is { } y && date is { } dd && (dd < new DateOnly(y, 1, 1) || dd > new SchoolYear(y).LastDay))
        {
            row.Error("date", $"认定日期不在 {new SchoolYear(y)} 学年前后（应在 {y}-01-01 至 {new SchoolYear(y).LastDay:yyyy-MM-dd}）");
        }
        if (row.HasErrors || student is null)
        {
            return null;
        }
        var e = new HardshipAssessment
        {
            StudentId = student.Id,
            SchoolId = school?.Id ?? student.SchoolId,
            Year = year!.Value,
            DetailCipher = [],
            CoverageGroup = _rules.InCoverageGroup(category),
            AssessedOn = date!.Value,
            AssessedBy = AidStudents.Actor(ctx),
        };
        e.SetDetail(ctx.Protector, level, category);
        if (school is not null && school.Id != student.SchoolId)
        {
            row.Warning("school", "与学籍中该生现在的学校不同（按文件中的学校登记认定）");
        }
        return e;
    }

    protected internal override string KeyOf(HardshipAssessment e) => $"{e.StudentId}|{e.Year}";

    protected internal override void Check(HardshipAssessment entity, RowValues row, ImportContext ctx)
    {
        if (entity.Year != ctx.Year.StartYear)
        {
            row.Warning("year", $"不是所选导入学年 {ctx.Year}（按文件中的学年登记）");
        }
    }

    protected internal override bool HasCompanions => true;

    /// <summary>The category of each created or changed 认定 becomes the student's 学籍 flag; the old flag is kept for the rollback.</summary>
    protected internal override async Task<string?> WriteCompanionsAsync(ImportContext ctx, ImportWritten written, CancellationToken ct)
    {
        var ids = new List<int>(written.Updated);
        if (written.FirstCreated is { } f && written.LastCreated is { } l)
        {
            ids.AddRange(Enumerable.Range(f, l - f + 1));
        }
        var changed = 0;
        foreach (var chunk in ids.Chunk(500))
        {
            var assessments = await ctx.Db.HardshipAssessments.AsNoTracking().Where(a => chunk.Contains(a.Id)).ToListAsync(ct);
            var studentIds = assessments.Select(a => a.StudentId).ToList();
            var students = await ctx.Db.Students.Where(s => studentIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
            foreach (var a in assessments)
            {
                var category = a.DetailOf(ctx.Protector).Category;
                if (category is null || !students.TryGetValue(a.StudentId, out var s) || s.HardshipOf(ctx.Protector) == category)
                {
                    continue;
                }
                ctx.Db.ImportChanges.Add(new ImportChange
                {
                    BatchId = written.BatchId,
                    Entity = nameof(Student),
                    EntityId = s.Id,
                    OldValues = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?> { ["HardshipCipher"] = s.HardshipCipher }),
                });
                s.SetHardship(ctx.Protector, category);
                changed++;
            }
            await ctx.Db.SaveChangesAsync(ct);
        }
        return changed == 0 ? null : $"按认定类别更新学籍中的家庭经济困难类型 {changed} 人";
    }

    /// <summary>Restores the students' 学籍 flags the batch changed.</summary>
    protected internal override async Task RollbackCompanionsAsync(EduDb db, ImportBatch batch, IReadOnlyList<int> restored, CancellationToken ct)
    {
        var changes = await db.ImportChanges.Where(c => c.BatchId == batch.Id && c.Entity == nameof(Student)).ToListAsync(ct);
        foreach (var c in changes)
        {
            var s = await db.Students.FindAsync([c.EntityId], ct);
            if (s is null)
            {
                continue;
            }
            using var doc = System.Text.Json.JsonDocument.Parse(c.OldValues);
            s.HardshipCipher = System.Text.Json.JsonSerializer.Deserialize<byte[]?>(doc.RootElement.GetProperty("HardshipCipher"));
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// A 资助 application made on one of the batch's 认定 (a programme for 家庭经济困难 students, the student and 学年 of an
    /// imported row, not refused) keeps the batch: rolling back would leave it without the 认定 it was granted on.
    /// </summary>
    internal override async Task<List<string>> BlockersAsync(EduDb db, ImportBatch batch, CancellationToken ct)
    {
        var blockers = await base.BlockersAsync(db, batch, ct);
        var ids = await db.ImportChanges.Where(c => c.BatchId == batch.Id && c.Entity == Entity).Select(c => c.EntityId).ToListAsync(ct);
        var first = batch.FirstCreatedId ?? 0;
        var last = batch.LastCreatedId ?? -1;
        var mine = await db.HardshipAssessments.AsNoTracking()
            .Where(a => (a.Id >= first && a.Id <= last) || ids.Contains(a.Id))
            .Select(a => new { a.StudentId, a.Year }).ToListAsync(ct);
        var needy = _rules.Programmes.Where(p => !p.Eligibility.AllStudents).Select(p => p.Code).ToList();
        foreach (var chunk in mine.Chunk(500))
        {
            var students = chunk.Select(m => m.StudentId).ToList();
            var pairs = chunk.Select(m => (m.StudentId, m.Year)).ToHashSet();
            var apps = await db.AidApplications.AsNoTracking()
                .Where(a => students.Contains(a.StudentId) && needy.Contains(a.Programme) && a.Status != AidStatus.Rejected)
                .Select(a => new { a.Id, a.StudentId, a.Year, a.Programme }).ToListAsync(ct);
            blockers.AddRange(apps.Where(a => pairs.Contains((a.StudentId, a.Year)))
                .Select(a => $"资助申请 ZZ{a.Id:D6}（{_rules.ProgrammeName(a.Programme)}，{new SchoolYear(a.Year)} 学年）依据本批导入的家庭经济困难认定"));
        }
        return blockers;
    }
}
