namespace EduCounty.Forecast;

/// <summary>
/// One row of the forecast: a school's grade (or its total, grade "合计") in a year. Classes = ceil(students / 班额标准),
/// seats = classes × 班额标准 (forecasting.md §2.5). <c>Gap</c> (seats needed − seats available, positive = shortage) is
/// on the total row only: classrooms are known per school, not per grade.
/// </summary>
public sealed record ForecastRow(string SchoolCode, string School, string Grade, int Year, int Students, int Classes, int Seats, int? Gap)
{
    public const string Total = "合计";

    /// <summary>Classrooms available (total row) and where the figure comes from.</summary>
    public int? Classrooms { get; init; }
    public string? ClassroomsBasis { get; init; }
    /// <summary>Students per classroom if the school had to hold them in its classrooms, and its band (大班额 risk).</summary>
    public double? PerClassroom { get; init; }
    public string? Risk { get; init; }
}

/// <summary>From projected students to classes, seats and the gap against the classrooms available (forecasting.md §2.5).</summary>
public static class SeatPlan
{
    public static IReadOnlyList<ForecastRow> Rows(IReadOnlyList<ForecastSchool> schools, IReadOnlyList<ForecastCell> cells, ForecastRules rules)
    {
        ArgumentNullException.ThrowIfNull(schools);
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(rules);
        var byId = schools.ToDictionary(s => s.Id);
        var rows = new List<ForecastRow>();
        foreach (var group in cells.GroupBy(c => (c.SchoolId, c.Year)).OrderBy(g => byId[g.Key.SchoolId].Code).ThenBy(g => g.Key.Year))
        {
            var s = byId[group.Key.SchoolId];
            var grades = group.OrderBy(c => Common.Grades.Order(c.Grade)).Select(c =>
            {
                var size = rules.ClassSize.Of(c.Grade);
                var classes = Classes(c.Students, size);
                return new ForecastRow(s.Code, s.Name, c.Grade, c.Year, c.Students, classes, classes * size, null);
            }).ToList();
            rows.AddRange(grades);
            rows.Add(TotalRow(s, group.Key.Year, grades, rules));
        }
        return rows;
    }

    /// <summary>ceil(n / 班额标准): a grade of 271 needs 7 classes at 45 (forecasting.md §2.5).</summary>
    public static int Classes(int students, int classSize) => (students + classSize - 1) / classSize;

    private static ForecastRow TotalRow(ForecastSchool s, int year, List<ForecastRow> grades, ForecastRules rules)
    {
        var students = grades.Sum(r => r.Students);
        var classes = grades.Sum(r => r.Classes);
        var seats = grades.Sum(r => r.Seats);
        int? gap = null;
        double? perRoom = null;
        string? risk = null;
        if (s.Classrooms is { } rooms)
        {
            // Seats available = classrooms × the year's average standard (one stage: its 班额标准; 九年制: weighted by classes).
            var standard = classes > 0 ? (double)seats / classes : rules.ClassSize.Of(grades.Count > 0 ? grades[0].Grade : "P1");
            gap = seats - (int)Math.Round(rooms * standard, MidpointRounding.AwayFromZero);
            if (rooms > 0 && grades.Any(g => g.Grade[0] != 'K'))
            {
                perRoom = Math.Round((double)students / rooms, 1);
                risk = rules.ClassBands.Label(perRoom.Value);
            }
        }
        return new ForecastRow(s.Code, s.Name, ForecastRow.Total, year, students, classes, seats, gap)
        {
            Classrooms = s.Classrooms,
            ClassroomsBasis = s.ClassroomsBasis,
            PerClassroom = perRoom,
            Risk = risk,
        };
    }
}
