using EduCounty.Common;
using EduCounty.Common.Identity;
using EduCounty.Common.Protection;
using EduCounty.Common.Tabular;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.DropoutPrevention;

/// <summary>Import of a county's 控辍保学 台账 file (<see cref="DropoutLedgerFile"/>); a dry run checks and counts without writing.</summary>
public sealed record ImportDropoutLedger(Stream File, string FileName, bool DryRun = false);

/// <summary>
/// What an import did: errors mean nothing was written (all-or-nothing). <see cref="Opened"/> new cases,
/// <see cref="StepsAdded"/> 劝返 attempts added to cases already in the ledger, <see cref="Closed"/> 销号 done, and
/// <see cref="Unchanged"/> rows the ledger already holds as they are (a re-import counts every row here).
/// </summary>
public sealed record LedgerImportOutcome(int Rows, int Opened, int StepsAdded, int Closed, int Unchanged, IReadOnlyList<TabularIssue> Errors, bool Written)
{
    public bool Ok => Errors.Count == 0;

    public int Changes => Opened + StepsAdded + Closed;
}

/// <summary>
/// Brings a county's own 台账 (dropout-prevention.md §5 layout) into the ledger: each row's child is found in 学籍 by 学籍号
/// or 身份证件号 (keyed hashes, normalised as the registry writes them; never compared in plain text) within the reader's
/// scope, its 姓名 checked; a row becomes a case with its 劝返 steps (the case is the same when the student and 离校日期
/// match one already there: only attempts not yet recorded — same date and method — are added), and a 销号 in the file
/// must pass the same evidence rule as the form (<see cref="CloseDropoutCase.EvidenceAsync"/>: a 返校 record in 学籍 or
/// an approval 文号). Every row is checked before anything is written; one transaction, audited.
/// </summary>
public static class ImportDropoutLedgerHandler
{
    private sealed record Found(int Id, int SchoolId, string Grade, string Name);

    public static async Task<LedgerImportOutcome> HandleAsync(EduDb db, PersonalDataProtector protector, DropoutRules rules, ImportDropoutLedger cmd,
        ActingUser by, DateOnly today, TabularLimits? limits = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(cmd);
        ArgumentNullException.ThrowIfNull(by);
        List<LedgerLine> lines;
        List<TabularIssue> errors;
        try
        {
            using var file = TabularFile.Open(cmd.File, cmd.FileName, limits ?? DropoutLedgerFile.DefaultLimits);
            (lines, errors) = DropoutLedgerFile.Read(file, rules);
        }
        catch (TabularRefusedException e)
        {
            return new LedgerImportOutcome(0, 0, 0, 0, 0, [new TabularIssue(cmd.FileName, 0, null, null, e.Message)], false);
        }
        var students = await StudentsAsync(db, protector, lines, ct);
        var ids = students.Values.Select(s => s.Id).Distinct().ToList();
        var existing = new List<DropoutCase>();
        foreach (var chunk in ids.Chunk(500))
        {
            existing.AddRange(await db.DropoutCases.Include(k => k.Steps).Where(k => chunk.Contains(k.StudentId)).ToListAsync(ct));
        }

        var plan = new Plan();
        var seen = new Dictionary<int, int>();
        foreach (var l in lines)
        {
            if (Who(cmd.FileName, l, protector, students, seen, today, errors) is { } who)
            {
                await CheckAsync(db, protector, cmd.FileName, l, who, existing, plan, by, errors, ct);
            }
        }
        var rows = lines.Count + errors.Select(e => e.Row).Where(r => r > 1).Distinct().Count(r => lines.All(l => l.Row != r));
        if (errors.Count > 0)
        {
            return new LedgerImportOutcome(rows, 0, 0, 0, plan.Unchanged, [.. errors.OrderBy(e => e.Row)], false);
        }
        if (cmd.DryRun || plan.NewCases.Count + plan.StepsAdded + plan.Closed == 0)
        {
            return new LedgerImportOutcome(rows, plan.NewCases.Count, plan.StepsAdded, plan.Closed, plan.Unchanged, [], false);
        }
        await WriteAsync(db, cmd.FileName, rows, plan, ct);
        return new LedgerImportOutcome(rows, plan.NewCases.Count, plan.StepsAdded, plan.Closed, plan.Unchanged, [], true);
    }

    private static async Task WriteAsync(EduDb db, string fileName, int rows, Plan plan, CancellationToken ct)
    {
        var own = db.Database.CurrentTransaction is null;
        await using var tx = own ? await db.Database.BeginTransactionAsync(ct) : null;
        foreach (var a in plan.Apply)
        {
            a();
        }
        db.DropoutCases.AddRange(plan.NewCases);
        await db.SaveChangesAsync(ct);
        await db.AuditAsync("import", nameof(DropoutCase), null,
            $"导入控辍保学台账：{fileName}，{rows} 行（新建个案 {plan.NewCases.Count}，新增劝返记录 {plan.StepsAdded}，销号 {plan.Closed}，无变化 {plan.Unchanged}）", ct);
        if (tx is not null)
        {
            await tx.CommitAsync(ct);
        }
    }

    /// <summary>What the checked rows will write: new cases, the changes to apply to cases already there, and the counts.</summary>
    private sealed class Plan
    {
        public List<DropoutCase> NewCases { get; } = [];
        public List<Action> Apply { get; } = [];
        public int StepsAdded { get; set; }
        public int Closed { get; set; }
        public int Unchanged { get; set; }
    }

    /// <summary>The row's student (found in scope, 姓名 and stage checked, once per file, dates not after today), or null with the errors added.</summary>
    private static Found? Who(string file0, LedgerLine l, PersonalDataProtector protector, Dictionary<string, Found> students, Dictionary<int, int> seen, DateOnly today,
        List<TabularIssue> errors)
    {
        void Error(string? column, string? value, string reason) => errors.Add(new TabularIssue(file0, l.Row, column, value, reason));
        if (l.Kind == CaseKind.NotEnrolled)
        {
            // No 学籍 to attach a case to: the 适龄未入学 gap is a figure per 乡镇 (docs/adr/0034).
            Error("台账类型", "适龄未入学", "适龄未入学儿童没有学籍，不能作为个案导入；请在控辍保学页查看各乡镇适龄人口与在籍学生的差额");
            return null;
        }
        Found? who;
        if (l.StudentNumber is { } number)
        {
            if (!students.TryGetValue("N:" + protector.LookupHash(number), out who))
            {
                Error("学籍号", StudentNumbers.Display(number), "没有此学籍号的学生（或不在您的管理范围内）");
                return null;
            }
        }
        else if (!students.TryGetValue("H:" + protector.LookupHash(IdNumber.Normalize(l.IdNumber!)), out who))
        {
            Error("身份证件号", IdNumber.Mask(l.IdNumber), "没有此身份证件号的学生（或不在您的管理范围内）");
            return null;
        }
        if (l.Name is { } name && name != who.Name)
        {
            Error("姓名", name, $"与学籍中的姓名“{who.Name}”不符");
            return null;
        }
        if (!SyncDropoutCases.Compulsory.Contains(who.Grade))
        {
            Error("学籍号", null, $"学生“{who.Name}”不在义务教育阶段（小学、初中），不属于控辍保学对象");
            return null;
        }
        if (seen.TryGetValue(who.Id, out var first))
        {
            Error(null, null, $"与第{first}行是同一学生（一名学生在台账中只占一行）");
            return null;
        }
        seen[who.Id] = l.Row;
        if (l.LeftOn > today) Error("离校日期", l.LeftOn.ToString("yyyy-MM-dd"), "晚于今天");
        if (l.OpenedOn > today) Error("建档日期", l.OpenedOn?.ToString("yyyy-MM-dd"), "晚于今天");
        if (l.ClosedOn > today) Error("销号日期", l.ClosedOn?.ToString("yyyy-MM-dd"), "晚于今天");
        foreach (var s in l.Steps.Where(s => s.Date > today))
        {
            Error(DropoutLedgerFile.StepTitle(s.Number, "date"), s.Date.ToString("yyyy-MM-dd"), "晚于今天");
        }
        return errors.Any(e => e.Row == l.Row) ? null : who;

    }

    /// <summary>The row against the ledger: a new case, new attempts or a 销号 on the matching case, or unchanged; refusals as errors.</summary>
    private static async Task CheckAsync(EduDb db, PersonalDataProtector protector, string file0, LedgerLine l, Found who, List<DropoutCase> existing, Plan plan,
        ActingUser by, List<TabularIssue> errors, CancellationToken ct)
    {
        void Error(string? column, string? value, string reason) => errors.Add(new TabularIssue(file0, l.Row, column, value, reason));
        var same = existing.FirstOrDefault(k => k.StudentId == who.Id && k.LeftOn == l.LeftOn);
        if (same is null && existing.FirstOrDefault(k => k.StudentId == who.Id && !k.Closed) is { } other)
        {
            Error("离校日期", l.LeftOn.ToString("yyyy-MM-dd"), $"该生已有未销号的个案 KC{other.Id:D5}（离校日期 {other.LeftOn:yyyy-MM-dd}），与本行不是同一次辍学");
            return;
        }
        var k = same ?? new DropoutCase
        {
            StudentId = who.Id,
            SchoolId = who.SchoolId,
            Grade = who.Grade,
            Kind = l.Kind,
            Source = l.Source,
            LeftOn = l.LeftOn,
            OpenedOn = l.OpenedOn ?? l.LeftOn,
            Causes = l.Causes,
            SchoolResponsible = l.SchoolResponsible,
            TownshipResponsible = l.TownshipResponsible,
            VillageResponsible = l.VillageResponsible,
        };
        var steps = l.Steps.Where(s => same is null || !same.Steps.Any(x => x.Date == s.Date && x.Method == s.Method))
            .Select(s => new PersuasionStep
            {
                Date = s.Date,
                Method = s.Method,
                Participants = s.Participants,
                Result = s.Result,
                Evidence = s.Evidence,
                NextOn = s.NextOn,
                RecordedBy = by.Name,
            })
            .ToList();
        var close = l.Closure is { } closure && !k.Closed;
        if (same is { Closed: true } && steps.Count > 0)
        {
            Error(DropoutLedgerFile.StepTitle(l.Steps.First(s => steps.Any(x => x.Date == s.Date && x.Method == s.Method)).Number, "date"), null,
                $"个案 KC{same.Id:D5} 已于 {same.ClosedOn:yyyy-MM-dd} 销号，不能再添加劝返记录");
            return;
        }
        string? evidence = null;
        if (close)
        {
            try
            {
                evidence = await CloseDropoutCase.EvidenceAsync(db, k, l.Closure!.Value, l.ClosureEvidence, ct);
            }
            catch (RuleException e)
            {
                Error(e.Field == "销号方式" ? "销号方式" : "销号证据", l.ClosureEvidence ?? DropoutLabels.Of(l.Closure!.Value), e.Message);
                return;
            }
        }
        if (same is null)
        {
            plan.NewCases.Add(k);
            if (l.Notes is not null) plan.Apply.Add(() => k.SetNotes(protector, l.Notes));
        }
        else if (steps.Count == 0 && !close)
        {
            plan.Unchanged++;
            return;
        }
        plan.StepsAdded += same is null ? 0 : steps.Count;
        plan.Closed += close ? 1 : 0;
        plan.Apply.Add(() => k.Steps.AddRange(steps));
        if (close)
        {
            plan.Apply.Add(() =>
            {
                k.Closed = true;
                k.Closure = l.Closure;
                k.ClosedOn = l.ClosedOn;
                k.ClosedBy = by.Name;
                k.ClosureEvidence = evidence!.Length > 2000 ? evidence[..2000] : evidence;
            });
        }
    }

    /// <summary>The file's students by 学籍号 hash ("N:…") and 身份证件号 hash ("H:…"), within the reader's scope.</summary>
    private static async Task<Dictionary<string, Found>> StudentsAsync(EduDb db, PersonalDataProtector protector, List<LedgerLine> lines, CancellationToken ct)
    {
        var found = new Dictionary<string, Found>(StringComparer.Ordinal);
        var numbers = lines.Where(l => l.StudentNumber is not null).Select(l => protector.LookupHash(l.StudentNumber!)).Distinct();
        foreach (var chunk in numbers.Chunk(500))
        {
            foreach (var s in await db.Students.Where(s => chunk.Contains(s.StudentNumberHash)).Select(s => new { s.Id, s.SchoolId, s.Grade, s.Name, s.StudentNumberHash }).ToListAsync(ct))
            {
                found["N:" + s.StudentNumberHash] = new Found(s.Id, s.SchoolId, s.Grade, s.Name);
            }
        }
        var idHashes = lines.Where(l => l.StudentNumber is null && l.IdNumber is not null).Select(l => protector.LookupHash(IdNumber.Normalize(l.IdNumber!))).Distinct();
        foreach (var chunk in idHashes.Chunk(500))
        {
            foreach (var s in await db.Students.Where(s => s.IdNumberHash != null && chunk.Contains(s.IdNumberHash)).Select(s => new { s.Id, s.SchoolId, s.Grade, s.Name, s.IdNumberHash }).ToListAsync(ct))
            {
                found["H:" + s.IdNumberHash] = new Found(s.Id, s.SchoolId, s.Grade, s.Name);
            }
        }
        return found;
    }
}
