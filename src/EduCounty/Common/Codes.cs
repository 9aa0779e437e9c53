namespace EduCounty.Common;

/// <summary>性别 (GB/T 2261.1-2003): 1 男, 2 女.</summary>
public enum Sex
{
    Male = 1,
    Female = 2,
}

/// <summary>
/// 办学类型 (GB/T 33782-2017 表4; shared/reference/codes.md §1). The value is the official 3-digit code.
/// </summary>
public enum SchoolType
{
    Kindergarten = 111,
    Primary = 211,
    TeachingPoint = 218,
    Junior = 311,
    NineYear = 312,
    Complete = 341,
    Senior = 342,
    TwelveYear = 345,
    Vocational = 361,
    Technical = 366,
    Special = 514,
}

/// <summary>学段.</summary>
public enum Stage
{
    Preschool = 1,
    Primary = 2,
    Junior = 3,
    Senior = 4,
    Vocational = 5,
    Special = 6,
}

/// <summary>举办者.</summary>
public enum Ownership
{
    Public = 1,
    Private = 2,
}

/// <summary>城乡分类 roll-up (统计用城乡划分代码 111–220 → 城区/镇区/乡村; codes.md §3).</summary>
public enum Locality
{
    Urban = 1,
    Town = 2,
    Rural = 3,
}

/// <summary>岗位类别.</summary>
public enum PostType
{
    FullTimeTeacher = 1,
    Administrative = 2,
    Auxiliary = 3,
    Worker = 4,
}

/// <summary>编制.</summary>
public enum Establishment
{
    Permanent = 1,
    Contract = 2,
    SpecialPost = 3,
    Volunteer = 4,
    PurchasedService = 5,
}

/// <summary>学历.</summary>
public enum Degree
{
    Postgraduate = 1,
    Bachelor = 2,
    Associate = 3,
    SeniorSecondary = 4,
    BelowSenior = 5,
}

/// <summary>职称.</summary>
public enum Title
{
    Senior = 1,
    SubSenior = 2,
    First = 3,
    Second = 4,
    Third = 5,
    None = 6,
}

/// <summary>骨干教师 level.</summary>
public enum KeyTeacherLevel
{
    County = 1,
    Prefecture = 2,
    Region = 3,
    National = 4,
}

/// <summary>普通话等级 (一级甲等 … 三级乙等).</summary>
public enum MandarinLevel
{
    OneA = 1,
    OneB = 2,
    TwoA = 3,
    TwoB = 4,
    ThreeA = 5,
    ThreeB = 6,
}

/// <summary>残疾类别 (codes.md §9: 61–67, 69).</summary>
public enum DisabilityType
{
    Visual = 61,
    Hearing = 62,
    Speech = 63,
    Physical = 64,
    Intellectual = 65,
    Mental = 66,
    Multiple = 67,
    Other = 69,
}

/// <summary>家庭经济困难 category.</summary>
public enum FinancialHardship
{
    RegisteredPoor = 1,
    Dibao = 2,
    ExtremePoor = 3,
    DisabledFamily = 4,
    /// <summary>孤儿或事实无人抚养儿童 (student-aid.md §4).</summary>
    Orphan = 5,
    Other = 9,
}

/// <summary>户口性质.</summary>
public enum Hukou
{
    Agricultural = 1,
    NonAgricultural = 2,
}

/// <summary>学籍状态.</summary>
public enum StudentStatus
{
    Enrolled = 1,
    Suspended = 2,
    TransferredOut = 3,
    DroppedOut = 4,
    Graduated = 5,
}

/// <summary>学籍异动 types (GLOSSARY.md; codes.md §11).</summary>
public enum StatusChangeType
{
    Enrolment = 1,
    TransferIn = 2,
    TransferOut = 3,
    Suspension = 4,
    Resumption = 5,
    Dropout = 6,
    Graduation = 7,
    Promotion = 8,
}

/// <summary>Chinese labels for the enums shown in UI, CLI and exports.</summary>
public static class Labels
{
    public static string Of(SchoolType t) => t switch
    {
        SchoolType.Kindergarten => "幼儿园",
        SchoolType.Primary => "小学",
        SchoolType.TeachingPoint => "教学点",
        SchoolType.Junior => "初级中学",
        SchoolType.NineYear => "九年一贯制学校",
        SchoolType.Complete => "完全中学",
        SchoolType.Senior => "高级中学",
        SchoolType.TwelveYear => "十二年一贯制学校",
        SchoolType.Vocational => "中等职业学校",
        SchoolType.Technical => "技工学校",
        SchoolType.Special => "特殊教育学校",
        _ => t.ToString(),
    };

    public static string Of(Stage s) => s switch
    {
        Stage.Preschool => "学前",
        Stage.Primary => "小学",
        Stage.Junior => "初中",
        Stage.Senior => "普通高中",
        Stage.Vocational => "中职",
        Stage.Special => "特教",
        _ => s.ToString(),
    };

    public static string Of(Sex s) => s == Sex.Male ? "男" : "女";

    public static string Of(Ownership o) => o == Ownership.Public ? "公办" : "民办";

    public static string Of(Locality l) => l switch
    {
        Locality.Urban => "城区",
        Locality.Town => "镇区",
        _ => "乡村",
    };

    public static string Of(PostType p) => p switch
    {
        PostType.FullTimeTeacher => "专任教师",
        PostType.Administrative => "行政人员",
        PostType.Auxiliary => "教辅人员",
        _ => "工勤人员",
    };

    public static string Of(Establishment e) => e switch
    {
        Establishment.Permanent => "在编",
        Establishment.Contract => "聘用",
        Establishment.SpecialPost => "特岗",
        Establishment.Volunteer => "支教",
        _ => "购买服务",
    };

    public static string Of(Degree d) => d switch
    {
        Degree.Postgraduate => "研究生",
        Degree.Bachelor => "本科",
        Degree.Associate => "专科",
        Degree.SeniorSecondary => "高中/中专",
        _ => "高中以下",
    };

    public static string Of(Title t) => t switch
    {
        Title.Senior => "正高级",
        Title.SubSenior => "高级",
        Title.First => "一级",
        Title.Second => "二级",
        Title.Third => "三级",
        _ => "未定级",
    };

    public static string Of(KeyTeacherLevel k) => k switch
    {
        KeyTeacherLevel.County => "县级",
        KeyTeacherLevel.Prefecture => "州级",
        KeyTeacherLevel.Region => "区级",
        _ => "国家级",
    };

    public static string Of(MandarinLevel m) => m switch
    {
        MandarinLevel.OneA => "一级甲等",
        MandarinLevel.OneB => "一级乙等",
        MandarinLevel.TwoA => "二级甲等",
        MandarinLevel.TwoB => "二级乙等",
        MandarinLevel.ThreeA => "三级甲等",
        _ => "三级乙等",
    };

    public static string Of(DisabilityType d) => d switch
    {
        DisabilityType.Visual => "视力残疾",
        DisabilityType.Hearing => "听力残疾",
        DisabilityType.Speech => "言语残疾",
        DisabilityType.Physical => "肢体残疾",
        DisabilityType.Intellectual => "智力残疾",
        DisabilityType.Mental => "精神残疾",
        DisabilityType.Multiple => "多重残疾",
        _ => "其他残疾",
    };

    public static string Of(FinancialHardship f) => f switch
    {
        FinancialHardship.RegisteredPoor => "建档立卡",
        FinancialHardship.Dibao => "低保",
        FinancialHardship.ExtremePoor => "特困",
        FinancialHardship.DisabledFamily => "残疾家庭",
        FinancialHardship.Orphan => "孤儿",
        _ => "其他",
    };

    public static string Of(StudentStatus s) => s switch
    {
        StudentStatus.Enrolled => "在读",
        StudentStatus.Suspended => "休学",
        StudentStatus.TransferredOut => "转出",
        StudentStatus.DroppedOut => "辍学",
        _ => "毕业",
    };

    public static string Of(StatusChangeType t) => t switch
    {
        StatusChangeType.Enrolment => "入学",
        StatusChangeType.TransferIn => "转入",
        StatusChangeType.TransferOut => "转出",
        StatusChangeType.Suspension => "休学",
        StatusChangeType.Resumption => "复学",
        StatusChangeType.Dropout => "辍学",
        StatusChangeType.Graduation => "毕业",
        _ => "升级",
    };

    public static string Of(Hukou h) => h == Hukou.Agricultural ? "农业" : "非农业";
}
