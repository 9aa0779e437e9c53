using EduCounty.Common;

namespace EduCounty.Balance;

/// <summary>
/// One evaluated unit: an independent school, or one 部 (小学部/初中部) of a 一贯制 or 完全中学 school.
/// <see cref="Numerators"/> holds each <see cref="Measure"/> attributed to this unit (null = missing);
/// <see cref="Leverage"/> says how much of one unit added to the school's own figure reaches this unit
/// (1 for its own teachers, the weighted-enrolment share for shared facilities).
/// </summary>
public sealed record StageUnit(string Name, string School, Stage Stage, int Students, double?[] Numerators, double[] Leverage)
{
    public double? Of(Measure m) => Numerators[(int)m];
}

public sealed record StageUnitSet(IReadOnlyList<StageUnit> Units, IReadOnlyList<string> Notes);

/// <summary>Builds 学段 units from school rows (balance-rules.md §2.3 and §5 step 1).</summary>
public static class StageUnits
{
    internal static readonly int MeasureCount = Enum.GetValues<Measure>().Length;
    private static readonly Stage[] AllStages = [Stage.Primary, Stage.Junior, Stage.Senior];

    /// <summary>Which 学段 a school type holds, and the weight of one student of each (split rule, §2.3).</summary>
    public static StageWeights? WeightsOf(SchoolType type, SplitWeights w) => type switch
    {
        SchoolType.Primary or SchoolType.TeachingPoint => new StageWeights(1, 0, 0),
        SchoolType.Junior => new StageWeights(0, 1, 0),
        SchoolType.NineYear => w.NineYear,
        SchoolType.Complete => w.Complete,
        SchoolType.TwelveYear => w.TwelveYear,
        _ => null,
    };

    private static double WeightOf(StageWeights w, Stage s) => s switch
    {
        Stage.Primary => w.Primary,
        Stage.Junior => w.Junior,
        _ => w.Senior,
    };

    public static StageUnitSet Build(IReadOnlyList<BalanceSchoolInput> schools, BalanceProfile profile)
    {
        ArgumentNullException.ThrowIfNull(schools);
        ArgumentNullException.ThrowIfNull(profile);
        var notes = new List<string>();
        var merged = MergeTeachingPoints(schools, notes);
        var units = new List<StageUnit>(merged.Count * 2);
        foreach (var s in merged)
        {
            var weights = WeightsOf(s.Type, profile.SplitWeights);
            if (weights is null)
            {
                notes.Add($"{s.Name}：办学类型为{Labels.Of(s.Type)}，不属于义务教育学校，不参与评估");
                continue;
            }
            // Stages the school actually holds (a stage with weight 0 is not part of this school type).
            var held = AllStages.Where(st => WeightOf(weights, st) > 0).ToArray();
            var weighted = held.Sum(st => WeightOf(weights, st) * (s.StudentsOf(st) ?? 0));
            foreach (var stage in held.Where(st => st != Stage.Senior))
            {
                var students = s.StudentsOf(stage);
                if (students is null or <= 0)
                {
                    notes.Add($"{s.Name}：{Labels.Of(stage)}学生数{(students is null ? "缺失" : "为 0")}，该学段未计入");
                    continue;
                }
                // 一贯制/完全中学 facilities are split by weighted enrolment (§2.3, 测算均衡系数拆分公式).
                var share = held.Length == 1 ? 1.0 : WeightOf(weights, stage) * students.Value / weighted;
                var num = new double?[MeasureCount];
                var lev = new double[MeasureCount];
                foreach (var m in Enum.GetValues<Measure>())
                {
                    if (BalanceSchoolInput.IsTeacherMeasure(m))
                    {
                        (num[(int)m], lev[(int)m]) = TeachersFor(s.Teachers(m), stage, held, share);
                    }
                    else
                    {
                        var v = s.Facility(m);
                        num[(int)m] = v * share;
                        lev[(int)m] = share;
                    }
                }
                var name = held.Length == 1 ? s.Name : $"{s.Name}（{Labels.Of(stage)}部）";
                units.Add(new StageUnit(name, s.Name, stage, students.Value, num, lev));
            }
        }
        return new StageUnitSet(units, notes);
    }

    /// <summary>
    /// Teachers of a 学段 (§2.3: attributed to the 学段 they teach): the per-stage figure if given; else the
    /// total less the other 学段 if all of those are given; else the whole total for a one-stage school;
    /// else the total split by weighted enrolment (ADR 0010).
    /// </summary>
    private static (double?, double) TeachersFor(TeacherCount c, Stage stage, Stage[] held, double share)
    {
        if (c.Of(stage) is { } own)
        {
            return (own, 1);
        }
        if (c.Total is not { } total)
        {
            return (null, 0);
        }
        if (held.Length == 1)
        {
            return (total, 1);
        }
        var others = held.Where(h => h != stage).Select(c.Of).ToArray();
        if (others.All(o => o is not null))
        {
            return (Math.Max(0, total - others.Sum(o => o!.Value)), 1);
        }
        return (total * share, share);
    }

    /// <summary>教学点 are merged into their 原校点 before computing (§2.3); one without a known parent stands alone.</summary>
    private static List<BalanceSchoolInput> MergeTeachingPoints(IReadOnlyList<BalanceSchoolInput> schools, List<string> notes)
    {
        var byName = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new List<BalanceSchoolInput>(schools.Count);
        foreach (var s in schools.Where(s => s.Type != SchoolType.TeachingPoint || s.ParentName is null))
        {
            byName.TryAdd(s.Name, result.Count);
            result.Add(s);
        }
        foreach (var tp in schools.Where(s => s.Type == SchoolType.TeachingPoint && s.ParentName is not null))
        {
            if (!byName.TryGetValue(tp.ParentName!, out var i))
            {
                notes.Add($"{tp.Name}：所属学校“{tp.ParentName}”不在名单中，按独立小学计算");
                result.Add(tp);
                continue;
            }
            result[i] = Merge(result[i], tp);
            notes.Add($"{tp.Name}：教学点并入所属学校“{tp.ParentName}”计算");
        }
        return result;
    }

    private static double? Sum(double? a, double? b) => a is null ? b : b is null ? a : a + b;
    private static int? Sum(int? a, int? b) => a is null ? b : b is null ? a : a + b;

    private static TeacherCount Sum(TeacherCount a, TeacherCount b) =>
        new(Sum(a.Total, b.Total), Sum(a.Primary, b.Primary), Sum(a.Junior, b.Junior), Sum(a.Senior, b.Senior));

    private static BalanceSchoolInput Merge(BalanceSchoolInput p, BalanceSchoolInput t) => p with
    {
        PrimaryStudents = Sum(p.PrimaryStudents, t.PrimaryStudents),
        JuniorStudents = Sum(p.JuniorStudents, t.JuniorStudents),
        SeniorStudents = Sum(p.SeniorStudents, t.SeniorStudents),
        FullTimeTeachers = Sum(p.FullTimeTeachers, t.FullTimeTeachers),
        HigherDegreeTeachers = Sum(p.HigherDegreeTeachers, t.HigherDegreeTeachers),
        KeyTeachers = Sum(p.KeyTeachers, t.KeyTeachers),
        ArtsSportsTeachers = Sum(p.ArtsSportsTeachers, t.ArtsSportsTeachers),
        MidTitleTeachers = Sum(p.MidTitleTeachers, t.MidTitleTeachers),
        TeachingAreaM2 = Sum(p.TeachingAreaM2, t.TeachingAreaM2),
        IndoorSportsM2 = Sum(p.IndoorSportsM2, t.IndoorSportsM2),
        SportsAreaM2 = Sum(p.SportsAreaM2, t.SportsAreaM2),
        EquipmentValueYuan = Sum(p.EquipmentValueYuan, t.EquipmentValueYuan),
        MultimediaClassrooms = Sum(p.MultimediaClassrooms, t.MultimediaClassrooms),
        Computers = Sum(p.Computers, t.Computers),
        Books = Sum(p.Books, t.Books),
    };
}
