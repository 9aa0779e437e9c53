using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Periods;

/// <summary>
/// What the reviewer (乡镇, county) sees beside each grade of a school's census form (issue 22 §5): last year's figure of
/// the same grade and of the cohort (one grade lower last year), the 学籍 count of that school × grade at this year's census
/// (<see cref="StudentYear"/>, as <see cref="ReconcileCensus"/> counts it; shared/reference/census.md "学籍 vs 统计") and
/// the difference; and whether the change from last year is beyond the jump of <see cref="PeriodRules"/> (then the
/// school must give a reason on submit).
/// </summary>
public static class CensusReconciliation
{
    /// <param name="Students">This year's 在校生 (男 + 女) of the grade.</param>
    /// <param name="LastYearSame">Last year's 在校生 of the same grade (null: no figures last year).</param>
    /// <param name="LastYearCohort">Last year's 在校生 one grade lower (the same cohort; null for an entry grade or no figures).</param>
    /// <param name="Records">学籍 at this year's census for the school × grade (null: no 学籍 imported for the school and year).</param>
    /// <param name="Jump">The change against <see cref="Base"/> is beyond the jump.</param>
    public sealed record Row(string Grade, int Students, int? LastYearSame, int? LastYearCohort, int? Records, bool Jump)
    {
        /// <summary>在校生 − 学籍.</summary>
        public int? Difference => Records is { } r ? Students - r : null;

        /// <summary>What the jump compares with: the cohort, else the same grade (entry grades).</summary>
        public int? Base => LastYearCohort ?? LastYearSame;

        /// <summary>The change against <see cref="Base"/> in % of it, one decimal (null when there is no base or it is 0).</summary>
        public decimal? ChangePercent => Base is { } b and > 0 ? Math.Round((Students - b) * 100m / b, 1) : null;
    }

    /// <summary>The rows of a form (pure): <paramref name="records"/> grade → 学籍 count, empty when none was imported.</summary>
    public static List<Row> Rows(CensusEntry.Form form, IReadOnlyDictionary<string, int> records, PeriodRules rules)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(rules);
        var grades = form.Lines.Select(l => l.Grade).ToList();
        int? Last(string? grade) => grade is not null && form.LastYear.TryGetValue(grade, out var l) ? l.StudentsMale + l.StudentsFemale : null;
        return [.. form.Lines.Select(l =>
        {
            var students = l.StudentsMale + l.StudentsFemale;
            var i = grades.IndexOf(l.Grade);
            var lower = !Grades.IsEntryGrade(l.Grade) && i > 0 && Grades.Next(grades[i - 1]) == l.Grade ? grades[i - 1] : null;
            var same = Last(l.Grade);
            var cohort = Last(lower);
            int? rec = records.Count == 0 ? null : records.GetValueOrDefault(l.Grade);
            var b = cohort ?? same;
            return new Row(l.Grade, students, same, cohort, rec, b is { } bv && rules.IsJump(bv, students));
        })];
    }

    /// <summary>The rows of one school and year, read through the context's scope.</summary>
    public static async Task<List<Row>> HandleAsync(EduDb db, CensusEntry.Form form, PeriodRules rules, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(form);
        var records = await db.StudentYears.AsNoTracking().Where(s => s.SchoolId == form.SchoolId && s.Year == form.Year)
            .GroupBy(s => s.Grade).Select(g => new { Grade = g.Key, N = g.Count() }).ToDictionaryAsync(g => g.Grade, g => g.N, ct);
        return Rows(form, records, rules);
    }

    /// <summary>The jumps as one Chinese phrase each, e.g. "三年级 50 人（上年二年级 38 人，+31.6%）".</summary>
    public static IEnumerable<string> JumpTexts(IEnumerable<Row> rows, IReadOnlyList<string> grades) =>
        rows.Where(r => r.Jump).Select(r =>
        {
            var i = grades.ToList().IndexOf(r.Grade);
            var baseLabel = r.LastYearCohort is not null ? "上年" + Grades.Label(grades[i - 1]) : "上年同年级";
            var pct = r.ChangePercent is { } p ? $"，{(p > 0 ? "+" : "")}{p:0.#}%" : "";
            return $"{Grades.Label(r.Grade)} {r.Students} 人（{baseLabel} {r.Base} 人{pct}）";
        });
}
