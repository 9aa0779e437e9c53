using EduCounty.Common;
using EduCounty.Plan.Progress;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Forecast;

/// <summary>
/// Loads the forecast's history from the database, aggregated there: enrolment by school, grade and year (the autumn
/// census, both sexes summed), births, the 小升初 flows from the 学籍 snapshots (六年级 at A in t and 初一 at B in t+1),
/// the housing pipeline and each school's classrooms available.
/// </summary>
public static class ReadForecastHistory
{
    public const string MediaRoomsBasis = "网络多媒体教室间数（以之代普通教室数）";
    public const string ClassesBasis = "历年最多班数（无教室数据）";

    public static async Task<ForecastHistory> HandleAsync(EduDb db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        string[] grades = [.. Grades.Preschool, .. Grades.Primary, .. Grades.Junior];
        var enrolment = (await db.GradeEnrolments
            .Where(e => grades.Contains(e.Grade))
            .GroupBy(e => new { e.SchoolId, e.Year, e.Grade })
            .Select(g => new { g.Key.SchoolId, g.Key.Year, g.Key.Grade, Students = g.Sum(e => e.Students) })
            .ToListAsync(ct)).ToDictionary(e => (e.SchoolId, e.Grade, e.Year), e => e.Students);
        var last = enrolment.Count == 0 ? 0 : enrolment.Keys.Max(k => k.Year);
        var rooms = await ClassroomsAsync(db, last, ct);
        var schools = (await db.Schools.AsNoTracking()
            .Select(s => new { s.Id, s.Code, s.Name, s.Type, s.TownshipCode, s.CountyCode }).ToListAsync(ct))
            .Select(s => rooms.TryGetValue(s.Id, out var r)
                ? new ForecastSchool(s.Id, s.Code, s.Name, s.Type, s.TownshipCode, s.CountyCode, r.Rooms, r.Basis)
                : new ForecastSchool(s.Id, s.Code, s.Name, s.Type, s.TownshipCode, s.CountyCode))
            .ToList();
        var births = await db.Births.AsNoTracking().Select(b => new BirthCount(b.DivisionCode, b.Year, b.Source, b.Count)).ToListAsync(ct);
        var flows = await (from a in db.StudentYears
                           join b in db.StudentYears on a.StudentId equals b.StudentId
                           where a.Grade == "P6" && b.Grade == "J1" && b.Year == a.Year + 1
                           group a by new { From = a.SchoolId, To = b.SchoolId, a.Year } into g
                           select new SixthGradeFlow(g.Key.From, g.Key.To, g.Key.Year, g.Count())).ToListAsync(ct);
        var housing = await db.HousingProjects.AsNoTracking().Where(p => p.SchoolId != null)
            .Select(p => new HousingInput(p.SchoolId!.Value, p.Households, p.CompletionYear)).ToListAsync(ct);
        var townshipCodes = schools.Select(s => s.TownshipCode).Distinct().ToList();
        var townships = (await db.Divisions.AsNoTracking().Where(d => townshipCodes.Contains(d.Code)).Select(d => new { d.Code, d.Name }).ToListAsync(ct))
            .GroupBy(d => d.Code).ToDictionary(g => g.Key, g => g.First().Name);
        var projects = (await db.PlanProjects.AsNoTracking()
                .Where(p => p.NewSeats > p.SeatsDelivered && p.CompletedOn == null)
                .Select(p => new { p.SchoolId, p.Name, p.Schools, p.NewSeats, p.SeatsDelivered, p.Deadline })
                .ToListAsync(ct))
            .Select(p => new ProjectCapacity(p.SchoolId, p.Name, p.Schools, p.NewSeats!.Value - p.SeatsDelivered,
                // A deadline from September on serves the next school year; an overdue or undated one, the next census year.
                Math.Max(last + 1, p.Deadline is { } d ? (d.Month >= 9 ? d.Year + 1 : d.Year) : last + 1)))
            .ToList();
        return new ForecastHistory
        {
            Schools = schools,
            Enrolment = enrolment,
            Births = births,
            Flows = flows,
            Housing = housing,
            Projects = projects,
            Townships = townships,
        };
    }

    /// <summary>
    /// Classrooms available per school: the model has no 普通教室 count, so the latest 网络多媒体教室间数 (every ordinary
    /// classroom is a multimedia one under the 优质均衡 standard) is read as the classroom count; a school without it takes
    /// the most classes it has run (census 班数). Each figure states its basis.
    /// </summary>
    private static async Task<Dictionary<int, (int Rooms, string Basis)>> ClassroomsAsync(EduDb db, int last, CancellationToken ct)
    {
        var media = await db.Facilities.Where(f => f.Year <= last && f.MultimediaClassrooms > 0)
            .GroupBy(f => f.SchoolId)
            .Select(g => new { SchoolId = g.Key, Rooms = g.OrderByDescending(f => f.Year).Select(f => f.MultimediaClassrooms).First() })
            .ToListAsync(ct);
        var classes = (await db.GradeEnrolments.Where(e => e.Classes != null)
            .GroupBy(e => new { e.SchoolId, e.Year, e.Grade })
            .Select(g => new { g.Key.SchoolId, g.Key.Year, Classes = g.Max(e => e.Classes!.Value) })
            .ToListAsync(ct))
            .GroupBy(x => (x.SchoolId, x.Year)).Select(g => (g.Key.SchoolId, Classes: g.Sum(x => x.Classes)))
            .GroupBy(x => x.SchoolId).ToDictionary(g => g.Key, g => g.Max(x => x.Classes));
        var result = classes.Where(p => p.Value > 0).ToDictionary(p => p.Key, p => (p.Value, ClassesBasis));
        foreach (var m in media)
        {
            result[m.SchoolId] = (m.Rooms, MediaRoomsBasis);
        }
        return result;
    }
}
