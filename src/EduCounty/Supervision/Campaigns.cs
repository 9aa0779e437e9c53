using EduCounty.Common;
using EduCounty.Common.Identity;
using EduCounty.Registry;
using EduCounty.Security;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Supervision;

/// <summary>专项督导: the 督导 office opens a campaign over many schools with a checklist and a period (plan task 44).</summary>
public static class CreateCampaign
{
    public sealed record Command(string Title, string Checklist, DateOnly StartsOn, DateOnly EndsOn, string? Description, IReadOnlyList<int> SchoolIds);

    public static async Task<int> HandleAsync(EduDb db, SupervisionRules rules, Command c, ActingUser by, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(by);
        if (!by.Holds(Roles.Supervision)) throw new RuleException("专项督导由督导室组织");
        if (string.IsNullOrWhiteSpace(c.Title)) throw new RuleException("请填写专项督导名称");
        rules.Checklist(c.Checklist);
        if (c.EndsOn < c.StartsOn) throw new RuleException($"结束日期 {c.EndsOn:yyyy-MM-dd} 早于开始日期 {c.StartsOn:yyyy-MM-dd}");
        var ids = c.SchoolIds.Distinct().ToList();
        if (ids.Count == 0) throw new RuleException("请选择参加专项督导的学校");
        var found = await db.Schools.AsNoTracking().CountAsync(s => ids.Contains(s.Id), ct);
        if (found != ids.Count) throw new RuleException("所选学校中有不存在或不在你管理范围内的学校");
        var campaign = new SupervisionCampaign
        {
            Title = c.Title.Trim(),
            Checklist = c.Checklist,
            StartsOn = c.StartsOn,
            EndsOn = c.EndsOn,
            CreatedBy = by.Name,
            Description = string.IsNullOrWhiteSpace(c.Description) ? null : c.Description.Trim(),
            Schools = [.. ids.Select(i => new SupervisionCampaignSchool { SchoolId = i })],
        };
        db.SupervisionCampaigns.Add(campaign);
        await db.SaveChangesAsync(ct);
        return campaign.Id;
    }

    /// <summary>The campaigns, newest first, with their school counts.</summary>
    public static async Task<IReadOnlyList<(int Id, string Title, string Checklist, DateOnly StartsOn, DateOnly EndsOn, int Schools)>> ListAsync(EduDb db,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.SupervisionCampaigns.AsNoTracking().OrderByDescending(c => c.StartsOn)
            .Select(c => new { c.Id, c.Title, c.Checklist, c.StartsOn, c.EndsOn, Schools = c.Schools.Count }).ToListAsync(ct);
        return [.. rows.Select(r => (r.Id, r.Title, r.Checklist, r.StartsOn, r.EndsOn, r.Schools))];
    }
}

/// <summary>
/// The summary of a 专项督导: which schools were visited, the findings by grade and by 事项, the checks most often not met,
/// the hazards it found, and the paragraph that sums it up.
/// </summary>
public static class GetCampaignSummary
{
    public sealed record SchoolLine(int SchoolId, string School, int Visits, int Findings, int OpenFindings);

    public sealed record CheckLine(string Code, string Text, int Checked, int NotMet);

    public sealed record Result(SupervisionCampaign Campaign, Checklist Checklist, IReadOnlyList<SchoolLine> Schools, IReadOnlyList<(string Grade, int Count)> ByGrade,
        IReadOnlyList<CheckLine> Checks, int Hazards, string Summary);

    public static async Task<Result> HandleAsync(EduDb db, SupervisionRules rules, int id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rules);
        var c = await db.SupervisionCampaigns.AsNoTracking().Include(x => x.Schools).SingleOrDefaultAsync(x => x.Id == id, ct)
            ?? throw new RuleException($"没有编号为 {id} 的专项督导");
        var checklist = rules.Checklist(c.Checklist);
        var schoolIds = c.Schools.Select(s => s.SchoolId).ToList();
        var names = await db.Schools.AsNoTracking().Where(s => schoolIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var visits = await db.SupervisionVisits.AsNoTracking().Where(v => v.CampaignId == id).Include(v => v.Checks).Include(v => v.Findings).ToListAsync(ct);
        var schools = names.Select(n => new SchoolLine(n.Key, n.Value, visits.Count(v => v.SchoolId == n.Key),
                visits.Where(v => v.SchoolId == n.Key).Sum(v => v.Findings.Count), visits.Where(v => v.SchoolId == n.Key).Sum(v => v.Findings.Count(f => f.State != FindingState.Closed))))
            .OrderBy(s => s.Visits > 0).ThenBy(s => s.School, StringComparer.Ordinal).ToList();
        var findings = visits.SelectMany(v => v.Findings).ToList();
        var byGrade = rules.FindingGrades.Select(g => (g.Name, findings.Count(f => f.Grade == g.Code))).Where(x => x.Item2 > 0).ToList();
        var checks = checklist.Checks.Select(k =>
        {
            var results = visits.SelectMany(v => v.Checks).Where(x => x.Code == k.Code && x.Result != CheckResult.NotChecked).ToList();
            return new CheckLine(k.Code, k.Text, results.Count, results.Count(x => x.Result == CheckResult.NonConforming));
        }).ToList();
        var hazards = findings.Count(f => f.HazardId is not null);
        var visited = schools.Count(s => s.Visits > 0);
        var worst = checks.Where(x => x.NotMet > 0).OrderByDescending(x => x.NotMet).Take(3).ToList();
        var summary = $"专项督导“{c.Title}”（{c.StartsOn:yyyy-MM-dd} 至 {c.EndsOn:yyyy-MM-dd}）覆盖学校 {schools.Count} 所，已督导 {visited} 所" +
            (visited < schools.Count ? $"，尚有 {schools.Count - visited} 所未督导" : "") + $"；发现问题 {findings.Count} 个" +
            (byGrade.Count > 0 ? $"（{string.Join("、", byGrade.Select(g => $"{g.Item1} {g.Item2} 个"))}）" : "") +
            $"，已销号 {findings.Count(f => f.State == FindingState.Closed)} 个" + (hazards > 0 ? $"，其中 {hazards} 个登记为安全隐患" : "") + "。" +
            (worst.Count > 0 ? $"不符合较多的检查点：{string.Join("；", worst.Select(w => $"{w.Text}（{w.NotMet} 校次）"))}。" : "");
        return new Result(c, checklist, schools, byGrade, checks, hazards, summary);
    }
}
