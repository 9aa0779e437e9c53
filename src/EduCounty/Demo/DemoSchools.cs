using EduCounty.Common;

namespace EduCounty.Demo;

/// <summary>Ways a demo school falls short of the 优质均衡 standards (so evaluations find something).</summary>
[Flags]
internal enum Weakness
{
    None = 0,
    Teachers = 1,
    KeyTeachers = 2,
    TeachingArea = 4,
    SportsArea = 8,
    Equipment = 16,
    Multimedia = 32,
    ClassSize = 64,
    MusicArt = 128,
}

/// <summary>One school of the demo county, named as the plan names them where it does.</summary>
internal sealed record SchoolSpec(
    string Name,
    SchoolType Type,
    int Township,
    Locality Locality,
    double Weight,
    double JuniorWeight = 0,
    Ownership Ownership = Ownership.Public,
    bool Inclusive = true,
    int? OpenYear = null,
    string? Parent = null,
    bool Boarding = false,
    Weakness Weak = Weakness.None,
    string? Group = null,
    double SeniorWeight = 0);

internal static class DemoSchools
{
    /// <summary>乡镇/街道 of 阜康市 (统计用区划代码 2023, shared/reference/codes.md §13), 9-digit codes.</summary>
    public static readonly (string Suffix, string Name, Locality Locality)[] Townships =
    [
        ("001", "博峰街道", Locality.Urban),
        ("002", "阜新街道", Locality.Urban),
        ("003", "准东街道", Locality.Town),
        ("100", "甘河子镇", Locality.Town),
        ("101", "城关镇", Locality.Town),
        ("102", "九运街镇", Locality.Town),
        ("103", "滋泥泉子镇", Locality.Town),
        ("201", "上户沟哈萨克族乡", Locality.Rural),
        ("202", "水磨沟乡", Locality.Rural),
        ("203", "三工河哈萨克族乡", Locality.Rural),
    ];

    public const string GroupFirstPrimary = "第一小学教育集团";
    public const string GroupSecondPrimary = "第二小学教育集团";
    public const string GroupThirdPrimary = "第三小学教育集团";
    public const string GroupSecondJunior = "第二中学教育集团";
    public const string GroupThirdJunior = "第三中学教育集团";

    /// <summary>
    /// 32 schools open in 2020 (the plan: 全市共有各级各类学校32所), 12 kindergarten 教学点 (task 20: 12个教学点),
    /// and the four schools the plan's projects open later (城南/城北幼儿园, 第七小学, 第五中学).
    /// Weights share each stage's enrolment among its schools.
    /// </summary>
    public static readonly SchoolSpec[] All =
    [
        // 学前: 11 public kindergartens, 2 private 普惠 kindergartens.
        new("第一幼儿园", SchoolType.Kindergarten, 0, Locality.Urban, 700),
        new("第二幼儿园", SchoolType.Kindergarten, 1, Locality.Urban, 650),
        new("第三幼儿园", SchoolType.Kindergarten, 0, Locality.Urban, 600),
        new("百合幼儿园", SchoolType.Kindergarten, 1, Locality.Urban, 560),
        new("三工幼儿园", SchoolType.Kindergarten, 9, Locality.Rural, 240),
        new("城关镇中心幼儿园", SchoolType.Kindergarten, 4, Locality.Town, 420),
        new("甘河子镇中心幼儿园", SchoolType.Kindergarten, 3, Locality.Town, 380),
        new("九运街镇中心幼儿园", SchoolType.Kindergarten, 5, Locality.Town, 360),
        new("滋泥泉子镇中心幼儿园", SchoolType.Kindergarten, 6, Locality.Town, 400),
        new("上户沟乡中心幼儿园", SchoolType.Kindergarten, 7, Locality.Rural, 180),
        new("水磨沟乡中心幼儿园", SchoolType.Kindergarten, 8, Locality.Rural, 230),
        new("博雅幼儿园", SchoolType.Kindergarten, 0, Locality.Urban, 120, Ownership: Ownership.Private, Inclusive: true),
        new("童馨幼儿园", SchoolType.Kindergarten, 1, Locality.Urban, 107, Ownership: Ownership.Private, Inclusive: true),
        // 义务教育
        new("第一小学", SchoolType.Primary, 0, Locality.Urban, 1500, Weak: Weakness.ClassSize, Group: GroupFirstPrimary),
        new("第二小学", SchoolType.Primary, 1, Locality.Urban, 1300, Group: GroupSecondPrimary),
        new("第三小学", SchoolType.Primary, 0, Locality.Urban, 1200, Group: GroupThirdPrimary),
        new("第五小学", SchoolType.Primary, 1, Locality.Urban, 1100, Weak: Weakness.TeachingArea, Group: GroupSecondPrimary),
        new("晋阜小学", SchoolType.Primary, 1, Locality.Urban, 900, Group: GroupSecondPrimary),
        new("厦门实验小学", SchoolType.Primary, 0, Locality.Urban, 1000, Group: GroupFirstPrimary),
        new("滋泥泉子小学", SchoolType.Primary, 6, Locality.Town, 600, Weak: Weakness.SportsArea, Group: GroupFirstPrimary),
        new("天龙小学", SchoolType.Primary, 3, Locality.Town, 450, Boarding: true, Weak: Weakness.Multimedia | Weakness.Equipment, Group: GroupThirdPrimary),
        new("种羊场学校", SchoolType.NineYear, 4, Locality.Rural, 300, JuniorWeight: 150, Boarding: true, Weak: Weakness.Teachers, Group: GroupFirstPrimary),
        new("上户沟学校", SchoolType.NineYear, 7, Locality.Rural, 200, JuniorWeight: 100, Boarding: true, Weak: Weakness.KeyTeachers | Weakness.MusicArt, Group: GroupThirdPrimary),
        new("第二中学", SchoolType.Junior, 1, Locality.Urban, 0, JuniorWeight: 1400, Group: GroupSecondJunior),
        new("第三中学", SchoolType.Junior, 0, Locality.Urban, 0, JuniorWeight: 1300, Weak: Weakness.ClassSize, Group: GroupThirdJunior),
        new("九运街中学", SchoolType.Junior, 5, Locality.Town, 0, JuniorWeight: 500, Weak: Weakness.SportsArea | Weakness.Equipment, Group: GroupSecondJunior),
        new("滋泥泉子中学", SchoolType.Junior, 6, Locality.Town, 0, JuniorWeight: 450, Boarding: true, Weak: Weakness.TeachingArea, Group: GroupSecondJunior),
        // 高中阶段
        new("第一中学", SchoolType.Complete, 0, Locality.Urban, 0, JuniorWeight: 1200, SeniorWeight: 1300, Group: GroupThirdJunior),
        new("高级中学", SchoolType.Senior, 1, Locality.Urban, 0, SeniorWeight: 1170),
        new("职业中等专业学校", SchoolType.Vocational, 1, Locality.Urban, 0, SeniorWeight: 1030),
        new("技师学院", SchoolType.Technical, 2, Locality.Town, 0, SeniorWeight: 619),
        // 特殊教育
        new("特殊教育学校", SchoolType.Special, 0, Locality.Urban, 86),
        // 学前教学点 (task 20: 12 个教学点), merged into their kindergarten for statistics by parent.
        new("山泉村教学点", SchoolType.Kindergarten, 9, Locality.Rural, 28, Parent: "三工幼儿园"),
        new("花儿沟教学点", SchoolType.Kindergarten, 8, Locality.Rural, 24, Parent: "水磨沟乡中心幼儿园"),
        new("白杨河村教学点", SchoolType.Kindergarten, 7, Locality.Rural, 22, Parent: "上户沟乡中心幼儿园"),
        new("黄山村教学点", SchoolType.Kindergarten, 7, Locality.Rural, 20, Parent: "上户沟乡中心幼儿园"),
        new("老庄湾村教学点", SchoolType.Kindergarten, 6, Locality.Rural, 26, Parent: "滋泥泉子镇中心幼儿园"),
        new("梧桐沟村教学点", SchoolType.Kindergarten, 6, Locality.Rural, 25, Parent: "滋泥泉子镇中心幼儿园"),
        new("冰湖村教学点", SchoolType.Kindergarten, 6, Locality.Rural, 21, Parent: "滋泥泉子镇中心幼儿园"),
        new("九运村教学点", SchoolType.Kindergarten, 5, Locality.Rural, 27, Parent: "九运街镇中心幼儿园"),
        new("八户梁村教学点", SchoolType.Kindergarten, 5, Locality.Rural, 23, Parent: "九运街镇中心幼儿园"),
        new("甘河子村教学点", SchoolType.Kindergarten, 3, Locality.Rural, 30, Parent: "甘河子镇中心幼儿园"),
        new("太平村教学点", SchoolType.Kindergarten, 3, Locality.Rural, 24, Parent: "甘河子镇中心幼儿园"),
        new("头工村教学点", SchoolType.Kindergarten, 4, Locality.Rural, 29, Parent: "城关镇中心幼儿园"),
        // Opened by the plan's projects (专栏 基础设施建设项目).
        new("城南幼儿园", SchoolType.Kindergarten, 0, Locality.Urban, 360, OpenYear: 2023),
        new("城北幼儿园", SchoolType.Kindergarten, 1, Locality.Urban, 360, OpenYear: 2024),
        new("第七小学", SchoolType.Primary, 2, Locality.Urban, 1100, OpenYear: 2024, Group: GroupSecondPrimary),
        new("第五中学", SchoolType.Junior, 0, Locality.Urban, 0, JuniorWeight: 900, OpenYear: 2024, Group: GroupThirdJunior),
    ];
}
