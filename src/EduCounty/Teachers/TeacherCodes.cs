namespace EduCounty.Teachers;

/// <summary>
/// The recognising or organising authority of a training or a title: 国家级 / 自治区级 / 州级 / 县（市）级 / 校级
/// (shared/reference/teachers.md §1 "四级培训体系" [V] plus 国家级; §7 levels [unverified]). The numbers of 县级 and above
/// are those of <see cref="Common.KeyTeacherLevel"/>, so that the two compare.
/// </summary>
public enum AuthorityLevel
{
    School = 0,
    County = 1,
    Prefecture = 2,
    Region = 3,
    National = 4,
}

/// <summary>培训形式 (teachers.md §1: 集中/校本, 线上/线下 [V]); 企业实践 is the 中职 教师's month in an enterprise (§8, plan task 34 [V]).</summary>
public enum TrainingMode
{
    Centralised = 1,
    Online = 2,
    SchoolBased = 3,
    Mixed = 4,
    EnterprisePractice = 5,
}

/// <summary>
/// The result of a teacher's 竞聘 in a 县管校聘 year (teachers.md §3: schools 竞聘 and 聘用, 落聘 → 调剂/培训/待岗
/// [unverified]): hired at the own school, or 落聘 there and then hired by another school's 竞聘, placed by the bureau at a
/// school with a vacancy, or 待岗 in training.
/// </summary>
public enum HiringOutcome
{
    /// <summary>本校聘任.</summary>
    Hired = 1,

    /// <summary>落聘 → 跨校竞聘 聘任 at another school.</summary>
    CrossSchool = 2,

    /// <summary>落聘 → 组织调剂 to a school with a vacancy.</summary>
    Assigned = 3,

    /// <summary>落聘 → 待岗培训.</summary>
    AwaitingPost = 4,
}

/// <summary>学校领导职务 held for a term (届): 校长 or 副校长 ("任满两届的校长（含副校长）", teachers.md §2 [V]).</summary>
public enum PrincipalPost
{
    Principal = 1,
    VicePrincipal = 2,
}

/// <summary>交流轮岗 的方式 (teachers.md §2: 调动、轮岗、支教、走教、学区/集团内交流 seen in county plans [C]).</summary>
public enum RotationKind
{
    /// <summary>交流轮岗：人事关系（县管校聘下的岗位）随之调整到接收学校.</summary>
    Exchange = 1,

    /// <summary>支教：到农村、薄弱学校任教一段时间，岗位不变.</summary>
    SupportTeaching = 2,

    /// <summary>走教：在本校任教的同时到其他学校（多为教学点）兼课.</summary>
    ItinerantTeaching = 3,

    /// <summary>学区、集团内交流，岗位不变.</summary>
    GroupExchange = 4,
}

/// <summary>A rotation's state: 计划 → 已到岗 → 已结束, or 计划 → 已取消.</summary>
public enum RotationState
{
    Planned = 1,
    Started = 2,
    Completed = 3,
    Cancelled = 4,
}

/// <summary>教师资格种类, 《教师资格条例》第四条 (国务院令第188号; teachers.md §5 [V]).</summary>
public enum TeacherCertificateType
{
    Kindergarten = 1,
    Primary = 2,
    Junior = 3,
    Senior = 4,
    Vocational = 5,
    VocationalPractice = 6,
    HigherEducation = 7,
}

/// <summary>职业教育"双师型"教师认定等级 (teachers.md §8: 初级/中级/高级 [unverified criteria]).</summary>
public enum DualQualifiedLevel
{
    Junior = 1,
    Intermediate = 2,
    Senior = 3,
}

/// <summary>骨干梯队 的称号 (teachers.md §7; plan task 34: 学科带头人、骨干教师、教学能手 [V]).</summary>
public enum KeyTitleKind
{
    KeyTeacher = 1,
    SubjectLeader = 2,
    TeachingExpert = 3,
    FamousTeacher = 4,
    SpecialGrade = 5,
}

/// <summary>Chinese labels of this feature's codes.</summary>
public static class TeacherLabels
{
    public static string Of(AuthorityLevel l) => l switch
    {
        AuthorityLevel.National => "国家级",
        AuthorityLevel.Region => "自治区级",
        AuthorityLevel.Prefecture => "州级",
        AuthorityLevel.County => "县级",
        _ => "校级",
    };

    public static string Of(TrainingMode m) => m switch
    {
        TrainingMode.Centralised => "集中培训",
        TrainingMode.Online => "网络研修",
        TrainingMode.SchoolBased => "校本研修",
        TrainingMode.Mixed => "混合式",
        _ => "企业实践",
    };

    public static string Of(HiringOutcome o) => o switch
    {
        HiringOutcome.Hired => "本校聘任",
        HiringOutcome.CrossSchool => "跨校竞聘",
        HiringOutcome.Assigned => "组织调剂",
        _ => "待岗培训",
    };

    public static string Of(PrincipalPost p) => p == PrincipalPost.Principal ? "校长" : "副校长";

    public static string Of(RotationKind k) => k switch
    {
        RotationKind.Exchange => "交流",
        RotationKind.SupportTeaching => "支教",
        RotationKind.ItinerantTeaching => "走教",
        _ => "集团内交流",
    };

    public static string Of(RotationState s) => s switch
    {
        RotationState.Planned => "计划",
        RotationState.Started => "已到岗",
        RotationState.Completed => "已结束",
        _ => "已取消",
    };

    public static string Of(TeacherCertificateType t) => t switch
    {
        TeacherCertificateType.Kindergarten => "幼儿园教师资格",
        TeacherCertificateType.Primary => "小学教师资格",
        TeacherCertificateType.Junior => "初级中学教师资格",
        TeacherCertificateType.Senior => "高级中学教师资格",
        TeacherCertificateType.Vocational => "中等职业学校教师资格",
        TeacherCertificateType.VocationalPractice => "中等职业学校实习指导教师资格",
        _ => "高等学校教师资格",
    };

    public static string Of(DualQualifiedLevel l) => l switch
    {
        DualQualifiedLevel.Junior => "初级",
        DualQualifiedLevel.Intermediate => "中级",
        _ => "高级",
    };

    public static string Of(KeyTitleKind k) => k switch
    {
        KeyTitleKind.KeyTeacher => "骨干教师",
        KeyTitleKind.SubjectLeader => "学科带头人",
        KeyTitleKind.TeachingExpert => "教学能手",
        KeyTitleKind.FamousTeacher => "名师",
        _ => "特级教师",
    };

    /// <summary>The code whose label is <paramref name="text"/> (for imports and forms), or null.</summary>
    public static T? Parse<T>(string? text, Func<T, string> label) where T : struct, Enum
    {
        var t = text?.Trim();
        return string.IsNullOrEmpty(t) ? null : Enum.GetValues<T>().Cast<T?>().FirstOrDefault(v => label(v!.Value) == t || v!.Value.ToString() == t);
    }
}
