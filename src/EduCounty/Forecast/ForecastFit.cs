using System.Globalization;

namespace EduCounty.Forecast;

/// <summary>A school's fitted steps: GPR per grade (keyed by the grade reached), its entry grade and its 初一.</summary>
internal sealed class SchoolStep
{
    public Dictionary<string, double> Gpr { get; } = [];
    public Func<int, double> Entry { get; set; } = _ => 0;
    public Func<IReadOnlyDictionary<int, double>, double> Junior { get; set; } = _ => 0;
    public string EntryBasis { get; set; } = "";
    public string? JuniorBasis { get; set; }
}

/// <summary>Fits the ratios of <see cref="ForecastEngine"/> on a history already cut at the origin.</summary>
internal sealed class Fit(ForecastHistory h, int origin, ForecastRules rules, Scenario scenario)
{
    private readonly HashSet<(int School, int Year)> _present = [.. h.Enrolment.Keys.Select(k => (k.School, k.Year))];

    public SchoolStep School(ForecastSchool s, int k)
    {
        var step = new SchoolStep();
        foreach (var g in ForecastEngine.GradesOf(s))
        {
            if (g is "P1" or "K1")
            {
                FitEntry(step, s, g, k);
            }
            else if (g == "J1")
            {
                FitJunior(step, s.Id, k);
            }
            else
            {
                step.Gpr[g] = Gpr(s.Id, g, k) ?? CountyGpr(g, k) ?? 1.0;
            }
        }
        return step;
    }

    /// <summary>GPR(prev→g) of one school: mean over t = origin−k … origin−1 of E(g, t+1) / E(prev, t) (forecasting.md §2.1).</summary>
    private double? Gpr(int school, string g, int k)
    {
        var prev = ForecastEngine.Previous(g);
        var ratios = Years(k)
            .Where(t => _present.Contains((school, t)) && _present.Contains((school, t + 1)) && h.Get(school, prev, t) > 0)
            .Select(t => (double)h.Get(school, g, t + 1) / h.Get(school, prev, t)).ToList();
        return ratios.Count > 0 ? ratios.Average() : null;
    }

    /// <summary>The county's GPR for a step (schools present in both years pooled), for a school without its own years.</summary>
    private double? CountyGpr(string g, int k)
    {
        var prev = ForecastEngine.Previous(g);
        var ratios = new List<double>();
        foreach (var t in Years(k))
        {
            var both = h.Schools.Where(s => _present.Contains((s.Id, t)) && _present.Contains((s.Id, t + 1))).Select(s => s.Id).ToList();
            var den = both.Sum(s => h.Get(s, prev, t));
            if (den > 0)
            {
                ratios.Add((double)both.Sum(s => h.Get(s, g, t + 1)) / den);
            }
        }
        return ratios.Count > 0 ? ratios.Average() : null;
    }

    /// <summary>Years t whose step t → t+1 lies in the window ending at the origin.</summary>
    private IEnumerable<int> Years(int k) => Enumerable.Range(origin - k, k);

    private void FitEntry(SchoolStep step, ForecastSchool s, string g, int k)
    {
        var lag = g == "K1" ? rules.Entry.PreschoolLag : rules.Entry.PrimaryLag;
        var births = BirthSeries(s);
        if (births is { } b)
        {
            var ratios = Enumerable.Range(origin - k + 1, k)
                .Where(t => _present.Contains((s.Id, t)) && Effective(b.Counts, t, lag, false) > 0)
                .Select(t => h.Get(s.Id, g, t) / Effective(b.Counts, t, lag, false)!.Value).ToList();
            if (ratios.Count > 0)
            {
                var er = ratios.Average();
                step.Entry = y => (Effective(b.Counts, y, lag, true) ?? 0) * er;
                step.EntryBasis = string.Create(CultureInfo.InvariantCulture,
                    $"出生人口（{BirthSources.Label(b.Source)}，{b.Division}）× 入学系数 {er:F4}");
                return;
            }
        }
        FitTrend(step, s.Id, g, k);
    }

    /// <summary>No births (or none fitting): the linear trend of the school's own entrants over the window, never below 0.</summary>
    private void FitTrend(SchoolStep step, int school, string g, int k)
    {
        var points = Enumerable.Range(origin - k + 1, k).Where(t => _present.Contains((school, t)))
            .Select(t => (X: (double)t, Y: (double)h.Get(school, g, t))).ToList();
        var (a, slope) = Line(points);
        var mid = rules.MidFactor;
        step.Entry = y => (a + (slope * y)) * Math.Pow(scenario.BirthFactor / mid, y - origin);
        step.EntryBasis = ForecastEngine.TrendBasis;
    }

    internal static (double A, double Slope) Line(IReadOnlyList<(double X, double Y)> points)
    {
        if (points.Count == 0)
        {
            return (0, 0);
        }
        var mx = points.Average(p => p.X);
        var my = points.Average(p => p.Y);
        var sxx = points.Sum(p => (p.X - mx) * (p.X - mx));
        var slope = sxx == 0 ? 0 : points.Sum(p => (p.X - mx) * (p.Y - my)) / sxx;
        return (my - (slope * mx), slope);
    }

    /// <summary>The births of the school's 乡镇, else of its county; 户籍 preferred to 出生医学证明 when both exist.</summary>
    private (string Division, BirthSource Source, Dictionary<int, int> Counts)? BirthSeries(ForecastSchool s)
    {
        foreach (var division in new[] { s.TownshipCode, s.CountyCode })
        {
            foreach (var source in new[] { BirthSource.Hukou, BirthSource.Certificate })
            {
                var counts = h.Births.Where(b => b.DivisionCode == division && b.Source == source).ToDictionary(b => b.Year, b => b.Count);
                if (counts.Count > 0)
                {
                    return (division, source, counts);
                }
            }
        }
        return null;
    }

    /// <summary>
    /// B_eff(t) = m/12·B(t−L) + (12−m)/12·B(t−L−1), m = 8 (forecasting.md §2.2). With <paramref name="extend"/>, births
    /// after the last known year follow the scenario: B(y) = B(last) × factor^(y − last).
    /// </summary>
    private double? Effective(Dictionary<int, int> births, int t, int lag, bool extend)
    {
        var m = rules.Entry.LagYearMonths / 12.0;
        var later = m > 0 ? Birth(births, t - lag, extend) : 0;
        var earlier = m < 1 ? Birth(births, t - lag - 1, extend) : 0;
        return later is null || earlier is null ? null : (m * later.Value) + ((1 - m) * earlier.Value);
    }

    private double? Birth(Dictionary<int, int> births, int year, bool extend)
    {
        if (births.TryGetValue(year, out var n))
        {
            return n;
        }
        var last = births.Keys.Max();
        return extend && year > last ? births[last] * Math.Pow(scenario.BirthFactor, year - last) : null;
    }

    private void FitJunior(SchoolStep step, int school, int k)
    {
        var years = Years(k).ToList();
        var flows = h.Flows.Where(f => years.Contains(f.Year)).ToList();
        var traced = flows.Where(f => f.To == school).Sum(f => f.Count);
        if (traced > 0)
        {
            var shares = flows.Where(f => f.To == school).GroupBy(f => f.From).Select(grp =>
            {
                var sixth = years.Sum(t => h.Get(grp.Key, "P6", t));
                return (From: grp.Key, Share: sixth > 0 ? (double)grp.Sum(f => f.Count) / sixth : 0);
            }).ToList();
            var inflow = (double)years.Sum(t => h.Get(school, "J1", t + 1)) / traced;
            step.Junior = sixth => shares.Sum(x => x.Share * sixth.GetValueOrDefault(x.From)) * inflow;
            step.JuniorBasis = ForecastEngine.FlowBasis;
            return;
        }
        var ratios = years.Where(t => _present.Contains((school, t + 1)))
            .Select(t => (J1: h.Get(school, "J1", t + 1), P6: h.Schools.Sum(s => h.Get(s.Id, "P6", t))))
            .Where(x => x.P6 > 0).Select(x => (double)x.J1 / x.P6).ToList();
        if (ratios.Count > 0)
        {
            var r = ratios.Average();
            step.Junior = sixth => r * sixth.Values.Sum();
            step.JuniorBasis = ForecastEngine.CountyRatioBasis;
            return;
        }
        var hold = h.Get(school, "J1", origin);
        step.Junior = _ => hold;
        step.JuniorBasis = "初一持平（无流向与比例数据）";
    }
}
