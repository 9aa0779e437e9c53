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
public sealed record LedgerImportOutcome(int Rows, int Opened, int StepsAdded, int Closed, int Unchanged, IReadOnlyList<LedgerIssue> Errors, bool Written)
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
        List<LedgerIssue> errors;
        try
        {
            using var file = TabularFile.Open(cmd.File, cmd.FileName, limits ?? DropoutLedgerFile.DefaultLimits);
            (lines, errors) = DropoutLedgerFile.Read(file, rules);
        }
        catch (TabularRefusedException e)
        {
            return new LedgerImportOutcome(0, 0, 0, 0, 0, [new LedgerIssue(cmd.FileName, 0, null, null, e.Message)], false);
        }
        var file0 = cmd.FileName;
        var students = await StudentsAsync(db, protector, lines, ct);
        var ids = students.Values.Select(s => s.Id).Distinct().ToList();
        var existing = new List<DropoutCase>();
        foreach (var chunk in ids.Chunk(500))
        {
            existing.AddRange(await db.DropoutCases.Include(k => k.Steps).Where(k => chunk.Contains(k.StudentId)).ToListAsync(ct));
        }

        var newCases = new List<DropoutCase>();
        var apply = new List<Action>();
        var (stepsAdded, closed, unchanged) = (0, 0, 0);
        var seen = new Dictionary<int, int>();
        foreach (var l in lines)
        {
            void Error(string? column, string? value, string reason) => errors.Add(new LedgerIssue(file0, l.Row, column, value, reason));
            if (l.Kind == CaseKind.NotEnrolled)
            {
                Error("台账类型", "适龄未入学", "适龄未入学儿童没有学籍，不能作为个案导入；全县按乡镇统计适龄人口与在籍学生的差额（docs/adr/0032）");
                continue;
            }
            Found? who;
            if (l.StudentNumber is { } number)
            {
                if (!students.TryGetValue("N:" + protector.LookupHash(number), out who))
                {
                    Error("学籍号", StudentNumbers.Display(number), "没有此学籍号的学生（或不在您的管理范围内）");
                    continue;
                }
            }
            else if (!students.TryGetValue("H:" + protector.LookupHash(IdNumber.Normalize(l.IdNumber!)), out who))
            {
                Error("身份证件号", IdNumber.Mask(l.IdNumber), "没有此身份证件号的学生（或不在您的管理范围内）");
                continue;
            }
            if (l.Name is { } name && name != who.Name)
            {
                Error("姓名", name, $"与学籍中的姓名“{who.Name}”不符");
                continue;
            }
            if (!SyncDropoutCases.Compulsory.Contains(who.Grade))
            {
                Error("学籍号", null, $"学生“{who.Name}”不在义务教育阶段（小学、初中），不属于控辍保学对象");
                continue;
            }
            if (seen.TryGetValue(who.Id, out var first))
            {
                Error(null, null, $"与第{first}行是同一学生（一名学生在台账中只占一行）");
                continue;
            }
            seen[who.Id] = l.Row;
            if (l.LeftOn > today) Error("离校日期", l.LeftOn.ToString("yyyy-MM-dd"), "晚于今天");
            if (l.OpenedOn > today) Error("建档日期", l.OpenedOn?.ToString("yyyy-MM-dd"), "晚于今天");
            if (l.ClosedOn > today) Error("销号日期", l.ClosedOn?.ToString("yyyy-MM-dd"), "晚于今天");
            foreach (var s in l.Steps.Where(s => s.Date > today))
            {
                Error(DropoutLedgerFile.StepTitle(s.Number, "date"), s.Date.ToString("yyyy-MM-dd"), "晚于今天");
            }
            if (errors.Any(e => e.Row == l.Row))
            {
                continue;
            }

            var same = existing.FirstOrDefault(k => k.StudentId == who.Id && k.LeftOn == l.LeftOn);
            if (same is null && existing.FirstOrDefault(k => k.StudentId == who.Id && !k.Closed) is { } other)
            {
                Error("离校日期", l.LeftOn.ToString("yyyy-MM-dd"), $"该生已有未销号的个案 KC{other.Id:D5}（离校日期 {other.LeftOn:yyyy-MM-dd}），与本行不是同一次辍学");
                continue;
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
                continue;
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
                    continue;
                }
            }
            if (same is null)
            {
                newCases.Add(k);
                if (l.Notes is not null) apply.Add(() => k.SetNotes(protector, l.Notes));
            }
            else if (steps.Count == 0 && !close)
            {
                unchanged++;
                continue;
            }
            stepsAdded += same is null ? 0 : steps.Count;
            closed += close ? 1 : 0;
            apply.Add(() => k.Steps.AddRange(steps));
            if (close)
            {
                apply.Add(() =>
                {
                    k.Closed = true;
                    k.Closure = l.Closure;
                    k.ClosedOn = l.ClosedOn;
                    k.ClosedBy = by.Name;
                    k.ClosureEvidence = evidence!.Length > 2000 ? evidence[..2000] : evidence;
                });
            }
        }
        var rows = lines.Count + errors.Select(e => e.Row).Where(r => r > 1).Distinct().Count(r => lines.All(l => l.Row != r));
        if (errors.Count > 0)
        {
            return new LedgerImportOutcome(rows, 0, 0, 0, unchanged, [.. errors.OrderBy(e => e.Row)], false);
        }
        if (cmd.DryRun || newCases.Count + stepsAdded + closed == 0)
        {
            return new LedgerImportOutcome(rows, newCases.Count, stepsAdded, closed, unchanged, [], false);
        }
        var own = db.Database.CurrentTransaction is null;
        await using var tx = own ? await db.Database.BeginTransactionAsync(ct) : null;
        foreach (var a in apply)
        {
            a();
        }
        db.DropoutCases.AddRange(newCases);
        await db.SaveChangesAsync(ct);
        await db.AuditAsync("import", nameof(DropoutCase), null,
            $"导入控辍保学台账：{cmd.FileName}，{rows} 行（新建个案 {newCases.Count}，新增劝返记录 {stepsAdded}，销号 {closed}，无变化 {unchanged}）", ct);
        if (tx is not null)
        {
            await tx.CommitAsync(ct);
        }
        return new LedgerImportOutcome(rows, newCases.Count, stepsAdded, closed, unchanged, [], true);
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
