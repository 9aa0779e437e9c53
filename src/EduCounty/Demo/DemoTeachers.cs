using EduCounty.Common;
using EduCounty.Registry;
using EduCounty.Teachers;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Demo;

/// <summary>
/// The demo county's 教师队伍 records (issue 16), deterministic (a fixed seed per teacher and year) and read from the staff
/// registry just written: 继续教育 from four years before the first census year (most teachers about 80 学时 a year, one in
/// twelve only 校本研修 and so behind the 360-学时 cycle, teachers.md §1), 企业实践 for 中职 专业课 teachers (§8); the
/// registry's 交流轮岗 moves as 交流 roster entries plus yearly 支教/走教 of about 6 % of the long-serving compulsory
/// teachers (§2); one 教师资格 per certified teacher, of the stage taught (one in fifty of a lower stage, §5); the
/// registry's 骨干 as 骨干教师 titles, some also 学科带头人, some 一级/高级 teachers 教学能手 (§7); 双师型 as recorded; each
/// school's 校长 and 副校长 in consecutive terms (§2, 任满两届).
/// </summary>
public static class DemoTeachers
{
    private sealed record Teacher(int Id, int SchoolId, DateOnly HireDate, DateOnly? LeftOn, Stage? Stage, string? Subjects, bool Certified,
        KeyTeacherLevel? Key, int? KeyYear, Title Title, bool Dual);

    public static async Task<long> FillAsync(EduDb db, string countyCode, int firstYear, int lastYear, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var staff = await db.Staff.Where(s => s.PostType == PostType.FullTimeTeacher && db.Set<School>().Any(x => x.Id == s.SchoolId && x.CountyCode == countyCode))
            .OrderBy(s => s.Id)
            .Select(s => new Teacher(s.Id, s.SchoolId, s.HireDate, s.LeftOn, s.StageTaught, s.Subjects, s.TeacherCertificate, s.KeyTeacherLevel, s.KeyTeacherYear, s.Title, s.DualQualified))
            .ToListAsync(ct);
        var ids = staff.Select(s => s.Id).ToList();
        var moves = await db.StaffAssignments.Where(a => ids.Contains(a.StaffId)).OrderBy(a => a.StaffId).ThenBy(a => a.From).ToListAsync(ct);
        var next = new Ids(
            (await db.TrainingRecords.MaxAsync(r => (int?)r.Id, ct) ?? 0) + 1,
            (await db.TeacherRotations.MaxAsync(r => (int?)r.Id, ct) ?? 0) + 1,
            (await db.TeacherQualifications.MaxAsync(r => (int?)r.Id, ct) ?? 0) + 1,
            (await db.KeyTeacherTitles.MaxAsync(r => (int?)r.Id, ct) ?? 0) + 1,
            (await db.DualQualifiedCertifications.MaxAsync(r => (int?)r.Id, ct) ?? 0) + 1,
            (await db.PrincipalTerms.MaxAsync(r => (int?)r.Id, ct) ?? 0) + 1);
        var training = staff.SelectMany(t => Training(t, firstYear - 4, lastYear, next)).ToList();
        var rotations = Rotations(staff, moves, firstYear, lastYear, next).ToList();
        var certificates = staff.Where(t => t.Certified).Select(t => Certificate(t, next)).ToList();
        var titles = staff.SelectMany(t => Titles(t, next)).ToList();
        var dual = staff.Where(t => t.Dual).Select(t => new DualQualifiedCertification
        {
            Id = next.Dual++,
            StaffId = t.Id,
            Level = DualQualifiedLevel.Intermediate,
            CertifiedOn = t.HireDate.AddYears(3),
            Authority = "自治区教育厅",
        }).ToList();
        var principals = Principals(staff, moves, lastYear, TeachersStandards.National().Rotation.PrincipalTermYears.Value, next).ToList();
        var own = db.Database.CurrentTransaction is null;
        await using var tx = own ? await db.Database.BeginTransactionAsync(ct) : null;
        var n = await BulkWriter.WriteAsync(db, training, ct);
        n += await BulkWriter.WriteAsync(db, rotations, ct);
        n += await BulkWriter.WriteAsync(db, certificates, ct);
        n += await BulkWriter.WriteAsync(db, titles, ct);
        n += await BulkWriter.WriteAsync(db, dual, ct);
        n += await BulkWriter.WriteAsync(db, principals, ct);
        if (tx is not null)
        {
            await tx.CommitAsync(ct);
        }
        await BulkWriter.ResetIdentityAsync<TrainingRecord>(db, ct);
        await BulkWriter.ResetIdentityAsync<TeacherRotation>(db, ct);
        await BulkWriter.ResetIdentityAsync<TeacherQualification>(db, ct);
        await BulkWriter.ResetIdentityAsync<KeyTeacherTitle>(db, ct);
        await BulkWriter.ResetIdentityAsync<DualQualifiedCertification>(db, ct);
        await BulkWriter.ResetIdentityAsync<PrincipalTerm>(db, ct);
        return n;
    }

    private sealed class Ids(int training, int rotation, int qualification, int title, int dual, int principal)
    {
        public int Principal = principal;
        public int Training = training;
        public int Rotation = rotation;
        public int Qualification = qualification;
        public int Title = title;
        public int Dual = dual;
    }

    /// <summary>
    /// Each school's 校长 and 副校长 (two in a school of 40 teachers or more): its longest-serving teachers still there, in
    /// consecutive terms (届) of the standards' length from a first term 1–9 years before the last school year (not before a
    /// year after they came to the school), the last term running — so some have served two full terms (teachers.md §2).
    /// </summary>
    private static IEnumerable<PrincipalTerm> Principals(List<Teacher> staff, List<StaffAssignment> moves, int lastYear, int termYears, Ids next)
    {
        var arrived = moves.GroupBy(a => a.StaffId).ToDictionary(g => g.Key, g => g.LastOrDefault()?.From);
        var last = new SchoolYear(lastYear).FirstDay;
        foreach (var school in staff.Where(t => t.LeftOn is null).GroupBy(t => t.SchoolId).OrderBy(g => g.Key))
        {
            var heads = school.Select(t => (t, Since: arrived.GetValueOrDefault(t.Id) ?? t.HireDate)).OrderBy(x => x.Since).ThenBy(x => x.t.Id)
                .Take(school.Count() >= 40 ? 3 : 2).ToList();
            for (var i = 0; i < heads.Count; i++)
            {
                var (t, since) = heads[i];
                var first = Math.Max(since.Year + 1, lastYear - Seed(t.Id, 1).Next(1, 10));
                for (var start = new DateOnly(first, 9, 1); start <= last; start = start.AddYears(termYears))
                {
                    yield return new PrincipalTerm
                    {
                        Id = next.Principal++,
                        StaffId = t.Id,
                        SchoolId = t.SchoolId,
                        Post = i == 0 ? PrincipalPost.Principal : PrincipalPost.VicePrincipal,
                        StartDate = start,
                        EndDate = start.AddYears(termYears).AddDays(-1),
                    };
                }
            }
        }
    }

    private static Random Seed(int staffId, int year) => new(unchecked((staffId * 7919) + (year * 104_729)));

    private static IEnumerable<TrainingRecord> Training(Teacher t, int from, int to, Ids next)
    {
        var light = Seed(t.Id, 0).NextDouble() < 1.0 / 12;
        var specialty = t.Stage == Stage.Vocational && t.Subjects is { } s && s.StartsWith("专业课", StringComparison.Ordinal);
        for (var y = Math.Max(from, SchoolYear.Containing(t.HireDate).StartYear); y <= to; y++)
        {
            if (t.LeftOn is { } left && left < new SchoolYear(y).FirstDay)
            {
                yield break;
            }
            var r = Seed(t.Id, y);
            var oct = new DateOnly(y, 10, 9 + r.Next(0, 10));
            if (!light)
            {
                yield return Record(t.Id, y, "“国培计划”/自治区级教师培训项目", r.NextDouble() < 0.3 ? AuthorityLevel.Region : AuthorityLevel.Prefecture, TrainingMode.Centralised,
                    oct, oct.AddDays(6), 30 + (r.Next(0, 4) * 8), next);
                if (r.NextDouble() < 0.7)
                {
                    var spring = new DateOnly(y + 1, 3, 2 + r.Next(0, 20));
                    yield return Record(t.Id, y, "教师网络研修", AuthorityLevel.County, TrainingMode.Online, spring, spring.AddDays(30), 10 + (r.Next(0, 3) * 5), next);
                }
            }
            yield return Record(t.Id, y, "校本研修", AuthorityLevel.School, TrainingMode.SchoolBased, new SchoolYear(y).FirstDay.AddDays(14), new DateOnly(y + 1, 6, 20),
                24 + (r.Next(0, 3) * 4), next);
            if (specialty)
            {
                var days = r.NextDouble() < 0.85 ? 30 : 15;
                var july = new DateOnly(y + 1, 7, 12);
                yield return Record(t.Id, y, "企业实践", AuthorityLevel.School, TrainingMode.EnterprisePractice, july, july.AddDays(days - 1), days * 8, next, days);
            }
        }
    }

    private static TrainingRecord Record(int staff, int year, string course, AuthorityLevel level, TrainingMode mode, DateOnly start, DateOnly end, double hours,
        Ids next, double? days = null) => new()
        {
            Id = next.Training++,
            StaffId = staff,
            Year = year,
            Course = course,
            Level = level,
            Mode = mode,
            Hours = hours,
            Days = days,
            StartDate = start,
            EndDate = end,
            CertificateNumber = $"PX{year}{staff:D6}{next.Training % 100:D2}",
        };

    /// <summary>The registry's 交流轮岗 moves (交流, the post moved) and yearly 支教/走教 that keep the post.</summary>
    private static IEnumerable<TeacherRotation> Rotations(List<Teacher> staff, List<StaffAssignment> moves, int firstYear, int lastYear, Ids next)
    {
        // One rotation a teacher a school year (teachers.md §2; as PlanRotation and the roster import check): a teacher
        // moved by 县管校聘 that year does no 支教/走教 as well; a 支教 leaves from the school the teacher is at that year.
        var exchanged = new HashSet<(int Staff, int Year)>();
        var history = moves.GroupBy(a => a.StaffId).ToDictionary(g => g.Key, g => g.OrderBy(a => a.From).ToList());
        foreach (var g in moves.GroupBy(a => a.StaffId))
        {
            var list = g.ToList();
            for (var i = 1; i < list.Count; i++)
            {
                if (list[i].Reason == "交流轮岗")
                {
                    exchanged.Add((g.Key, SchoolYear.Containing(list[i].From).StartYear));
                    yield return new TeacherRotation
                    {
                        Id = next.Rotation++,
                        StaffId = g.Key,
                        Year = SchoolYear.Containing(list[i].From).StartYear,
                        FromSchoolId = list[i - 1].SchoolId,
                        ToSchoolId = list[i].SchoolId,
                        Kind = RotationKind.Exchange,
                        State = RotationState.Started,
                        StartDate = list[i].From,
                        Note = "县管校聘调整岗位",
                    };
                }
            }
        }
        var compulsory = staff.Where(t => t.Stage is Stage.Primary or Stage.Junior).ToList();
        var schoolsByStage = compulsory.GroupBy(t => t.Stage!.Value).ToDictionary(x => x.Key, x => x.Select(t => t.SchoolId).Distinct().Order().ToList());
        for (var y = firstYear; y <= lastYear; y++)
        {
            var start = new SchoolYear(y).FirstDay;
            foreach (var t in compulsory.Where(t => t.HireDate <= start.AddYears(-6) && (t.LeftOn is null || t.LeftOn > start)))
            {
                var r = Seed(t.Id, y + 50);
                var targets = schoolsByStage[t.Stage!.Value];
                if (r.NextDouble() >= (t.Key is null ? 0.05 : 0.09) || targets.Count < 2 || exchanged.Contains((t.Id, y)))
                {
                    continue;
                }
                var from = history.TryGetValue(t.Id, out var posts) ? posts.LastOrDefault(a => a.From <= start)?.SchoolId ?? t.SchoolId : t.SchoolId;
                var to = targets[r.Next(targets.Count)];
                if (to == from)
                {
                    continue;
                }
                yield return new TeacherRotation
                {
                    Id = next.Rotation++,
                    StaffId = t.Id,
                    Year = y,
                    FromSchoolId = from,
                    ToSchoolId = to,
                    Kind = r.NextDouble() < 0.7 ? RotationKind.SupportTeaching : RotationKind.ItinerantTeaching,
                    State = y < lastYear ? RotationState.Completed : RotationState.Started,
                    StartDate = start,
                    EndDate = new SchoolYear(y).LastDay,
                };
            }
        }
    }

    private static TeacherQualification Certificate(Teacher t, Ids next)
    {
        var type = t.Stage switch
        {
            Stage.Preschool => TeacherCertificateType.Kindergarten,
            Stage.Junior => TeacherCertificateType.Junior,
            Stage.Senior => TeacherCertificateType.Senior,
            Stage.Vocational => TeacherCertificateType.Vocational,
            _ => TeacherCertificateType.Primary,
        };
        // One in fifty holds a certificate of a lower stage only (a 小学 certificate for 初中: not 持证上岗 for the post, §5).
        if (type is TeacherCertificateType.Junior or TeacherCertificateType.Senior && Seed(t.Id, 1).NextDouble() < 0.02)
        {
            type -= 1;
        }
        return new TeacherQualification
        {
            Id = next.Qualification++,
            StaffId = t.Id,
            Type = type,
            Subject = t.Subjects,
            IssuedOn = t.HireDate.AddMonths(-3),
            IssuedBy = "县（市）教育局",
            CertificateNumber = $"{t.HireDate.Year - 1}6523{t.Id:D9}",
        };
    }

    private static IEnumerable<KeyTeacherTitle> Titles(Teacher t, Ids next)
    {
        var r = Seed(t.Id, 2);
        if (t.Key is { } k)
        {
            var level = (AuthorityLevel)(int)k;
            var on = new DateOnly(t.KeyYear ?? 2020, 9, 10);
            yield return Title(t, KeyTitleKind.KeyTeacher, level, on, next);
            if (r.NextDouble() < 0.35)
            {
                yield return Title(t, KeyTitleKind.SubjectLeader, level, on.AddYears(1), next);
            }
        }
        else if (t.Title is EduCounty.Common.Title.First or EduCounty.Common.Title.SubSenior && r.NextDouble() < 0.2)
        {
            yield return Title(t, KeyTitleKind.TeachingExpert, AuthorityLevel.County, new DateOnly(2021 + r.Next(0, 4), 5, 20), next);
        }
    }

    private static KeyTeacherTitle Title(Teacher t, KeyTitleKind kind, AuthorityLevel level, DateOnly on, Ids next) => new()
    {
        Id = next.Title++,
        StaffId = t.Id,
        Kind = kind,
        Level = level,
        Subject = t.Subjects,
        AwardedOn = on,
        AwardedBy = level switch
        {
            AuthorityLevel.National => "教育部",
            AuthorityLevel.Region => "自治区教育厅",
            AuthorityLevel.Prefecture => "昌吉州教育局",
            _ => "阜康市教育局",
        },
    };
}
