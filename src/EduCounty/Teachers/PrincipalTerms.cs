using System.Globalization;
using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Teachers;

/// <summary>A 校长 or 副校长 of the pool year, with the full terms served at the school and the verdict.</summary>
/// <param name="FullTerms">terms (届) at the school served to their full length by the pool date (1 September).</param>
public sealed record PrincipalPoolRow(int StaffId, string StaffNumber, string Name, int SchoolId, string School, PrincipalPost Post,
    DateOnly FirstTermStart, int FullTerms, bool Eligible, string Reason);

/// <summary>
/// 校长交流轮岗: "任满两届的校长（含副校长）" must rotate (安徽 rule, teachers.md §2 [V]; the 2014 意见 covers 校长 and teachers
/// alike). The registry holds 校长/副校长 posts as <see cref="PrincipalTerm"/>s; a term is full when the person has held the
/// post for <c>rotation.principalTermYears</c> (teachers-standards.json; the term length is set locally, [unverified]) by
/// the pool date without the term ending earlier. Who holds a post at the school on the pool date (or whose term ended the
/// day before it) with at least <c>rotation.principalTerms</c> full terms at that same school is in the pool, unless near
/// retirement or with a recorded exemption (the teachers' exemptions of the standards). This list is beside the teachers'
/// pool, not inside its 10 % denominator: the G11 figure and the plan's rotation.share stay the 专任教师 figures of §2.
/// </summary>
public static class ListPrincipalPool
{
    public static async Task<IReadOnlyList<PrincipalPoolRow>> HandleAsync(EduDb db, IQueryable<School> schools, int year, TeacherRules rules, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(schools);
        ArgumentNullException.ThrowIfNull(rules);
        var first = TeacherRules.PoolDate(year);
        var terms = await db.PrincipalTerms.Where(t => t.StartDate <= first)
            .Join(schools, t => t.SchoolId, s => s.Id, (t, s) => new { t.StaffId, t.SchoolId, School = s.Name, t.Post, t.StartDate, t.EndDate })
            .Join(db.Staff, t => t.StaffId, s => s.Id, (t, s) => new { t, s.StaffNumber, s.Name, s.Sex, s.BirthDate, s.LeftOn })
            .ToListAsync(ct);
        var ids = terms.Select(t => t.t.StaffId).Distinct().ToList();
        var exempt = (await db.RotationExemptions.Where(e => ids.Contains(e.StaffId) && e.Year == year).Select(e => new { e.StaffId, e.Code }).ToListAsync(ct))
            .Where(e => rules.RecordedExemptionCodes.Contains(e.Code)).ToLookup(e => e.StaffId, e => e.Code);
        var rows = new List<PrincipalPoolRow>();
        foreach (var g in terms.Where(x => x.LeftOn is null || x.LeftOn >= first).GroupBy(x => (x.t.StaffId, x.t.SchoolId)))
        {
            var current = g.Where(x => x.t.EndDate is null || x.t.EndDate >= first.AddDays(-1)).OrderByDescending(x => x.t.StartDate).FirstOrDefault();
            if (current is null)
            {
                continue;
            }
            var full = g.Count(x => rules.FullPrincipalTerm(x.t.StartDate, x.t.EndDate, first));
            var need = rules.Standards.Rotation.PrincipalTerms.Value;
            var since = g.Min(x => x.t.StartDate);
            var (ok, reason) = full < need
                ? (false, $"在本校任满 {full} 届（须满 {need} 届，每届 {rules.Standards.Rotation.PrincipalTermYears.Value} 年）")
                : rules.NearRetirementBirthCutoff(year, current.Sex) is { } birth && current.BirthDate <= birth
                    ? (false, rules.Standards.ActiveExemptions.First(e => e.Check == ExemptionCheck.NearRetirement).Name)
                    : exempt[g.Key.StaffId].FirstOrDefault() is { } code
                        ? (false, rules.Standards.Rotation.Exemptions.First(e => e.Code == code).Name)
                        : (true, $"在本校任满 {full} 届（自 {since.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}）");
            rows.Add(new PrincipalPoolRow(g.Key.StaffId, current.StaffNumber, current.Name, g.Key.SchoolId, current.t.School, current.t.Post, since, full, ok, reason));
        }
        return [.. rows.OrderBy(r => r.School, StringComparer.Ordinal).ThenBy(r => r.Post).ThenBy(r => r.StaffNumber, StringComparer.Ordinal)];
    }
}

/// <summary>Records a 校长/副校长 term (届) of a staff member at the staff member's school.</summary>
public sealed record RecordPrincipalTerm(int StaffId, PrincipalPost Post, DateOnly StartDate, DateOnly? EndDate);

public static class RecordPrincipalTermHandler
{
    /// <summary>Saves the term (audited) at the person's current school; overlapping terms of the same person are refused.</summary>
    public static async Task<int> HandleAsync(EduDb db, RecordPrincipalTerm cmd, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(cmd);
        var staff = await db.Staff.FirstOrDefaultAsync(s => s.Id == cmd.StaffId, ct)
            ?? throw new RuleException("找不到该教职工（或不在您的管理范围内）") { Field = "staff" };
        if (cmd.EndDate is { } end && end < cmd.StartDate)
        {
            throw new RuleException($"任职结束 {end:yyyy-MM-dd} 早于任职开始 {cmd.StartDate:yyyy-MM-dd}") { Field = "end" };
        }
        if (cmd.StartDate > SchoolYear.Today(db.Clock))
        {
            throw new RuleException($"任职开始 {cmd.StartDate:yyyy-MM-dd} 晚于今天") { Field = "start" };
        }
        var mine = await db.PrincipalTerms.Where(t => t.StaffId == staff.Id).ToListAsync(ct);
        if (mine.FirstOrDefault(t => t.Overlaps(cmd.StartDate, cmd.EndDate)) is { } had)
        {
            throw new RuleException($"{staff.Name} 已有 {had.StartDate:yyyy-MM-dd} 起的{TeacherLabels.Of(had.Post)}任职，任期重叠") { Field = "start" };
        }
        var term = new PrincipalTerm { StaffId = staff.Id, SchoolId = staff.SchoolId, Post = cmd.Post, StartDate = cmd.StartDate, EndDate = cmd.EndDate };
        db.PrincipalTerms.Add(term);
        await db.SaveChangesAsync(ct);
        return term.Id;
    }
}
