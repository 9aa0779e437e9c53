using System.Linq.Expressions;
using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Fitness;

/// <summary>How <see cref="GetFitnessRates"/> groups the tests.</summary>
public enum FitnessBreakdown
{
    County,
    School,
    Grade,
    Class,
    Sex,
    Year,
}

/// <param name="Year">School-year start; null = all years (use with <see cref="FitnessBreakdown.Year"/> for trends).</param>
/// <param name="SchoolIds">Organisation scope (null = all schools the caller may see).</param>
/// <param name="SchoolId">Filter to one school (the per-school page).</param>
public sealed record FitnessRatesQuery(int? Year, FitnessBreakdown By, IReadOnlyCollection<int>? SchoolIds = null, int? SchoolId = null, string? Grade = null);

/// <summary>Counts per 等级 and means of the results (reference units) of one group.</summary>
public sealed record FitnessRateRow(
    string Key,
    string Label,
    int Tested,
    int Excellent,
    int Good,
    int Pass,
    int Fail,
    double MeanTotal,
    IReadOnlyDictionary<FitnessItem, double?> ItemMeans,
    double? MeanHeight,
    double? MeanWeight)
{
    public double ExcellentRate => Rate(Excellent);
    public double GoodRate => Rate(Good);
    public double PassRate => Rate(Pass);
    public double FailRate => Rate(Fail);
    /// <summary>及格及以上 (优秀 + 良好 + 及格), the 合格率 of 标准 第七条.</summary>
    public double PassOrBetterRate => Rate(Excellent + Good + Pass);

    /// <summary>Percentage to two decimals, half away from zero as statistics tables do.</summary>
    public double Rate(int n) => Tested == 0 ? 0 : Math.Round(n * 100.0 / Tested, 2, MidpointRounding.AwayFromZero);
}

/// <summary>优秀/良好/及格/不及格 rates and item means per county, school, grade, class, sex or year (aggregated in SQL).</summary>
public static class GetFitnessRates
{
    public static async Task<IReadOnlyList<FitnessRateRow>> HandleAsync(EduDb db, FitnessRatesQuery q, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(q);
        var tests = db.FitnessTests.AsQueryable();
        if (q.Year is { } y)
        {
            tests = tests.Where(t => t.Year == y);
        }
        if (q.SchoolIds is { } scope)
        {
            tests = tests.Where(t => scope.Contains(t.SchoolId));
        }
        if (q.SchoolId is { } sid)
        {
            tests = tests.Where(t => t.SchoolId == sid);
        }
        if (q.Grade is { } g)
        {
            tests = tests.Where(t => t.Grade == g);
        }
        switch (q.By)
        {
            case FitnessBreakdown.County:
                return (await Aggregate(tests, t => 0, ct)).Select(a => a.Row("county", "全县")).ToList();
            case FitnessBreakdown.Year:
                return (await Aggregate(tests, t => t.Year, ct)).OrderBy(a => a.Key)
                    .Select(a => a.Row(a.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), new SchoolYear(a.Key).ToString())).ToList();
            case FitnessBreakdown.Sex:
                return (await Aggregate(tests, t => t.Sex, ct)).OrderBy(a => a.Key)
                    .Select(a => a.Row(a.Key == Sex.Male ? "M" : "F", Labels.Of(a.Key))).ToList();
            case FitnessBreakdown.Grade:
                return (await Aggregate(tests, t => t.Grade, ct)).OrderBy(a => Grades.Order(a.Key))
                    .Select(a => a.Row(a.Key, Grades.Label(a.Key))).ToList();
            case FitnessBreakdown.School:
                {
                    var rows = await Aggregate(tests, t => t.SchoolId, ct);
                    var ids = rows.Select(r => r.Key).ToList();
                    var names = await db.Schools.Where(s => ids.Contains(s.Id)).Select(s => new { s.Id, s.Name, s.Code }).ToListAsync(ct);
                    return rows.Join(names, r => r.Key, n => n.Id, (r, n) => (r, n)).OrderBy(x => x.n.Code)
                        .Select(x => x.r.Row(x.n.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), x.n.Name)).ToList();
                }
            default:
                {
                    var rows = await Aggregate(tests, t => t.ClassId ?? 0, ct);
                    var ids = rows.Select(r => r.Key).ToList();
                    var names = await db.Classes.Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, c.Name, c.Grade, c.Number }).ToListAsync(ct);
                    return rows.Select(r => (r, n: names.FirstOrDefault(n => n.Id == r.Key)))
                        .OrderBy(x => x.n is null ? 99 : Grades.Order(x.n.Grade)).ThenBy(x => x.n?.Number ?? 0)
                        .Select(x => x.r.Row(x.r.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), x.n?.Name ?? "未分班")).ToList();
                }
        }
    }

    private static async Task<List<Aggregated<TKey>>> Aggregate<TKey>(IQueryable<FitnessTest> tests, Expression<Func<FitnessTest, TKey>> key, CancellationToken ct) =>
        await tests.GroupBy(key).Select(g => new Aggregated<TKey>
        {
            Key = g.Key,
            Tested = g.Count(),
            Excellent = g.Sum(x => x.Rating == FitnessRating.Excellent ? 1 : 0),
            Good = g.Sum(x => x.Rating == FitnessRating.Good ? 1 : 0),
            Pass = g.Sum(x => x.Rating == FitnessRating.Pass ? 1 : 0),
            Fail = g.Sum(x => x.Rating == FitnessRating.Fail ? 1 : 0),
            MeanTotal = g.Average(x => x.TotalScore),
            Height = g.Average(x => x.HeightCm),
            Weight = g.Average(x => x.WeightKg),
            Bmi = g.Average(x => (double?)x.Bmi),
            VitalCapacity = g.Average(x => x.VitalCapacity),
            Run50m = g.Average(x => x.Run50m),
            SitAndReach = g.Average(x => x.SitAndReach),
            RopeSkip1Min = g.Average(x => x.RopeSkip1Min),
            SitUps1Min = g.Average(x => x.SitUps1Min),
            Shuttle50x8 = g.Average(x => x.Shuttle50x8),
            StandingLongJump = g.Average(x => x.StandingLongJump),
            PullUps = g.Average(x => x.PullUps),
            Run800m = g.Average(x => x.Run800m),
            Run1000m = g.Average(x => x.Run1000m),
        }).ToListAsync(ct);

    private sealed class Aggregated<TKey>
    {
        public required TKey Key { get; init; }
        public int Tested { get; init; }
        public int Excellent { get; init; }
        public int Good { get; init; }
        public int Pass { get; init; }
        public int Fail { get; init; }
        public double MeanTotal { get; init; }
        public double? Height { get; init; }
        public double? Weight { get; init; }
        public double? Bmi { get; init; }
        public double? VitalCapacity { get; init; }
        public double? Run50m { get; init; }
        public double? SitAndReach { get; init; }
        public double? RopeSkip1Min { get; init; }
        public double? SitUps1Min { get; init; }
        public double? Shuttle50x8 { get; init; }
        public double? StandingLongJump { get; init; }
        public double? PullUps { get; init; }
        public double? Run800m { get; init; }
        public double? Run1000m { get; init; }

        public FitnessRateRow Row(string key, string label) => new(key, label, Tested, Excellent, Good, Pass, Fail, MeanTotal,
            new Dictionary<FitnessItem, double?>
            {
                [FitnessItem.Bmi] = Bmi,
                [FitnessItem.VitalCapacity] = VitalCapacity,
                [FitnessItem.Run50m] = Run50m,
                [FitnessItem.SitAndReach] = SitAndReach,
                [FitnessItem.RopeSkip1Min] = RopeSkip1Min,
                [FitnessItem.SitUps1Min] = SitUps1Min,
                [FitnessItem.Shuttle50x8] = Shuttle50x8,
                [FitnessItem.StandingLongJump] = StandingLongJump,
                [FitnessItem.PullUps] = PullUps,
                [FitnessItem.Run800m] = Run800m,
                [FitnessItem.Run1000m] = Run1000m,
            }, Height, Weight);
    }
}
