using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.SpecialGroups;

/// <summary>
/// The special groups of one 学年 as of a day, in the caller's scope (a school sees its own): (1) the placement of the
/// disabled 适龄 children (特教学校 / 随班就读 / 送教上门, codes.md §9) and the 送教上门 一人一案 with hours delivered against
/// the plan (dropout-prevention.md §6); (2) 资源教室 per school with the flag of a school having ≥ the threshold of
/// 随班就读 pupils and no room; (3) 留守儿童 without a contact teacher or without a care record in the term; (4) 随迁子女
/// in 公办 schools per stage and county (两为主, balance-rules.md G15 ≥ 85 %).
/// </summary>
public static class GetGroupsReport
{
    public sealed record PlacementCounts(int SpecialSchool, int Regular, int HomeTeaching)
    {
        public int Total => SpecialSchool + Regular + HomeTeaching;
    }

    /// <summary>A 送教上门 plan with its delivery. <see cref="Name"/> is masked unless the caller may see it (it tells the disability).</summary>
    public sealed record HomeTeachingRow(int PlanId, int StudentId, string Name, int SchoolId, string School, string Teacher, int PlannedVisits, decimal PlannedHours,
        int Visits, decimal DeliveredHours, DateOnly? LastVisit, bool Overdue, bool CountedAtSchool)
    {
        /// <summary>课时完成率 (%), one decimal.</summary>
        public decimal DeliveredShare => PlannedHours == 0 ? 0 : Math.Round(DeliveredHours * 100 / PlannedHours, 1);
    }

    public sealed record ResourceRoomRow(int SchoolId, string School, string Township, int RegularPupils, bool HasRoom, decimal? Area, int? YearBuilt,
        ResourceTeacherKind TeacherKind, bool Flagged);

    public sealed record LeftBehindRow(int StudentId, string Name, int SchoolId, string School, string Grade, string? ContactTeacher, DateOnly? LastRecord,
        bool NoContact, bool NoRecordInTerm);

    public sealed record LeftBehindPart(string Term, DateOnly TermFrom, DateOnly TermTo, int Children, int WithContact, int CaredInTerm, IReadOnlyList<LeftBehindRow> Flagged);

    /// <summary>
    /// 随迁子女 of a stage: <see cref="InPublic"/> counts those in 公办 schools and those holding a place the government bought
    /// at a 民办 school (<see cref="Purchased"/>, a part of it; balance-rules.md G15, docs/adr/0038).
    /// </summary>
    public sealed record MigrantRow(string Stage, int Migrants, int InPublic, int Purchased = 0)
    {
        public decimal? Share => Migrants == 0 ? null : Math.Round(InPublic * 100m / Migrants, 2);
    }

    public sealed record MigrantPart(IReadOnlyList<MigrantRow> ByStage, MigrantRow Compulsory, decimal Threshold, bool? Meets);

    public sealed record Report(SchoolYear Year, DateOnly AsOf, PlacementCounts Placements, IReadOnlyList<HomeTeachingRow> HomeTeaching,
        IReadOnlyList<ResourceRoomRow> ResourceRooms, LeftBehindPart LeftBehind, MigrantPart Migrants, GroupsRules Rules)
    {
        public decimal PlannedHours => HomeTeaching.Sum(r => r.PlannedHours);
        public decimal DeliveredHours => HomeTeaching.Sum(r => r.DeliveredHours);
        public int OverdueHomeTeaching => HomeTeaching.Count(r => r.Overdue);
        public int FlaggedSchools => ResourceRooms.Count(r => r.Flagged);
    }

    /// <param name="showNames">The caller may see who is taught at home (<see cref="GroupsAccess.SensitiveRoles"/>); others get masked names.</param>
    /// <param name="schoolId">One school only (the per-school page), or null for the whole scope.</param>
    public static async Task<Report> HandleAsync(EduDb db, GroupsRules rules, SchoolYear year, DateOnly asOf, bool showNames, int? schoolId = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rules);
        var day = asOf < year.LastDay ? asOf : year.LastDay;
        var schools = await db.Schools.AsNoTracking().Where(s => schoolId == null || s.Id == schoolId)
            .Select(s => new { s.Id, s.Name, s.Type, s.Ownership, s.TownshipCode, s.IsTeachingPoint }).ToListAsync(ct);
        var ids = schools.Select(s => s.Id).ToList();
        var byId = schools.ToDictionary(s => s.Id);
        var towns = await db.Divisions.AsNoTracking().Where(d => d.Level == 4).ToDictionaryAsync(d => d.Code, d => d.Name, ct);

        // (1) Placements of the disabled 适龄 children in the year's 秋季 snapshot, plus the 送教上门 records.
        var disabled = await db.StudentYears.AsNoTracking().Where(y => y.Year == year.StartYear && ids.Contains(y.SchoolId))
            .Join(db.Students.Where(s => s.Disabled), y => y.StudentId, s => s.Id, (y, s) => new { y.SchoolId, y.Grade, s.BirthDate, s.Id })
            .ToListAsync(ct);
        bool Aged(DateOnly birth) => HomeTeaching.AgeAt(birth, year.StartYear) is var a && a >= rules.HomeTeachingAge.From && a <= rules.HomeTeachingAge.To;
        var atSchool = disabled.Where(d => Aged(d.BirthDate) && (Grades.IsCompulsory(d.Grade) || d.Grade[0] == 'X')).ToList();
        var inSnapshot = disabled.Select(d => d.Id).ToHashSet();

        var plans = await db.HomeTeachingPlans.AsNoTracking().Include(p => p.Visits).Where(p => p.Year == year.StartYear && ids.Contains(p.SchoolId)).ToListAsync(ct);
        var planStudents = plans.Select(p => p.StudentId).ToList();
        var names = await db.Students.AsNoTracking().Where(s => planStudents.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var homeRows = plans.Select(p =>
        {
            var visits = p.Visits.Where(v => v.Date <= day).ToList();
            var last = visits.Count == 0 ? (DateOnly?)null : visits.Max(v => v.Date);
            var since = last ?? (p.CreatedOn > year.FirstDay ? p.CreatedOn : year.FirstDay);
            var overdue = asOf <= year.LastDay && day.DayNumber - since.DayNumber > rules.VisitGapDays;
            var name = names.GetValueOrDefault(p.StudentId) ?? "";
            return new HomeTeachingRow(p.Id, p.StudentId, showNames ? name : Mask(name), p.SchoolId, byId[p.SchoolId].Name, p.Teacher, p.PlannedVisits, p.PlannedHours,
                visits.Count, visits.Sum(v => v.Hours), last, overdue, inSnapshot.Contains(p.StudentId));
        }).OrderBy(r => r.School, StringComparer.Ordinal).ThenBy(r => r.PlanId).ToList();
        var placements = new PlacementCounts(atSchool.Count(d => d.Grade[0] == 'X'), atSchool.Count(d => Grades.IsCompulsory(d.Grade)),
            homeRows.Count(r => !r.CountedAtSchool));

        // (2) 资源教室: ordinary schools with compulsory grades (not 特教学校, not 教学点 which count with their school).
        var regular = disabled.Where(d => Grades.IsCompulsory(d.Grade)).GroupBy(d => d.SchoolId).ToDictionary(g => g.Key, g => g.Count());
        var rooms = await db.ResourceRooms.AsNoTracking().Where(r => ids.Contains(r.SchoolId)).ToDictionaryAsync(r => r.SchoolId, ct);
        SchoolType[] ordinary = [SchoolType.Primary, SchoolType.Junior, SchoolType.NineYear, SchoolType.Complete, SchoolType.TwelveYear];
        var roomRows = schools.Where(s => ordinary.Contains(s.Type) && !s.IsTeachingPoint)
            .Select(s =>
            {
                var n = regular.GetValueOrDefault(s.Id);
                var room = rooms.GetValueOrDefault(s.Id);
                var has = room?.HasRoom == true;
                return new ResourceRoomRow(s.Id, s.Name, towns.GetValueOrDefault(s.TownshipCode) ?? s.TownshipCode, n, has, room?.Area, room?.YearBuilt,
                    room?.TeacherKind ?? ResourceTeacherKind.None, n >= rules.ResourceRoomThreshold && !has);
            })
            .OrderByDescending(r => r.Flagged).ThenByDescending(r => r.RegularPupils).ThenBy(r => r.School, StringComparer.Ordinal).ToList();

        // (3) 留守儿童 on the roll now: contact teacher and a care record in the term of the day.
        var (from, to, label) = GroupsRules.TermOf(day);
        var children = await db.Students.AsNoTracking().Where(s => s.LeftBehindChild && s.Status == StudentStatus.Enrolled && ids.Contains(s.SchoolId))
            .Select(s => new { s.Id, s.Name, s.SchoolId, s.Grade }).ToListAsync(ct);
        var cares = await db.LeftBehindCares.AsNoTracking().Where(c => ids.Contains(c.SchoolId))
            .Select(c => new { c.StudentId, c.ContactTeacher, Last = c.Records.Where(r => r.Date <= day).Max(r => (DateOnly?)r.Date), InTerm = c.Records.Count(r => r.Date >= from && r.Date <= day) })
            .ToDictionaryAsync(c => c.StudentId, ct);
        var lbRows = children.Select(c =>
        {
            var care = cares.GetValueOrDefault(c.Id);
            return new LeftBehindRow(c.Id, c.Name, c.SchoolId, byId[c.SchoolId].Name, c.Grade, care?.ContactTeacher, care?.Last, care is null,
                (care?.InTerm ?? 0) < rules.CareRecordsPerTerm);
        }).ToList();
        var leftBehind = new LeftBehindPart(label, from, to, lbRows.Count, lbRows.Count(r => !r.NoContact), lbRows.Count(r => !r.NoRecordInTerm),
            [.. lbRows.Where(r => r.NoContact || r.NoRecordInTerm).OrderBy(r => r.School, StringComparer.Ordinal).ThenBy(r => r.Grade, StringComparer.Ordinal).ThenBy(r => r.StudentId)]);

        // (4) 随迁子女 by stage in the year's snapshot: in 公办 schools vs all.
        var migrants = await db.StudentYears.AsNoTracking().Where(y => y.Year == year.StartYear && ids.Contains(y.SchoolId))
            .Join(db.Students.Where(s => s.MigrantChild), y => y.StudentId, s => s.Id, (y, s) => new { y.SchoolId, y.Grade })
            .GroupBy(x => new { x.SchoolId, x.Grade }).Select(g => new { g.Key.SchoolId, g.Key.Grade, N = g.Count() }).ToListAsync(ct);
        // 政府购买学位 at 民办 schools (G15 "在公办学校和政府购买服务的民办学校就读"): per school and stage, the holders recorded,
        // never more than the school's 随迁 pupils of the stage in the snapshot.
        var bought = await db.PurchasedPlaces.AsNoTracking().Where(p => p.Year == year.StartYear && ids.Contains(p.SchoolId))
            .Select(p => new { p.SchoolId, p.Stage, p.MigrantHolders }).ToListAsync(ct);
        if (!rules.PurchasedPlacesCountAsPublic)
        {
            bought.Clear();
        }
        var migrantsAt = migrants.Where(m => byId[m.SchoolId].Ownership != Ownership.Public)
            .GroupBy(m => (m.SchoolId, Stage: Grades.StageOf(m.Grade, byId[m.SchoolId].Type))).ToDictionary(g => g.Key, g => g.Sum(x => x.N));
        var purchased = bought.GroupBy(p => p.Stage)
            .ToDictionary(g => g.Key, g => g.Sum(p => Math.Min(p.MigrantHolders, migrantsAt.GetValueOrDefault((p.SchoolId, p.Stage)))));
        var byStage = migrants.GroupBy(m => Grades.StageOf(m.Grade, byId[m.SchoolId].Type)).OrderBy(g => g.Key)
            .Select(g => new MigrantRow(Labels.Of(g.Key), g.Sum(x => x.N),
                g.Where(x => byId[x.SchoolId].Ownership == Ownership.Public).Sum(x => x.N) + purchased.GetValueOrDefault(g.Key), purchased.GetValueOrDefault(g.Key))).ToList();
        var comp = migrants.Where(m => Grades.IsCompulsory(m.Grade)).ToList();
        var compPurchased = purchased.Where(p => p.Key is Stage.Primary or Stage.Junior).Sum(p => p.Value);
        var compRow = new MigrantRow("义务教育", comp.Sum(x => x.N), comp.Where(x => byId[x.SchoolId].Ownership == Ownership.Public).Sum(x => x.N) + compPurchased, compPurchased);
        var migrantPart = new MigrantPart(byStage, compRow, rules.MigrantPublicShare, compRow.Share is { } s ? s >= rules.MigrantPublicShare : null);

        return new Report(year, day, placements, homeRows, roomRows, leftBehind, migrantPart, rules);
    }

    /// <summary>A name with all but the first character masked (张** ).</summary>
    public static string Mask(string name) => name.Length <= 1 ? name : name[0] + new string('*', name.Length - 1);
}
