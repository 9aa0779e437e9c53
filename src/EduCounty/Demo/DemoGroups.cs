using EduCounty.Common;
using EduCounty.Common.Identity;
using EduCounty.Common.Protection;
using EduCounty.Registry;
using EduCounty.Security;
using EduCounty.SpecialGroups;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Demo;

/// <summary>
/// The special groups in the demo county (issue 17 item 3), deterministic: the 送教上门 children of the last year —
/// as many as the year's statistic <c>enrolment.homeTeaching</c>, so the plan's 特殊教育在校生 and 残疾儿童入学率 stay what
/// they were (docs/adr/0031) — each on the 学籍 of a rural 乡镇 school (dropout-prevention.md §6: the nearest 乡镇中心学校,
/// 纳入学籍管理; no class, so not in the 秋季 snapshot) with a 一人一案 of 72 visits and 216 课时 (the reference's 山东
/// intensity) and visits twice a week from September, most to the year's end, some stopping in spring (hours short);
/// a 资源教室 at the schools with the most 随班就读 pupils but one (so one school is flagged); a contact teacher for most
/// 留守儿童 and a care record in the second term for about two in three (so some are listed).
/// </summary>
public static class DemoGroups
{
    public static async Task FillAsync(EduDb db, PersonalDataProtector protector, string county, int lastYear, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(protector);
        if (await db.HomeTeachingPlans.AnyAsync(ct) || await db.ResourceRooms.AnyAsync(ct)) return;
        var rules = GroupsRules.Default();
        var year = new SchoolYear(lastYear);
        var rng = new Random(20261208);
        var by = new ActingUser("demo-school", "学校管理员", [Roles.SchoolAdmin]);
        var stat = await db.YearlyStatistics.Where(s => s.Key == GetCensusStats.HomeTeachingKey && s.Year == lastYear && s.DivisionCode == county)
            .Select(s => (double?)s.Value).FirstOrDefaultAsync(ct);
        var home = (int)Math.Round(stat ?? 0);
        var rural = await db.Schools.Where(s => s.CountyCode == county && s.Locality != Locality.Urban && !s.IsTeachingPoint
                && (s.Type == SchoolType.Primary || s.Type == SchoolType.NineYear))
            .OrderBy(s => s.Id).ToListAsync(ct);
        for (var i = 0; i < home && rural.Count > 0; i++)
        {
            var school = rural[i % rural.Count];
            var sex = rng.NextDouble() < 0.55 ? Sex.Male : Sex.Female;
            var age = rng.Next(7, 14);
            var grade = age <= 11 ? $"P{age - 5}" : $"J{age - 11}";
            var birth = new DateOnly(lastYear - age - 1, 9, 1).AddDays(rng.Next(0, 365));
            string id;
            var seq = 901 + (2 * i) + (sex == Sex.Male ? 0 : 1);
            do
            {
                id = IdNumber.Compose(county, birth, seq);
                seq = seq >= 997 ? 901 : seq + 2;
            }
            while (await db.Students.AnyAsync(s => s.IdNumberHash == protector.LookupHash(id), ct));
            var (display, hash, cipher) = StudentNumbers.Protect(protector, "G" + id);
            var st = new Student
            {
                StudentNumber = display,
                StudentNumberHash = hash,
                StudentNumberCipher = cipher,
                IdNumberCipher = protector.Encrypt(id),
                IdNumberHash = protector.LookupHash(id),
                Name = DemoNames.Name(rng, sex, "01"),
                Sex = sex,
                BirthDate = birth,
                EthnicityCode = "01",
                Hukou = Hukou.Agricultural,
                SchoolId = school.Id,
                Grade = grade,
                EnrolledOn = year.FirstDay,
            };
            st.SetDisability(protector, i % 3 == 0 ? DisabilityType.Multiple : i % 3 == 1 ? DisabilityType.Intellectual : DisabilityType.Physical);
            st.SetHardship(protector, null);
            st.Changes.Add(new StatusChange { Type = StatusChangeType.Enrolment, Date = year.FirstDay, ToSchoolId = school.Id, Grade = grade, Reason = "送教上门，纳入学籍管理" });
            db.Students.Add(st);
            await db.SaveChangesAsync(ct);
            var teacher = DemoNames.Name(rng, Sex.Female, "01");
            var planId = await HomeTeaching.SavePlanAsync(db, rules, protector, new HomeTeaching.PlanCommand(st.Id, year, teacher,
                "每周送教 2 次、每次 3 课时：生活自理、康复训练、语言沟通和数学启蒙（个别化教育方案）", null, null), year.FirstDay.AddDays(4), ct);
            // Twice a week (Tuesday, Friday) from the second week of September, except the winter break; one child in three stops in April.
            var stop = i % 3 == 2 ? new DateOnly(year.EndYear, 4, 10) : new DateOnly(year.EndYear, 6, 30);
            for (var d = year.FirstDay.AddDays(7); d <= stop; d = d.AddDays(1))
            {
                if (d.DayOfWeek is not (DayOfWeek.Tuesday or DayOfWeek.Friday)) continue;
                if (d >= new DateOnly(year.EndYear, 1, 15) && d < new DateOnly(year.EndYear, 2, 25)) continue;
                await db.HomeTeachingVisits.AddAsync(new HomeTeachingVisit
                {
                    PlanId = planId,
                    Date = d,
                    Hours = 3,
                    ContentCipher = protector.Encrypt(d.Day % 2 == 0 ? "康复训练、生活自理" : "语言沟通、数学启蒙"),
                    Teacher = teacher,
                    RecordedBy = by.Name,
                }, ct);
            }
            await db.SaveChangesAsync(ct);
            // Saved: nothing stays tracked. A context tracking every row saved so far (and its audit entries) detects
            // changes over all of them at each save, which made this step quadratic (52.7 of the demo's 74.6 s).
            db.ChangeTracker.Clear();
        }

        // 资源教室: every ordinary school with 随班就读 pupils in the year's snapshot except the one with the most (flagged when ≥ 5).
        var regular = await db.StudentYears.Where(y => y.Year == lastYear && (EF.Functions.Like(y.Grade, "P%") || EF.Functions.Like(y.Grade, "J%")))
            .Join(db.Students.Where(s => s.Disabled), y => y.StudentId, s => s.Id, (y, s) => y.SchoolId)
            .GroupBy(x => x).Select(g => new { SchoolId = g.Key, N = g.Count() }).ToListAsync(ct);
        var ordered = regular.OrderByDescending(r => r.N).ThenBy(r => r.SchoolId).ToList();
        foreach (var (r, k) in ordered.Select((r, k) => (r, k)).Skip(1))
        {
            await ResourceRooms.SaveAsync(db, new ResourceRooms.Command(r.SchoolId, true, 60 + (10 * (k % 4)), Math.Min(2016 + (k % 8), year.LastDay.Year),
                k % 2 == 0 ? ResourceTeacherKind.FullTime : ResourceTeacherKind.PartTime, DemoNames.Name(rng, Sex.Female, "01")), year.LastDay, ct);
            db.ChangeTracker.Clear();
        }
        if (ordered.Count > 0)
        {
            await ResourceRooms.SaveAsync(db, new ResourceRooms.Command(ordered[0].SchoolId, false, null, null, ResourceTeacherKind.None, null), year.LastDay, ct);
        }

        // 留守儿童: nine in ten get a contact teacher; two in three of those a care record in the second term.
        var children = await db.Students.Where(s => s.LeftBehindChild && s.Status == StudentStatus.Enrolled && s.School!.CountyCode == county)
            .OrderBy(s => s.Id).Select(s => s.Id).ToListAsync(ct);
        string[] kinds = ["HomeVisit", "Talk", "Phone"];
        foreach (var child in children)
        {
            db.ChangeTracker.Clear(); // the last child's rows are saved
            if (rng.NextDouble() >= 0.9) continue;
            await LeftBehindCareRecords.AssignAsync(db, child, "班主任 " + DemoNames.Name(rng, Sex.Female, "01"), year.FirstDay.AddDays(10), ct);
            if (rng.NextDouble() >= 0.67) continue;
            var date = new DateOnly(year.EndYear, 3, 1).AddDays(rng.Next(0, 90));
            await LeftBehindCareRecords.RecordAsync(db, rules, protector, new LeftBehindCareRecords.RecordCommand(child, date, kinds[rng.Next(kinds.Length)],
                "与监护人沟通学习和生活情况"), by, date, ct);
        }
    }
}
