using EduCounty.Common;

namespace EduCounty.Imports;

/// <summary>A code list: codes and labels both accepted on import; the template lists "code label".</summary>
public sealed class CodeList<T>(string name, IEnumerable<(string Code, string Label, T Value)> items) where T : struct
{
    private readonly (string Code, string Label, T Value)[] _items = [.. items];
    private readonly Dictionary<string, T> _lookup = Build(items);

    public string Name { get; } = name;

    private static Dictionary<string, T> Build(IEnumerable<(string Code, string Label, T Value)> items)
    {
        var d = new Dictionary<string, T>(StringComparer.OrdinalIgnoreCase);
        foreach (var (code, label, value) in items)
        {
            d.TryAdd(code, value);
            d.TryAdd(label, value);
        }
        return d;
    }

    public CodeList<T> With(string alias, T value)
    {
        _lookup.TryAdd(alias, value);
        return this;
    }

    public bool TryParse(string text, out T value) => _lookup.TryGetValue(text.Trim(), out value);

    public string Describe() => string.Join("；", _items.Select(i => i.Code == i.Label ? i.Code : $"{i.Code} {i.Label}"));
}

/// <summary>Code lists from shared/reference/codes.md (section numbers cited per list).</summary>
public static class CodeLists
{
    private static CodeList<T> Enum<T>(string name, Func<T, string> label) where T : struct, System.Enum =>
        new(name, System.Enum.GetValues<T>().Select(v => (Convert.ToInt32(v).ToString(System.Globalization.CultureInfo.InvariantCulture), label(v), v)));

    /// <summary>codes.md §5 GB/T 2261.1: 1 男, 2 女 (0/9 unknown are refused: the registry needs the sex).</summary>
    public static readonly CodeList<Sex> Sex = Enum<Sex>("性别 GB/T 2261.1", Labels.Of);

    /// <summary>codes.md §1 办学类型 (GB/T 33782-2017 表4), the codes the registry models.</summary>
    public static readonly CodeList<SchoolType> SchoolType = Enum<SchoolType>("办学类型", Labels.Of)
        .With("小学教学点", Common.SchoolType.TeachingPoint).With("特教学校", Common.SchoolType.Special);

    public static readonly CodeList<Ownership> Ownership = Enum<Ownership>("举办者", Labels.Of);

    /// <summary>codes.md §3: the 统计用城乡划分代码 111–220 roll up to 城区/镇区/乡村.</summary>
    public static readonly CodeList<Locality> Locality = new("城乡分类（统计用城乡划分代码）",
    [
        ("111", "主城区", Common.Locality.Urban), ("112", "城乡结合区", Common.Locality.Urban),
        ("121", "镇中心区", Common.Locality.Town), ("122", "镇乡结合区", Common.Locality.Town), ("123", "特殊区域", Common.Locality.Town),
        ("210", "乡中心区", Common.Locality.Rural), ("220", "村庄", Common.Locality.Rural),
        ("城区", "城区", Common.Locality.Urban), ("镇区", "镇区", Common.Locality.Town), ("乡村", "乡村", Common.Locality.Rural),
    ]);

    public static readonly CodeList<PostType> PostType = Enum<PostType>("岗位类别", Labels.Of);
    public static readonly CodeList<Establishment> Establishment = Enum<Establishment>("编制", Labels.Of);
    public static readonly CodeList<Degree> Degree = Enum<Degree>("学历", Labels.Of);
    public static readonly CodeList<Title> Title = Enum<Title>("职称", Labels.Of);
    public static readonly CodeList<MandarinLevel> Mandarin = Enum<MandarinLevel>("普通话等级", Labels.Of);
    public static readonly CodeList<Stage> Stage = Enum<Stage>("学段", Labels.Of);

    /// <summary>骨干教师 认定级别 (新疆: 州级 = 地市级, 区级 = 自治区级/省级).</summary>
    public static readonly CodeList<KeyTeacherLevel> KeyTeacher = Enum<KeyTeacherLevel>("骨干教师级别", Labels.Of)
        .With("县级骨干", KeyTeacherLevel.County).With("地市级", KeyTeacherLevel.Prefecture).With("市级", KeyTeacherLevel.Prefecture)
        .With("地级", KeyTeacherLevel.Prefecture).With("自治区级", KeyTeacherLevel.Region).With("省级", KeyTeacherLevel.Region);
    public static readonly CodeList<Hukou> Hukou = Enum<Hukou>("户口性质", Labels.Of);

    /// <summary>codes.md §9: 61–67, 69 (labels 视力残疾…; the 学籍 form's "…障碍" wording maps to the same codes).</summary>
    public static readonly CodeList<DisabilityType> Disability = Enum<DisabilityType>("残疾类别", Labels.Of)
        .With("视力障碍", DisabilityType.Visual).With("听力障碍", DisabilityType.Hearing).With("言语障碍", DisabilityType.Speech)
        .With("肢体障碍", DisabilityType.Physical).With("智力障碍", DisabilityType.Intellectual).With("精神障碍", DisabilityType.Mental);

    /// <summary>codes.md §4 民族 GB/T 3304-1991: 01–56, 97 其他, 98 外国血统中国籍人士.</summary>
    public static readonly CodeList<int> Ethnicity = new("民族 GB/T 3304", EthnicityItems());

    private static IEnumerable<(string, string, int)> EthnicityItems()
    {
        var names = Ethnicities.Names;
        for (var i = 0; i < names.Count; i++)
        {
            yield return ((i + 1).ToString("D2", System.Globalization.CultureInfo.InvariantCulture), names[i], i + 1);
            // Single-digit codes as Excel shows numbers ("1" for "01").
            if (i < 9)
            {
                yield return ((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), names[i], i + 1);
            }
        }
        yield return ("97", "其他", 97);
        yield return ("98", "外国血统中国籍人士", 98);
    }

    private static readonly Dictionary<string, string> GradeNames = BuildGrades();

    private static Dictionary<string, string> BuildGrades()
    {
        var d = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var g in Grades.Preschool.Concat(Grades.Primary).Concat(Grades.Junior).Concat(Grades.Senior).Concat(Grades.Special))
        {
            d[g] = g;
            d.TryAdd(Grades.Label(g), g);
        }
        // 学籍系统 spells 初中 grades 七/八/九年级 and 高中 grades 高一…; 小学 "1年级".
        d["七年级"] = "J1";
        d["八年级"] = "J2";
        d["九年级"] = "J3";
        for (var i = 1; i <= 6; i++)
        {
            d[$"{i}年级"] = "P" + i;
        }
        d["小小班"] = "K1";
        return d;
    }

    public static string? GradeOf(string text) => GradeNames.GetValueOrDefault(text.Trim());

    public static string DescribeGrades() =>
        "K1 小班；K2 中班；K3 大班；P1–P6 一年级–六年级；J1–J3 初一–初三（七–九年级）；S1–S3 高一–高三；X1–X9 特教一–九年级";
}
