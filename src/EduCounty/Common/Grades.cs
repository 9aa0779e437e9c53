namespace EduCounty.Common;

/// <summary>
/// Grades as codes shared with the fitness tables (fitness-standard-2014/grades.csv): K1–K3 幼儿园,
/// P1–P6 小学, J1–J3 初中, S1–S3 高中阶段 (普高 and 中职), X1–X9 特教 (following the compulsory grades).
/// </summary>
public static class Grades
{
    public static readonly string[] Preschool = ["K1", "K2", "K3"];
    public static readonly string[] Primary = ["P1", "P2", "P3", "P4", "P5", "P6"];
    public static readonly string[] Junior = ["J1", "J2", "J3"];
    public static readonly string[] Senior = ["S1", "S2", "S3"];
    public static readonly string[] Special = ["X1", "X2", "X3", "X4", "X5", "X6", "X7", "X8", "X9"];

    public static string Label(string grade) => grade switch
    {
        "K1" => "小班",
        "K2" => "中班",
        "K3" => "大班",
        ['P', var n] => $"{Cn(n - '0')}年级",
        ['J', var n] => $"初{Cn(n - '0')}",
        ['S', var n] => $"高{Cn(n - '0')}",
        ['X', var n] => $"特教{Cn(n - '0')}年级",
        _ => grade,
    };

    private static string Cn(int n) => ChineseNumerals.Of(n);

    /// <summary>The grade after this one in the same stage, or null at the last grade.</summary>
    public static string? Next(string grade)
    {
        foreach (var list in new[] { Preschool, Primary, Junior, Senior, Special })
        {
            var i = Array.IndexOf(list, grade);
            if (i >= 0)
            {
                return i + 1 < list.Length ? list[i + 1] : null;
            }
        }
        return null;
    }

    /// <summary>Ordinal for sorting (K1 … S3).</summary>
    public static int Order(string grade) => grade switch
    {
        ['K', var n] => n - '0',
        ['P', var n] => 10 + n - '0',
        ['J', var n] => 20 + n - '0',
        ['S', var n] => 30 + n - '0',
        ['X', var n] => 40 + n - '0',
        _ => 99,
    };

    /// <summary>The stage a grade belongs to in a school of the given type.</summary>
    public static Stage StageOf(string grade, SchoolType type) => grade[0] switch
    {
        'K' => Stage.Preschool,
        'P' => Stage.Primary,
        'J' => Stage.Junior,
        'X' => Stage.Special,
        'S' => type is SchoolType.Vocational or SchoolType.Technical ? Stage.Vocational : Stage.Senior,
        _ => throw new ArgumentException($"未知年级 {grade}", nameof(grade)),
    };

    /// <summary>Grades a school type may hold (used by the 学籍异动 rules and import validation).</summary>
    public static string[] For(SchoolType type) => type switch
    {
        SchoolType.Kindergarten => Preschool,
        SchoolType.Primary or SchoolType.TeachingPoint => Primary,
        SchoolType.Junior => Junior,
        SchoolType.NineYear => [.. Primary, .. Junior],
        SchoolType.Complete => [.. Junior, .. Senior],
        SchoolType.Senior or SchoolType.Vocational or SchoolType.Technical => Senior,
        SchoolType.TwelveYear => [.. Primary, .. Junior, .. Senior],
        SchoolType.Special => Special,
        _ => [],
    };

    /// <summary>The first grade of a stage (K1, P1, J1, S1, X1).</summary>
    public static bool IsEntryGrade(string grade) => grade.Length == 2 && grade[1] == '1';

    public static bool IsCompulsory(string grade) => grade[0] is 'P' or 'J';
}
