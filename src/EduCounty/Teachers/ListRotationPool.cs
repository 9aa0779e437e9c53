using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Teachers;

/// <summary>A teacher of the school in the year, with the rotation verdict, 骨干 status and this year's arrangement.</summary>
public sealed record PoolRow(int StaffId, string StaffNumber, string Name, string? Subjects, Stage? Stage, Establishment Establishment,
    DateOnly? AtSchoolSince, bool Key, RotationVerdict Verdict, string? Arrangement);

/// <summary>
/// The 交流轮岗 pool of one school and year, teacher by teacher (<see cref="TeacherRules.Eligibility"/> over the registry's
/// snapshots and assignment history, the recorded exemptions and the rotations): the list a 人事 officer plans from.
/// </summary>
public static class ListRotationPool
{
    public static async Task<IReadOnlyList<PoolRow>> HandleAsync(EduDb db, int schoolId, int year, TeacherRules rules, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rules);
        var first = TeacherRules.PoolDate(year);
        var teachers = await db.StaffYears.Where(t => t.Year == year && t.SchoolId == schoolId && t.PostType == PostType.FullTimeTeacher)
            .Join(db.Staff, t => t.StaffId, s => s.Id, (t, s) => new
            {
                t.StaffId,
                s.StaffNumber,
                s.Name,
                t.Subjects,
                t.StageTaught,
                t.Establishment,
                t.PostType,
                s.Sex,
                s.BirthDate,
                t.KeyTeacherLevel,
            })
            .OrderBy(t => t.StaffNumber).ToListAsync(ct);
        var ids = teachers.Select(t => t.StaffId).ToList();
        var since = (await db.StaffAssignments.Where(a => ids.Contains(a.StaffId) && a.SchoolId == schoolId && (a.To == null || a.To >= first))
                .Select(a => new { a.StaffId, a.From }).ToListAsync(ct))
            .GroupBy(a => a.StaffId).ToDictionary(g => g.Key, g => g.Min(a => a.From));
        var exemptions = (await db.RotationExemptions.Where(e => ids.Contains(e.StaffId) && e.Year == year).Select(e => new { e.StaffId, e.Code }).ToListAsync(ct))
            .ToLookup(e => e.StaffId, e => e.Code);
        var rotations = await db.TeacherRotations.Where(r => ids.Contains(r.StaffId) && r.State != RotationState.Cancelled)
            .Select(r => new { r.StaffId, r.Year, r.Kind, r.State, r.StartDate, r.EndDate, r.ToSchoolId }).ToListAsync(ct);
        var min = rules.Standards.Rotation.KeyTeacherMinimumLevel.Value;
        var titles = (await db.KeyTeacherTitles.Where(k => ids.Contains(k.StaffId)).ToListAsync(ct))
            .Where(k => rules.IsKeyTitle(k.Kind, k.Level, min) && k.ActiveOn(first)).Select(k => k.StaffId).ToHashSet();
        var toIds = rotations.Select(r => r.ToSchoolId).Distinct().ToList();
        var schoolNames = await db.Schools.IgnoreQueryFilters().Where(s => toIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        return [.. teachers.Select(t =>
        {
            var mine = rotations.Where(r => r.StaffId == t.StaffId).ToList();
            var facts = new RotationFacts(t.PostType, t.Establishment, t.StageTaught, t.Sex, t.BirthDate, since.TryGetValue(t.StaffId, out var d) ? d : null,
                [.. exemptions[t.StaffId]],
                mine.Any(r => r.State is RotationState.Started or RotationState.Completed && r.StartDate < first && (r.EndDate is null || r.EndDate >= first)));
            var now = mine.FirstOrDefault(r => r.Year == year);
            var key = titles.Contains(t.StaffId) || (t.KeyTeacherLevel is { } l && (int)l >= (int)min);
            return new PoolRow(t.StaffId, t.StaffNumber, t.Name, t.Subjects, t.StageTaught, t.Establishment, facts.AtSchoolSince, key,
                rules.Eligibility(facts, year),
                now is null ? null : $"{TeacherLabels.Of(now.Kind)}至{schoolNames.GetValueOrDefault(now.ToSchoolId)}（{TeacherLabels.Of(now.State)}）");
        })];
    }
}
