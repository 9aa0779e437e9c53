using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Teachers;

/// <summary>One school's (or the county's) 交流轮岗 in a year against the shares of the standards.</summary>
/// <param name="KeyShare">骨干 ÷ rotated (plan task 33) or ÷ eligible (安徽) × 100; null when nobody rotated under the first reading.</param>
/// <param name="ShareMet">rotated ÷ eligible ≥ 10 %; null without an eligible teacher.</param>
public sealed record RotationRow(int? SchoolId, string School, int Eligible, int Rotated, int RotatedKey, decimal? Share, decimal? KeyShare,
    bool? ShareMet, bool? KeyShareMet, int RequiredRotations, int RequiredKey);

/// <summary>The county row of one year; <paramref name="HasRecords"/> false when the year has no rotation record at all (缺数据).</summary>
public sealed record RotationYear(int Year, bool HasRecords, RotationRow County);

/// <summary>A post moved by an <see cref="RotationKind.Exchange"/> under 县管校聘 (a new registry assignment).</summary>
public sealed record PostMove(int RotationId, int StaffId, string StaffNumber, string Name, string From, string To, DateOnly On, RotationState State);

/// <summary>
/// The 交流轮岗 report: the county by year, the schools in the last year, the 县管校聘 moves of that year, and the
/// 校长/副校长 of that year with their full terms (<see cref="ListPrincipalPool"/>; <paramref name="PrincipalsEligible"/> of them
/// 任满两届 and in the pool).
/// </summary>
public sealed record RotationReport(int Year, double ShareTarget, double KeyShareTarget, KeyShareBase KeyShareOf,
    IReadOnlyList<RotationYear> Years, IReadOnlyList<RotationRow> Schools, IReadOnlyList<PostMove> Moves,
    IReadOnlyList<PrincipalPoolRow> Principals, int PrincipalsEligible)
{
    /// <summary>The year's 县管校聘 竞聘 results of the teachers who stood at these schools (beside, not inside, the 10 %: docs/adr/0037); null without any.</summary>
    public HiringSummary? Hiring { get; init; }
}

/// <summary>
/// 交流轮岗 by school and county, each year (teachers.md §2: rotated ÷ 符合交流条件 ≥ 10 %, 骨干 ≥ 20 % of those rotated
/// [C/V]) from the rotation records and the pool of <see cref="CountTeacherFigures"/> — the same figures 优质均衡 G11 reads.
/// </summary>
public static class GetRotationReport
{
    public sealed record Query(string CountyCode, int Year, int FirstYear, IReadOnlyCollection<int>? SchoolIds = null);

    public static async Task<RotationReport> HandleAsync(EduDb db, Query q, TeacherRules rules, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(rules);
        return (await CoreAsync(db, TeacherScope.Schools(db, q.CountyCode, q.SchoolIds), [q.CountyCode], q.Year, q.FirstYear, rules, ct))[q.CountyCode];
    }

    /// <summary>
    /// The reports of several counties (a province) in one pass: each source is one GROUP BY over all their schools, split by
    /// county here — the same figures as <see cref="HandleAsync"/> county by county.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, RotationReport>> HandleManyAsync(EduDb db, IReadOnlyCollection<string> countyCodes, int year, int firstYear,
        TeacherRules rules, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(countyCodes);
        ArgumentNullException.ThrowIfNull(rules);
        return await CoreAsync(db, TeacherScope.Schools(db, countyCodes), countyCodes, year, firstYear, rules, ct);
    }

    private static async Task<Dictionary<string, RotationReport>> CoreAsync(EduDb db, IQueryable<School> schools, IReadOnlyCollection<string> counties,
        int year, int firstYear, TeacherRules rules, CancellationToken ct)
    {
        var years = Enumerable.Range(Math.Min(firstYear, year), Math.Abs(year - firstYear) + 1).ToList();
        var f = await CountTeacherFigures.HandleAsync(db, schools, years,
            [TeacherFigure.RotationEligible, TeacherFigure.Rotated, TeacherFigure.RotatedKey], rules, ct);
        var names = await TeacherScope.NamesWithCountyAsync(schools, ct);
        var countyOf = names.ToDictionary(n => n.Id, n => n.CountyCode);
        var principals = (await ListPrincipalPool.HandleAsync(db, schools, year, rules, ct)).ToLookup(p => countyOf[p.SchoolId], StringComparer.Ordinal);
        var hiring = await HiringSummaries.ByCountyAsync(db, schools, year, ct);
        var moves = (await MovesAsync(db, schools, year, ct)).ToLookup(m => countyOf[m.FromSchoolId], m => m.Move, StringComparer.Ordinal);
        var r = rules.Standards.Rotation;
        var reports = new Dictionary<string, RotationReport>(StringComparer.Ordinal);
        foreach (var code in counties.Distinct())
        {
            var mine = names.Where(n => n.CountyCode == code).ToList();
            var ids = mine.Select(n => n.Id).ToHashSet();
            var perYear = years.Select(y => new RotationYear(y, f.Present(TeacherFigure.Rotated, y),
                Row(rules, null, "合计", f.Total(TeacherFigure.RotationEligible, y, ids) ?? 0, f.Total(TeacherFigure.Rotated, y, ids), f.Total(TeacherFigure.RotatedKey, y, ids)))).ToList();
            var rows = mine
                .Select(s => Row(rules, s.Id, s.Name, f.Get(TeacherFigure.RotationEligible, s.Id, year) ?? 0, f.Get(TeacherFigure.Rotated, s.Id, year), f.Get(TeacherFigure.RotatedKey, s.Id, year)))
                .Where(x => x.Eligible > 0 || x.Rotated > 0).ToList();
            var pool = principals[code].ToList();
            reports[code] = new RotationReport(year, r.Share.Value, r.KeyShare.Value, r.KeyShareOf.Value, perYear, rows, [.. moves[code]], pool, pool.Count(p => p.Eligible))
            {
                Hiring = hiring.GetValueOrDefault(code),
            };
        }
        return reports;
    }

    /// <summary>A row with its shares, verdicts and the least numbers that meet the standards (missing rotation records leave shares null).</summary>
    public static RotationRow Row(TeacherRules rules, int? id, string name, int eligible, int? rotated, int? key)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var s = rules.Standards.Rotation;
        var share = rotated is { } n ? TeacherScope.Percent(n, eligible) : null;
        var keyBase = s.KeyShareOf.Value == KeyShareBase.Rotated ? rotated ?? 0 : eligible;
        var keyShare = key is { } k ? TeacherScope.Percent(k, keyBase) : null;
        return new RotationRow(id, name, eligible, rotated ?? 0, key ?? 0, share, keyShare,
            share is { } sh ? sh >= (decimal)s.Share.Value : null,
            keyShare is { } ks ? ks >= (decimal)s.KeyShare.Value : null,
            rules.RequiredRotations(eligible), rules.RequiredKeyRotations(rotated ?? 0, eligible));
    }

    /// <summary>
    /// The year's started or completed 交流 out of these schools. The receiving school's name comes from a second query: an
    /// <c>IgnoreQueryFilters</c> join in the same query would lift the reader's scope from the whole query (a school user
    /// then saw other schools' moves).
    /// </summary>
    private static async Task<List<(int FromSchoolId, PostMove Move)>> MovesAsync(EduDb db, IQueryable<School> schools, int y, CancellationToken ct)
    {
        var moves = await db.TeacherRotations.Where(r => r.Year == y && r.Kind == RotationKind.Exchange && (r.State == RotationState.Started || r.State == RotationState.Completed))
            .Join(schools, r => r.FromSchoolId, s => s.Id, (r, s) => new { r, From = s.Name })
            .Join(db.Staff, x => x.r.StaffId, s => s.Id, (x, s) => new { x.r.Id, x.r.StaffId, s.StaffNumber, s.Name, x.r.FromSchoolId, x.From, x.r.ToSchoolId, x.r.StartDate, x.r.State })
            .OrderBy(x => x.StartDate).ThenBy(x => x.StaffNumber).ToListAsync(ct);
        var toIds = moves.Select(m => m.ToSchoolId).Distinct().ToList();
        var to = await db.Schools.IgnoreQueryFilters().Where(s => toIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        return [.. moves.Select(m => (m.FromSchoolId, new PostMove(m.Id, m.StaffId, m.StaffNumber, m.Name, m.From, to[m.ToSchoolId], m.StartDate, m.State)))];
    }
}
