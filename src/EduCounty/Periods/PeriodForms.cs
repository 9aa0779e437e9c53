using System.Runtime.CompilerServices;
using EduCounty.Common;
using EduCounty.Security;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Periods;

/// <summary>The forms a period collects (issue 22 §1): the census (秋季统计) first, then 办学条件 and 经费.</summary>
public static class PeriodForms
{
    public const string Census = "census";
    public const string Facilities = "facilities";
    public const string Finance = "finance";

    public static readonly string[] All = [Census, Facilities, Finance];

    public static string Label(string form) => form switch
    {
        Census => "秋季统计",
        Facilities => "办学条件",
        Finance => "经费",
        _ => form,
    };

    /// <summary>A form code given by a user: refused with the list when unknown.</summary>
    public static string Parse(string? form) => All.Contains(form)
        ? form!
        : throw new RuleException($"报表“{form}”不存在，应为 {string.Join("、", All.Select(f => $"{f}（{Label(f)}）"))}") { Field = "form" };

    /// <summary>
    /// Registers the reader of locked periods with Common's <see cref="PeriodGuard"/> when the library loads (Common may
    /// not name a feature, docs/adr/0020, so the feature that owns the locks hands the guard its query).
    /// </summary>
#pragma warning disable CA2255 // The guard must hold before any write in any host; the library registers its own feature.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void RegisterGuard() => PeriodGuard.Reader = ReadLocksAsync;

    private static async Task<IReadOnlyDictionary<(string Form, int Year), int>> ReadLocksAsync(EduDb db, CancellationToken ct) =>
        (await db.ReportingPeriods.AsNoTracking().Where(p => p.State == PeriodState.Locked)
            .Select(p => new { p.Form, p.Year, p.Version }).ToListAsync(ct))
        .ToDictionary(p => (p.Form, p.Year), p => p.Version);
}

/// <summary>Who acts in the chain.</summary>
public enum ReviewLevel
{
    School = 0,
    Township = 1,
    County = 2,
}

/// <summary>The acting user of a period operation: the name for the audit and the level their roles give.</summary>
public sealed record PeriodActor(string Name, ReviewLevel Level)
{
    /// <summary>
    /// 学校填报员/学校管理员 → school, 乡镇 → township, 规划 → county (issue 22 §6); a user holding several takes the
    /// highest. Others hold no level (refused).
    /// </summary>
    public static PeriodActor? Of(string name, IReadOnlyCollection<string> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        ReviewLevel? level = roles.Contains(Roles.Planning) ? ReviewLevel.County
            : roles.Contains(Roles.Township) ? ReviewLevel.Township
            : roles.Contains(Roles.SchoolAdmin) || roles.Contains(Roles.SchoolClerk) ? ReviewLevel.School
            : null;
        return level is { } l ? new PeriodActor(name, l) : null;
    }

    public static string LevelLabel(ReviewLevel level) => level switch
    {
        ReviewLevel.School => "学校",
        ReviewLevel.Township => "乡镇",
        _ => "县级",
    };
}
