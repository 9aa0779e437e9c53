using EduCounty.Common;
using EduCounty.DropoutPrevention;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Imports.Kinds;

/// <summary>
/// 学籍异动 (issue 17 item 1 on the real-data path): the change history of the national 学籍 system's 异动 export, one row
/// per change, linked by 学籍号; natural key student + 异动类型 + 异动日期. The file adds history only: a student's current
/// 学籍状态 is the 学籍 file's (kind <c>students</c>). After the commit, in the same transaction, the 控辍保学 ledger opens a
/// case for every change that calls for one (<see cref="SyncDropoutCases"/>: a 小学/初中 辍学, a 休学 past the limit;
/// dropout-prevention.md §7), so a county that imports its own files gets its cases without a separate step. The grade is
/// the file's 年级, else the student's 学年 snapshot of the import's 学年, else the row is refused (the ledger needs it).
/// </summary>
public sealed class ChangesKind : ImportKind<StatusChange>
{
    private readonly Dictionary<string, int> _students = new(StringComparer.Ordinal);
    private Dictionary<int, (int SchoolId, string Grade, int? ClassId)> _snapshots = [];
    private Dictionary<int, SchoolRef> _schoolsById = [];

    public override string Name => "changes";

    protected override string[] Compared { get; } = ["FromSchoolId", "ToSchoolId", "Grade", "Reason"];
    protected internal override string KeyColumn => "student";
    protected internal override string KeyLabel => "学籍号、异动类型和异动日期";

    /// <summary>The 异动类型 names of the 学籍 system and the registry's change they are.</summary>
    internal static readonly IReadOnlyDictionary<string, StatusChangeType> Types = new Dictionary<string, StatusChangeType>(StringComparer.Ordinal)
    {
        ["新生入学"] = StatusChangeType.Enrolment,
        ["入学"] = StatusChangeType.Enrolment,
        ["新生注册"] = StatusChangeType.Enrolment,
        ["转入"] = StatusChangeType.TransferIn,
        ["转出"] = StatusChangeType.TransferOut,
        ["休学"] = StatusChangeType.Suspension,
        ["复学"] = StatusChangeType.Resumption,
        ["劝返复学"] = StatusChangeType.Resumption,
        ["辍学"] = StatusChangeType.Dropout,
        ["毕业"] = StatusChangeType.Graduation,
        ["升学"] = StatusChangeType.Promotion,
        ["升级"] = StatusChangeType.Promotion,
    };

    protected internal override async Task<Dictionary<string, StatusChange>> LoadAsync(ImportContext ctx, CancellationToken ct)
    {
        await KindHelpers.LoadSchoolsAsync(ctx, ct);
        _schoolsById = ctx.Schools.Values.ToDictionary(s => s.Id);
        foreach (var s in await ctx.Db.Students.AsNoTracking().Select(s => new { s.Id, s.StudentNumberHash }).ToListAsync(ct))
        {
            _students[s.StudentNumberHash] = s.Id;
        }
        _snapshots = await KindHelpers.SnapshotsAsync(ctx, ct);
        var stored = await ctx.Db.StatusChanges.AsNoTracking().ToListAsync(ct);
        // Several stored changes may share a key (entered by hand twice): the first one is the one compared.
        return stored.GroupBy(KeyOf).ToDictionary(g => g.Key, g => g.OrderBy(c => c.Id).First());
    }

    protected internal override StatusChange? Build(RowValues row, ImportContext ctx)
    {
        var number = row.Text("student", 30);
        var typeText = row.Text("type", 20);
        var date = row.Date("date");
        var from = KindHelpers.School(row, "from", ctx);
        var to = KindHelpers.School(row, "to", ctx);
        var grade = row.Raw("grade") is null ? null : row.Grade("grade");
        var reason = row.Text("reason", 200);
        StatusChangeType type = default;
        if (typeText is not null && !Types.TryGetValue(typeText, out type))
        {
            row.Error("type", $"异动类型应为{string.Join("、", Types.Keys)}之一");
        }
        var student = 0;
        if (number is not null && !_students.TryGetValue(ctx.Protector.LookupHash(number.Trim().ToUpperInvariant()), out student))
        {
            row.Error("student", "学籍库中没有此学籍号，或该生不在您管理的学校（须先导入学生学籍）");
        }
        if (grade is null && student != 0)
        {
            if (_snapshots.TryGetValue(student, out var where))
            {
                grade = where.Grade;
            }
            else
            {
                row.Error("grade", $"年级为空，且该生在 {ctx.Year} 学年没有在校记录，无法确定异动时的年级");
            }
        }
        if (type == StatusChangeType.TransferIn && to is null && !row.HasErrors)
        {
            row.Error("to", "转入须填写转入学校标识码");
        }
        if (row.HasErrors)
        {
            return null;
        }
        var school = type == StatusChangeType.TransferIn ? to : from ?? (_snapshots.TryGetValue(student, out var w) ? _schoolsById.GetValueOrDefault(w.SchoolId) : null);
        KindHelpers.GradeFits(row, "grade", school, grade);
        return row.HasErrors ? null : new StatusChange
        {
            StudentId = student,
            Type = type,
            Date = date!.Value,
            FromSchoolId = from?.Id,
            ToSchoolId = to?.Id,
            Grade = grade,
            Reason = reason,
        };
    }

    protected internal override string KeyOf(StatusChange e) => $"{e.StudentId}|{(int)e.Type}|{e.Date:yyyy-MM-dd}";

    /// <summary>A change dated outside the import's 学年 is kept but flagged (an export of several years is allowed).</summary>
    protected internal override void Check(StatusChange entity, RowValues row, ImportContext ctx)
    {
        if (SchoolYear.Containing(entity.Date) != ctx.Year)
        {
            row.Warning("date", $"异动日期不在 {ctx.Year} 学年内");
        }
    }

    /// <summary>The 控辍保学 cases the new changes call for (idempotent: a change opens at most one case).</summary>
    protected internal override async Task<string?> WriteCompanionsAsync(ImportContext ctx, ImportWritten written, CancellationToken ct)
    {
        var opened = await SyncDropoutCases.HandleAsync(ctx.Db, DropoutRules.Default(), ctx.Today, ct);
        return opened.OpenedDropouts + opened.OpenedSuspensions == 0
            ? null
            : $"据学籍异动开立控辍保学案件 {opened.OpenedDropouts + opened.OpenedSuspensions} 件（辍学 {opened.OpenedDropouts} 件，休学逾期 {opened.OpenedSuspensions} 件）";
    }

    /// <summary>Rolling back removes the cases this batch's changes opened, while nobody has worked on them yet.</summary>
    protected internal override async Task RollbackCompanionsAsync(EduDb db, ImportBatch batch, IReadOnlyList<int> restored, CancellationToken ct)
    {
        if (batch.FirstCreatedId is { } first && batch.LastCreatedId is { } last)
        {
            var cases = await db.DropoutCases.Where(c => c.StatusChangeId >= first && c.StatusChangeId <= last).ToListAsync(ct);
            db.DropoutCases.RemoveRange(cases);
            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>A case opened from this batch that has 劝返 steps or is closed keeps the batch (its history would be lost).</summary>
    internal override async Task<List<string>> BlockersAsync(EduDb db, ImportBatch batch, CancellationToken ct)
    {
        var blockers = await base.BlockersAsync(db, batch, ct);
        if (batch.FirstCreatedId is { } first && batch.LastCreatedId is { } last)
        {
            var worked = await db.DropoutCases
                .Where(c => c.StatusChangeId >= first && c.StatusChangeId <= last && (c.Closed || db.Set<PersuasionStep>().Any(p => p.CaseId == c.Id)))
                .Select(c => c.Id).ToListAsync(ct);
            blockers.AddRange(worked.Select(id => $"控辍保学案件 {id} 由本批学籍异动开立，已有劝返记录或已销号"));
        }
        return blockers;
    }
}
