using EduCounty.Common;
using EduCounty.Indicators;
using EduCounty.Indicators.DataElements;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Plan.Evaluation;

/// <summary>
/// 分乡镇 / 分学校: one indicator of the plan for one school year, by township of the plan's county, or by school of one
/// township (the schools open at the census date, DataScope.School; 教学点 apart), with the township's and the county's
/// own values. The same formula at each scope: school-level data elements are summed by the school's township or by
/// the school; population comes from the township's own rows; county-only statistics (and population at school level)
/// have no value there, with the reason. The county row is the annual evaluation's value when the year is frozen.
/// Used by the web page /plan/drill/{code} and the CLI's <c>plan drill</c>.
/// </summary>
/// <remarks>
/// Only the one indicator is evaluated, for the one year (and the earlier years its formula's offsets name): the units
/// load together in one grouped query per source (GROUP BY township or school), plus one load each for the township's
/// own total and the county.
/// </remarks>
public static class DrillDownIndicator
{
    /// <summary>What to drill into.</summary>
    /// <param name="Plan">The plan (its county and its indicators).</param>
    /// <param name="IndicatorCode">The indicator, e.g. language.teacher_proficiency.</param>
    /// <param name="Year">The school year (the plan's year N = the census of N-(N+1)).</param>
    /// <param name="TownshipCode">Null: by township of the county; a nine-digit code: by school of that township.</param>
    public sealed record Query(PlanDocument Plan, string IndicatorCode, SchoolYear Year, string? TownshipCode = null);

    /// <summary>One unit's value with its parts, in the plan table's unit.</summary>
    /// <param name="Code">Township code, school id, or the county code.</param>
    /// <param name="Name">Its Chinese name.</param>
    /// <param name="Value">The rounded (published) value, or null.</param>
    /// <param name="Numerator">The numerator, or null.</param>
    /// <param name="Denominator">The denominator, or null (also when the formula has none).</param>
    /// <param name="MissingReason">Why there is no value (Chinese), or null.</param>
    public sealed record Row(string Code, string Name, decimal? Value, decimal? Numerator, decimal? Denominator, string? MissingReason);

    /// <summary>The drill-down.</summary>
    /// <param name="Indicator">The plan row.</param>
    /// <param name="Year">The school year.</param>
    /// <param name="AsOf">When the values were computed.</param>
    /// <param name="Township">The township drilled into (its own total), or null when listing townships.</param>
    /// <param name="Rows">Townships (in code order) or that township's open schools (in school-code order, keyed by school id).</param>
    /// <param name="County">The county's value.</param>
    public sealed record Result(PlanIndicator Indicator, SchoolYear Year, DateTimeOffset AsOf, Row? Township, IReadOnlyList<Row> Rows, Row County)
    {
        /// <summary>乡镇 when listing townships, 学校 when listing a township's schools.</summary>
        public string Level => Township is null ? "乡镇" : "学校";
    }

    /// <summary>Evaluates the indicator for each unit.</summary>
    /// <exception cref="RuleException">Unknown indicator, an indicator without a formula, a township not of the plan's
    /// county, or a context restricted to some schools (a county-wide breakdown is for county users only).</exception>
    public static async Task<Result> HandleAsync(EduDb db, Query query, TimeProvider? clock = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(query);
        if (db.SchoolScoped)
        {
            throw new RuleException("分乡镇汇总为全县口径，仅县级用户可以查看");
        }
        var plan = query.Plan;
        var indicator = EvaluatePlan.Indicator(plan, query.IndicatorCode);
        var formula = EvaluatePlan.Compile(indicator)
            ?? throw new RuleException($"指标“{indicator.Name}”在规划文件中没有计算公式，无法分乡镇计算") { Field = "code" };
        var asOf = (clock ?? db.Clock).GetLocalNow();
        var year = query.Year.StartYear;

        Row? township = null;
        List<(string Code, string Name, DataScope Scope)> units;
        if (query.TownshipCode is { Length: > 0 } tc)
        {
            var name = await db.Divisions.AsNoTracking().Where(d => d.Code == tc && d.ParentCode == plan.DivisionCode)
                    .Select(d => d.Name).FirstOrDefaultAsync(ct)
                ?? throw new RuleException($"乡镇/街道代码“{tc}”不是{plan.DivisionName}的乡镇或街道") { Field = "township" };
            township = await EvaluateAsync(db, formula, year, DataScope.Township(tc), tc, name, asOf, ct);
            // Schools open at the census date of the year (a school opened later or closed before has no figures).
            units = [.. (await db.Schools.AsNoTracking().OpenOn(query.Year.CensusDate).Where(s => s.TownshipCode == tc)
                    .OrderBy(s => s.Code).Select(s => new { s.Id, s.Name }).ToListAsync(ct))
                .Select(s => (s.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), s.Name, DataScope.School(s.Id)))];
        }
        else
        {
            units = [.. (await db.Divisions.AsNoTracking().Where(d => d.ParentCode == plan.DivisionCode).OrderBy(d => d.Code)
                    .Select(d => new { d.Code, d.Name }).ToListAsync(ct))
                .Select(d => (d.Code, d.Name, DataScope.Township(d.Code)))];
        }

        // Every unit in one grouped load (GROUP BY township or school), not one load per unit.
        var wanted = formula.Elements.Select(r => (r.Code, year + r.YearOffset)).ToList();
        var level = township is null ? ScopeLevel.Township : ScopeLevel.School;
        var values = units.Count == 0 ? new Dictionary<string, DataElementValues>()
            : await DataElementLoader.LoadManyAsync(db, wanted, level, [.. units.Select(u => u.Scope.Code)], ct);
        var rows = units.Select(u => ToRow(formula, values[u.Scope.Code], year, u.Code, u.Name, asOf)).ToList();
        var county = await FrozenAsync(db, plan, indicator, year, ct)
            ?? await EvaluateAsync(db, formula, year, DataScope.County(plan.DivisionCode), plan.DivisionCode, plan.DivisionName, asOf, ct);
        return new Result(indicator, query.Year, asOf, township, rows, county);
    }

    /// <summary>One unit: the formula's elements for the year (with their offsets) in one batch load, then the value.</summary>
    private static async Task<Row> EvaluateAsync(EduDb db, CompiledIndicator formula, int year, DataScope scope, string code, string name,
        DateTimeOffset asOf, CancellationToken ct)
    {
        var values = await DataElementLoader.LoadAsync(db, formula.Elements.Select(r => (r.Code, year + r.YearOffset)), scope, ct);
        return ToRow(formula, values, year, code, name, asOf);
    }

    private static Row ToRow(CompiledIndicator formula, DataElementValues values, int year, string code, string name, DateTimeOffset asOf)
    {
        var v = formula.Evaluate(values.For(year), asOf, DataElementCatalog.NameOf);
        return new Row(code, name, v.RoundedValue, v.Numerator, v.Denominator, v.MissingReason);
    }

    /// <summary>The county's value from the year's annual evaluation, when the year is frozen (as the dashboard shows it).</summary>
    private static async Task<Row?> FrozenAsync(EduDb db, PlanDocument plan, PlanIndicator indicator, int year, CancellationToken ct)
    {
        var frozen = await db.PlanYearFreezes.AsNoTracking()
            .Where(f => f.PlanCode == plan.Code && f.DivisionCode == plan.DivisionCode && f.Year == year)
            .SelectMany(f => f.Values).Where(v => v.IndicatorCode == indicator.Code)
            .Select(v => new { v.RoundedValue, v.Numerator, v.Denominator, v.MissingReason })
            .FirstOrDefaultAsync(ct);
        return frozen is null ? null : new Row(plan.DivisionCode, plan.DivisionName, frozen.RoundedValue, frozen.Numerator, frozen.Denominator, frozen.MissingReason);
    }
}
