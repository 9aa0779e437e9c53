using EduCounty.Teachers;

namespace EduCounty.Indicators.DataElements;

/// <summary>
/// 教师队伍 records (issue 16: training, rotation roster, titles, enterprise practice): the figures asked, counted by
/// <see cref="CountTeacherFigures"/> (its grouped queries per kind of record) for each unit's schools.
/// </summary>
internal sealed class TeacherRecordSource : DataElementSource
{
    private const string FromTeachers = "教师队伍记录（培训、交流轮岗、称号）";

    public override bool Handles(ElementRule rule) => rule is TeacherRecordRule;

    public override async Task<SourceValues> LoadAsync(ElementLoad load, IReadOnlyList<DataElement> elements, CancellationToken ct)
    {
        var figures = elements.Select(e => ((TeacherRecordRule)e.Rule).Figure).Distinct().ToList();
        var sets = new Dictionary<string, TeacherFigureSet>(StringComparer.Ordinal);
        foreach (var unit in load.Units)
        {
            var schools = load.Schools.Where(x => x.Unit == unit).Select(x => x.School);
            sets[unit] = await CountTeacherFigures.HandleAsync(load.Db, schools, load.Years, figures, TeacherRules.National, ct);
        }
        return new Values(sets);
    }

    private sealed class Values(Dictionary<string, TeacherFigureSet> sets) : SourceValues
    {
        public override ElementValue? Get(DataElement element, string unit, int year) =>
            sets.TryGetValue(unit, out var set) && set.Total(((TeacherRecordRule)element.Rule).Figure, year) is { } v ? new ElementValue(v, FromTeachers) : null;

        public override string Missing(int year) => $"{YearText(year)} 学年没有所需的教师队伍记录";
    }
}
