using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.DropoutPrevention;

/// <summary>
/// Opens a case for every 学籍 change that calls for one (dropout-prevention.md §7 triggers): a 辍学 异动 of a 小学/初中
/// student (§2 辍学), and a 休学 past the limit with no later 复学 or 辍学 (dropout-rules.json <c>suspensionLimitDays</c>:
/// 疑似辍学). Idempotent: the opening change is the case's unique key, so running it again after an import opens nothing
/// twice. Runs in the caller's context, so a school-scoped user syncs their own school only. The causes are taken from
/// the 异动 reason where it names a 三避免 cause (§3), otherwise left for the school to fill in.
/// </summary>
public static class SyncDropoutCases
{
    public sealed record Result(int OpenedDropouts, int OpenedSuspensions);

    internal static readonly string[] Compulsory = [.. Grades.Primary, .. Grades.Junior];

    public static async Task<Result> HandleAsync(EduDb db, DropoutRules rules, DateOnly today, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var dropouts = await db.StatusChanges
            .Where(c => c.Type == StatusChangeType.Dropout && c.Grade != null && Compulsory.Contains(c.Grade) && c.Date <= today
                && !db.Set<DropoutCase>().Any(k => k.StatusChangeId == c.Id))
            .OrderBy(c => c.Id).Select(c => new { c.Id, c.StudentId, c.Date, c.Grade, c.Reason, School = c.FromSchoolId ?? db.Set<Student>().Where(s => s.Id == c.StudentId).Select(s => s.SchoolId).First() })
            .ToListAsync(ct);
        foreach (var c in dropouts)
        {
            db.DropoutCases.Add(New(c.Id, c.StudentId, c.School, c.Grade!, CaseKind.Dropout, CaseSource.RegistryDropout, c.Date, c.Date, CausesOf(c.Reason)));
        }

        // 休学 past the limit: the student is still 休学 (no later 复学/辍学 moved the status) and no case holds the change.
        var limit = today.AddDays(-rules.SuspensionLimitDays);
        var suspended = await db.StatusChanges
            .Where(c => c.Type == StatusChangeType.Suspension && c.Grade != null && Compulsory.Contains(c.Grade) && c.Date < limit
                && db.Set<Student>().Any(s => s.Id == c.StudentId && s.Status == StudentStatus.Suspended)
                && !db.Set<StatusChange>().Any(l => l.StudentId == c.StudentId && l.Date >= c.Date && l.Id != c.Id && l.Type != StatusChangeType.Suspension)
                && !db.Set<DropoutCase>().Any(k => k.StatusChangeId == c.Id))
            .OrderBy(c => c.Id).Select(c => new { c.Id, c.StudentId, c.Date, c.Grade, School = db.Set<Student>().Where(s => s.Id == c.StudentId).Select(s => s.SchoolId).First() })
            .ToListAsync(ct);
        foreach (var c in suspended)
        {
            db.DropoutCases.Add(New(c.Id, c.StudentId, c.School, c.Grade!, CaseKind.SuspectedDropout, CaseSource.SuspensionOverdue, c.Date,
                c.Date.AddDays(rules.SuspensionLimitDays + 1), ""));
        }
        if (dropouts.Count + suspended.Count > 0)
        {
            await db.SaveChangesAsync(ct);
        }
        return new Result(dropouts.Count, suspended.Count);
    }

    private static DropoutCase New(int change, int student, int school, string grade, CaseKind kind, CaseSource source, DateOnly left, DateOnly opened, string causes) =>
        new()
        {
            StatusChangeId = change,
            StudentId = student,
            SchoolId = school,
            Grade = grade,
            Kind = kind,
            Source = source,
            LeftOn = left,
            OpenedOn = opened,
            Causes = causes,
        };

    /// <summary>The 三避免 causes (§3) a 异动 reason names, or "" (the school fills them in).</summary>
    internal static string CausesOf(string? reason)
    {
        if (string.IsNullOrEmpty(reason)) return "";
        var list = new List<string>();
        if (reason.Contains('贫', StringComparison.Ordinal) || reason.Contains("经济困难", StringComparison.Ordinal)) list.Add("Poverty");
        if (reason.Contains("路远", StringComparison.Ordinal) || reason.Contains("上学远", StringComparison.Ordinal)) list.Add("DistanceAccess");
        if (reason.Contains("厌学", StringComparison.Ordinal) || reason.Contains("学习困难", StringComparison.Ordinal)) list.Add("LearningDifficulty");
        if (reason.Contains("务工", StringComparison.Ordinal) || reason.Contains("打工", StringComparison.Ordinal)) list.Add("Work");
        return string.Join(",", list);
    }
}
