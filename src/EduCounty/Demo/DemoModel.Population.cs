namespace EduCounty.Demo;

/// <summary>
/// The demo county's population by single age (0–18), built as cohorts: each year every age group is last year's group one
/// year younger, times a net in-migration factor, and the newborns follow a falling birth series. The stage totals of the
/// student records follow this population (学前 = 3—5周岁 × 入园率, 义务教育 = 6—14周岁 × 1.012, 高中阶段 = 15—17周岁 ×
/// 毛入学率 − 成人高中), so enrolment falls where births fell (docs/adr/0005, issue 14 §14).
/// </summary>
internal sealed partial class DemoModel
{
    /// <summary>
    /// Births of each cohort relative to the cohort aged 3 at the 2020 census (born 2016-17), by the year the cohort is aged 0.
    /// 新疆 (常住): 15.88‰ (2017) → 10.69‰ (2018) → 8.14‰ (2019) → about 6.9‰ (2020) → 6.16‰ (2021) (forecasting.md §4, ×0.39);
    /// national births 1,723 → 1,062 万 (×0.62). 阜康 lies in 昌吉州 (north, a lower starting rate: 昌吉市 8.35‰ in 2023), so the demo
    /// falls ×0.53 by 2021 — ending near 新疆's 2021 rate — and levels off after.
    /// </summary>
    private static readonly (int Year, double Index)[] Births =
        [(2018, 0.80), (2019, 0.68), (2020, 0.58), (2021, 0.53), (2022, 0.51), (2023, 0.49), (2024, 0.48), (2025, 0.47)];

    /// <summary>Net in-migration per year of age (0–18): 阜康's 城区 draws families (the plan's 巩固率 109.98 % is that inflow).</summary>
    private const double NetMigration = 1.01;

    /// <summary>义务教育在校生 per 6—14周岁 resident (随迁子女 without local 户籍 are counted by residence; 2020: 15083 / 14904).</summary>
    private const double CompulsoryPerResident = 1.012;

    // 学前三年毛入园率 and 高中阶段毛入学率 by year from 2020 (the 2020 values are the plan's 99 and 96.18).
    private static readonly double[] EnrolmentRate3To5 = [0.99, 0.9915, 0.9920, 0.9925, 0.9930, 0.9940];
    private static readonly double[] GrossRate15To17 = [0.9618, 0.966, 0.970, 0.974, 0.978, 0.982];
    private static readonly int[] AdultSenior = [7, 6, 6, 5, 5, 4];

    // 特殊教育学校在校生 and 送教上门 (2020: 45 + 35 随班就读 + 6 送教上门 = the plan's 86, docs/adr/0027).
    private static readonly int[] SpecialSchoolPath = [45, 46, 47, 47, 48, 48];
    private static readonly int[] HomeTeachingPath = [6, 6, 7, 7, 8, 8];

    private readonly Dictionary<int, int[]> _population = [];

    private static int Index(int year) => Math.Clamp(year - 2020, 0, 5);

    private static double BirthIndex(int year) => Births.LastOrDefault(b => b.Year <= year) is { Year: > 0 } b ? b.Index : 1.0;

    /// <summary>The 2020 age structure (the plan's 3—5 and 15—17 populations, 6—14 from the grade sizes), then aged year by year.</summary>
    private void BuildPopulation()
    {
        var first = _o.FirstYear;
        var ages = new int[19];
        var threeToFive = Allocate(Scaled(PlanFigures2020.PopulationAge3To5), [1.00, 1.03, 0.99]);
        Array.Copy(threeToFive, 0, ages, 3, 3);
        var grades = new double[] { 1800, 1780, 1760, 1740, 1700, 1680, 1580, 1540, 1503 };
        var sixToFourteen = Allocate((int)Math.Round(Scaled(PlanFigures2020.Compulsory) / CompulsoryPerResident), grades);
        Array.Copy(sixToFourteen, 0, ages, 6, 9);
        var fifteenToSeventeen = Allocate(Scaled(PlanFigures2020.PopulationAge15To17), [1.0, 1.0, 1.0]);
        Array.Copy(fifteenToSeventeen, 0, ages, 15, 3);
        ages[18] = (int)Math.Round(ages[17] * 1.02);
        for (var a = 0; a <= 2; a++)
        {
            ages[a] = (int)Math.Round(ages[3] * BirthIndex(first - a));
        }

        _population[first] = ages;
        for (var y = first + 1; y <= _o.LastYear; y++)
        {
            var last = _population[y - 1];
            var next = new int[19];
            next[0] = (int)Math.Round(_population[first][3] * BirthIndex(y));
            for (var a = 1; a <= 18; a++)
            {
                next[a] = (int)Math.Round(last[a - 1] * NetMigration);
            }

            _population[y] = next;
        }
    }

    /// <summary>Residents aged <paramref name="from"/> to <paramref name="to"/> at the census of <paramref name="year"/>.</summary>
    private int Residents(int year, int from, int to) => _population[year].Skip(from).Take(to - from + 1).Sum();

    /// <summary>在园幼儿 of a year: the plan's 5669 in 2020, then 3—5周岁 × 毛入园率.</summary>
    private int PreschoolTotal(int year) =>
        year == _o.FirstYear ? Scaled(PlanFigures2020.Preschool) : (int)Math.Round(Residents(year, 3, 5) * EnrolmentRate3To5[Index(year)]);

    /// <summary>义务教育在校生 of a year: the plan's 15083 in 2020, then 6—14周岁 × <see cref="CompulsoryPerResident"/>.</summary>
    private int CompulsoryTotal(int year) =>
        year == _o.FirstYear ? Scaled(PlanFigures2020.Compulsory) : (int)Math.Round(Residents(year, 6, 14) * CompulsoryPerResident);

    /// <summary>高中阶段在校生 (普高 + 中职) of a year: the plan's 4119 in 2020, then 15—17周岁 × 毛入学率 − 成人高中.</summary>
    private int SeniorTotal(int year) =>
        year == _o.FirstYear ? Scaled(PlanFigures2020.SeniorStage)
            : (int)Math.Round(Residents(year, 15, 17) * GrossRate15To17[Index(year)]) - Scaled(AdultSenior[Index(year)]);

    private int SpecialSchoolTotal(int year) => Scaled(SpecialSchoolPath[Index(year)]);

    /// <summary>
    /// 户籍 births per 乡镇 and calendar year (import kind <c>births</c>; forecasting.md §2.2), so the demo's entry grades use
    /// the births method. The county's births of year Y are its cohort aged 0 in Y: for Y from the first census year the
    /// model's age 0, before it the first census's age (first − Y) with the net in-migration taken out (÷ 1.01 a year).
    /// Each 乡镇 gets the share of the county's 一年级 entrants its schools took over the census years, so the entry ratio
    /// of every school stays near its observed one. Synthetic and deterministic (no random draw).
    /// </summary>
    private void BuildBirths()
    {
        var first = _o.FirstYear;
        var townshipOf = Schools.ToDictionary(s => s.Id, s => s.TownshipCode);
        var entrants = StudentYears.Where(s => s.Grade == "P1" && townshipOf.ContainsKey(s.SchoolId))
            .GroupBy(s => townshipOf[s.SchoolId]).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (Code: g.Key, N: (double)g.Count())).ToList();
        if (entrants.Count == 0)
        {
            return;
        }
        var weights = entrants.Select(e => e.N).ToArray();
        for (var y = first - 18; y <= _o.LastYear; y++)
        {
            var county = y >= first ? _population[y][0] : (int)Math.Round(_population[first][first - y] / Math.Pow(NetMigration, first - y));
            var split = Allocate(county, weights);
            for (var t = 0; t < split.Length; t++)
            {
                BirthCounts.Add(new EduCounty.Forecast.Birth { Id = Ids.Birth++, DivisionCode = entrants[t].Code, Year = y, Count = split[t], Source = EduCounty.Forecast.BirthSource.Hukou });
            }
        }
    }
}
