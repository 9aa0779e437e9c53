using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.StudentAid;

/// <summary>
/// The 学年's 资助 figures in the caller's scope: per programme and term 人数 (students approved or paid), 应发 (approved
/// amounts), 实发 (paid), 到账 (funds received, <see cref="AidFunding"/>; county users only — a school user's scope has no
/// county funds) and 差额 = 到账 − 实发, all in 万元; per school 人数 and 金额; and the 资助全覆盖 coverage: students assessed
/// this 学年 in the 建档立卡/低保/特困/残疾 group (<see cref="HardshipAssessment.CoverageGroup"/>) with at least one approved
/// or paid application this 学年.
/// </summary>
public static class GetAidReport
{
    public sealed record ProgrammeTerm(string Programme, string Name, AidTerm Term, int Students, decimal DueWan, decimal PaidWan, decimal? ReceivedWan, decimal? GapWan)
    {
        public string TermLabel => AidLabels.Of(Term);
    }

    public sealed record ProgrammeTotal(string Programme, string Name, int Students, decimal DueWan, decimal PaidWan, int Pending);

    public sealed record SchoolRow(int SchoolId, string School, int Students, int Applications, int Pending, decimal DueWan, decimal PaidWan);

    public sealed record Coverage(int Group, int Aided, decimal? Percent, int Assessed);

    public sealed record Result(SchoolYear Year, IReadOnlyList<ProgrammeTerm> Rows, IReadOnlyList<ProgrammeTotal> Programmes, IReadOnlyList<SchoolRow> Schools,
        Coverage Coverage, bool WithFunding)
    {
        /// <summary>Students with at least one approved or paid application (each counted once over all programmes).</summary>
        public int Students { get; init; }

        /// <summary>Applications waiting for 学校审核 or 县审批.</summary>
        public int Pending { get; init; }
    }

    internal static readonly AidStatus[] Granted = [AidStatus.Approved, AidStatus.Paid];

    public static decimal Wan(decimal yuan) => yuan / 10000m;

    public static Task<Result> HandleAsync(EduDb db, AidRules rules, SchoolYear year, CancellationToken ct = default) =>
        CoreAsync(db, rules, year, null, ct);

    /// <summary>
    /// The report as it stood at the end of <paramref name="day"/> (the annual report's day, docs/adr/0026): an application
    /// counts as granted when approved on or before the day, as paid when paid on or before it, as pending when submitted
    /// by then and neither approved nor refused by then (a refusal's day is its 学校审核 or 县审批 day); funds count when received by the day;
    /// coverage counts 认定 made by the day (an assessment adjusted later carries its later date).
    /// </summary>
    public static Task<Result> AsOfAsync(EduDb db, AidRules rules, SchoolYear year, DateOnly day, CancellationToken ct = default) =>
        CoreAsync(db, rules, year, day, ct);

    private static async Task<Result> CoreAsync(EduDb db, AidRules rules, SchoolYear year, DateOnly? day, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rules);
        var y = year.StartYear;
        var raw = await db.AidApplications.AsNoTracking().Where(a => a.Year == y)
            .Select(a => new { a.StudentId, a.SchoolId, a.Programme, a.Term, a.Amount, a.Status, a.PaidAmount, a.SubmittedOn, a.SchoolReviewedOn, a.ApprovedOn, a.PaidOn }).ToListAsync(ct);
        var apps = day is not { } d ? raw : raw.Where(a => a.SubmittedOn <= d)
            .Select(a => a with
            {
                Status = a.Status == AidStatus.Rejected
                    ? ((a.ApprovedOn ?? a.SchoolReviewedOn) <= d ? AidStatus.Rejected : AidStatus.Submitted)
                    : a.ApprovedOn <= d ? (a.PaidOn <= d ? AidStatus.Paid : AidStatus.Approved) : AidStatus.Submitted,
                PaidAmount = a.PaidOn <= d ? a.PaidAmount : null,
            }).ToList();
        var withFunding = !db.SchoolScoped;
        var funds = withFunding
            ? await db.AidFundings.AsNoTracking().Where(f => f.Year == y && (day == null || f.ReceivedOn <= day)).Select(f => new { f.Programme, f.Term, f.ReceivedWan }).ToListAsync(ct)
            : [];
        var rows = new List<ProgrammeTerm>();
        var totals = new List<ProgrammeTotal>();
        foreach (var p in rules.Programmes)
        {
            var mine = apps.Where(a => a.Programme == p.Code).ToList();
            var granted = mine.Where(a => Granted.Contains(a.Status)).ToList();
            foreach (var term in new[] { AidTerm.Autumn, AidTerm.Spring })
            {
                var t = granted.Where(a => a.Term == term).ToList();
                var received = funds.Where(f => f.Programme == p.Code && f.Term == term).Select(f => (decimal?)f.ReceivedWan).FirstOrDefault();
                if (t.Count == 0 && received is null) continue;
                var paid = Wan(t.Sum(a => a.PaidAmount ?? 0));
                rows.Add(new ProgrammeTerm(p.Code, p.Name, term, t.Select(a => a.StudentId).Distinct().Count(), Wan(t.Sum(a => a.Amount)), paid,
                    withFunding ? received ?? 0 : null, withFunding ? (received ?? 0) - paid : null));
            }
            if (mine.Count > 0)
            {
                totals.Add(new ProgrammeTotal(p.Code, p.Name, granted.Select(a => a.StudentId).Distinct().Count(), Wan(granted.Sum(a => a.Amount)),
                    Wan(granted.Sum(a => a.PaidAmount ?? 0)), mine.Count(a => a.Status is AidStatus.Submitted or AidStatus.SchoolReviewed)));
            }
        }
        var schoolIds = apps.Select(a => a.SchoolId).Distinct().ToList();
        var names = await db.Schools.Where(s => schoolIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var schools = apps.GroupBy(a => a.SchoolId).Select(g =>
        {
            var granted = g.Where(a => Granted.Contains(a.Status)).ToList();
            return new SchoolRow(g.Key, names.GetValueOrDefault(g.Key, ""), granted.Select(a => a.StudentId).Distinct().Count(), g.Count(),
                g.Count(a => a.Status is AidStatus.Submitted or AidStatus.SchoolReviewed), Wan(granted.Sum(a => a.Amount)), Wan(granted.Sum(a => a.PaidAmount ?? 0)));
        }).OrderBy(s => s.School, StringComparer.Ordinal).ToList();
        return new Result(year, rows, totals, schools, await CoverageAsync(db, y, day, ct), withFunding)
        {
            Students = apps.Where(a => Granted.Contains(a.Status)).Select(a => a.StudentId).Distinct().Count(),
            Pending = apps.Count(a => a.Status is AidStatus.Submitted or AidStatus.SchoolReviewed),
        };
    }

    /// <summary>资助全覆盖 of a 学年 (in the caller's scope).</summary>
    public static Task<Coverage> CoverageAsync(EduDb db, int year, CancellationToken ct = default) => CoverageAsync(db, year, null, ct);

    /// <summary>资助全覆盖 of a 学年 as of <paramref name="day"/> (all records when null).</summary>
    public static async Task<Coverage> CoverageAsync(EduDb db, int year, DateOnly? day, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var last = day ?? DateOnly.MaxValue;
        var group = await db.HardshipAssessments.Where(a => a.Year == year && a.CoverageGroup && a.AssessedOn <= last).Select(a => a.StudentId).ToListAsync(ct);
        var aided = await db.HardshipAssessments.Where(a => a.Year == year && a.CoverageGroup && a.AssessedOn <= last
                && db.Set<AidApplication>().Any(x => x.StudentId == a.StudentId && x.Year == year && (x.Status == AidStatus.Approved || x.Status == AidStatus.Paid)
                    && x.ApprovedOn <= last))
            .CountAsync(ct);
        var assessed = await db.HardshipAssessments.CountAsync(a => a.Year == year && a.AssessedOn <= last, ct);
        return new Coverage(group.Count, aided, group.Count == 0 ? null : Math.Round(aided * 100m / group.Count, 1, MidpointRounding.AwayFromZero), assessed);
    }
}
