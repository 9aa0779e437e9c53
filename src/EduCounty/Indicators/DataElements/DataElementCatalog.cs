using EduCounty.Common;

namespace EduCounty.Indicators.DataElements;

/// <summary>
/// The data elements EduCounty computes from the registry. Definitions follow the 教育事业统计 口径 and
/// shared/reference/balance-rules.md §4 (official statistical definitions); each one names what it counts.
/// </summary>
public static class DataElementCatalog
{
    private static bool K(EnrolmentRow r) => r.Grade[0] == 'K';

    private static bool IsVocational(SchoolType t) => t is SchoolType.Vocational or SchoolType.Technical;

    private static bool IsTeacher(StaffRow r) => r.PostType == PostType.FullTimeTeacher;

    /// <summary>中职 公共基础课 (《中等职业学校公共基础课程方案》, 教育部 2019: 思想政治、语文、历史、数学、外语、信息技术、体育与健康、
    /// 艺术, and the 限定选修 物理、化学 …). A 中职 teacher whose 任教学科 names none of them teaches 专业课 (docs/adr/0027).</summary>
    private static readonly string[] GeneralCourses =
        ["思想政治", "德育", "语文", "历史", "数学", "英语", "外语", "信息技术", "计算机基础", "体育", "艺术", "音乐", "美术", "物理", "化学", "心理健康"];

    /// <summary>A 中职 专业课 teacher (实习指导 included): 任教学科 recorded and not a 公共基础课 only.</summary>
    private static bool IsProfessional(StaffRow r) =>
        IsTeacher(r) && r.StageTaught == Stage.Vocational && r.Subjects is { Length: > 0 } subjects
        && (subjects.StartsWith("专业课", StringComparison.Ordinal) || !GeneralCourses.Any(g => subjects.StartsWith(g, StringComparison.Ordinal)));

    /// <summary>中小学 for 数字校园 (《中小学数字校园建设规范（试行）》, 2018): 小学、初中、一贯制、高中.
    /// 中职 has its own 职业院校数字校园规范; kindergartens, 特教 and 教学点 are outside it.</summary>
    private static bool IsPrimaryOrSecondary(SchoolRow r) => !r.IsTeachingPoint && r.Type is SchoolType.Primary
        or SchoolType.Junior or SchoolType.NineYear or SchoolType.Complete or SchoolType.Senior or SchoolType.TwelveYear;

    private const string FromSchools = "（学校基本信息导入）";

    /// <summary>All elements, by code.</summary>
    public static IReadOnlyList<DataElement> All { get; } =
    [
        // ---------------------------------------------------------------- 在校生 (秋季统计, GradeEnrolment)
        new("enrolment.preschool", "在园幼儿数", "人",
            "幼儿园（含教学点）小班、中班、大班在园幼儿数，秋季统计时点",
            new EnrolmentRule(K, r => r.Students)),
        new("enrolment.preschool.public", "公办园在园幼儿数", "人",
            "公办幼儿园（含教学点）在园幼儿数",
            new EnrolmentRule(r => K(r) && r.Ownership == Ownership.Public, r => r.Students)),
        new("enrolment.preschool.inclusive_private", "普惠性民办园在园幼儿数", "人",
            "认定为普惠性的民办幼儿园在园幼儿数",
            new EnrolmentRule(r => K(r) && r.Ownership == Ownership.Private && r.Inclusive != false, r => r.Students)
            {
                Unknown = r => r.Inclusive is null ? "民办幼儿园的“普惠性”" + FromSchools : null,
            }),
        new("enrolment.primary", "小学在校生数", "人", "小学一至六年级在校生数（含教学点、一贯制学校小学部）",
            new EnrolmentRule(r => r.Grade[0] == 'P', r => r.Students)),
        new("enrolment.junior", "初中在校生数", "人", "初中一至三年级在校生数（含一贯制、完全中学初中部）",
            new EnrolmentRule(r => r.Grade[0] == 'J', r => r.Students)),
        new("enrolment.compulsory", "义务教育在校生数", "人", "小学与初中在校生数之和（不含特殊教育学校）",
            new EnrolmentRule(r => r.Grade[0] is 'P' or 'J', r => r.Students)),
        new("enrolment.junior.grade3", "初中毕业班学生数", "人", "初中三年级在校生数（巩固率分子，balance-rules.md §4）",
            new EnrolmentRule(r => r.Grade == "J3", r => r.Students)),
        new("intake.primary.grade1", "小学一年级招生数", "人",
            "小学一年级新招学生数（学籍记录的入学新生）；没有记录的年份取历年教育事业统计",
            new EnrolmentRule(r => r.Grade == "P1", r => r.NewEntrants), FallbackStatisticKey: "intake.primaryGrade1"),
        new("enrolment.senior_stage", "高中阶段在校生数", "人", "普通高中与中等职业教育（中专、职高、技工学校）在校生数",
            new EnrolmentRule(r => r.Grade[0] == 'S', r => r.Students)),
        new("enrolment.senior.general", "普通高中在校生数", "人", "普通高中在校生数（含完全中学高中部）",
            new EnrolmentRule(r => r.Grade[0] == 'S' && !IsVocational(r.Type), r => r.Students)),
        new("enrolment.senior.vocational", "中等职业教育在校生数", "人", "中职学校与技工学校在校生数",
            new EnrolmentRule(r => r.Grade[0] == 'S' && IsVocational(r.Type), r => r.Students)),
        new("enrolment.special", "特殊教育学校在校生数", "人", "特殊教育学校在校生数（特教年级）",
            new EnrolmentRule(r => r.Grade[0] == 'X', r => r.Students)),
        new("entrants.senior.general", "普通高中招生数", "人", "普通高中一年级新招学生数（普职比）",
            new EnrolmentRule(r => r.Grade == "S1" && !IsVocational(r.Type), r => r.NewEntrants)),
        new("entrants.senior.vocational", "中等职业教育招生数", "人", "中职、技工学校一年级新招学生数（普职比）",
            new EnrolmentRule(r => r.Grade == "S1" && IsVocational(r.Type), r => r.NewEntrants)),
        new("graduates.junior", "初中毕业生数", "人", "当年（统计时点前的夏季）初中毕业生数",
            new EnrolmentRule(r => r.Grade == "J3", r => r.Graduates)
            {
                Unknown = r => r.GraduatesUnknown ? "“毕业生数”（学籍推算需要上一学年的学籍记录，或导入秋季统计）" : null,
            }),
        new("entrants.senior.fresh_graduates", "高中阶段招收的应届初中毕业生数", "人",
            "当年高中阶段（普高、中职）一年级招生中的应届初中毕业生数",
            new EnrolmentRule(r => r.Grade == "S1", r => r.FreshGraduateEntrants)
            {
                Unknown = r => r.FreshGraduateEntrantsUnknown ? "“应届初中毕业生招生数”（学籍推算需要上一学年的学籍记录，或导入秋季统计）" : null,
            }),

        // ---------------------------------------------------------------- 统计数 (YearlyStatistic)
        new("enrolment.adult_senior", "成人高中在校生数", "人", "成人高中在校生数（教育事业统计；高中阶段的组成部分）",
            new StatisticRule("enrolment.adultSenior")),
        new("population.disabled_compulsory_age", "适龄残疾儿童少年数", "人", "义务教育适龄残疾儿童少年数（残联数据）",
            new StatisticRule("population.disabledCompulsoryAge")),
        new("enrolment.special.home_teaching", "送教上门学生数", "人",
            "接受送教上门、纳入学籍管理的6—15周岁重度残疾儿童少年数（《残疾人教育条例》2017，dropout-prevention.md §6）：有送教上门一人一案记录的学年按记录计数，否则取教育事业统计（docs/adr/0031）",
            new HomeTeachingRule(), "enrolment.homeTeaching"),
        new("salary.teacher_average", "义务教育学校教师年平均工资收入", "元", "全县义务教育学校教师年平均工资收入（人社、财政统计；优质均衡 G8）",
            new StatisticRule("salary.teacherAverage")),
        new("salary.civil_servant_average", "当地公务员年平均工资收入", "元", "当地公务员年平均工资收入（人社、财政统计；优质均衡 G8）",
            new StatisticRule("salary.civilServantAverage")),

        // ---------------------------------------------------------------- 人口 (AgePopulation)
        new("population.age3to5", "3—5周岁人口", "人", "3至5周岁常住人口", new PopulationRule(3, 5)),
        new("population.age6to14", "6—14周岁人口", "人", "6至14周岁常住人口", new PopulationRule(6, 14)),
        new("population.age15to17", "15—17周岁人口", "人", "15至17周岁常住人口", new PopulationRule(15, 17)),

        // ---------------------------------------------------------------- 学生记录 (StudentYear ⋈ Student)
        new("students.disabled.compulsory", "在校适龄残疾儿童少年数", "人",
            "义务教育年级（含随班就读）和特殊教育学校在校的残疾儿童少年数",
            new DisabledStudentsRule(g => g[0] is 'P' or 'J' or 'X')),
        new("students.disabled.compulsory_age", "在校6—15周岁残疾儿童少年数", "人",
            "小学、初中（随班就读、附设特教班）和特殊教育学校在校、8月31日年满6周岁且未满16周岁的残疾儿童少年数（入学率分子，docs/adr/0027）",
            new DisabledStudentsRule(g => g[0] is 'P' or 'J' or 'X', MinAge: 6, MaxAge: 15)),
        new("students.disabled.regular", "随班就读残疾学生数", "人", "普通小学、初中在校的残疾学生数（随班就读与附设特教班，codes.md §9）",
            new DisabledStudentsRule(g => g[0] is 'P' or 'J')),

        // ---------------------------------------------------------------- 教职工 (StaffYear)
        new("teachers.vocational", "中职专任教师数", "人", "任教中等职业教育的专任教师数",
            new StaffRule(r => IsTeacher(r) && r.StageTaught == Stage.Vocational)),
        new("teachers.vocational.dual_qualified", "中职“双师型”教师数", "人", "中职专任教师中“双师型”教师数",
            new StaffRule(r => IsTeacher(r) && r.StageTaught == Stage.Vocational && r.DualQualified)),
        new("teachers.vocational.professional", "中职专业课教师数", "人", "中职专任教师中任教专业课（含实习指导）的教师数（双师型比例的分母，教师厅〔2022〕2号）",
            new StaffRule(IsProfessional)),
        new("teachers.vocational.professional.dual_qualified", "中职专业课“双师型”教师数", "人", "中职专业课教师中认定为“双师型”的教师数",
            new StaffRule(r => IsProfessional(r) && r.DualQualified)),
        new("teachers.key", "县级及以上骨干教师数", "人", "专任教师中县（市）级及以上骨干教师数（teachers.md §7；阜康市为县级市，“市级以上”即县级及以上）",
            new StaffRule(r => IsTeacher(r) && r.KeyTeacherLevel is not null)),
        new("teachers.full_time", "专任教师数", "人", "各级各类学校专任教师数",
            new StaffRule(IsTeacher)),
        new("teachers.permanent", "在编专任教师数", "人", "在编（事业编制）专任教师数",
            new StaffRule(r => IsTeacher(r) && r.Establishment == Establishment.Permanent)),
        new("teachers.permanent.mandarin_standard", "普通话水平达标的在编专任教师数", "人",
            "在编专任教师中普通话等级达到岗位要求的人数（语文教师二级甲等，其他二级乙等）",
            new StaffRule(r => IsTeacher(r) && r.Establishment == Establishment.Permanent && r.MandarinMeetsStandard)),

        // ---------------------------------------------------------------- 学校 (School)
        new("schools.all", "学校数", "所", "统计时点开办的各级各类学校数（教学点随所属学校统计，不单列）",
            new SchoolRule((r, _) => !r.IsTeachingPoint)),
        new("schools.national_language", "使用国家通用语言文字教育教学的学校数", "所",
            "各学段使用国家通用语言文字开展教育教学的学校数（教学点不单列）",
            new SchoolRule((r, _) => !r.IsTeachingPoint && r.NationalLanguage == true)
            {
                Unknown = (r, _) => !r.IsTeachingPoint && r.NationalLanguage is null ? "“国家通用语言文字教学”" + FromSchools : null,
            }),
        new("schools.primary_secondary", "中小学校数", "所", "小学、初中、一贯制学校和高中数（不含教学点、幼儿园、中职、特教）",
            new SchoolRule((r, _) => IsPrimaryOrSecondary(r))),
        new("schools.digital_campus", "建成数字校园的中小学校数", "所", "达到《中小学数字校园建设规范》的中小学校数（达标年份不晚于该学年）",
            new SchoolRule((r, y) => IsPrimaryOrSecondary(r) && r.DigitalCampusYear is { } d && d != Registry.School.DigitalCampusNotReached && d <= y)
            {
                Unknown = (r, _) => IsPrimaryOrSecondary(r) && r.DigitalCampusYear is null ? "“数字校园达标年份”" + FromSchools : null,
            }),

        // ---------------------------------------------------------------- 教师队伍记录 (issue 16: Teachers/CountTeacherFigures, teachers.md)
        .. TeacherElements,
    ];

    /// <summary>The elements over the 教师队伍 records (the plan's targets of tasks 33 and 34); rules in teachers-standards.json.</summary>
    private static DataElement[] TeacherElements =>
    [
        new("teachers.training.base", "专任教师数（继续教育）", "人", "该学年教职工记录中的专任教师数（培训完成率分母，teachers.md §1）",
            new TeacherRecordRule(Teachers.TeacherFigure.FullTimeTeachers)),
        new("teachers.training.cycle_complete", "近 5 年培训满 360 学时的专任教师数", "人",
            "专任教师中近 5 个学年继续教育学时达到周期要求（360 学时，周期内新入职按学年折算）的人数（teachers.md §1）",
            new TeacherRecordRule(Teachers.TeacherFigure.CycleComplete)),
        new("teachers.rotation.eligible", "符合交流条件的教师数", "人",
            "义务教育在编专任教师中在现学校连续任教满 6 年、无免于交流情形的人数（teachers.md §2）", new TeacherRecordRule(Teachers.TeacherFigure.RotationEligible)),
        new("teachers.rotation.rotated", "交流轮岗教师数", "人", "该学年已到岗或已结束的交流轮岗（交流、支教、走教、集团内交流）教师人数（teachers.md §2）",
            new TeacherRecordRule(Teachers.TeacherFigure.Rotated)),
        new("teachers.rotation.rotated_key", "交流轮岗教师中的骨干教师数", "人", "交流轮岗教师中县级及以上骨干教师（含学科带头人、教学能手等称号）人数",
            new TeacherRecordRule(Teachers.TeacherFigure.RotatedKey)),
        new("teachers.titles.subject_leaders", "学科带头人数", "人", "在职教师中持有县（市）级及以上学科带头人称号（统计时点在有效期内）的人数（规划任务34）",
            new TeacherRecordRule(Teachers.TeacherFigure.SubjectLeaders)),
        new("teachers.titles.key_teachers", "骨干教师数", "人", "在职教师中持有县（市）级及以上骨干教师称号（统计时点在有效期内）的人数（规划任务34）",
            new TeacherRecordRule(Teachers.TeacherFigure.KeyTeachers)),
        new("teachers.titles.teaching_experts", "教学能手数", "人", "在职教师中持有县（市）级及以上教学能手称号（统计时点在有效期内）的人数（规划任务34）",
            new TeacherRecordRule(Teachers.TeacherFigure.TeachingExperts)),
        new("teachers.vocational.specialty", "中职专业课教师数", "人", "任教学科为专业课的中职专任教师数（teachers.md §8）",
            new TeacherRecordRule(Teachers.TeacherFigure.SpecialtyTeachers)),
        new("teachers.vocational.enterprise_practice", "企业实践满 1 个月的中职专业课教师数", "人",
            "中职专业课教师中该学年在企业或实训基地实践累计达到 30 天的人数（规划任务34“每年至少1个月”）",
            new TeacherRecordRule(Teachers.TeacherFigure.EnterprisePracticeMet)),
    ];

    private static readonly Dictionary<string, DataElement> ByCode = All.ToDictionary(e => e.Code, StringComparer.Ordinal);

    /// <summary>The element with this code, or null.</summary>
    public static DataElement? Find(string code) => ByCode.GetValueOrDefault(code);

    /// <summary>The Chinese name of an element, or null (for <see cref="Expressions.Expression.Describe"/>).</summary>
    public static string? NameOf(string code) => Find(code)?.Name;
}
