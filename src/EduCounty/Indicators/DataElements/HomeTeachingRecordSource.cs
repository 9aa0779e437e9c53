using EduCounty.Common;
using EduCounty.Registry;
using EduCounty.SpecialGroups;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Indicators.DataElements;

/// <summary>送教上门 students counted from the 一人一案 records (SpecialGroups), with the yearly statistic as fallback (docs/adr/0031).</summary>
public sealed record HomeTeachingRule : ElementRule;

/// <summary>
/// 送教上门 students of a unit and 学年 from <see cref="HomeTeachingPlan"/> records (docs/adr/0031): one per plan of the year,
/// except a child who is also in the year's 秋季 snapshot in a 小学、初中 or 特教 grade (already counted as 随班就读 or 特教学校,
/// so never twice). A unit-year without any plan has no value here, and the loader falls back to the statistic
/// <c>enrolment.homeTeaching</c> — the figure stays what it was until the county records its 送教 children.
/// </summary>
internal sealed class HomeTeachingRecordSource : DataElementSource
{
    private const string FromRecords = "送教上门一人一案记录";

    public override bool Handles(ElementRule rule) => rule is HomeTeachingRule;

    public override async Task<SourceValues> LoadAsync(ElementLoad load, IReadOnlyList<DataElement> elements, CancellationToken ct)
    {
        var db = load.Db;
        string[] grades = [.. Grades.Primary, .. Grades.Junior, .. Grades.Special];
        var rows = await db.HomeTeachingPlans.Where(p => p.Year >= load.From && p.Year <= load.To)
            .Join(load.Schools, p => p.SchoolId, s => s.School.Id, (p, s) => new { s.Unit, p.Year, p.StudentId })
            .Select(x => new
            {
                x.Unit,
                x.Year,
                AtSchool = db.Set<StudentYear>().Any(y => y.StudentId == x.StudentId && y.Year == x.Year && grades.Contains(y.Grade)),
            })
            .GroupBy(x => new { x.Unit, x.Year })
            .Select(g => new { g.Key.Unit, g.Key.Year, Plans = g.Count(), Counted = g.Count(x => !x.AtSchool) })
            .ToListAsync(ct);
        return new Values(rows.ToDictionary(r => (r.Unit, r.Year), r => r.Counted));
    }

    private sealed class Values(Dictionary<(string Unit, int Year), int> counts) : SourceValues
    {
        public override ElementValue? Get(DataElement element, string unit, int year) =>
            counts.TryGetValue((unit, year), out var n) ? new ElementValue(n, FromRecords) : null;

        public override string Missing(int year) => $"{YearText(year)} 学年没有送教上门记录";
    }
}
