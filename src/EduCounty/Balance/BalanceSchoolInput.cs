using EduCounty.Common;

namespace EduCounty.Balance;

/// <summary>
/// A teacher count for a school: the whole school and, where the statistics give it, per 学段 taught
/// (balance-rules.md §2.3: teachers are attributed to the 学段 they teach). Null = not reported.
/// </summary>
public sealed record TeacherCount(double? Total = null, double? Primary = null, double? Junior = null, double? Senior = null)
{
    public double? Of(Stage stage) => stage switch
    {
        Stage.Primary => Primary,
        Stage.Junior => Junior,
        Stage.Senior => Senior,
        _ => null,
    };

    public bool IsEmpty => Total is null && Primary is null && Junior is null && Senior is null;

    /// <summary>Adds <paramref name="n"/> teachers to a 学段 (and to the total if one is kept), or to the total when no per-stage figure exists.</summary>
    public TeacherCount Add(Stage stage, double n)
    {
        if (Of(stage) is not null)
        {
            var withTotal = this with { Total = Total + n };
            return stage switch
            {
                Stage.Primary => withTotal with { Primary = Primary + n },
                Stage.Junior => withTotal with { Junior = Junior + n },
                _ => withTotal with { Senior = Senior + n },
            };
        }
        return this with { Total = (Total ?? 0) + n };
    }
}

/// <summary>
/// One school as the balance evaluation needs it: plain figures, any of which may be null (= missing, never zero).
/// Built from a spreadsheet row or, later, from the registry (School + GradeEnrolment + Staff + Facility of one year).
/// </summary>
public sealed record BalanceSchoolInput(string Name, SchoolType Type)
{
    /// <summary>For a 教学点: the school it belongs to (原校点); its figures are merged into that school.</summary>
    public string? ParentName { get; init; }

    public int? PrimaryStudents { get; init; }
    public int? JuniorStudents { get; init; }
    public int? SeniorStudents { get; init; }

    public TeacherCount FullTimeTeachers { get; init; } = new();
    public TeacherCount HigherDegreeTeachers { get; init; } = new();
    public TeacherCount KeyTeachers { get; init; } = new();
    public TeacherCount ArtsSportsTeachers { get; init; } = new();
    public TeacherCount MidTitleTeachers { get; init; } = new();

    public double? TeachingAreaM2 { get; init; }
    public double? IndoorSportsM2 { get; init; }
    public double? SportsAreaM2 { get; init; }
    public double? EquipmentValueYuan { get; init; }
    public double? MultimediaClassrooms { get; init; }
    public double? Computers { get; init; }
    public double? Books { get; init; }

    public int? StudentsOf(Stage stage) => stage switch
    {
        Stage.Primary => PrimaryStudents,
        Stage.Junior => JuniorStudents,
        Stage.Senior => SeniorStudents,
        _ => null,
    };

    public static bool IsTeacherMeasure(Measure m) => m <= Measure.MidTitleTeachers;

    public TeacherCount Teachers(Measure m) => m switch
    {
        Measure.FullTimeTeachers => FullTimeTeachers,
        Measure.HigherDegreeTeachers => HigherDegreeTeachers,
        Measure.KeyTeachers => KeyTeachers,
        Measure.ArtsSportsTeachers => ArtsSportsTeachers,
        Measure.MidTitleTeachers => MidTitleTeachers,
        _ => throw new ArgumentOutOfRangeException(nameof(m), m, "不是教师类指标"),
    };

    public double? Facility(Measure m) => m switch
    {
        Measure.TeachingArea => TeachingAreaM2,
        Measure.IndoorSports => IndoorSportsM2,
        Measure.SportsArea => SportsAreaM2,
        Measure.Equipment => EquipmentValueYuan,
        Measure.MultimediaClassrooms => MultimediaClassrooms,
        Measure.Computers => Computers,
        Measure.Books => Books,
        _ => throw new ArgumentOutOfRangeException(nameof(m), m, "不是设施类指标"),
    };

    /// <summary>A copy with <paramref name="delta"/> pupils added to (or, negative, taken from) one 学段. Used by the gap plan's 调剂.</summary>
    public BalanceSchoolInput WithStudents(Stage stage, int delta) => stage switch
    {
        Stage.Primary => this with { PrimaryStudents = (PrimaryStudents ?? 0) + delta },
        Stage.Junior => this with { JuniorStudents = (JuniorStudents ?? 0) + delta },
        Stage.Senior => this with { SeniorStudents = (SeniorStudents ?? 0) + delta },
        _ => this,
    };

    /// <summary>A copy with <paramref name="amount"/> added to one figure (teachers to the given 学段). Used by gap plans.</summary>
    public BalanceSchoolInput Add(Measure m, Stage stage, double amount) => m switch
    {
        Measure.FullTimeTeachers => this with { FullTimeTeachers = FullTimeTeachers.Add(stage, amount) },
        Measure.HigherDegreeTeachers => this with { HigherDegreeTeachers = HigherDegreeTeachers.Add(stage, amount) },
        Measure.KeyTeachers => this with { KeyTeachers = KeyTeachers.Add(stage, amount) },
        Measure.ArtsSportsTeachers => this with { ArtsSportsTeachers = ArtsSportsTeachers.Add(stage, amount) },
        Measure.MidTitleTeachers => this with { MidTitleTeachers = MidTitleTeachers.Add(stage, amount) },
        Measure.TeachingArea => this with { TeachingAreaM2 = (TeachingAreaM2 ?? 0) + amount },
        Measure.IndoorSports => this with { IndoorSportsM2 = (IndoorSportsM2 ?? 0) + amount },
        Measure.SportsArea => this with { SportsAreaM2 = (SportsAreaM2 ?? 0) + amount },
        Measure.Equipment => this with { EquipmentValueYuan = (EquipmentValueYuan ?? 0) + amount },
        Measure.MultimediaClassrooms => this with { MultimediaClassrooms = (MultimediaClassrooms ?? 0) + amount },
        Measure.Computers => this with { Computers = (Computers ?? 0) + amount },
        _ => this with { Books = (Books ?? 0) + amount },
    };
}
