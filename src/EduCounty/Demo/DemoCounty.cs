using System.Diagnostics;
using EduCounty.Common;
using EduCounty.Common.Protection;
using EduCounty.Fitness;
using EduCounty.Forecast;
using EduCounty.Registry;
using EduCounty.Security;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Demo;

/// <summary>Figures of one generation run.</summary>
public sealed record DemoSummary(int Counties, int Schools, int Students, int StudentYears, int Staff, long Rows, TimeSpan Elapsed)
{
    public double RowsPerSecond => Rows / Math.Max(Elapsed.TotalSeconds, 1e-9);
}

/// <summary>
/// The deterministic demo county (fixed seed): 阜康市 with its townships, the plan's 32 schools (plus 教学点
/// and the schools its projects open), students and staff as records, 2020-2021 to 2025-2026. The 2020
/// census carries the plan's own 2020 headcounts exactly (<see cref="PlanFigures2020"/>).
/// </summary>
public static class DemoCounty
{
    public const int DefaultSeed = 652302;

    public static async Task<DemoSummary> GenerateAsync(EduDb db, PersonalDataProtector protector, DemoOptions? options = null, CancellationToken ct = default)
    {
        options ??= new DemoOptions();
        if (await db.Schools.AnyAsync(s => s.CountyCode == options.CountyCode, ct))
        {
            throw new RuleException($"数据库中已有{options.CountyName}（{options.CountyCode}）的学校，未重复生成示例数据");
        }
        var sw = Stopwatch.StartNew();
        var ids = await NextIdsAsync(db, ct);
        var model = new DemoModel(options, protector, ids).Build();
        var rows = await WriteAsync(db, model, ct);
        await ResetIdentitiesAsync(db, ct);
        // 教师队伍 records read from the staff just written (issue 16).
        rows += await DemoTeachers.FillAsync(db, options.CountyCode, options.FirstYear, options.LastYear, ct);
        // The plan's tasks, projects and 问题台账 with synthetic progress (only for the county the shipped plan is about).
        var plan = Plan.PlanLoader.LoadDefault();
        if (plan.DivisionCode == options.CountyCode)
        {
            await DemoPlanProgress.FillAsync(db, plan, ct);
        }
        await DemoSafetySupervision.FillAsync(db, options.CountyCode, ct);
        await DemoDropout.FillAsync(db, options.LastYear, ct);
        await DemoAid.FillAsync(db, protector, options.CountyCode, options.LastYear, ct);
        await DemoGroups.FillAsync(db, protector, options.CountyCode, options.LastYear, ct);
        await db.AuditAsync("demo", "County", options.CountyCode,
            $"生成示例数据：{options.CountyName}，学校 {model.Schools.Count} 所，学生 {model.Students.Count} 人，教职工 {model.Staff.Count} 人，{rows} 行", ct);
        sw.Stop();
        await Database.AnalyzeAsync(db, ct);
        return new DemoSummary(1, model.Schools.Count, model.Students.Count, model.StudentYears.Count, model.Staff.Count, rows, sw.Elapsed);
    }

    /// <summary>Builds the county in memory only (the baseline of the demo benchmark); returns the row count.</summary>
    public static (int Rows, int Students) BuildInMemory(PersonalDataProtector protector, DemoOptions? options = null)
    {
        var m = new DemoModel(options ?? new DemoOptions(), protector, new DemoIds()).Build();
        var rows = m.Divisions.Count + m.Groups.Count + m.Schools.Count + m.Affiliations.Count + m.Classes.Count + m.Students.Count
            + m.Students.Sum(s => s.Changes.Count) + m.StudentYears.Count + m.Enrolments.Count + m.Staff.Count
            + m.Staff.Sum(s => s.Assignments.Count) + m.StaffYears.Count + m.Facilities.Count + m.Finances.Count
            + m.Population.Count + m.BirthCounts.Count + m.Statistics.Count + m.FitnessTests.Count + m.VisionScreenings.Count;
        return (rows, m.Students.Count);
    }

    /// <summary>
    /// Many synthetic counties for benchmarks (prefecture ≈ 8 counties, province ≈ 100 counties and 6 million
    /// students): one census year each, written county by county through the bulk path.
    /// </summary>
    public static async Task<DemoSummary> GenerateRegionAsync(EduDb db, PersonalDataProtector protector, int counties, double scale,
        IProgress<string>? progress = null, CancellationToken ct = default)
    {
        var sw = Stopwatch.StartNew();
        long rows = 0;
        int schools = 0, students = 0, years = 0, staff = 0;
        var region = new List<Division>();
        var firstDivision = (await db.Divisions.MaxAsync(d => (int?)d.Id, ct) ?? 0) + 1;
        for (var c = 0; c < counties; c++)
        {
            // Synthetic county codes under 新疆 (65): 6590xx … never real division codes beyond 阜康.
            var code = $"659{c / 100 % 10}{c % 100:D2}";
            region.Add(new Division { Id = firstDivision + c, Code = code, Name = $"示例县{c + 1:D3}", Level = 3, ParentCode = "650000" });
        }
        await BulkWriter.WriteAsync(db, region, ct);
        foreach (var (county, c) in region.Select((d, i) => (d, i)))
        {
            ct.ThrowIfCancellationRequested();
            var ids = await NextIdsAsync(db, ct);
            var options = new DemoOptions
            {
                CountyCode = county.Code,
                CountyName = county.Name,
                FirstYear = 2020,
                LastYear = 2020,
                Scale = scale,
                Seed = DefaultSeed + c + 1,
                PlanFigures = false,
                // The region benchmark measures the registry path; fitness rows would double its size.
                Fitness = false,
            };
            var model = new DemoModel(options, protector, ids).Build();
            model.Divisions.RemoveAll(d => d.Code == county.Code);
            rows += await WriteAsync(db, model, ct);
            schools += model.Schools.Count;
            students += model.Students.Count;
            years += model.StudentYears.Count;
            staff += model.Staff.Count;
            progress?.Report($"{c + 1}/{counties} {county.Name}: 学生 {students:N0}，累计 {rows:N0} 行，{rows / sw.Elapsed.TotalSeconds:N0} 行/秒");
        }
        await ResetIdentitiesAsync(db, ct);
        sw.Stop();
        await Database.AnalyzeAsync(db, ct);
        return new DemoSummary(counties, schools, students, years, staff, rows + region.Count, sw.Elapsed);
    }

    private static async Task<DemoIds> NextIdsAsync(EduDb db, CancellationToken ct)
    {
        async Task<int> Next<T>(IQueryable<T> q, System.Linq.Expressions.Expression<Func<T, int>> id) where T : class =>
            ((await q.Select(id).Select(x => (int?)x).MaxAsync(ct)) ?? 0) + 1;
        return new DemoIds
        {
            Division = await Next(db.Divisions, x => x.Id),
            Group = await Next(db.EducationGroups, x => x.Id),
            School = await Next(db.Schools, x => x.Id),
            Affiliation = await Next(db.SchoolAffiliations, x => x.Id),
            Class = await Next(db.Classes, x => x.Id),
            Student = await Next(db.Students, x => x.Id),
            Change = await Next(db.StatusChanges, x => x.Id),
            StudentYear = await Next(db.StudentYears, x => x.Id),
            Enrolment = await Next(db.GradeEnrolments, x => x.Id),
            Staff = await Next(db.Staff, x => x.Id),
            Assignment = await Next(db.StaffAssignments, x => x.Id),
            StaffYear = await Next(db.StaffYears, x => x.Id),
            Facility = await Next(db.Facilities, x => x.Id),
            Finance = await Next(db.Finances, x => x.Id),
            Population = await Next(db.AgePopulations, x => x.Id),
            Birth = await Next(db.Births, x => x.Id),
            Statistic = await Next(db.YearlyStatistics, x => x.Id),
            FitnessTest = await Next(db.FitnessTests, x => x.Id),
            Vision = await Next(db.VisionScreenings, x => x.Id),
        };
    }

    private static async Task<long> WriteAsync(EduDb db, DemoModel m, CancellationToken ct)
    {
        var own = db.Database.CurrentTransaction is null;
        await using var tx = own ? await db.Database.BeginTransactionAsync(ct) : null;
        long n = 0;
        n += await BulkWriter.WriteAsync(db, m.Divisions, ct);
        n += await BulkWriter.WriteAsync(db, m.Groups, ct);
        n += await BulkWriter.WriteAsync(db, m.Schools.OrderBy(s => s.ParentSchoolId is null ? 0 : 1).ThenBy(s => s.Id), ct);
        n += await BulkWriter.WriteAsync(db, m.Affiliations, ct);
        n += await BulkWriter.WriteAsync(db, m.Classes, ct);
        n += await BulkWriter.WriteAsync(db, m.Students, ct);
        n += await BulkWriter.WriteAsync(db, m.Students.SelectMany(s => s.Changes), ct);
        n += await BulkWriter.WriteAsync(db, m.StudentYears, ct);
        n += await BulkWriter.WriteAsync(db, m.Enrolments, ct);
        n += await BulkWriter.WriteAsync(db, m.Staff, ct);
        n += await BulkWriter.WriteAsync(db, m.Staff.SelectMany(s => s.Assignments), ct);
        n += await BulkWriter.WriteAsync(db, m.StaffYears, ct);
        n += await BulkWriter.WriteAsync(db, m.Facilities, ct);
        n += await BulkWriter.WriteAsync(db, m.Finances, ct);
        n += await BulkWriter.WriteAsync(db, m.Population, ct);
        n += await BulkWriter.WriteAsync(db, m.BirthCounts, ct);
        n += await BulkWriter.WriteAsync(db, m.Statistics, ct);
        n += await BulkWriter.WriteAsync(db, m.FitnessTests, ct);
        n += await BulkWriter.WriteAsync(db, m.VisionScreenings, ct);
        if (tx is not null)
        {
            await tx.CommitAsync(ct);
        }
        return n;
    }

    private static async Task ResetIdentitiesAsync(EduDb db, CancellationToken ct)
    {
        await BulkWriter.ResetIdentityAsync<Division>(db, ct);
        await BulkWriter.ResetIdentityAsync<EducationGroup>(db, ct);
        await BulkWriter.ResetIdentityAsync<School>(db, ct);
        await BulkWriter.ResetIdentityAsync<SchoolAffiliation>(db, ct);
        await BulkWriter.ResetIdentityAsync<SchoolClass>(db, ct);
        await BulkWriter.ResetIdentityAsync<Student>(db, ct);
        await BulkWriter.ResetIdentityAsync<StatusChange>(db, ct);
        await BulkWriter.ResetIdentityAsync<StudentYear>(db, ct);
        await BulkWriter.ResetIdentityAsync<GradeEnrolment>(db, ct);
        await BulkWriter.ResetIdentityAsync<Staff>(db, ct);
        await BulkWriter.ResetIdentityAsync<StaffAssignment>(db, ct);
        await BulkWriter.ResetIdentityAsync<StaffYear>(db, ct);
        await BulkWriter.ResetIdentityAsync<Facility>(db, ct);
        await BulkWriter.ResetIdentityAsync<Finance>(db, ct);
        await BulkWriter.ResetIdentityAsync<AgePopulation>(db, ct);
        await BulkWriter.ResetIdentityAsync<Birth>(db, ct);
        await BulkWriter.ResetIdentityAsync<YearlyStatistic>(db, ct);
        await BulkWriter.ResetIdentityAsync<Fitness.FitnessTest>(db, ct);
        await BulkWriter.ResetIdentityAsync<Fitness.VisionScreening>(db, ct);
    }
}
