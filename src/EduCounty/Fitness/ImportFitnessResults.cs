using EduCounty.Common;
using EduCounty.Common.Protection;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Fitness;

/// <summary>Import of a national upload-template file into the 体质健康档案 of one 学年.</summary>
public sealed record ImportFitnessResults(Stream File, string FileName, SchoolYear Year, bool DryRun = false, DateOnly? TestedOn = null);

/// <summary>
/// What an import did. <see cref="Errors"/> non-empty means nothing was written (all-or-nothing);
/// warnings (implausible values, grade differing from the 学籍) never block.
/// </summary>
public sealed record FitnessImportOutcome(
    int Rows,
    int Inserted,
    int Updated,
    int Unchanged,
    IReadOnlyList<FitnessImportIssue> Errors,
    IReadOnlyList<FitnessImportIssue> Warnings,
    bool Written)
{
    public bool Ok => Errors.Count == 0;
}

public static class ImportFitnessResultsHandler
{
    public const string AuditAction = "import";

    /// <summary>
    /// Reads the file (<see cref="FitnessImport"/>), links each row to a student by 学籍号 (keyed hash, as the 学籍 stores it),
    /// scores it (<see cref="FitnessScorer"/>) and upserts one <see cref="FitnessTest"/> per student and year in one
    /// transaction with an audit entry naming the file. Any error refuses the whole file.
    /// </summary>
    public static async Task<FitnessImportOutcome> HandleAsync(EduDb db, PersonalDataProtector protector, ImportFitnessResults cmd,
        FitnessScorer? scorer = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(cmd);
        scorer ??= FitnessScorer.Default;
        var read = FitnessImport.Read(cmd.File, cmd.FileName, scorer.Standard);
        var errors = read.Errors.ToList();
        var warnings = read.Warnings.ToList();

        // 学籍号 → keyed hash, normalised as StudentNumbers.Protect does when the 学籍 is written.
        var hashOf = read.Rows.ToDictionary(r => r.Row, r => protector.LookupHash(r.Result.StudentNumber.Trim().ToUpperInvariant()));
        var known = await LoadAsync(db, [.. hashOf.Values.Distinct()], cmd.Year.StartYear, ct);
        var planned = Check(read.Rows, hashOf, known, cmd, scorer, errors, warnings);
        if (errors.Count > 0)
        {
            return new FitnessImportOutcome(read.Rows.Count, 0, 0, 0, errors, warnings, false);
        }

        var (newRows, updated, unchanged) = Merge(planned, known.Existing, cmd);
        var written = false;
        if (!cmd.DryRun && newRows.Count + updated > 0)
        {
            await WriteAsync(db, newRows, cmd, $"{planned.Count} 行（新增 {newRows.Count}，更新 {updated}，未变 {unchanged}）", ct);
            written = true;
        }
        else
        {
            db.ChangeTracker.Clear();
        }
        return new FitnessImportOutcome(read.Rows.Count, newRows.Count, updated, unchanged, errors, warnings, written);
    }

    /// <summary>The students of the file's 学籍号 (by keyed hash), their 学年 snapshots and their tests of the year.</summary>
    private sealed record Known(
        Dictionary<string, (int Id, Sex Sex, int SchoolId)> Students,
        Dictionary<int, (int SchoolId, string Grade, int? ClassId)> Snapshots,
        Dictionary<int, FitnessTest> Existing);

    /// <summary>A row that passed the checks: its student, where it counts and its score.</summary>
    private sealed record Planned(FitnessImportRow Row, int StudentId, (int SchoolId, string Grade, int? ClassId) Where, FitnessScore Score);

    private static async Task<Known> LoadAsync(EduDb db, List<string> hashes, int year, CancellationToken ct)
    {
        var students = new Dictionary<string, (int Id, Sex Sex, int SchoolId)>();
        foreach (var chunk in hashes.Chunk(500))
        {
            var found = await db.Students.Where(s => chunk.Contains(s.StudentNumberHash))
                .Select(s => new { s.Id, s.StudentNumberHash, s.Sex, s.SchoolId }).ToListAsync(ct);
            foreach (var s in found)
            {
                students[s.StudentNumberHash] = (s.Id, s.Sex, s.SchoolId);
            }
        }
        var ids = students.Values.Select(s => s.Id).ToList();
        var snapshots = new Dictionary<int, (int SchoolId, string Grade, int? ClassId)>();
        var existing = new Dictionary<int, FitnessTest>();
        foreach (var chunk in ids.Chunk(500))
        {
            foreach (var y in await db.StudentYears.Where(x => x.Year == year && chunk.Contains(x.StudentId))
                         .Select(x => new { x.StudentId, x.SchoolId, x.Grade, x.ClassId }).ToListAsync(ct))
            {
                snapshots[y.StudentId] = (y.SchoolId, y.Grade, y.ClassId);
            }
            foreach (var t in await db.FitnessTests.Where(x => x.Year == year && chunk.Contains(x.StudentId)).ToListAsync(ct))
            {
                existing[t.StudentId] = t;
            }
        }
        return new Known(students, snapshots, existing);
    }

    /// <summary>Links each row to its student and scores it; errors and warnings name the file, row and column.</summary>
    private static List<Planned> Check(IReadOnlyList<FitnessImportRow> rows, Dictionary<int, string> hashOf, Known known, ImportFitnessResults cmd,
        FitnessScorer scorer, List<FitnessImportIssue> errors, List<FitnessImportIssue> warnings)
    {
        var file = cmd.FileName;
        var seen = new Dictionary<int, int>();
        var planned = new List<Planned>();
        foreach (var row in rows)
        {
            var number = row.Result.StudentNumber;
            void Error(string column, string? value, string reason) => errors.Add(new FitnessImportIssue(file, row.Row, column, value, reason));
            if (!known.Students.TryGetValue(hashOf[row.Row], out var st))
            {
                Error("学籍号", number, "学籍库中没有此学籍号");
                continue;
            }
            if (seen.TryGetValue(st.Id, out var first))
            {
                Error("学籍号", number, $"与第{first}行重复");
                continue;
            }
            seen[st.Id] = row.Row;
            if (st.Sex != row.Result.Sex)
            {
                Error("性别", row.Result.Sex == Sex.Male ? "1" : "2", $"与学籍不符（学籍为{Labels.Of(st.Sex)}）");
                continue;
            }
            var where = known.Snapshots.TryGetValue(st.Id, out var snap) ? snap : (st.SchoolId, row.Result.Grade, (int?)null);
            if (!known.Snapshots.ContainsKey(st.Id))
            {
                warnings.Add(new FitnessImportIssue(file, row.Row, "学籍号", number, $"{cmd.Year} 学年无在籍记录，按学生当前学校记入"));
            }
            else if (snap.Grade != row.Result.Grade)
            {
                warnings.Add(new FitnessImportIssue(file, row.Row, "年级编号", row.Result.Grade,
                    $"与学籍年级 {snap.Grade} 不同，按文件中的年级评分"));
            }
            try
            {
                planned.Add(new Planned(row, st.Id, where, scorer.Score(row.Result)));
            }
            catch (RuleException ex)
            {
                errors.Add(new FitnessImportIssue(file, row.Row, null, null, ex.Message));
            }
        }
        return planned;
    }

    /// <summary>Updates the tracked tests of the year and makes the new ones; counts what changed.</summary>
    private static (List<FitnessTest> New, int Updated, int Unchanged) Merge(List<Planned> planned, Dictionary<int, FitnessTest> existing, ImportFitnessResults cmd)
    {
        int updated = 0, unchanged = 0;
        var newRows = new List<FitnessTest>();
        foreach (var (row, studentId, where, score) in planned)
        {
            if (existing.TryGetValue(studentId, out var t))
            {
                var changed = t.Apply(row.Result, score);
                changed |= Set(t.SchoolId, where.SchoolId, v => t.SchoolId = v);
                changed |= Set(t.ClassId, where.ClassId, v => t.ClassId = v);
                if (cmd.TestedOn is { } d)
                {
                    changed |= Set(t.TestedOn, d, v => t.TestedOn = v);
                }
                if (changed)
                {
                    t.Source = cmd.FileName;
                    updated++;
                }
                else
                {
                    unchanged++;
                }
            }
            else
            {
                t = new FitnessTest
                {
                    StudentId = studentId,
                    Year = cmd.Year.StartYear,
                    SchoolId = where.SchoolId,
                    ClassId = where.ClassId,
                    Grade = row.Result.Grade,
                    TestedOn = cmd.TestedOn,
                    Provenance = string.Empty,
                    Source = cmd.FileName,
                };
                t.Apply(row.Result, score);
                newRows.Add(t);
            }
        }
        return (newRows, updated, unchanged);

        static bool Set<T>(T current, T value, Action<T> set)
        {
            if (EqualityComparer<T>.Default.Equals(current, value))
            {
                return false;
            }
            set(value);
            return true;
        }
    }

    /// <summary>
    /// One transaction: new rows through the bulk path (audited together by the entry naming the file), changed rows
    /// tracked (EduDb audits each with its before/after values), and the summary entry.
    /// </summary>
    private static async Task WriteAsync(EduDb db, List<FitnessTest> newRows, ImportFitnessResults cmd, string counts, CancellationToken ct)
    {
        var own = db.Database.CurrentTransaction is null;
        await using var tx = own ? await db.Database.BeginTransactionAsync(ct) : null;
        if (newRows.Count > 0)
        {
            if (db.IsPostgres)
            {
                // Ids are assigned here; keep concurrent importers out until commit.
                await db.Database.ExecuteSqlRawAsync("LOCK TABLE \"FitnessTests\" IN SHARE ROW EXCLUSIVE MODE", ct);
            }
            var next = (await db.FitnessTests.MaxAsync(x => (int?)x.Id, ct) ?? 0) + 1;
            foreach (var t in newRows)
            {
                t.Id = next++;
            }
            await BulkWriter.WriteAsync(db, newRows, ct);
            await BulkWriter.ResetIdentityAsync<FitnessTest>(db, ct);
        }
        await db.AuditAsync(AuditAction, nameof(FitnessTest), cmd.Year.ToString(), $"导入体质健康测试成绩：{cmd.FileName}，{cmd.Year} 学年，{counts}", ct);
        if (tx is not null)
        {
            await tx.CommitAsync(ct);
        }
    }
}
