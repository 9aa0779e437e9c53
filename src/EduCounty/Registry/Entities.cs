using EduCounty.Common;

namespace EduCounty.Registry;

/// <summary>行政区划 (GB/T 2260; 乡镇/街道 use the 9-digit 统计用区划代码 prefix). Codes change by edition.</summary>
public sealed class Division
{
    /// <summary>Surrogate key (the import pipeline keys rows by an int id); <see cref="Code"/> is unique.</summary>
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    /// <summary>1 省, 2 地市, 3 县, 4 乡镇/街道, 5 村/居委会 (统计用区划代码, 12 digits).</summary>
    public int Level { get; set; }
    public string? ParentCode { get; set; }
    public DateOnly? ValidFrom { get; set; }
    public DateOnly? ValidTo { get; set; }
}

/// <summary>教育集团 (集团化办学).</summary>
public sealed class EducationGroup
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string? CountyCode { get; set; }
}

/// <summary>学校.</summary>
[SchoolScoped(Key = nameof(Id))]
public sealed class School
{
    public int Id { get; set; }
    /// <summary>学校标识码, 10 digits.</summary>
    public required string Code { get; set; }
    public required string Name { get; set; }
    public SchoolType Type { get; set; }
    public Ownership Ownership { get; set; }
    /// <summary>
    /// 普惠性 (affordable private kindergarten; public kindergartens are 普惠 by definition). Null: not reported — an
    /// indicator that needs it for a private kindergarten is missing, never a guess.
    /// </summary>
    public bool? Inclusive { get; set; }
    public Locality Locality { get; set; }
    /// <summary>County (县) code, e.g. 652302.</summary>
    public required string CountyCode { get; set; }
    /// <summary>乡镇/街道 code (9 digits).</summary>
    public required string TownshipCode { get; set; }
    public int? EducationGroupId { get; set; }
    public EducationGroup? EducationGroup { get; set; }
    /// <summary>For a 教学点: the school it belongs to.</summary>
    public int? ParentSchoolId { get; set; }
    public School? ParentSchool { get; set; }
    public bool IsTeachingPoint { get; set; }
    public bool Boarding { get; set; }
    /// <summary>Teaching in the national language (国家通用语言文字教育教学). Null: not reported (the indicator is missing).</summary>
    public bool? NationalLanguage { get; set; }
    /// <summary>
    /// 数字校园 (中小学数字校园建设规范) reached in this year; <see cref="DigitalCampusNotReached"/> (0): not reached;
    /// null: not reported (the indicator is missing).
    /// </summary>
    public int? DigitalCampusYear { get; set; }
    public DateOnly? OpenedOn { get; set; }
    public DateOnly? ClosedOn { get; set; }
    public string? Address { get; set; }

    /// <summary>Open on <paramref name="date"/> (the one rule: <see cref="OpenSchools"/>).</summary>
    public bool IsOpenOn(DateOnly date) => OpenSchools.IsOpen(OpenedOn, ClosedOn, date);

    public bool IsPublicOrInclusive => Ownership == Ownership.Public || Inclusive == true;

    /// <summary>The <see cref="DigitalCampusYear"/> of a school that has not reached the 数字校园 standard.</summary>
    public const int DigitalCampusNotReached = 0;
}

/// <summary>A change of a school's parent or education group, effective from a date (history is kept).</summary>
[SchoolScoped]
public sealed class SchoolAffiliation
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public int? ParentSchoolId { get; set; }
    public int? EducationGroupId { get; set; }
    public DateOnly EffectiveFrom { get; set; }
    public DateOnly? EffectiveTo { get; set; }
    public string? Reason { get; set; }
}

/// <summary>班级 in one school year, with its census headcount.</summary>
[SchoolScoped]
public sealed class SchoolClass
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public int Year { get; set; }
    public required string Grade { get; set; }
    public int Number { get; set; }
    public required string Name { get; set; }
    public int Headcount { get; set; }
}

/// <summary>
/// Autumn census: enrolment of one school, year, grade and sex, with new entrants (招生数) and last
/// year's graduates (毕业生数) as the 教育事业统计 基层表 reports them — imported (统计上报) or materialised from the
/// 学籍 snapshots (学籍推算, <see cref="DeriveCensus"/>; docs/adr/0025).
/// </summary>
[SchoolScoped]
[PeriodBound("census", "秋季统计")]
public sealed class GradeEnrolment
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public int Year { get; set; }
    public required string Grade { get; set; }
    public Sex Sex { get; set; }
    public int Students { get; set; }
    public int NewEntrants { get; set; }
    /// <summary>Of the new entrants, 应届初中毕业生 (only meaningful for S1); null: unknown (a derived census without last year's 学籍).</summary>
    public int? FreshGraduateEntrants { get; set; }
    /// <summary>Graduates of this grade in the summer before the census (the stage's last grade only); null: unknown.</summary>
    public int? Graduates { get; set; }
    /// <summary>班数 of the grade as the census reports it (the same figure on both sex rows, or on one: read as the larger).</summary>
    public int? Classes { get; set; }
    /// <summary>Where the row comes from: 统计上报 (the census file) or 学籍推算 (derived from the 学籍 snapshots).</summary>
    public CensusSource Source { get; set; } = CensusSource.Reported;
}

/// <summary>The source of a census row (every figure states it: page, <c>plan explain</c>, report).</summary>
public enum CensusSource
{
    /// <summary>统计上报: the 教育事业统计 基层表 imported (kind <c>census</c>).</summary>
    Reported = 1,

    /// <summary>学籍推算: counted from the students' 学年 snapshots (<see cref="DeriveCensus"/>).</summary>
    Derived = 2,
}

/// <summary>Chinese labels of <see cref="CensusSource"/>.</summary>
public static class CensusSources
{
    public const string ReportedLabel = "统计上报";
    public const string DerivedLabel = "学籍推算";

    public static string Label(CensusSource s) => s == CensusSource.Derived ? DerivedLabel : ReportedLabel;
}

/// <summary>办学条件: one school's facilities in one school year.</summary>
[SchoolScoped]
[PeriodBound("facilities", "办学条件")]
public sealed class Facility
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public int Year { get; set; }
    public double LandM2 { get; set; }
    public double BuildingM2 { get; set; }
    /// <summary>教学及辅助用房面积.</summary>
    public double TeachingAreaM2 { get; set; }
    /// <summary>室内体育用房面积 (part of 教学及辅助用房).</summary>
    public double IndoorSportsM2 { get; set; }
    public double AdministrativeM2 { get; set; }
    public double LivingM2 { get; set; }
    /// <summary>体育运动场馆面积.</summary>
    public double SportsAreaM2 { get; set; }
    /// <summary>教学仪器设备值, 元.</summary>
    public double EquipmentValueYuan { get; set; }
    public int MultimediaClassrooms { get; set; }
    public int Computers { get; set; }
    public int Books { get; set; }
    public int MusicRooms { get; set; }
    public double MusicRoomsM2 { get; set; }
    public int ArtRooms { get; set; }
    public double ArtRoomsM2 { get; set; }
    /// <summary>Network bandwidth at the school exit, Mbps (task 46).</summary>
    public int BandwidthMbps { get; set; }
}

/// <summary>经费: one school's finance in one school year, 元.</summary>
[SchoolScoped]
[PeriodBound("finance", "经费")]
public sealed class Finance
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public int Year { get; set; }
    /// <summary>公用经费.</summary>
    public double PublicFundsYuan { get; set; }
    /// <summary>教师培训经费.</summary>
    public double TeacherTrainingYuan { get; set; }
}

/// <summary>适龄人口: persons of one single age in a division and calendar year.</summary>
public sealed class AgePopulation
{
    public int Id { get; set; }
    public required string DivisionCode { get; set; }
    public int Year { get; set; }
    public int Age { get; set; }
    public int Count { get; set; }
}

/// <summary>
/// Yearly aggregate statistics where no records exist (e.g. the grade-1 intake of 2011–2019 for the
/// nine-year 巩固率). Key is a data-element code; Year is the school year's start.
/// </summary>
public sealed class YearlyStatistic
{
    public int Id { get; set; }
    public required string DivisionCode { get; set; }
    public int Year { get; set; }
    public required string Key { get; set; }
    public double Value { get; set; }
    public string? Source { get; set; }
}
