using EduCounty.Common;
using EduCounty.Fitness;

namespace EduCounty.Tests.Fitness;

/// <summary>Builders for test inputs. Values are in the reference units (cm, kg, ml, s, counts).</summary>
internal static class FitnessTestData
{
    /// <summary>A result with height/weight and the given items; other items stay untested (null).</summary>
    public static FitnessResult Student(string grade, Sex sex, decimal heightCm, decimal weightKg, params (FitnessItem Item, decimal Value)[] items)
    {
        var r = new FitnessResult("T-" + grade, grade, sex) { HeightCm = heightCm, WeightKg = weightKg };
        foreach (var (item, value) in items)
        {
            r = r.With(item, value);
        }
        return r;
    }

    /// <summary>
    /// A result with every non-BMI item filled with a mid-table value, for tests that look at one item only
    /// (the scorer reads only the items of the student's grade and sex).
    /// </summary>
    public static FitnessResult AnyItems(string grade, Sex sex, decimal heightCm, decimal weightKg) =>
        Student(grade, sex, heightCm, weightKg,
            (FitnessItem.VitalCapacity, 1500m), (FitnessItem.Run50m, 10m), (FitnessItem.SitAndReach, 5m),
            (FitnessItem.RopeSkip1Min, 80m), (FitnessItem.SitUps1Min, 30m), (FitnessItem.Shuttle50x8, 130m),
            (FitnessItem.StandingLongJump, 160m), (FitnessItem.PullUps, 5m), (FitnessItem.Run800m, 260m),
            (FitnessItem.Run1000m, 280m));

    public static ItemScore Item(FitnessScore s, FitnessItem item) => s.Items.Single(i => i.Item == item);
}
