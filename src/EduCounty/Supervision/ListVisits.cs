using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Supervision;

/// <summary>A visit in a list.</summary>
public sealed record VisitRow(int Id, int SchoolId, string School, string Supervisor, DateOnly VisitDate, decimal Hours, string Checklist, int? CampaignId,
    string? NoticeNumber, int Findings, int OpenFindings);

/// <summary>The visits in the context's scope (a 督学: their schools; a school: its own), filtered by year, school, supervisor.</summary>
public static class ListVisits
{
    public sealed record Query(SchoolYear? Year = null, int? SchoolId = null, string? SupervisorUserId = null, int? CampaignId = null);

    public static async Task<IReadOnlyList<VisitRow>> HandleAsync(EduDb db, Query q, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(q);
        var visits = db.SupervisionVisits.AsNoTracking();
        if (q.Year is { } y) visits = visits.Where(v => v.VisitDate >= y.FirstDay && v.VisitDate <= y.LastDay);
        if (q.SchoolId is { } s) visits = visits.Where(v => v.SchoolId == s);
        if (q.SupervisorUserId is { Length: > 0 } u) visits = visits.Where(v => v.SupervisorUserId == u);
        if (q.CampaignId is { } c) visits = visits.Where(v => v.CampaignId == c);
        return await visits.OrderByDescending(v => v.VisitDate).ThenByDescending(v => v.Id)
            .Join(db.Schools, v => v.SchoolId, x => x.Id, (v, x) => new VisitRow(v.Id, v.SchoolId, x.Name, v.SupervisorName, v.VisitDate,
                v.Hours, v.Checklist, v.CampaignId, v.NoticeNumber, v.Findings.Count, v.Findings.Count(f => f.State != FindingState.Closed)))
            .ToListAsync(ct);
    }
}

/// <summary>One visit as its 督导记录 and 督导意见书: the checks with their texts, the findings with their state, the files.</summary>
public static class GetVisit
{
    public sealed record FindingView(SupervisionFinding Finding, string ItemName, string GradeName, bool Overdue, DateOnly? ReviewDue,
        IReadOnlyList<Safety.FileInfoRow> Files);

    public sealed record Result(SupervisionVisit Visit, string School, string? Campaign, Checklist Checklist, IReadOnlyList<FindingView> Findings,
        IReadOnlyList<Safety.FileInfoRow> Files);

    public static async Task<Result> HandleAsync(EduDb db, SupervisionRules rules, int id, DateOnly today, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rules);
        var v = await db.SupervisionVisits.AsNoTracking().Include(x => x.Checks).Include(x => x.Findings).SingleOrDefaultAsync(x => x.Id == id, ct)
            ?? throw new RuleException($"没有编号为 {id} 的督导记录，或它不在你的管理范围");
        var school = await db.Schools.AsNoTracking().Where(s => s.Id == v.SchoolId).Select(s => s.Name).SingleAsync(ct);
        var campaign = v.CampaignId is { } c ? await db.SupervisionCampaigns.AsNoTracking().Where(x => x.Id == c).Select(x => x.Title).SingleOrDefaultAsync(ct) : null;
        var findings = new List<FindingView>();
        foreach (var f in v.Findings.OrderBy(f => f.Id))
        {
            findings.Add(new FindingView(f, rules.ItemName(f.Item), rules.GradeName(f.Grade), f.IsOverdue(today), f.ReviewDue(rules.ReviewDays),
                await Safety.GetHazard.FilesAsync(db, SupervisionFinding.FileOwner, f.Id, ct)));
        }
        var files = await Safety.GetHazard.FilesAsync(db, SupervisionVisit.FileOwner, v.Id, ct);
        return new Result(v, school, campaign, rules.Checklist(v.Checklist), findings, files);
    }
}
