using EduCounty.Common;
using EduCounty.Common.Files;
using EduCounty.Common.Identity;
using EduCounty.Safety;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Supervision;

/// <summary>
/// 填写督导记录 (§B 工作程序): a 督学's visit to one of their schools with the checks of the checklist, what was learnt, the
/// findings (each with its grade and 整改期限) and the 督导意见; with findings the 督导意见书 gets its 文号. A finding
/// that is a safety hazard is also entered in the hazard ledger (§B §5; 排查类型 督导发现). Everything is saved in one
/// transaction and the form's draft removed. Idempotent by the form key: a second submit (a retry after a lost answer)
/// returns the visit already saved.
/// </summary>
public static class SubmitVisit
{
    public sealed record Check(string Code, CheckResult Result, string? Note);

    /// <summary>A finding; with <paramref name="HazardCategory"/> it is also a hazard of that category at <paramref name="Location"/>.</summary>
    public sealed record Finding(string Item, string Grade, string Description, string? HazardCategory = null, string? Location = null);

    public sealed record Command(string DraftKey, int SchoolId, DateOnly VisitDate, decimal Hours, IReadOnlyList<string> Methods, string Checklist,
        IReadOnlyList<Check> Checks, string Situation, string? Feedback, IReadOnlyList<Finding> Findings, int? CampaignId = null,
        IReadOnlyList<UploadedFile>? Photos = null);

    public sealed record Outcome(int VisitId, bool AlreadySubmitted, string? NoticeNumber);

    public static async Task<Outcome> HandleAsync(EduDb db, SupervisionRules rules, Command c, ActingUser by, DateOnly today, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(by);
        var key = SaveVisitDraft.Key(c.DraftKey);
        var existing = await db.SupervisionVisits.IgnoreQueryFilters().Where(v => v.ClientKey == key)
            .Select(v => new { v.Id, v.SupervisorUserId, v.NoticeNumber }).SingleOrDefaultAsync(ct);
        if (existing is not null)
        {
            return existing.SupervisorUserId == by.UserId ? new Outcome(existing.Id, true, existing.NoticeNumber) : throw new RuleException("表单标识已被使用，请刷新页面后重新填写");
        }
        await SupervisorAccess.RequireForSchoolAsync(db, by, c.SchoolId, ct);
        var visit = Validate(rules, c, by, key, today);
        await CheckCampaignAsync(db, c, ct);
        var safety = SafetyRules.Default();
        return await Atomically.RunAsync(db, async () =>
        {
            if (visit.Findings.Count > 0)
            {
                visit.NoticeNumber = await NextNoticeNumberAsync(db, rules, c.VisitDate.Year, ct);
            }
            visit.SubmittedAt = db.Clock.GetUtcNow();
            db.SupervisionVisits.Add(visit);
            await db.SaveChangesAsync(ct);
            await LinkHazardsAsync(db, safety, c, visit, by, today, ct);
            if (c.Photos is { Count: > 0 } photos)
            {
                var now = db.Clock.GetUtcNow();
                db.StoredFiles.AddRange(photos.Select(p => StoredFile.From(p, visit.SchoolId, SupervisionVisit.FileOwner, visit.Id, "现场照片", by.Name, now)));
            }
            db.VisitDrafts.RemoveRange(await db.VisitDrafts.Where(d => d.DraftKey == key).ToListAsync(ct));
            await db.SaveChangesAsync(ct);
            return new Outcome(visit.Id, false, visit.NoticeNumber);
        }, ct);
    }

    private static SupervisionVisit Validate(SupervisionRules rules, Command c, ActingUser by, string key, DateOnly today)
    {
        if (c.VisitDate > today) throw new RuleException($"督导日期 {c.VisitDate:yyyy-MM-dd} 晚于今天") { Field = "date" };
        if (c.Hours is <= 0 or > 24) throw new RuleException($"督导时长 {c.Hours} 小时无效，应在 0–24 之间") { Field = "hours" };
        var methods = c.Methods.Where(m => !string.IsNullOrWhiteSpace(m)).Distinct().ToList();
        if (methods.Count == 0) throw new RuleException("请至少选择一种督导方式") { Field = "methods" };
        if (methods.FirstOrDefault(m => rules.Methods.All(x => x.Code != m)) is { } bad) throw new RuleException($"未知的督导方式“{bad}”");
        var checklist = rules.Checklist(c.Checklist);
        if (c.Checks.FirstOrDefault(x => checklist.Checks.All(k => k.Code != x.Code)) is { } unknown)
        {
            throw new RuleException($"检查点“{unknown.Code}”不在清单“{checklist.Name}”中");
        }
        if (c.Checks.All(x => x.Result == CheckResult.NotChecked)) throw new RuleException("请至少填写一个检查点的结果") { Field = "checks" };
        if (string.IsNullOrWhiteSpace(c.Situation)) throw new RuleException("请填写了解到的情况") { Field = "situation" };
        if (c.Findings.Count > 0 && string.IsNullOrWhiteSpace(c.Feedback)) throw new RuleException("发现问题时须填写反馈学校的督导意见") { Field = "feedback" };
        var visit = new SupervisionVisit
        {
            SchoolId = c.SchoolId,
            SupervisorUserId = by.UserId,
            SupervisorName = by.Name,
            CampaignId = c.CampaignId,
            Checklist = checklist.Code,
            VisitDate = c.VisitDate,
            Hours = c.Hours,
            Methods = string.Join(",", methods),
            Situation = Limit(c.Situation, "了解情况", 4000),
            Feedback = string.IsNullOrWhiteSpace(c.Feedback) ? null : Limit(c.Feedback, "督导意见", 4000),
            ClientKey = key,
            SubmittedAt = default,
            Checks = [.. c.Checks.Where(x => x.Result != CheckResult.NotChecked || !string.IsNullOrWhiteSpace(x.Note))
                .Select(x => new SupervisionCheck { Code = x.Code, Result = x.Result, Note = string.IsNullOrWhiteSpace(x.Note) ? null : Limit(x.Note, "检查说明", 1000) })],
        };
        foreach (var f in c.Findings)
        {
            if (rules.Items.All(i => i.Code != f.Item)) throw new RuleException($"未知的督导事项“{f.Item}”");
            if (string.IsNullOrWhiteSpace(f.Description)) throw new RuleException("发现的问题须有描述") { Field = "findings" };
            visit.Findings.Add(SupervisionFinding.Create(rules.Grade(f.Grade), f.Item, Limit(f.Description, "问题描述", 2000), c.SchoolId, c.VisitDate));
        }
        return visit;
    }

    private static string Limit(string text, string what, int max)
    {
        var t = text.Trim();
        return t.Length <= max ? t : throw new RuleException($"{what}超过 {max} 字");
    }

    private static async Task CheckCampaignAsync(EduDb db, Command c, CancellationToken ct)
    {
        if (c.CampaignId is not { } id) return;
        var campaign = await db.SupervisionCampaigns.AsNoTracking().Where(x => x.Id == id)
            .Select(x => new { x.Title, x.Checklist, x.StartsOn, x.EndsOn, Has = x.Schools.Any(s => s.SchoolId == c.SchoolId) }).SingleOrDefaultAsync(ct)
            ?? throw new RuleException($"没有编号为 {id} 的专项督导");
        if (!campaign.Has) throw new RuleException($"该学校不在专项督导“{campaign.Title}”的范围内");
        if (c.VisitDate < campaign.StartsOn || c.VisitDate > campaign.EndsOn)
        {
            throw new RuleException($"督导日期不在专项督导“{campaign.Title}”的期间（{campaign.StartsOn:yyyy-MM-dd} 至 {campaign.EndsOn:yyyy-MM-dd}）内");
        }
        if (campaign.Checklist != c.Checklist) throw new RuleException($"专项督导“{campaign.Title}”使用检查清单“{campaign.Checklist}”");
    }

    private static async Task LinkHazardsAsync(EduDb db, SafetyRules safety, Command c, SupervisionVisit visit, ActingUser by, DateOnly today, CancellationToken ct)
    {
        var pairs = c.Findings.Zip(visit.Findings).Where(p => !string.IsNullOrWhiteSpace(p.First.HazardCategory)).ToList();
        foreach (var (input, finding) in pairs)
        {
            var hazard = ReportHazard.New(safety, new ReportHazard.Command(c.SchoolId, string.IsNullOrWhiteSpace(input.Location) ? "督导发现" : input.Location,
                input.HazardCategory!, finding.Description, by.Name, c.VisitDate, "Supervision", c.CampaignId), by.Name, today);
            db.SafetyHazards.Add(hazard);
            await db.SaveChangesAsync(ct);
            finding.HazardId = hazard.Id;
        }
    }

    /// <summary>督导意见书 文号: prefix〔year〕n号, n counting the year's notices.</summary>
    private static async Task<string> NextNoticeNumberAsync(EduDb db, SupervisionRules rules, int year, CancellationToken ct)
    {
        var prefix = $"{rules.NoticePrefix}〔{year}〕";
        var n = await db.SupervisionVisits.IgnoreQueryFilters().CountAsync(v => v.NoticeNumber != null && v.NoticeNumber.StartsWith(prefix), ct);
        return $"{prefix}{n + 1}号";
    }
}
