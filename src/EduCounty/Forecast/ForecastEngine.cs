using EduCounty.Common;

namespace EduCounty.Forecast;

/// <summary>One projected figure: a school's students in a grade and year (rounded, as the next year builds on it).</summary>
public sealed record ForecastCell(int SchoolId, string Grade, int Year, int Students);

/// <summary>How a school was projected: the averaging window, the basis of its entry grade and of its 初一.</summary>
public sealed record SchoolBasis(int SchoolId, int Window, string Entry, string? Junior);

/// <summary>The projection of one origin, scenario and set of windows.</summary>
public sealed record ForecastProjection(int Origin, int To, string Scenario, IReadOnlyList<ForecastCell> Cells, IReadOnlyList<SchoolBasis> Bases);

/// <summary>
/// The 学位预测 method (shared/reference/forecasting.md):
/// <list type="bullet">
/// <item>grades 2–9 and 中/大班 by grade progression ratios GPR(g→g+1) = mean over the window of E(g+1, t+1) / E(g, t),
/// E(g+1, t+1) = GPR × E(g, t) (§2.1); a school without a usable year takes the county's ratio for that step;</item>
/// <item>一年级 (and 小班) = B_eff(t) × ER with B_eff(t) = 8/12·B(t−6) + 4/12·B(t−7) (lag 3 for 小班) and ER the mean of
/// G1/B_eff over the window (§2.2); births of years not yet known follow the scenario's yearly factor (§0, §4). A school
/// whose 乡镇 (or county) has no births falls back to the linear trend of its own entrants, said in its basis;</item>
/// <item>初一 = Σ over primaries A of 六年级(A) × share(A→B) × inflow(B), the shares from the 学籍 小升初 history and inflow
/// = 初一 counted ÷ those traced (pupils from outside the county); without 学籍 history a county-level ratio
/// 初一(B, t+1) / 六年级(county, t) (§0: "初一 = 小学六年级 × 小升初 ratio");</item>
/// <item>a housing term for estates completed after the origin: households × persons × 千人学生数 / 1000, spread evenly over
/// the stage's grades from the completion year on (§2.4), added to the output only.</item>
/// </list>
/// Figures are carried unrounded from year to year and rounded (AwayFromZero) for output, as §5 does (its 2026 三年级
/// 299 = 301.5 × 0.9932, not 302 × 0.9932).
/// </summary>
public static class ForecastEngine
{
    public const string TrendBasis = "招生趋势外推（无出生数据）";
    public const string FlowBasis = "学籍小升初流向";
    public const string CountyRatioBasis = "全县小升初比例（无学籍流向）";

    /// <summary>Projects from <paramref name="origin"/> to <paramref name="to"/>; only data of years up to the origin is read.</summary>
    public static ForecastProjection Project(ForecastHistory history, int origin, int to, Scenario scenario, ForecastRules rules,
        Func<int, int>? windowOf = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(rules);
        var h = history.Until(origin);
        windowOf ??= _ => rules.DefaultWindow;
        var schools = h.Schools.Where(s => GradesOf(s).Any(g => h.Enrolment.ContainsKey((s.Id, g, origin)))).ToList();
        var fit = new Fit(h, origin, rules, scenario);
        var bases = new List<SchoolBasis>();
        var steps = new Dictionary<int, SchoolStep>();
        foreach (var s in schools)
        {
            var k = windowOf(s.Id);
            var step = fit.School(s, k);
            steps[s.Id] = step;
            bases.Add(new SchoolBasis(s.Id, k, step.EntryBasis, step.JuniorBasis));
        }
        var state = schools.SelectMany(s => GradesOf(s).Select(g => (s.Id, g))).ToDictionary(x => x, x => (double)h.Get(x.Id, x.g, origin));
        var cells = new List<ForecastCell>();
        var gradesOf = schools.ToDictionary(s => s.Id, GradesOf);
        for (var y = origin + 1; y <= to; y++)
        {
            var next = new Dictionary<(int, string), double>();
            var sixth = state.Where(p => p.Key.Item2 == "P6").ToDictionary(p => p.Key.Item1, p => p.Value);
            foreach (var s in schools)
            {
                var step = steps[s.Id];
                foreach (var g in GradesOf(s))
                {
                    var value = g switch
                    {
                        "P1" or "K1" => step.Entry(y),
                        "J1" => step.Junior(sixth),
                        _ => step.Gpr[g] * state.GetValueOrDefault((s.Id, Previous(g))),
                    };
                    next[(s.Id, g)] = Math.Max(0, value);
                }
            }
            state = next;
            cells.AddRange(state.Select(p => new ForecastCell(p.Key.Item1, p.Key.Item2, y,
                Round(p.Value) + Housing(h, rules, p.Key.Item1, p.Key.Item2, y, origin, gradesOf[p.Key.Item1]))));
        }
        return new ForecastProjection(origin, to, scenario.Code, cells, bases);
    }

    /// <summary>The grades the forecast covers for a school: 幼儿园, 小学 and 初中 grades of its type.</summary>
    public static IReadOnlyList<string> GradesOf(ForecastSchool s) =>
        [.. Grades.For(s.Type).Where(g => g[0] is 'K' or 'P' or 'J')];

    internal static string Previous(string grade) => $"{grade[0]}{grade[1] - '0' - 1}";

    internal static int Round(double v) => (int)Math.Round(Math.Max(0, v), MidpointRounding.AwayFromZero);

    private static int Housing(ForecastHistory h, ForecastRules rules, int school, string grade, int year, int origin, IReadOnlyList<string> grades)
    {
        var estates = h.Housing.Where(e => e.SchoolId == school && e.CompletionYear > origin && e.CompletionYear <= year).ToList();
        if (estates.Count == 0)
        {
            return 0;
        }
        var stageGrades = grades.Count(g => g[0] == grade[0]);
        var perThousand = grade[0] switch
        {
            'K' => rules.Housing.StudentsPerThousand.Preschool,
            'J' => rules.Housing.StudentsPerThousand.Junior,
            _ => rules.Housing.StudentsPerThousand.Primary,
        };
        var students = estates.Sum(e => e.Households * rules.Housing.PersonsPerHousehold * perThousand / 1000);
        return Round(students / stageGrades);
    }
}
