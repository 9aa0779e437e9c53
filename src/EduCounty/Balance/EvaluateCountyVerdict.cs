using EduCounty.Common;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Balance;

/// <summary>
/// One item of the verdict. Origin: "registry" (computed), "recorded" (督导录入) or "missing" (neither).
/// </summary>
public sealed record VerdictItem(
    string Code,
    string Name,
    bool? Met,
    string Origin,
    string? Value,
    IReadOnlyList<string> Findings,
    string? Evidence,
    string? Attachment,
    string? RecordedBy,
    DateTimeOffset? RecordedAt,
    string Source)
{
    /// <summary>The item's rule rows with their outcomes and Chinese descriptions (empty for an item without rules).</summary>
    public IReadOnlyList<RuleResult> Rules { get; init; } = [];
}

public sealed record VerdictPart(string Name, bool Pass, IReadOnlyList<VerdictItem> Items, IReadOnlyList<string> Reasons);

/// <summary>
/// 优质均衡 county verdict (balance-rules.md §2: all four parts must be met, preconditions hold and no veto item):
/// 资源配置 from the 2017 engine over the registry, the other parts from <see cref="ComputeAssuranceItems"/> and the
/// supervisors' <see cref="BalanceAssessment"/> records. <see cref="Reasons"/> lists every reason, part by part.
/// </summary>
public sealed record CountyVerdict(string CountyCode, string Year, bool Pass, IReadOnlyList<VerdictPart> Parts, IReadOnlyList<string> Reasons, BalanceReport Resources);

public static class EvaluateCountyVerdict
{
    /// <summary>
    /// As <see cref="HandleAsync"/>, through the <see cref="Common.Caching.VersionedCache"/>: reused until a write bumps the
    /// data version; keyed by county, year, profile, the schools asked for and the context's own school scope.
    /// </summary>
    public static Task<CountyVerdict> CachedAsync(EduDb db, string countyCode, SchoolYear year, BalanceProfile profile,
        IReadOnlyCollection<int>? schoolIds = null, bool gap = false, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var schools = schoolIds is null ? "*" : string.Join(",", schoolIds.Order());
        return Common.Caching.VersionedCache.GetAsync(db, "balance.verdict",
            $"{countyCode}|{year.StartYear}|{Common.Caching.VersionedCache.IdentityOf(profile)}|{schools}|{gap}",
            () => HandleAsync(db, countyCode, year, profile, schoolIds, gap, CancellationToken.None), ct);
    }

    public static async Task<CountyVerdict> HandleAsync(EduDb db, string countyCode, SchoolYear year, BalanceProfile profile,
        IReadOnlyCollection<int>? schoolIds = null, bool gap = false, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(profile);
        var std = profile.Assurance;
        var (resources, _) = await EvaluateBalanceFromRegistry.HandleAsync(db, countyCode, year, "2017", profile, gap, schoolIds, ct);
        var computed = (await ComputeAssuranceItems.HandleAsync(db, countyCode, year, schoolIds, std, ct)).ToDictionary(c => c.Code, StringComparer.Ordinal);
        var recorded = await db.BalanceAssessments.Where(a => a.CountyCode == countyCode && a.Year == year.StartYear)
            .Select(a => new { a.Code, a.Met, a.Evidence, a.Attachment, a.RecordedBy, a.RecordedAt })
            .ToDictionaryAsync(a => a.Code, StringComparer.Ordinal, ct);

        var parts = new List<VerdictPart>();
        var reasons = new List<string>();
        foreach (var part in AssuranceStandards.PartOrder)
        {
            if (part == AssuranceStandards.Resources)
            {
                var rr = resources.Reasons.Select(r => $"{part}：{r}").ToList();
                var items = resources.Stages.Select(s => new VerdictItem(
                    s.Stage, $"{s.Stage}资源配置（{s.Units} 个单位）", s.Pass, "registry",
                    $"达标学校 {s.Schools.Count(u => u.Pass == true)}/{s.Units}，差异系数最大 {profile.Comparison.Show(s.Indicators.Max(i => i.Cv))}",
                    s.Indicators.Where(i => !i.Pass).Select(i => $"{i.Code} 差异系数 {profile.Comparison.Show(i.Cv)}").ToList(),
                    null, null, null, null, profile.Method("2017").Source)).ToList();
                parts.Add(new VerdictPart(part, resources.Pass, items, rr));
                reasons.AddRange(rr);
                continue;
            }
            var list = new List<VerdictItem>();
            var partReasons = new List<string>();
            foreach (var item in std.Active.Where(i => i.Part == part))
            {
                VerdictItem v;
                if (computed.TryGetValue(item.Code, out var c) && c.Met is not null)
                {
                    v = new VerdictItem(item.Code, item.Name, c.Met, "registry", c.Value, c.Findings, null, null, null, null, item.Source) { Rules = c.Rules };
                }
                else if (recorded.TryGetValue(item.Code, out var a))
                {
                    var findings = c is null ? (IReadOnlyList<string>)[] : c.Findings;
                    v = new VerdictItem(item.Code, item.Name, a.Met, "recorded", a.Met ? "达标" : "未达标", findings, a.Evidence, a.Attachment, a.RecordedBy, a.RecordedAt, item.Source) { Rules = c?.Rules ?? [] };
                }
                else
                {
                    v = new VerdictItem(item.Code, item.Name, null, "missing", c?.Value, c?.Findings ?? [], null, null, null, null, item.Source) { Rules = c?.Rules ?? [] };
                }
                list.Add(v);
                if (v.Met == true)
                {
                    continue;
                }
                var why = v.Met is null
                    ? "登记数据不足且督导未录入评估结论"
                    : v.Origin == "recorded" ? $"督导认定未达标（{v.Evidence}）" : string.Join("；", v.Findings.DefaultIfEmpty(v.Value ?? "未达标"));
                partReasons.Add($"{part}：{item.Code} {item.Name} — {why}");
            }
            parts.Add(new VerdictPart(part, partReasons.Count == 0, list, partReasons));
            reasons.AddRange(partReasons);
        }
        return new CountyVerdict(countyCode, year.ToString(), reasons.Count == 0, parts, reasons, resources);
    }
}

/// <summary>A supervisor records one item as 达标/未达标 with evidence (upsert by county, year and code; audited).</summary>
public sealed record RecordBalanceAssessment(string CountyCode, SchoolYear Year, string Code, bool Met, string Evidence, string? Attachment, string RecordedBy);

public static class RecordBalanceAssessmentHandler
{
    public static async Task<BalanceAssessment> HandleAsync(EduDb db, RecordBalanceAssessment cmd, TimeProvider clock, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(cmd);
        ArgumentNullException.ThrowIfNull(clock);
        var std = AssuranceStandards.National();
        if (!std.Contains(cmd.Code))
        {
            throw new RuleException($"评估项目代码“{cmd.Code}”不存在，可选：{string.Join("、", std.Items.Select(i => i.Code))}") { Field = "code" };
        }
        if (string.IsNullOrWhiteSpace(cmd.Evidence))
        {
            throw new RuleException($"{cmd.Code}：必须填写佐证材料说明") { Field = "evidence" };
        }
        var code = std[cmd.Code].Code;
        var row = await db.BalanceAssessments.FirstOrDefaultAsync(a => a.CountyCode == cmd.CountyCode && a.Year == cmd.Year.StartYear && a.Code == code, ct);
        if (row is null)
        {
            row = new BalanceAssessment { CountyCode = cmd.CountyCode, Year = cmd.Year.StartYear, Code = code, Evidence = cmd.Evidence.Trim(), RecordedBy = cmd.RecordedBy };
            db.BalanceAssessments.Add(row);
        }
        row.Met = cmd.Met;
        row.Evidence = cmd.Evidence.Trim();
        row.Attachment = string.IsNullOrWhiteSpace(cmd.Attachment) ? null : cmd.Attachment.Trim();
        row.RecordedBy = cmd.RecordedBy;
        row.RecordedAt = clock.GetUtcNow();
        db.Actor ??= cmd.RecordedBy;
        await db.SaveChangesAsync(ct);
        return row;
    }
}
