using EduCounty.Common;

namespace EduCounty.Periods;

/// <summary>
/// 填报 rules as data (embedded <c>period-rules.json</c>): the jump beyond which a school's figure of a grade, against last
/// year's (the same cohort one grade lower, or the same grade for an entry grade), needs a reason on submit (issue 22 §2
/// "a change beyond a configurable jump asks for a reason"). A county overrides it with one JSON file of this shape
/// (EduCounty:PeriodRules on the web).
/// </summary>
public sealed record PeriodRules(string Version, string Source, decimal JumpPercent, int JumpMinPersons, string JumpSource)
{
    private const string ResourceName = "EduCounty.Periods.period-rules.json";

    private static readonly Lazy<PeriodRules> Defaults = new(() => Load(null));

    public static PeriodRules Default() => Defaults.Value;

    public static PeriodRules WithOverride(string overrideJson) => Load(overrideJson);

    private static PeriodRules Load(string? overrideJson)
    {
        var rules = JsonOverride.Load<PeriodRules>(ResourceName, overrideJson, "填报规则");
        if (rules.JumpPercent <= 0 || rules.JumpMinPersons < 0)
        {
            throw new FormatException("填报规则的变动幅度须为正的百分比，最少人数不小于 0");
        }
        return rules;
    }

    /// <summary>
    /// A change from <paramref name="before"/> to <paramref name="now"/> beyond the jump: more than <see cref="JumpMinPersons"/>
    /// persons apart and more than <see cref="JumpPercent"/> % of last year's figure (from nothing to some: a jump).
    /// </summary>
    public bool IsJump(int before, int now)
    {
        var diff = Math.Abs(now - before);
        return diff > JumpMinPersons && (before == 0 || diff * 100m > JumpPercent * before);
    }

    public override string ToString() => $"变化超过 {JumpPercent:0.##}% 且超过 {JumpMinPersons} 人";
}
