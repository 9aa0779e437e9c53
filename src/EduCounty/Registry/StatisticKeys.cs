namespace EduCounty.Registry;

/// <summary>A key of <see cref="YearlyStatistic"/> that an indicator reads, with its meaning.</summary>
/// <param name="Key">The 指标代码 as imported (kind <c>statistics</c>) and as <c>plan explain</c> prints it.</param>
/// <param name="Name">Chinese name.</param>
/// <param name="Unit">人, 元 …</param>
/// <param name="Meaning">What the figure is and where it comes from.</param>
public sealed record StatisticKey(string Key, string Name, string Unit, string Meaning);

/// <summary>
/// The yearly statistics the indicators and the plan's quantified targets read (年度统计数据: figures without records in
/// the registry). The indicator catalogue refers to <see cref="ForIndicators"/> (a test keeps the two in step), the 经费
/// targets of the reports to <see cref="ForTargets"/>; an import of any other key is refused with the list.
/// </summary>
public static class StatisticKeys
{
    /// <summary>Keys the data element catalogue reads.</summary>
    public static IReadOnlyList<StatisticKey> ForIndicators { get; } =
    [
        new("intake.primaryGrade1", "小学一年级招生数", "人",
            "没有学籍记录的学年（如 2012—2019 学年）的小学一年级招生数，教育事业统计历年数据；九年义务教育巩固率的分母（八年前的一年级招生）"),
        new("enrolment.adultSenior", "成人高中在校生数", "人", "成人高中在校生数，教育事业统计；计入高中阶段毛入学率的分子"),
        new("population.disabledCompulsoryAge", "适龄残疾儿童少年数", "人", "义务教育适龄残疾儿童少年数，残联数据；残疾儿童少年义务教育入学率的分母"),
        new("salary.teacherAverage", "义务教育学校教师年平均工资收入", "元", "全县义务教育学校教师年平均工资收入，人社、财政统计；优质均衡 G8"),
        new("salary.civilServantAverage", "当地公务员年平均工资收入", "元", "当地公务员年平均工资收入，人社、财政统计；优质均衡 G8"),
        new("enrolment.homeTeaching", "送教上门学生数", "人", "特殊教育送教上门学生数，教育事业统计；计入特殊教育在校生规模和残疾儿童少年入学率"),
    ];

    /// <summary>Keys the plan's 经费 targets read (Reports: 教育经费“两个只增不减”, 财政性教育经费占地区生产总值比例).</summary>
    public static IReadOnlyList<StatisticKey> ForTargets { get; } =
    [
        new("finance.budgetEducation", "一般公共预算教育支出", "万元", "一般公共预算教育支出，财政决算；“一般公共预算教育支出逐年只增不减”"),
        new("finance.fiscalEducation", "国家财政性教育经费", "万元", "国家财政性教育经费，教育经费统计；占地区生产总值比例的分子"),
        new("finance.gdp", "地区生产总值", "万元", "地区生产总值，统计公报；财政性教育经费占比的分母"),
    ];

    /// <summary>Every key an import may carry.</summary>
    public static IReadOnlyList<StatisticKey> All { get; } = [.. ForIndicators, .. ForTargets];

    private static readonly Dictionary<string, StatisticKey> ByKey = All.ToDictionary(k => k.Key, StringComparer.Ordinal);

    /// <summary>The key's definition, or null when no indicator reads it.</summary>
    public static StatisticKey? Find(string key) => ByKey.GetValueOrDefault(key);

    /// <summary>"key 名称；…" for messages, the template and the import page.</summary>
    public static string Describe() => string.Join("；", All.Select(k => $"{k.Key} {k.Name}（{k.Unit}）"));
}
