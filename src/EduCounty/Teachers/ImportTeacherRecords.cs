using System.Globalization;
using EduCounty.Common;
using EduCounty.Common.Protection;
using EduCounty.Common.Tabular;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Teachers;

/// <summary>Import of a 教师队伍 file of <paramref name="Kind"/> (<see cref="TeacherFiles"/>; the training file goes to <see cref="ImportTrainingRecordsHandler"/>).</summary>
public sealed record ImportTeacherRecords(TeacherImportKind Kind, Stream File, string FileName, bool DryRun = false);

/// <summary>
/// The rotation roster, certificate, 职称 and 骨干 imports, made as the training import is: teachers found by 工号 or
/// 身份证件号 within the reader's scope (a school imports its own teachers only), 姓名 checked, each value checked with the
/// rules of the single-record use cases, records already there counted unchanged (re-importing a file changes nothing),
/// any error refuses the whole file, a dry run writes nothing; the rest is written in one transaction with one batch
/// (<see cref="TrainingImport"/> with its <see cref="TrainingImport.Kind"/>), every row audited, and can be rolled back whole.
/// </summary>
public static class ImportTeacherRecordsHandler
{
    public static async Task<TrainingImportOutcome> HandleAsync(EduDb db, PersonalDataProtector protector, ImportTeacherRecords cmd, TeacherRules rules,
        TabularLimits? limits = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(cmd);
        ArgumentNullException.ThrowIfNull(rules);
        if (cmd.Kind == TeacherImportKind.Training)
        {
            return await ImportTrainingRecordsHandler.HandleAsync(db, protector, new ImportTrainingRecords(cmd.File, cmd.FileName, cmd.DryRun), rules, limits, ct);
        }
        var file = cmd.FileName;
        var errors = new List<TabularIssue>();
        List<object> lines;
        try
        {
            using var tab = TabularFile.Open(cmd.File, cmd.FileName, limits ?? TrainingFile.DefaultLimits);
            (lines, errors) = cmd.Kind switch
            {
                TeacherImportKind.Rotation => Boxed(TeacherFiles.Read(tab, cmd.Kind, TeacherFiles.RotationRow)),
                TeacherImportKind.Qualification => Boxed(TeacherFiles.Read(tab, cmd.Kind, TeacherFiles.QualificationRow)),
                TeacherImportKind.Title => Boxed(TeacherFiles.Read(tab, cmd.Kind, TeacherFiles.TitleRow)),
                TeacherImportKind.Dual => Boxed(TeacherFiles.Read(tab, cmd.Kind, TeacherFiles.DualRow)),
                TeacherImportKind.Principal => Boxed(TeacherFiles.Read(tab, cmd.Kind, TeacherFiles.PrincipalRow)),
                TeacherImportKind.Hiring => Boxed(TeacherFiles.Read(tab, cmd.Kind, TeacherFiles.HiringRow)),
                _ => Boxed(TeacherFiles.Read(tab, cmd.Kind, TeacherFiles.KeyTitleRow)),
            };
        }
        catch (TabularRefusedException e)
        {
            return new TrainingImportOutcome(0, 0, 0, [new TabularIssue(cmd.FileName, 0, null, null, e.Message)], null, false);
        }
        var refs = lines.Select(RefOf).ToList();
        var staff = await StaffAsync(db, protector, file, refs, errors, ct);
        var today = SchoolYear.Today(db.Clock);
        var work = new Work();
        switch (cmd.Kind)
        {
            case TeacherImportKind.Rotation:
                await RotationsAsync(db, file, [.. lines.Cast<RotationLine>()], staff, rules, today, errors, work, ct);
                break;
            case TeacherImportKind.Qualification:
                await QualificationsAsync(db, file, [.. lines.Cast<QualificationLine>()], staff, today, errors, work, ct);
                break;
            case TeacherImportKind.Title:
                await TitlesAsync(db, file, [.. lines.Cast<TitleLine>()], staff, today, errors, work, ct);
                break;
            case TeacherImportKind.Principal:
                await PrincipalsAsync(db, file, [.. lines.Cast<PrincipalLine>()], staff, today, errors, work, ct);
                break;
            case TeacherImportKind.Hiring:
                await HiringAsync(db, file, [.. lines.Cast<HiringLine>()], staff, rules, errors, work, ct);
                break;
            case TeacherImportKind.Dual:
                await DualAsync(db, file, [.. lines.Cast<DualLine>()], staff, rules, today, errors, work, ct);
                break;
            default:
                await KeyTitlesAsync(db, file, [.. lines.Cast<KeyTitleLine>()], staff, errors, work, ct);
                break;
        }
        var rows = lines.Count + errors.Select(e => e.Row).Where(r => r > 1).Distinct().Count(r => refs.All(l => l.Row != r));
        var inserted = work.Records.Count;
        if (errors.Count > 0 || cmd.DryRun || inserted == 0)
        {
            db.ChangeTracker.Clear();
            return new TrainingImportOutcome(rows, errors.Count > 0 ? 0 : inserted, work.Unchanged, [.. errors.OrderBy(e => e.Row)], null, false);
        }
        var own = db.Database.CurrentTransaction is null;
        await using var tx = own ? await db.Database.BeginTransactionAsync(ct) : null;
        var batch = new TrainingImport
        {
            Kind = cmd.Kind.ToString(),
            FileName = file,
            ImportedBy = db.Actor ?? "system",
            ImportedAt = db.Clock.GetUtcNow(),
            Rows = rows,
            Inserted = inserted,
            Unchanged = work.Unchanged,
        };
        db.TrainingImports.Add(batch);
        await db.SaveChangesAsync(ct);
        foreach (var r in work.Records)
        {
            switch (r)
            {
                case TeacherRotation x:
                    x.ImportId = batch.Id;
                    break;
                case TeacherQualification x:
                    x.ImportId = batch.Id;
                    break;
                case TeacherTitleAppointment x:
                    x.ImportId = batch.Id;
                    break;
                case KeyTeacherTitle x:
                    x.ImportId = batch.Id;
                    break;
                case DualQualifiedCertification x:
                    x.ImportId = batch.Id;
                    break;
                case PrincipalTerm x:
                    x.ImportId = batch.Id;
                    break;
                case HiringResult x:
                    x.ImportId = batch.Id;
                    break;
            }
            db.Add(r);
        }
        db.TeacherSummaryChanges.AddRange(work.Summaries.Rows(batch.Id));
        await db.SaveChangesAsync(ct);
        await db.AuditAsync("import", nameof(TrainingImport), batch.Id.ToString(CultureInfo.InvariantCulture),
            $"导入{TeacherFiles.Name(cmd.Kind)}：{file}，{rows} 行（新增 {inserted}，已有 {work.Unchanged}）", ct);
        if (tx is not null)
        {
            await tx.CommitAsync(ct);
        }
        return new TrainingImportOutcome(rows, inserted, work.Unchanged, [], batch.Id, true);
    }

    private sealed class Work
    {
        public List<object> Records { get; } = [];
        public int Unchanged { get; set; }
        /// <summary>The registry summaries the rows raise, kept with the batch for its roll-back.</summary>
        public TeacherSummaries.Tracker Summaries { get; } = new();
    }

    private static (List<object>, List<TabularIssue>) Boxed<T>((List<T> Lines, List<TabularIssue> Errors) r) where T : class => ([.. r.Lines.Cast<object>()], r.Errors);

    private static TeacherRef RefOf(object line) => line switch
    {
        RotationLine l => l.Who,
        QualificationLine l => l.Who,
        TitleLine l => l.Who,
        KeyTitleLine l => l.Who,
        DualLine l => l.Who,
        PrincipalLine l => l.Who,
        HiringLine l => l.Who,
        _ => throw new ArgumentException("unknown line", nameof(line)),
    };

    /// <summary>
    /// Each row's teacher (tracked, so a registry summary it changes is saved and audited with the import), found by 工号 or
    /// by the keyed hash of 身份证件号 within the reader's scope, 姓名 checked; rows whose teacher is not found are errors.
    /// </summary>
    private static async Task<Dictionary<int, Staff>> StaffAsync(EduDb db, PersonalDataProtector protector, string file, List<TeacherRef> refs,
        List<TabularIssue> errors, CancellationToken ct)
    {
        var byNumber = new Dictionary<string, Staff>(StringComparer.Ordinal);
        foreach (var chunk in refs.Where(r => r.StaffNumber is not null).Select(r => r.StaffNumber!).Distinct().Chunk(500))
        {
            foreach (var s in await db.Staff.Where(s => chunk.Contains(s.StaffNumber)).ToListAsync(ct))
            {
                byNumber[s.StaffNumber] = s;
            }
        }
        var hashOf = refs.Where(r => r.StaffNumber is null && r.IdNumber is not null).ToDictionary(r => r.Row, r => protector.LookupHash(r.IdNumber!.Trim().ToUpperInvariant()));
        var byHash = new Dictionary<string, Staff>(StringComparer.Ordinal);
        foreach (var chunk in hashOf.Values.Distinct().Chunk(500))
        {
            foreach (var s in await db.Staff.Where(s => s.IdNumberHash != null && chunk.Contains(s.IdNumberHash)).ToListAsync(ct))
            {
                byHash[s.IdNumberHash!] = s;
            }
        }
        var found = new Dictionary<int, Staff>();
        foreach (var r in refs)
        {
            Staff? who;
            if (r.StaffNumber is { } number)
            {
                if (!byNumber.TryGetValue(number, out who))
                {
                    errors.Add(new TabularIssue(file, r.Row, "工号", number, "没有此工号的教职工（或不在您的管理范围内）"));
                    continue;
                }
            }
            else if (!byHash.TryGetValue(hashOf[r.Row], out who))
            {
                errors.Add(new TabularIssue(file, r.Row, "身份证件号", IdNumber.Mask(r.IdNumber), "没有此身份证件号的教职工（或不在您的管理范围内）"));
                continue;
            }
            if (r.Name is { } name && name != who.Name)
            {
                errors.Add(new TabularIssue(file, r.Row, "姓名", name, $"与教职工记录的姓名“{who.Name}”不符"));
                continue;
            }
            found[r.Row] = who;
        }
        return found;
    }

    private static async Task<List<T>> ForStaffAsync<T>(Func<int[], IQueryable<T>> where, IEnumerable<int> staffIds, CancellationToken ct)
    {
        var all = new List<T>();
        foreach (var chunk in staffIds.Distinct().Chunk(500))
        {
            all.AddRange(await where(chunk).ToListAsync(ct));
        }
        return all;
    }

    /// <summary>
    /// 交流轮岗 roster rows: both schools in the teacher's county (rotation is within the county, teachers.md §2), a
    /// 专任教师, one rotation a teacher a year (as <see cref="PlanRotationHandler"/>), "是否骨干 = 是" backed by a 骨干 record of
    /// the rotation's minimum level (the G11 reading of §2), the state from the dates (ended → 已结束, started → 已到岗, else
    /// 计划). An imported 交流 does not move the post: the staff import carries the current school.
    /// </summary>
    private static async Task RotationsAsync(EduDb db, string file, List<RotationLine> lines, Dictionary<int, Staff> staff, TeacherRules rules, DateOnly today,
        List<TabularIssue> errors, Work work, CancellationToken ct)
    {
        var (schools, counties) = await SchoolsAndCountiesAsync(db, lines.SelectMany(l => new[] { l.FromCode, l.ToCode }), staff, ct);
        var ids = staff.Values.Select(s => s.Id).ToList();
        var existing = await ForStaffAsync(c => db.TeacherRotations.Where(r => c.Contains(r.StaffId) && r.State != RotationState.Cancelled), ids, ct);
        var titles = await ForStaffAsync(c => db.KeyTeacherTitles.Where(k => c.Contains(k.StaffId)), ids, ct);
        var min = rules.Standards.Rotation.KeyTeacherMinimumLevel.Value;
        var keyKinds = rules.Standards.KeyTeachers.CountedKinds.Value;
        var seen = new Dictionary<(int, int), int>();
        foreach (var l in lines)
        {
            if (!staff.TryGetValue(l.Who.Row, out var who))
            {
                continue;
            }
            void Error(string column, string? value, string reason) => errors.Add(new TabularIssue(file, l.Who.Row, column, value, reason));
            if (who.PostType != PostType.FullTimeTeacher)
            {
                Error("工号", who.StaffNumber, $"{who.Name} 不是专任教师，不列入交流轮岗");
                continue;
            }
            var county = counties[who.SchoolId];
            if (!schools.TryGetValue(l.FromCode, out var from) || from.CountyCode != county)
            {
                Error("原学校标识码", l.FromCode, from is null ? "没有此学校标识码的学校" : $"{from.Name} 不在该教师所在县域内");
                continue;
            }
            if (!schools.TryGetValue(l.ToCode, out var to) || to.CountyCode != county)
            {
                Error("交流学校标识码", l.ToCode, to is null ? "没有此学校标识码的学校" : $"{to.Name} 不在本县域内：交流轮岗在县域内进行（teachers.md §2）");
                continue;
            }
            if (l.Key == true && !(who.KeyTeacherLevel is { } kl && (int)kl >= (int)min)
                && !titles.Any(k => k.StaffId == who.Id && keyKinds.Contains(k.Kind) && k.Level >= min && k.ActiveOn(l.StartDate)))
            {
                Error("是否骨干", "是", $"{who.Name} 没有{TeacherLabels.Of(min)}及以上骨干教师记录（请先导入骨干教师称号或在教职工信息中登记）");
                continue;
            }
            if (seen.TryGetValue((who.Id, l.Year), out var first))
            {
                Error("学年", new SchoolYear(l.Year).ToString(), $"与第{first}行是同一教师同一学年的交流（每学年一次）");
                continue;
            }
            seen[(who.Id, l.Year)] = l.Who.Row;
            if (existing.FirstOrDefault(r => r.StaffId == who.Id && r.Year == l.Year) is { } had)
            {
                if (had.FromSchoolId == from.Id && had.ToSchoolId == to.Id && had.Kind == l.Kind && had.StartDate == l.StartDate)
                {
                    work.Unchanged++;
                }
                else
                {
                    Error("学年", new SchoolYear(l.Year).ToString(), $"{who.Name} 在 {new SchoolYear(l.Year)} 学年已有交流安排（{had.StartDate:yyyy-MM-dd} 起，{TeacherLabels.Of(had.Kind)}），取消后才能另行安排");
                }
                continue;
            }
            work.Records.Add(new TeacherRotation
            {
                StaffId = who.Id,
                Year = l.Year,
                FromSchoolId = from.Id,
                ToSchoolId = to.Id,
                Kind = l.Kind,
                StartDate = l.StartDate,
                EndDate = l.EndDate,
                State = l.EndDate is { } end && end <= today ? RotationState.Completed : l.StartDate <= today ? RotationState.Started : RotationState.Planned,
            });
        }
    }

    /// <summary>教师资格 rows: one certificate of a type per teacher (as <see cref="RecordQualificationHandler"/>); the registry's flag follows.</summary>
    private static async Task QualificationsAsync(EduDb db, string file, List<QualificationLine> lines, Dictionary<int, Staff> staff, DateOnly today,
        List<TabularIssue> errors, Work work, CancellationToken ct)
    {
        var ids = staff.Values.Select(s => s.Id).ToList();
        var existing = (await ForStaffAsync(c => db.TeacherQualifications.Where(q => c.Contains(q.StaffId)), ids, ct))
            .Select(q => (q.StaffId, q.Type)).ToHashSet();
        var seen = new Dictionary<(int, TeacherCertificateType), int>();
        foreach (var l in lines)
        {
            if (!staff.TryGetValue(l.Who.Row, out var who))
            {
                continue;
            }
            if (l.IssuedOn is { } d && d > today)
            {
                errors.Add(new TabularIssue(file, l.Who.Row, "取得日期", d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "晚于今天"));
                continue;
            }
            if (seen.TryGetValue((who.Id, l.Type), out var first))
            {
                errors.Add(new TabularIssue(file, l.Who.Row, "资格种类", TeacherLabels.Of(l.Type), $"与第{first}行是同一教师的同一种教师资格"));
                continue;
            }
            seen[(who.Id, l.Type)] = l.Who.Row;
            if (existing.Contains((who.Id, l.Type)))
            {
                work.Unchanged++;
                continue;
            }
            work.Records.Add(new TeacherQualification
            {
                StaffId = who.Id,
                Type = l.Type,
                Subject = l.Subject,
                CertificateNumber = l.CertificateNumber,
                IssuedOn = l.IssuedOn,
                IssuedBy = l.IssuedBy,
            });
            work.Summaries.Change(who, TeacherSummary.Certificate, s => s.TeacherCertificate = true);
        }
    }

    /// <summary>职称 rows: an appointment a teacher a date; the latest one becomes the registry's 职称 (teachers.md §6).</summary>
    private static async Task TitlesAsync(EduDb db, string file, List<TitleLine> lines, Dictionary<int, Staff> staff, DateOnly today,
        List<TabularIssue> errors, Work work, CancellationToken ct)
    {
        var ids = staff.Values.Select(s => s.Id).ToList();
        var existing = await ForStaffAsync(c => db.TeacherTitleAppointments.Where(a => c.Contains(a.StaffId)), ids, ct);
        var seen = new Dictionary<(int, DateOnly), int>();
        var latest = existing.GroupBy(a => a.StaffId).ToDictionary(g => g.Key, g => g.Max(a => a.AppointedOn));
        foreach (var l in lines)
        {
            if (!staff.TryGetValue(l.Who.Row, out var who))
            {
                continue;
            }
            var date = l.AppointedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (l.AppointedOn > today)
            {
                errors.Add(new TabularIssue(file, l.Who.Row, "聘任日期", date, "晚于今天"));
                continue;
            }
            if (seen.TryGetValue((who.Id, l.AppointedOn), out var first))
            {
                errors.Add(new TabularIssue(file, l.Who.Row, "聘任日期", date, $"与第{first}行是同一教师同一天的聘任"));
                continue;
            }
            seen[(who.Id, l.AppointedOn)] = l.Who.Row;
            if (existing.FirstOrDefault(a => a.StaffId == who.Id && a.AppointedOn == l.AppointedOn) is { } had)
            {
                if (had.Title == l.Title)
                {
                    work.Unchanged++;
                }
                else
                {
                    errors.Add(new TabularIssue(file, l.Who.Row, "职称", Labels.Of(l.Title), $"{who.Name} 在 {date} 已登记聘任为{Labels.Of(had.Title)}"));
                }
                continue;
            }
            work.Records.Add(new TeacherTitleAppointment { StaffId = who.Id, Title = l.Title, AppointedOn = l.AppointedOn });
            if (!latest.TryGetValue(who.Id, out var last) || l.AppointedOn >= last)
            {
                latest[who.Id] = l.AppointedOn;
                work.Summaries.Change(who, TeacherSummary.Title, s => s.Title = l.Title);
            }
        }
    }

    /// <summary>骨干 rows: terms of the same title may not overlap (as <see cref="RecordKeyTeacherTitleHandler"/>), which also raises the registry's 骨干 level.</summary>
    private static async Task KeyTitlesAsync(EduDb db, string file, List<KeyTitleLine> lines, Dictionary<int, Staff> staff,
        List<TabularIssue> errors, Work work, CancellationToken ct)
    {
        var ids = staff.Values.Select(s => s.Id).ToList();
        var existing = await ForStaffAsync(c => db.KeyTeacherTitles.Where(k => c.Contains(k.StaffId)), ids, ct);
        var added = new List<(KeyTeacherTitle Title, int Row)>();
        foreach (var l in lines)
        {
            if (!staff.TryGetValue(l.Who.Row, out var who))
            {
                continue;
            }
            bool Overlaps(KeyTeacherTitle k) => k.StaffId == who.Id && k.Kind == l.Kind
                && k.AwardedOn <= (l.ValidUntil ?? DateOnly.MaxValue) && (k.ValidUntil ?? DateOnly.MaxValue) >= l.AwardedOn;
            var from = l.AwardedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (added.FirstOrDefault(a => Overlaps(a.Title)) is { Title: not null } dup)
            {
                errors.Add(new TabularIssue(file, l.Who.Row, "任期开始", from, $"与第{dup.Row}行是同一教师同一称号，任期重叠"));
                continue;
            }
            if (existing.FirstOrDefault(Overlaps) is { } had)
            {
                if (had.Level == l.Level && had.AwardedOn == l.AwardedOn && had.ValidUntil == l.ValidUntil)
                {
                    work.Unchanged++;
                }
                else
                {
                    errors.Add(new TabularIssue(file, l.Who.Row, "任期开始", from,
                        $"{who.Name} 已有{TeacherLabels.Of(had.Level)}{TeacherLabels.Of(had.Kind)}称号（{had.AwardedOn:yyyy-MM-dd} 起），任期重叠"));
                }
                continue;
            }
            var title = new KeyTeacherTitle
            {
                StaffId = who.Id,
                Kind = l.Kind,
                Level = l.Level,
                Subject = l.Subject,
                AwardedBy = l.AwardedBy,
                AwardedOn = l.AwardedOn,
                ValidUntil = l.ValidUntil,
            };
            added.Add((title, l.Who.Row));
            work.Records.Add(title);
            if (l.Kind == KeyTitleKind.KeyTeacher && l.Level >= AuthorityLevel.County && (who.KeyTeacherLevel is null || (int)who.KeyTeacherLevel < (int)l.Level))
            {
                work.Summaries.Change(who, TeacherSummary.KeyTeacher, s =>
                {
                    s.KeyTeacherLevel = (KeyTeacherLevel)(int)l.Level;
                    s.KeyTeacherYear = l.AwardedOn.Year;
                });
            }
        }
    }

    /// <summary>
    /// 校长任职 rows: the school in the person's county (rotation is within the county, teachers.md §2), terms of one person
    /// may not overlap (in the file or with those recorded, as <see cref="RecordPrincipalTermHandler"/>); a term already
    /// recorded with the same school, post and dates is unchanged.
    /// </summary>
    private static async Task PrincipalsAsync(EduDb db, string file, List<PrincipalLine> lines, Dictionary<int, Staff> staff, DateOnly today,
        List<TabularIssue> errors, Work work, CancellationToken ct)
    {
        var codes = lines.Select(l => l.SchoolCode).Distinct().ToList();
        var schools = await db.Schools.IgnoreQueryFilters().Where(s => codes.Contains(s.Code)).ToDictionaryAsync(s => s.Code, ct);
        var homeIds = staff.Values.Select(s => s.SchoolId).Distinct().ToList();
        var counties = await db.Schools.IgnoreQueryFilters().Where(s => homeIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.CountyCode, ct);
        var existing = await ForStaffAsync(c => db.PrincipalTerms.Where(t => c.Contains(t.StaffId)), staff.Values.Select(s => s.Id), ct);
        var added = new List<(PrincipalTerm Term, int Row)>();
        foreach (var l in lines)
        {
            if (!staff.TryGetValue(l.Who.Row, out var who))
            {
                continue;
            }
            void Error(string column, string? value, string reason) => errors.Add(new TabularIssue(file, l.Who.Row, column, value, reason));
            var start = l.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (!schools.TryGetValue(l.SchoolCode, out var school) || school.CountyCode != counties[who.SchoolId])
            {
                Error("学校标识码", l.SchoolCode, school is null ? "没有此学校标识码的学校" : $"{school.Name} 不在该教职工所在县域内");
                continue;
            }
            if (l.StartDate > today)
            {
                Error("任职开始", start, "晚于今天");
                continue;
            }
            if (added.FirstOrDefault(a => a.Term.StaffId == who.Id && a.Term.Overlaps(l.StartDate, l.EndDate)) is { Term: not null } dup)
            {
                Error("任职开始", start, $"与第{dup.Row}行是同一人的任职，任期重叠");
                continue;
            }
            if (existing.FirstOrDefault(t => t.StaffId == who.Id && t.Overlaps(l.StartDate, l.EndDate)) is { } had)
            {
                if (had.SchoolId == school.Id && had.Post == l.Post && had.StartDate == l.StartDate && had.EndDate == l.EndDate)
                {
                    work.Unchanged++;
                }
                else
                {
                    Error("任职开始", start, $"{who.Name} 已有 {had.StartDate:yyyy-MM-dd} 起的{TeacherLabels.Of(had.Post)}任职，任期重叠");
                }
                continue;
            }
            var term = new PrincipalTerm { StaffId = who.Id, SchoolId = school.Id, Post = l.Post, StartDate = l.StartDate, EndDate = l.EndDate };
            added.Add((term, l.Who.Row));
            work.Records.Add(term);
        }
    }

    /// <summary>
    /// 双师型 认定 rows (教师厅〔2022〕2号, teachers.md §8 [V]): the 认定对象 are 中职 专业课教师 (含实习指导教师) — the same check
    /// as <see cref="RecordDualQualificationHandler"/>; one 认定 a teacher a level and date; the registry's 双师型 flag and the
    /// census snapshots (<see cref="StaffYear"/>) of the years the 认定 covers follow, which is what the plan's 双师型比例 reads.
    /// </summary>
    private static async Task DualAsync(EduDb db, string file, List<DualLine> lines, Dictionary<int, Staff> staff, TeacherRules rules, DateOnly today,
        List<TabularIssue> errors, Work work, CancellationToken ct)
    {
        var ids = staff.Values.Select(s => s.Id).ToList();
        var existing = await ForStaffAsync(c => db.DualQualifiedCertifications.Where(d => c.Contains(d.StaffId)), ids, ct);
        var years = await ForStaffAsync(c => db.StaffYears.Where(y => c.Contains(y.StaffId)), ids, ct);
        var seen = new Dictionary<(int, DualQualifiedLevel, DateOnly), int>();
        foreach (var l in lines)
        {
            if (!staff.TryGetValue(l.Who.Row, out var who))
            {
                continue;
            }
            var date = l.CertifiedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (!rules.IsSpecialtyTeacher(who.StageTaught, who.Subjects))
            {
                errors.Add(new TabularIssue(file, l.Who.Row, "工号", who.StaffNumber, $"{who.Name} 不是中职专业课教师：“双师型”认定对象为专业课教师（含实习指导教师，teachers.md §8）"));
                continue;
            }
            if (l.CertifiedOn > today)
            {
                errors.Add(new TabularIssue(file, l.Who.Row, "认定日期", date, "晚于今天"));
                continue;
            }
            if (seen.TryGetValue((who.Id, l.Level, l.CertifiedOn), out var first))
            {
                errors.Add(new TabularIssue(file, l.Who.Row, "认定日期", date, $"与第{first}行是同一教师同一级别同一天的认定"));
                continue;
            }
            seen[(who.Id, l.Level, l.CertifiedOn)] = l.Who.Row;
            if (existing.FirstOrDefault(d => d.StaffId == who.Id && d.Level == l.Level && d.CertifiedOn == l.CertifiedOn) is { } had)
            {
                if (had.ValidUntil == l.ValidUntil)
                {
                    work.Unchanged++;
                }
                else
                {
                    errors.Add(new TabularIssue(file, l.Who.Row, "有效期至", l.ValidUntil?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                        $"{who.Name} 在 {date} 的{TeacherLabels.Of(l.Level)}认定已登记，有效期至 {had.ValidUntil?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "未定"}"));
                }
                continue;
            }
            var d = new DualQualifiedCertification
            {
                StaffId = who.Id,
                Level = l.Level,
                CertifiedOn = l.CertifiedOn,
                ValidUntil = l.ValidUntil,
                Authority = l.Authority,
            };
            work.Records.Add(d);
            if (d.ActiveOn(today))
            {
                work.Summaries.Change(who, TeacherSummary.DualQualified, s => s.DualQualified = true);
            }
            foreach (var y in years.Where(y => y.StaffId == who.Id && !y.DualQualified && d.ActiveOn(new SchoolYear(y.Year).CensusDate)))
            {
                work.Summaries.DualYear(y);
            }
        }
    }

    /// <summary>
    /// The schools a file names, by 标识码 (any county: the rules decide which moves are allowed), and the county of each
    /// listed teacher's current school.
    /// </summary>
    private static async Task<(Dictionary<string, School> Schools, Dictionary<int, string> Counties)> SchoolsAndCountiesAsync(EduDb db,
        IEnumerable<string> named, Dictionary<int, Staff> staff, CancellationToken ct)
    {
        var schools = new Dictionary<string, School>(StringComparer.Ordinal);
        foreach (var chunk in named.Distinct().Chunk(500))
        {
            foreach (var s in await db.Schools.IgnoreQueryFilters().Where(s => chunk.Contains(s.Code)).ToListAsync(ct))
            {
                schools[s.Code] = s;
            }
        }
        var homeIds = staff.Values.Select(s => s.SchoolId).Distinct().ToList();
        var counties = await db.Schools.IgnoreQueryFilters().Where(s => homeIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.CountyCode, ct);
        return (schools, counties);
    }

    /// <summary>
    /// 县管校聘 竞聘结果 rows (teachers.md §3, mechanics [unverified]; docs/adr/0037): the 竞聘 school is the teacher's current
    /// school, the hiring school in the same county; one result a teacher a year (the same result again is unchanged); a
    /// 组织调剂 needs a vacancy at the receiving school (its 岗位数 — entered or the 编制 figure — above those hired there this
    /// year, in the file and before). 跨校竞聘 and 组织调剂 move the post as a started 交流 does
    /// (<see cref="ChangeRotationStateHandler"/>): the open assignment ends the day before, a new one begins at the hiring
    /// school (reason "县管校聘"), so the rotation pool's years at the school and G11 read the move.
    /// </summary>
    private static async Task HiringAsync(EduDb db, string file, List<HiringLine> lines, Dictionary<int, Staff> staff, TeacherRules rules,
        List<TabularIssue> errors, Work work, CancellationToken ct)
    {
        var (schools, counties) = await SchoolsAndCountiesAsync(db, lines.SelectMany(l => new[] { l.SchoolCode, l.ToCode }).OfType<string>(), staff, ct);
        var ids = staff.Values.Select(s => s.Id).ToList();
        var existing = await ForStaffAsync(c => db.HiringResults.Where(r => c.Contains(r.StaffId)), ids, ct);
        var open = (await ForStaffAsync(c => db.StaffAssignments.Where(a => c.Contains(a.StaffId) && a.To == null), ids, ct))
            .GroupBy(a => a.StaffId).ToDictionary(g => g.Key, g => g.OrderByDescending(a => a.From).First());
        // Hired per (school, year) so far, for the vacancy check of 组织调剂: every result of the year, whoever can see it.
        var years = lines.Select(l => l.Year).Distinct().ToList();
        var taken = (await db.HiringResults.IgnoreQueryFilters().Where(r => years.Contains(r.Year))
                .Select(r => new { r.Year, School = r.Outcome == HiringOutcome.Hired ? r.SchoolId : r.ToSchoolId, r.Outcome }).ToListAsync(ct))
            .Where(r => r.Outcome != HiringOutcome.AwaitingPost && r.School is not null)
            .GroupBy(r => (r.School!.Value, r.Year)).ToDictionary(g => g.Key, g => g.Count());
        var posts = new Dictionary<(string, int), Dictionary<int, (int Posts, bool Entered)>>();
        var seen = new Dictionary<(int, int), int>();
        foreach (var l in lines)
        {
            if (!staff.TryGetValue(l.Who.Row, out var who))
            {
                continue;
            }
            void Error(string column, string? value, string reason) => errors.Add(new TabularIssue(file, l.Who.Row, column, value, reason));
            var year = new SchoolYear(l.Year).ToString();
            if (seen.TryGetValue((who.Id, l.Year), out var first))
            {
                Error("学年", year, $"与第{first}行是同一教师同一学年的竞聘结果（每学年一条）");
                continue;
            }
            seen[(who.Id, l.Year)] = l.Who.Row;
            var county = counties[who.SchoolId];
            if (!schools.TryGetValue(l.SchoolCode, out var at) || at.CountyCode != county)
            {
                Error("竞聘学校标识码", l.SchoolCode, at is null ? "没有此学校标识码的学校" : $"{at.Name} 不在该教师所在县域内");
                continue;
            }
            School? to = null;
            if (l.ToCode is { } toCode && (!schools.TryGetValue(toCode, out to) || to.CountyCode != county))
            {
                Error("聘任学校标识码", toCode, to is null ? "没有此学校标识码的学校" : $"{to.Name} 不在本县域内：县管校聘在县域内统筹（teachers.md §3）");
                continue;
            }
            if (existing.FirstOrDefault(r => r.StaffId == who.Id && r.Year == l.Year) is { } had)
            {
                if (had.SchoolId == at.Id && had.Outcome == l.Outcome && had.ToSchoolId == to?.Id && had.DecidedOn == l.DecidedOn)
                {
                    work.Unchanged++;
                }
                else
                {
                    Error("学年", year, $"{who.Name} 在 {year} 学年已有竞聘结果（{TeacherLabels.Of(had.Outcome)}，{had.DecidedOn:yyyy-MM-dd}）");
                }
                continue;
            }
            if (who.SchoolId != at.Id)
            {
                Error("竞聘学校标识码", l.SchoolCode, $"{who.Name} 现任教于其他学校，不在 {at.Name} 竞聘");
                continue;
            }
            var hiring = l.Outcome == HiringOutcome.Hired ? at : to;
            if (l.Outcome == HiringOutcome.Assigned)
            {
                if (!posts.TryGetValue((county, l.Year), out var countyPosts))
                {
                    var all = await db.Schools.IgnoreQueryFilters().Where(s => s.CountyCode == county).Select(s => s.Id).ToListAsync(ct);
                    posts[(county, l.Year)] = countyPosts = await HiringPosts.OfAsync(db, county, l.Year, all, rules, ct);
                }
                var n = countyPosts.GetValueOrDefault(to!.Id).Posts;
                var filled = taken.GetValueOrDefault((to.Id, l.Year));
                if (filled >= n)
                {
                    Error("聘任学校标识码", l.ToCode, $"{to.Name} 在 {year} 学年没有空岗（岗位数 {n}，已聘 {filled}），不能组织调剂到该校");
                    continue;
                }
            }
            if (hiring is not null)
            {
                taken[(hiring.Id, l.Year)] = taken.GetValueOrDefault((hiring.Id, l.Year)) + 1;
            }
            var moves = l.Outcome is HiringOutcome.CrossSchool or HiringOutcome.Assigned;
            if (moves)
            {
                if (open.TryGetValue(who.Id, out var current))
                {
                    if (current.From >= l.DecidedOn)
                    {
                        Error("生效日期", Day(l.DecidedOn), $"不晚于现任职起始日 {current.From:yyyy-MM-dd}");
                        continue;
                    }
                    current.To = l.DecidedOn.AddDays(-1);
                }
                db.StaffAssignments.Add(new StaffAssignment { StaffId = who.Id, SchoolId = to!.Id, From = l.DecidedOn, Reason = "县管校聘" });
                who.SchoolId = to.Id;
            }
            work.Records.Add(new HiringResult
            {
                StaffId = who.Id,
                Year = l.Year,
                SchoolId = at.Id,
                Outcome = l.Outcome,
                ToSchoolId = to?.Id,
                DecidedOn = l.DecidedOn,
                MovedPost = moves,
            });
        }
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
