using EduCounty.Common;

namespace EduCounty.SpecialGroups;

/// <summary>A code with its Chinese name and source (关爱 kinds).</summary>
public sealed record GroupsCode(string Code, string Name, string Source);

/// <summary>An age window (周岁).</summary>
public sealed record GroupsAgeWindow(int From, int To, string Source);

/// <summary>
/// The special groups' rules as data (embedded <c>groups-rules.json</c>, each figure citing shared/reference): the 送教上门
/// age window and default intensity (dropout-prevention.md §6, local config), the visit gap after which a 送教 child is
/// overdue, the 资源教室 threshold, the 留守 care records per term and the 随迁 两为主 share (balance-rules.md G15). What
/// is [unverified] is a local default a province overrides with one JSON file of this shape.
/// </summary>
public sealed record GroupsRules(
    string Version,
    string Source,
    GroupsAgeWindow HomeTeachingAge,
    int DefaultVisitsPerYear,
    decimal DefaultHoursPerYear,
    string IntensitySource,
    int VisitGapDays,
    string VisitGapSource,
    int ResourceRoomThreshold,
    string ResourceRoomSource,
    int CareRecordsPerTerm,
    string CareSource,
    decimal MigrantPublicShare,
    string MigrantSource,
    IReadOnlyList<GroupsCode> CareKinds,
    bool PurchasedPlacesCountAsPublic = true,
    string? PurchasedPlacesSource = null)
{
    private const string ResourceName = "EduCounty.SpecialGroups.groups-rules.json";

    private static readonly Lazy<GroupsRules> Defaults = new(() => Load(null));

    public static GroupsRules Default() => Defaults.Value;

    public static GroupsRules WithOverride(string overrideJson) => Load(overrideJson);

    private static GroupsRules Load(string? overrideJson)
    {
        var rules = JsonOverride.Load<GroupsRules>(ResourceName, overrideJson, "特殊群体规则");
        if (rules.VisitGapDays <= 0 || rules.ResourceRoomThreshold <= 0 || rules.CareRecordsPerTerm <= 0 || rules.DefaultVisitsPerYear <= 0)
        {
            throw new FormatException("特殊群体规则的天数、人数和次数须为正数");
        }
        return rules;
    }

    public string CareKindName(string code) => CareKinds.FirstOrDefault(c => c.Code == code)?.Name ?? code;

    public GroupsCode CareKind(string code) =>
        CareKinds.FirstOrDefault(k => k.Code == code || k.Name == code)
        ?? throw new RuleException($"未知的关爱方式“{code}”，可选：{string.Join("、", CareKinds.Select(k => k.Name))}") { Field = "关爱方式" };

    /// <summary>
    /// The 学期 containing <paramref name="day"/>: 第一学期 09-01 — 01-31, 第二学期 02-01 — 08-31 (the 学年's halves; local
    /// default [unverified]).
    /// </summary>
    public static (DateOnly From, DateOnly To, string Label) TermOf(DateOnly day)
    {
        var year = SchoolYear.Containing(day);
        var split = new DateOnly(year.EndYear, 2, 1);
        return day < split
            ? (year.FirstDay, split.AddDays(-1), $"{year}学年第一学期")
            : (split, year.LastDay, $"{year}学年第二学期");
    }
}
