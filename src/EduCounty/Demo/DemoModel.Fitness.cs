using EduCounty.Common;
using EduCounty.Fitness;
using EduCounty.Registry;

namespace EduCounty.Demo;

/// <summary>
/// 体质健康测试 and 视力筛查 for every 小学/初中/高中 student of every demo year (issue 7 §6).
/// Results are drawn on the standard's own tables: each student has a latent fitness; each item's target score
/// (mean by item, spread 14 points) is turned into a result by interpolating between the table's thresholds for the
/// student's grade and sex, so the distributions follow age and sex as the standard does. Schools differ:
/// rural boarding schools run a little better (耐力), urban schools a little worse; each school has its own offset.
/// 近视: propensity by grade (rising from about 12 % in 一年级 to 82 % in 高三, the shape of the national
/// surveillance), higher in urban schools; the county's count per year is fixed so that the rate falls 0.31–0.62
/// percentage points a year — 2021, 2023 and 2025 meet the plan's −0.5, 2022 and 2024 do not.
/// Uses its own random stream, so the rest of the demo is unchanged.
/// </summary>
internal sealed partial class DemoModel
{
    public List<FitnessTest> FitnessTests { get; } = [];
    public List<VisionScreening> VisionScreenings { get; } = [];

    /// <summary>Yearly fall of the county's 近视率 (percentage points) from 2021 on: alternately above and below the plan's 0.5.</summary>
    internal static readonly double[] MyopiaDecline = [0.62, 0.38, 0.55, 0.31, 0.58];

    private static readonly Dictionary<string, double> MyopiaByGrade = new()
    {
        ["P1"] = 0.12,
        ["P2"] = 0.18,
        ["P3"] = 0.25,
        ["P4"] = 0.33,
        ["P5"] = 0.40,
        ["P6"] = 0.47,
        ["J1"] = 0.58,
        ["J2"] = 0.65,
        ["J3"] = 0.71,
        ["S1"] = 0.76,
        ["S2"] = 0.79,
        ["S3"] = 0.82,
    };

    private void BuildFitness()
    {
        if (!_o.Fitness)
        {
            return;
        }
        var r = new Random(_o.Seed ^ 0x5f17);
        var scorer = FitnessScorer.Default;
        var standard = scorer.Standard;
        var students = Students.ToDictionary(s => s.Id);
        var schoolOffset = Schools.ToDictionary(s => s.Id, _ => Normal(r) * 3.0);
        var latent = new Dictionary<int, double>();
        var myopiaKey = new Dictionary<int, double>();
        var isFitness = (StudentYear y) => y.Grade[0] is 'P' or 'J' or 'S';
        foreach (var year in StudentYears.Where(isFitness).GroupBy(y => y.Year).OrderBy(g => g.Key))
        {
            var vision = new List<(StudentYear Y, Student S, double Key)>();
            foreach (var sy in year.OrderBy(y => y.StudentId))
            {
                var st = students[sy.StudentId];
                var school = _schoolById[sy.SchoolId];
                if (!latent.TryGetValue(st.Id, out var z))
                {
                    latent[st.Id] = z = Normal(r);
                    myopiaKey[st.Id] = r.NextDouble();
                }
                FitnessTests.Add(NewFitnessTest(r, scorer, standard, sy, st, school, z + schoolOffset[school.Id] / 14.0));
                var p = MyopiaByGrade[sy.Grade] * school.Locality switch { Locality.Urban => 1.15, Locality.Town => 1.0, _ => 0.85 };
                vision.Add((sy, st, myopiaKey[st.Id] / Math.Min(p, 0.97)));
            }
            // Fix the count: the first K students by (key / propensity) are myopic (exact county rate per year).
            var k = (int)Math.Round(MyopiaTarget(year.Key, vision) * vision.Count);
            var rank = 0;
            foreach (var (sy, st, _) in vision.OrderBy(v => v.Key).ThenBy(v => v.Y.StudentId))
            {
                VisionScreenings.Add(NewScreening(r, sy, st, rank++ < k));
            }
        }
    }

    private readonly Dictionary<int, double> _myopiaBase = [];

    /// <summary>The 2020 rate is the mean propensity of the first year; later years fall by <see cref="MyopiaDecline"/>.</summary>
    private double MyopiaTarget(int year, List<(StudentYear Y, Student S, double Key)> vision)
    {
        if (_myopiaBase.Count == 0)
        {
            var mean = vision.Average(v => MyopiaByGrade[v.Y.Grade] * (_schoolById[v.Y.SchoolId].Locality switch { Locality.Urban => 1.15, Locality.Town => 1.0, _ => 0.85 }));
            _myopiaBase[_o.FirstYear] = Math.Round(mean * 100, 2);
        }
        var rate = _myopiaBase[_o.FirstYear];
        for (var y = _o.FirstYear + 1; y <= year; y++)
        {
            rate -= MyopiaDecline[(y - _o.FirstYear - 1) % MyopiaDecline.Length];
        }
        return rate / 100;
    }

    private Dictionary<int, School> _schoolById => _schoolByIdCache ??= Schools.ToDictionary(s => s.Id);
    private Dictionary<int, School>? _schoolByIdCache;

    private FitnessTest NewFitnessTest(Random r, FitnessScorer scorer, FitnessStandard standard, StudentYear sy, Student st, School school, double z)
    {
        var g = standard.GradeIndex(sy.Grade);
        var sex = st.Sex;
        var rural = school.Locality == Locality.Rural || school.Boarding;
        var trend = (sy.Year - _o.FirstYear) * 0.5;
        decimal? Item(FitnessItem item)
        {
            var table = standard.Scores(item, sex, g);
            if (table is null)
            {
                return null;
            }
            var mean = item switch
            {
                FitnessItem.PullUps => 40.0,
                FitnessItem.Run800m or FitnessItem.Run1000m or FitnessItem.Shuttle50x8 => 67.0 + (rural ? 4 : school.Locality == Locality.Urban ? -2 : 0),
                FitnessItem.VitalCapacity => 73.0,
                _ => 74.0,
            };
            var target = mean + trend + 14.0 * (0.7 * z + 0.71 * Normal(r));
            return ResultFor(table, standard.Item(item).Decimals, target);
        }
        // BMI band: 正常 64 %, 超重 15 %, 肥胖 15 %, 低体重 6 % (roughly the national surveillance mix), a value inside the band.
        var bands = standard.BmiBands(sex, g);
        var u = r.NextDouble();
        var category = u < 0.64 ? "正常" : u < 0.79 ? "超重" : u < 0.94 ? "肥胖" : "低体重";
        var band = bands.First(b => b.Category == category);
        var lo = (double)(band.Min ?? band.Max!.Value - 2.0m);
        var hi = (double)(band.Max ?? band.Min!.Value + 4.0m);
        var bmi = Math.Round(lo + (hi - lo) * r.NextDouble(), 1);
        var height = Math.Round(HeightFor(sy.Grade, sex) + Normal(r) * 6.0, 1);
        var weight = Math.Round(bmi * height * height / 10000.0, 1);
        // The weight is rounded, so the BMI may leave its band; that is realistic and the scorer decides.
        var result = new FitnessResult(st.StudentNumber, sy.Grade, sex) { HeightCm = (decimal)height, WeightKg = (decimal)weight };
        foreach (var w in standard.Weights(sex, g))
        {
            if (w.Item != FitnessItem.Bmi)
            {
                result = result.With(w.Item, Item(w.Item));
            }
        }
        var score = scorer.Score(result);
        var test = new FitnessTest
        {
            Id = Ids.FitnessTest++,
            StudentId = st.Id,
            Year = sy.Year,
            SchoolId = sy.SchoolId,
            Grade = sy.Grade,
            ClassId = sy.ClassId,
            TestedOn = new DateOnly(sy.Year, 10, 8).AddDays(r.Next(0, 45)),
            Provenance = string.Empty,
            Source = "示例数据",
        };
        test.Apply(result, score);
        return test;
    }

    /// <summary>The result that earns <paramref name="target"/> points, interpolated between the table's levels.</summary>
    private static decimal ResultFor(ScoreTable table, int decimals, double target)
    {
        var levels = table.Levels;
        var dir = table.LowerIsBetter ? -1.0 : 1.0;
        double value;
        if (target >= levels[0].Score)
        {
            // Beyond 100 points: keep the step of the 95→100 band (bonus territory).
            var step = Math.Abs((double)(levels[0].Threshold - levels[1].Threshold)) / (levels[0].Score - levels[1].Score);
            value = (double)levels[0].Threshold + dir * (target - levels[0].Score) * step;
        }
        else if (target <= levels[^1].Score)
        {
            var step = Math.Abs((double)(levels[^2].Threshold - levels[^1].Threshold)) / (levels[^2].Score - levels[^1].Score);
            value = (double)levels[^1].Threshold - dir * (levels[^1].Score - target) * step;
        }
        else
        {
            var i = 1;
            while (levels[i].Score > target)
            {
                i++;
            }
            var (hi, lo) = (levels[i - 1], levels[i]);
            var f = (target - lo.Score) / (hi.Score - lo.Score);
            value = (double)lo.Threshold + f * (double)(hi.Threshold - lo.Threshold);
        }
        var rounded = Math.Round((decimal)value, decimals, MidpointRounding.AwayFromZero);
        return table.Item is FitnessItem.SitAndReach ? rounded : Math.Max(rounded, 0m);
    }

    /// <summary>Mean height (cm) by grade and sex, close to the national growth references for Chinese children.</summary>
    private static double HeightFor(string grade, Sex sex)
    {
        double[] boys = [122, 128, 133, 138, 144, 150, 158, 164, 168, 170, 171, 172];
        double[] girls = [121, 127, 132, 138, 145, 151, 155, 157, 158, 159, 159, 160];
        var i = Array.IndexOf(["P1", "P2", "P3", "P4", "P5", "P6", "J1", "J2", "J3", "S1", "S2", "S3"], grade);
        return sex == Sex.Male ? boys[i] : girls[i];
    }

    private VisionScreening NewScreening(Random r, StudentYear sy, Student st, bool myopic)
    {
        var refraction = r.NextDouble() < 0.85;
        double left, right;
        double? seL = null, seR = null;
        if (myopic)
        {
            // At least one eye below 5.0 with SE ≤ −0.50 D; the worse eye decides.
            var se = -Math.Round(0.5 + r.NextDouble() * 4.5 * 4) / 4;
            se = Math.Min(se, -0.5);
            var va = Math.Round(Math.Clamp(5.0 + se * 0.25 - r.NextDouble() * 0.2, 4.0, 4.9), 1);
            var other = r.NextDouble() < 0.8 ? Math.Round(Math.Clamp(va + (r.NextDouble() - 0.5) * 0.2, 4.0, 4.9), 1) : 5.0;
            (left, right) = r.NextDouble() < 0.5 ? (va, other) : (other, va);
            if (refraction)
            {
                seL = left < 5.0 ? (left == va ? se : Math.Min(se + 0.25, -0.5)) : 0.0;
                seR = right < 5.0 ? (right == va ? se : Math.Min(se + 0.25, -0.5)) : 0.0;
            }
        }
        else
        {
            // Mostly 5.0 and better; a few 4.9 eyes without myopic refraction (measured then, SE > −0.50 D).
            var low = refraction && r.NextDouble() < 0.08;
            left = low ? 4.9 : Math.Round(5.0 + r.Next(0, 3) / 10.0, 1);
            right = Math.Round(5.0 + r.Next(0, 3) / 10.0, 1);
            if (refraction)
            {
                seL = low ? -0.25 : Math.Round(r.Next(-1, 4) / 4.0, 2);
                seR = Math.Round(r.Next(-1, 4) / 4.0, 2);
            }
        }
        var v = new VisionScreening
        {
            Id = Ids.Vision++,
            StudentId = st.Id,
            Year = sy.Year,
            SchoolId = sy.SchoolId,
            Grade = sy.Grade,
            ClassId = sy.ClassId,
            Sex = st.Sex,
            ScreenedOn = new DateOnly(sy.Year, 9, 15).AddDays(r.Next(0, 30)),
            UncorrectedLeft = left,
            UncorrectedRight = right,
            SphericalEquivalentLeft = seL,
            SphericalEquivalentRight = seR,
            Source = "示例数据",
        };
        v.Myopia = MyopiaRule.Default.IsMyopic(v);
        return v;
    }

    private static double Normal(Random r)
    {
        // Box–Muller; deterministic given the stream.
        var u1 = 1.0 - r.NextDouble();
        var u2 = r.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
