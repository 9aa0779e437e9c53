using EduCounty.Teachers;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Indicators.DataElements;

/// <summary>
/// 教师队伍 records (issue 16: training, rotation roster, titles, enterprise practice): the figures asked, counted by
/// <see cref="CountTeacherFigures"/> (its grouped queries per kind of record) once for all schools of the load.
/// </summary>
internal sealed class TeacherRecordSource : DataElementSource
{
    private const string FromTeachers = "教师队伍记录（培训、交流轮岗、称号）";

    public override bool Handles(ElementRule rule) => rule is TeacherRecordRule;

    public override async Task<SourceValues> LoadAsync(ElementLoad load, IReadOnlyList<DataElement> elements, CancellationToken ct)
    {
        var figures = elements.Select(e => ((TeacherRecordRule)e.Rule).Figure).Distinct().ToList();
        // One count for every school of the load (the figures are per school), then summed per unit: a region's load
        // of many counties costs the same queries as one county's.
        var set = await CountTeacherFigures.HandleAsync(load.Db, load.Schools.Select(x => x.School), load.Years, figures, TeacherRules.National, ct);
        var units = (await load.Schools.Select(x => new { x.School.Id, x.Unit }).ToListAsync(ct))
            .GroupBy(x => x.Unit, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlySet<int>)g.Select(x => x.Id).ToHashSet(), StringComparer.Ordinal);
        return new Values(set, units);
    }

    private sealed class Values(TeacherFigureSet set, Dictionary<string, IReadOnlySet<int>> units) : SourceValues
    {
        public override ElementValue? Get(DataElement element, string unit, int year) =>
            set.Total(((TeacherRecordRule)element.Rule).Figure, year, units.GetValueOrDefault(unit) ?? new HashSet<int>()) is { } v
                ? new ElementValue(v, FromTeachers) : null;

        public override string Missing(int year) => $"{YearText(year)} 学年没有所需的教师队伍记录";
    }
}
