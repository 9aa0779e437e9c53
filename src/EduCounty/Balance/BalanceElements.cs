using EduCounty.Common;
using EduCounty.Indicators.DataElements;
using EduCounty.Teachers;

namespace EduCounty.Balance;

/// <summary>The registry table (one GROUP BY query) a balance data element comes from.</summary>
public enum ElementSource
{
    /// <summary>School attributes (no query beyond the school list).</summary>
    School,
    Enrolment,
    Classes,
    Facility,
    Finance,
    Staff,
    /// <summary>The 教师队伍 records (Teachers/CountTeacherFigures: training, certificates, the rotation pool and roster).</summary>
    Teachers,
    Students,
    /// <summary>Class-level values (SchoolClass grouped by school, grade and headcount).</summary>
    Class,
    /// <summary>Survey groups (SatisfactionSurvey).</summary>
    Group,
}

/// <summary>
/// A data element of the 优质均衡 rules: a named, tested figure per school, per class or per survey group, aggregated in
/// the database by <see cref="ReadAssuranceData"/>. A county rule sums it over the rule's schools. County-only figures
/// (statistics, population) are the indicator catalogue's elements (<see cref="DataElementCatalog"/>).
/// </summary>
/// <param name="Code">Dotted code used as <c>#{code}</c>; the first segment is the level (school., class., group.).</param>
/// <param name="Name">Chinese name, used by the describe pass.</param>
/// <param name="Unit">人, 间, ㎡, 元 …</param>
/// <param name="Level">The unit it is counted on.</param>
/// <param name="Source">The query that loads it.</param>
/// <param name="Definition">What is counted (口径), with the clause it follows.</param>
public sealed record BalanceElement(string Code, string Name, string Unit, RuleLevel Level, ElementSource Source, string Definition)
{
    /// <summary>The value for one school and year from the loaded figures (school-level elements only).</summary>
    internal Func<SchoolFigures, decimal?> Value { get; init; } = _ => null;

    /// <summary>The 教师队伍 figure an element of <see cref="ElementSource.Teachers"/> reads.</summary>
    internal TeacherFigure? Figure { get; init; }
}

/// <summary>The balance data elements (口径 in <see cref="BalanceElement.Definition"/>; thresholds are never here).</summary>
public static class BalanceElements
{
    private static BalanceElement S(string code, string name, string unit, ElementSource source, string definition, Func<SchoolFigures, decimal?> value) =>
        new(code, name, unit, RuleLevel.School, source, definition) { Value = value };

    private static BalanceElement T(string code, string name, string definition, TeacherFigure figure) =>
        new(code, name, "人", RuleLevel.School, ElementSource.Teachers, definition) { Value = f => f.Teachers?.Get(figure, f.School.Id, f.Year), Figure = figure };

    private static decimal? Grades(SchoolFigures f, Func<string, bool> which) =>
        f.Grades is { } g ? g.Where(x => which(x.Key)).Sum(x => x.Value) : null;

    private static bool Compulsory(string grade) => grade[0] is 'P' or 'J';

    /// <summary>All elements.</summary>
    public static IReadOnlyList<BalanceElement> All { get; } =
    [
        S("school.merged_into_parent", "并入所属学校计算的教学点（是 1，否 0）", "", ElementSource.School,
            "教学点，其所属学校也在评估范围内：规模等按所属学校合计（balance-rules.md §2.3）", f => f.School.Merged ? 1 : 0),
        S("school.public", "公办学校（是 1，否 0）", "", ElementSource.School, "举办者为公办", f => f.School.Public ? 1 : 0),

        S("school.students", "在校生数", "人", ElementSource.Enrolment, "秋季统计全部年级在校生数（含特教年级）", f => Grades(f, _ => true)),
        S("school.students.primary", "小学在校生数", "人", ElementSource.Enrolment, "秋季统计一至六年级在校生数", f => Grades(f, g => g[0] == 'P')),
        S("school.students.junior", "初中在校生数", "人", ElementSource.Enrolment, "秋季统计初一至初三在校生数", f => Grades(f, g => g[0] == 'J')),
        S("school.students.compulsory", "义务教育在校生数", "人", ElementSource.Enrolment, "秋季统计小学与初中年级在校生数", f => Grades(f, Compulsory)),
        S("school.students.compulsory.with_points", "义务教育在校生数（含所属教学点）", "人", ElementSource.Enrolment,
            "本校与并入本校计算的教学点的小学、初中年级在校生数之和", f => f.CompulsoryWithPoints),
        S("school.students.junior.grade1", "初一在校生数", "人", ElementSource.Enrolment, "秋季统计初中一年级在校生数", f => Grades(f, g => g == "J1")),
        S("school.students.junior.grade3", "初三在校生数", "人", ElementSource.Enrolment, "秋季统计初中三年级在校生数", f => Grades(f, g => g == "J3")),

        S("school.classes", "班级数", "个", ElementSource.Classes, "该学年班级数（学校没有班级记录时缺失）", f => f.Classes),

        S("school.music_rooms", "音乐专用教室间数", "间", ElementSource.Facility, "办学条件：音乐专用教室间数", f => f.Facility?.MusicRooms),
        S("school.music_room_m2", "每间音乐专用教室面积", "㎡", ElementSource.Facility, "办学条件：音乐专用教室每间使用面积（ADR 0014）", f => f.Facility?.MusicRoomM2),
        S("school.art_rooms", "美术专用教室间数", "间", ElementSource.Facility, "办学条件：美术专用教室间数", f => f.Facility?.ArtRooms),
        S("school.art_room_m2", "每间美术专用教室面积", "㎡", ElementSource.Facility, "办学条件：美术专用教室每间使用面积（ADR 0014）", f => f.Facility?.ArtRoomM2),
        S("school.teaching_area_m2", "教学及辅助用房面积", "㎡", ElementSource.Facility, "办学条件：教学及辅助用房面积", f => f.Facility?.TeachingAreaM2),
        S("school.sports_area_m2", "体育运动场馆面积", "㎡", ElementSource.Facility, "办学条件：体育运动场馆面积", f => f.Facility?.SportsAreaM2),
        S("school.equipment_yuan", "教学仪器设备值", "元", ElementSource.Facility, "办学条件：教学仪器设备资产值（元）", f => f.Facility?.EquipmentYuan),
        S("school.multimedia_classrooms", "网络多媒体教室间数", "间", ElementSource.Facility, "办学条件：网络多媒体教室间数", f => f.Facility?.MultimediaClassrooms),
        S("school.books", "图书册数", "册", ElementSource.Facility, "办学条件：图书册数", f => f.Facility?.Books),

        S("school.public_funds_yuan", "公用经费", "元", ElementSource.Finance, "经费：年度公用经费（元）", f => f.Finance?.PublicFundsYuan),
        S("school.teacher_training_yuan", "教师培训经费", "元", ElementSource.Finance, "经费：教师培训经费（元）", f => f.Finance?.TeacherTrainingYuan),

        S("school.teachers", "专任教师数", "人", ElementSource.Staff, "教职工年度记录中岗位为专任教师的人数（该学年县内没有教职工记录时缺失）", f => f.Staff?.Teachers),
        S("school.teachers.key", "县级及以上骨干教师数", "人", ElementSource.Staff, "专任教师中认定为县级及以上骨干教师的人数", f => f.Staff?.Key),
        S("school.teachers.permanent", "在编专任教师数", "人", ElementSource.Staff, "在编（事业编制）专任教师数", f => f.Staff?.Permanent),

        // 教师队伍 records (issue 16): the rules are rows of teachers-standards.json (teachers.md), the same figures as the 教师队伍 reports.
        T("school.teachers.certified", "持证上岗的专任教师数",
            "专任教师中所持教师资格覆盖任教学段者（《教师资格条例》第五条）；没有教师资格明细记录的按登记的“教师资格证 有”计", TeacherFigure.Certified),
        T("school.teachers.training_complete", "近 5 年培训满 360 学时的专任教师数",
            "专任教师中近 5 个学年继续教育学时达到周期要求者（teachers.md §1）；5 个学年内没有任何培训记录时缺失", TeacherFigure.CycleComplete),
        T("school.teachers.rotation_eligible", "符合交流条件的教师数",
            "义务教育在编专任教师中在现学校连续任教满 6 年（任职经历）、无免于交流情形者（teachers.md §2，teachers-standards.json）", TeacherFigure.RotationEligible),
        T("school.teachers.rotated", "交流轮岗教师数",
            "该学年从本校交流轮岗（已到岗或已结束）的教师人数；该学年没有任何交流轮岗记录时缺失", TeacherFigure.Rotated),
        T("school.teachers.rotated.key", "交流轮岗教师中县级及以上骨干教师数",
            "上述交流轮岗教师中到岗时为县级及以上骨干教师（或学科带头人、教学能手等称号）的人数", TeacherFigure.RotatedKey),

        S("school.students.migrant", "随迁子女在校生数", "人", ElementSource.Students, "学籍记录中小学、初中年级的随迁子女人数", f => f.Students?.Migrant),
        S("school.students.migrant.public", "公办学校随迁子女在校生数", "人", ElementSource.Students,
            "公办学校的随迁子女人数（政府购买服务的民办学位没有登记，按非公办计，ADR 0014）", f => f.Students is { } s ? (f.School.Public ? s.Migrant : 0) : null),
        S("school.students.disabled", "在校残疾学生数", "人", ElementSource.Students, "学籍记录中小学、初中、特教年级的残疾学生人数（含随班就读）", f => f.Students?.Disabled),

        new("class.headcount", "班级学生数", "人", RuleLevel.Class, ElementSource.Class, "班级秋季统计人数"),
        new("class.primary", "小学班级（是 1，否 0）", "", RuleLevel.Class, ElementSource.Class, "一至六年级的班级"),
        new("class.junior", "初中班级（是 1，否 0）", "", RuleLevel.Class, ElementSource.Class, "初一至初三的班级"),

        new("group.respondents", "调查人数", "人", RuleLevel.Group, ElementSource.Group, "社会认可度调查该群体的调查人数"),
        new("group.satisfied", "满意人数", "人", RuleLevel.Group, ElementSource.Group, "社会认可度调查该群体的满意人数"),
    ];

    private static readonly Dictionary<string, BalanceElement> ByCode = All.ToDictionary(e => e.Code, StringComparer.Ordinal);

    /// <summary>The element with this code, or null.</summary>
    public static BalanceElement? Find(string code) => ByCode.GetValueOrDefault(code);

    /// <summary>The Chinese name of a balance element or of an indicator-catalogue element, or null.</summary>
    public static string? NameOf(string code) => Find(code)?.Name ?? DataElementCatalog.NameOf(code);
}

/// <summary>One school of the evaluation: its effective type (a 教学点 is <see cref="SchoolType.TeachingPoint"/>) and flags.</summary>
public sealed record RuleSchool(int Id, string Name, SchoolType Type, bool Merged = false, bool Public = true);

internal sealed record FacilityFigures(decimal MusicRooms, decimal MusicRoomM2, decimal ArtRooms, decimal ArtRoomM2, decimal TeachingAreaM2,
    decimal SportsAreaM2, decimal EquipmentYuan, decimal MultimediaClassrooms, decimal Books);

internal sealed record FinanceFigures(decimal PublicFundsYuan, decimal TeacherTrainingYuan);

internal sealed record StaffFigures(int Teachers, int Key, int Permanent);

internal sealed record StudentFigures(int Migrant, int Disabled);

/// <summary>The figures of one school in one school year, as loaded; a null part is missing.</summary>
internal sealed record SchoolFigures(RuleSchool School, int Year)
{
    public IReadOnlyDictionary<string, int>? Grades { get; init; }
    public int? CompulsoryWithPoints { get; init; }
    public int? Classes { get; init; }
    public FacilityFigures? Facility { get; init; }
    public FinanceFigures? Finance { get; init; }
    public StaffFigures? Staff { get; init; }
    /// <summary>The 教师队伍 figures loaded for the rules (null when no rule asks for them).</summary>
    public TeacherFigureSet? Teachers { get; init; }
    public StudentFigures? Students { get; init; }
}
