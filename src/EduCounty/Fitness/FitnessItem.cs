namespace EduCounty.Fitness;

/// <summary>
/// The 11 test items of 国家学生体质健康标准（2014年修订）. The order and the codes are those of
/// Tables/items.csv; <see cref="FitnessStandard"/> checks at load time that the table and this list agree.
/// </summary>
public enum FitnessItem
{
    Bmi,
    VitalCapacity,
    Run50m,
    SitAndReach,
    RopeSkip1Min,
    SitUps1Min,
    Shuttle50x8,
    StandingLongJump,
    PullUps,
    Run800m,
    Run1000m,
}

/// <summary>Item codes as used in the tables and in the JSON output (items.csv column <c>item</c>).</summary>
public static class FitnessItems
{
    private static readonly string[] Codes =
    [
        "bmi", "vital_capacity", "run_50m", "sit_and_reach", "rope_skip_1min", "sit_ups_1min",
        "shuttle_50x8", "standing_long_jump", "pull_ups", "run_800m", "run_1000m",
    ];

    public const int Count = 11;

    public static IReadOnlyList<FitnessItem> All { get; } = Enum.GetValues<FitnessItem>();

    public static string Code(FitnessItem item) => Codes[(int)item];

    public static bool TryParse(string code, out FitnessItem item)
    {
        var i = Array.IndexOf(Codes, code);
        item = (FitnessItem)Math.Max(i, 0);
        return i >= 0;
    }

    /// <summary>Sex code of the tables: M 男, F 女.</summary>
    public static string SexCode(Common.Sex sex) => sex == Common.Sex.Male ? "M" : "F";
}
