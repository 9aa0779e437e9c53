using EduCounty.Common;

namespace EduCounty.Forecast;

/// <summary>
/// Births of one 行政区划 (county or 乡镇) and calendar year, by source: 户籍 births (公安) and 出生医学证明 births
/// (卫健) are kept apart and the entry ratio records which one it was fitted on (forecasting.md §2.2).
/// </summary>
public sealed class Birth
{
    public int Id { get; set; }
    public required string DivisionCode { get; set; }
    public int Year { get; set; }
    public BirthSource Source { get; set; } = BirthSource.Hukou;
    public int Count { get; set; }
}

/// <summary>Where a birth count comes from (forecasting.md §2.2: keep them apart).</summary>
public enum BirthSource
{
    /// <summary>户籍出生登记（公安）.</summary>
    Hukou = 1,
    /// <summary>出生医学证明（卫健）.</summary>
    Certificate = 2,
}

public static class BirthSources
{
    public static string Label(BirthSource s) => s == BirthSource.Certificate ? "出生医学证明" : "户籍";
}

/// <summary>
/// A new housing estate (新建小区) in the pipeline: 户数 and completion year, entered by the bureau, and the school
/// whose catchment (学区) it lies in (forecasting.md §2.4).
/// </summary>
[NotSchoolScoped("县教育局录入的新建小区规划数据（户数、交付年份），不是某一学校的数据")]
public sealed class HousingProject
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string DivisionCode { get; set; }
    /// <summary>The school whose catchment the estate lies in (its 小学 or 初中); null: not yet assigned.</summary>
    public int? SchoolId { get; set; }
    public int Households { get; set; }
    public int CompletionYear { get; set; }
}
