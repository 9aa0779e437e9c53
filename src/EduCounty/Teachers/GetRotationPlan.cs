using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Teachers;

/// <summary>A rotation on the year's plan or roster.</summary>
public sealed record RosterRow(int Id, int StaffId, string StaffNumber, string Name, int FromSchoolId, string From, string To, RotationKind Kind,
    RotationState State, DateOnly StartDate, DateOnly? EndDate, bool Key, string? Note);

/// <summary>One school's quota against what is arranged: ⌈eligible × 10 %⌉ rotations, ⌈base × 20 %⌉ of them 骨干.</summary>
public sealed record PlanQuota(int SchoolId, string School, int Eligible, int Required, int Arranged, int RequiredKey, int ArrangedKey)
{
    /// <summary>Rotations still to arrange to meet the share.</summary>
    public int Missing => Math.Max(0, Required - Arranged);

    /// <summary>骨干 still to arrange.</summary>
    public int MissingKey => Math.Max(0, RequiredKey - ArrangedKey);
}

/// <summary>The yearly rotation plan: quotas per school and the roster (planned, started, completed; cancelled shown apart).</summary>
public sealed record RotationPlan(int Year, IReadOnlyList<PlanQuota> Quotas, PlanQuota County, IReadOnlyList<RosterRow> Roster);

/// <summary>
/// 交流轮岗 plan of a year: per school the pool (<see cref="CountTeacherFigures"/>), the least numbers that meet the
/// standards' shares (teachers.md §2) and the rotations arranged so far (any state but cancelled, counted kinds).
/// </summary>
public static class GetRotationPlan
{
    public sealed record Query(string CountyCode, int Year, IReadOnlyCollection<int>? SchoolIds = null);

    public static async Task<RotationPlan> HandleAsync(EduDb db, Query q, TeacherRules rules, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(rules);
        var schools = TeacherScope.Schools(db, q.CountyCode, q.SchoolIds);
        var f = await CountTeacherFigures.HandleAsync(db, schools, [q.Year], [TeacherFigure.RotationEligible], rules, ct);
        var roster = await RosterAsync(db, db.TeacherRotations.Where(r => r.Year == q.Year).Join(schools, r => r.FromSchoolId, s => s.Id, (r, s) => r), rules, ct);
        var arranged = roster.Where(r => r.State != RotationState.Cancelled && rules.Counts(r.Kind)).ToList();
        var quotas = (await TeacherScope.NamesAsync(schools, ct)).Select(s =>
        {
            var eligible = f.Get(TeacherFigure.RotationEligible, s.Id, q.Year) ?? 0;
            var mine = arranged.Where(r => r.FromSchoolId == s.Id).ToList();
            return new PlanQuota(s.Id, s.Name, eligible, rules.RequiredRotations(eligible), mine.Count, rules.RequiredKeyRotations(mine.Count, eligible), mine.Count(r => r.Key));
        }).Where(p => p.Eligible > 0 || p.Arranged > 0).ToList();
        var total = quotas.Sum(p => p.Eligible);
        var county = new PlanQuota(0, "合计", total, rules.RequiredRotations(total), arranged.Count, rules.RequiredKeyRotations(arranged.Count, total), arranged.Count(r => r.Key));
        return new RotationPlan(q.Year, quotas, county, roster);
    }

    /// <summary>The rotations with names, each with its 骨干 status at the start (the registry's level in its year, or an active title).</summary>
    internal static async Task<List<RosterRow>> RosterAsync(EduDb db, IQueryable<TeacherRotation> rotations, TeacherRules rules, CancellationToken ct)
    {
        var rows = await rotations
            .Join(db.Schools.IgnoreQueryFilters(), r => r.FromSchoolId, s => s.Id, (r, s) => new { r, From = s.Name })
            .Join(db.Staff, x => x.r.StaffId, s => s.Id, (x, s) => new { x.r, x.From, s.StaffNumber, s.Name })
            .Join(db.Schools.IgnoreQueryFilters(), x => x.r.ToSchoolId, s => s.Id, (x, s) => new { x.r, x.From, x.StaffNumber, x.Name, To = s.Name })
            .OrderBy(x => x.r.Year).ThenBy(x => x.r.FromSchoolId).ThenBy(x => x.StaffNumber).ToListAsync(ct);
        var ids = rows.Select(x => x.r.StaffId).Distinct().ToList();
        var yearsOf = rows.Select(x => x.r.Year).Distinct().ToList();
        var min = rules.Standards.Rotation.KeyTeacherMinimumLevel.Value;
        var levels = await db.StaffYears.Where(t => yearsOf.Contains(t.Year) && ids.Contains(t.StaffId) && t.KeyTeacherLevel != null)
            .Select(t => new { t.StaffId, t.Year, t.KeyTeacherLevel }).ToListAsync(ct);
        var titles = (await db.KeyTeacherTitles.Where(k => ids.Contains(k.StaffId)).ToListAsync(ct)).Where(k => rules.IsKeyTitle(k.Kind, k.Level, min)).ToList();
        bool Key(TeacherRotation r) =>
            levels.Any(l => l.StaffId == r.StaffId && l.Year == r.Year && (int)l.KeyTeacherLevel!.Value >= (int)min) || titles.Any(k => k.StaffId == r.StaffId && k.ActiveOn(r.StartDate));
        return [.. rows.Select(x => new RosterRow(x.r.Id, x.r.StaffId, x.StaffNumber, x.Name, x.r.FromSchoolId, x.From, x.To, x.r.Kind, x.r.State,
            x.r.StartDate, x.r.EndDate, Key(x.r), x.r.Note))];
    }
}
