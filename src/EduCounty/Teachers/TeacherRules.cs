using EduCounty.Common;

namespace EduCounty.Teachers;

/// <summary>A teacher's facts on 1 September of a school year, as the rotation rules read them.</summary>
/// <param name="AtSchoolSince">Start of the teacher's continuous assignment at the current school (StaffAssignment), or null.</param>
/// <param name="RecordedExemptions">Codes of the <see cref="RotationExemption"/>s recorded for the year.</param>
/// <param name="RotatingOnFirstDay">A rotation started before 1 September and not ended by then.</param>
public sealed record RotationFacts(
    PostType PostType,
    Establishment Establishment,
    Stage? StageTaught,
    Sex Sex,
    DateOnly BirthDate,
    DateOnly? AtSchoolSince,
    IReadOnlyCollection<string> RecordedExemptions,
    bool RotatingOnFirstDay);

/// <summary>Whether a teacher is in the year's pool, and why (or why not) in Chinese.</summary>
public sealed record RotationVerdict(bool InScope, bool Eligible, string Reason);

/// <summary>
/// The rules of this feature over one teacher, from <see cref="TeachersStandards"/> (teachers.md §1, §2, §5). The database
/// queries (<see cref="CountTeacherFigures"/>) implement the same rules in SQL; the tests hold the two together.
/// </summary>
public sealed class TeacherRules(TeachersStandards standards)
{
    public TeachersStandards Standards { get; } = standards ?? throw new ArgumentNullException(nameof(standards));

    /// <summary>The shipped standards' rules.</summary>
    public static TeacherRules National { get; } = new(TeachersStandards.National());

    // ------------------------------------------------------------------ 继续教育 (teachers.md §1)

    /// <summary>
    /// The school years whose hours count when the cycle is judged in <paramref name="year"/>: the 5 years up to it
    /// (rolling), or the fixed cycle containing it from its first year to <paramref name="year"/>; and that cycle's last year.
    /// </summary>
    public (int From, int To, int CycleEnd) Window(int year)
    {
        var n = Standards.Training.CycleYears.Value;
        if (Standards.Training.CycleMode.Value == CycleMode.Rolling)
        {
            return (year - n + 1, year, year);
        }
        var first = Standards.Training.FixedCycleFirstYear.Value;
        var start = first + (int)Math.Floor((year - first) / (double)n) * n;
        return (start, year, start + n - 1);
    }

    /// <summary>The school year (start) a teacher hired on <paramref name="hireDate"/> began in.</summary>
    public static int HireYear(DateOnly hireDate) => SchoolYear.Containing(hireDate).StartYear;

    /// <summary>
    /// Hours the teacher owes for the cycle judged in <paramref name="year"/> (<paramref name="toDate"/>: only for the
    /// years up to <paramref name="year"/>, the pace of a fixed cycle). A teacher hired inside the cycle owes the share of
    /// the school years served in it (<see cref="NewTeacherRule.ProRata"/>) or the whole (<see cref="NewTeacherRule.Full"/>).
    /// </summary>
    public double RequiredHours(DateOnly hireDate, int year, bool toDate = false)
    {
        var t = Standards.Training;
        var (from, _, end) = Window(year);
        var last = toDate ? year : end;
        var firstServed = t.NewTeachers.Value == NewTeacherRule.ProRata ? Math.Max(from, HireYear(hireDate)) : from;
        var years = Math.Clamp(last - firstServed + 1, 0, t.CycleYears.Value);
        return Math.Round(t.CycleHours.Value * years / t.CycleYears.Value, 2);
    }

    /// <summary>
    /// The requirement as hire-date buckets for SQL (a CASE over the hire date): the hours owed by a teacher hired on or
    /// after each date, latest date first; a teacher hired earlier than all owes <c>Otherwise</c>.
    /// </summary>
    public (IReadOnlyList<(DateOnly HiredFrom, double Hours)> Buckets, double Otherwise) RequiredBuckets(int year, bool toDate = false)
    {
        var (from, _, end) = Window(year);
        var last = toDate ? year : end;
        var buckets = new List<(DateOnly, double)>();
        for (var y = Math.Min(last, year); y > from; y--)
        {
            var day = new SchoolYear(y).FirstDay;
            buckets.Add((day, RequiredHours(day, year, toDate)));
        }
        return (buckets, RequiredHours(new SchoolYear(from).FirstDay.AddYears(-1), year, toDate));
    }

    /// <summary>学时 of a record given only 学分 (teachers.md §1: conversion is provincial, config).</summary>
    public double HoursFromCredits(double credits) => Math.Round(credits * Standards.Training.HoursPerCredit.Value, 2);

    /// <summary>学时 of an enterprise practice given only its days (config hours per day).</summary>
    public double HoursFromDays(double days) => Math.Round(days * Standards.Training.EnterpriseHoursPerDay.Value, 2);

    /// <summary>A record's hours count toward the 360 (enterprise practice only when the standards say so).</summary>
    public bool CountsTowardCycle(TrainingMode mode) => mode != TrainingMode.EnterprisePractice || Standards.Training.EnterpriseCountsTowardCycle.Value;

    /// <summary>A 中职 专任教师 teaching a 专业课 (the 双师型 and 企业实践 population, teachers.md §8).</summary>
    public bool IsSpecialtyTeacher(Stage? stage, string? subjects) =>
        stage == Stage.Vocational && subjects is not null && subjects.StartsWith(Standards.Training.SpecialtySubjectPrefix.Value, StringComparison.Ordinal);

    // ------------------------------------------------------------------ 交流轮岗 (teachers.md §2)

    /// <summary>The date on which the pool of school year <paramref name="year"/> is judged: its 1 September.</summary>
    public static DateOnly PoolDate(int year) => new SchoolYear(year).FirstDay;

    /// <summary>Latest start of the continuous assignment at the school for the teacher to be eligible in <paramref name="year"/>.</summary>
    public DateOnly AtSchoolCutoff(int year) => PoolDate(year).AddYears(-Standards.Rotation.YearsInSchool.Value);

    /// <summary>
    /// Earliest birth date of a teacher of <paramref name="sex"/> who is not within the near-retirement exemption on
    /// 1 September of <paramref name="year"/> (born after it ⇒ not exempt); null when that exemption is off.
    /// </summary>
    public DateOnly? NearRetirementBirthCutoff(int year, Sex sex)
    {
        var rule = Standards.ActiveExemptions.FirstOrDefault(e => e.Check == ExemptionCheck.NearRetirement);
        return rule is null ? null : PoolDate(year).AddYears(-(Standards.Retirement.AgeOf(sex) - rule.Years!.Value));
    }

    /// <summary>Codes of the recorded exemptions in force.</summary>
    public IReadOnlyList<string> RecordedExemptionCodes =>
        [.. Standards.ActiveExemptions.Where(e => e.Check == ExemptionCheck.Recorded).Select(e => e.Code)];

    /// <summary>Whether an ongoing rotation exempts.</summary>
    public bool OngoingRotationExempts => Standards.ActiveExemptions.Any(e => e.Check == ExemptionCheck.OngoingRotation);

    /// <summary>
    /// 符合交流条件: an in-scope teacher (专任教师, 义务教育 stage, listed 编制) who has served at the current school
    /// since the cutoff and has no exemption in force. The reason names the rule that decided.
    /// </summary>
    public RotationVerdict Eligibility(RotationFacts f, int year)
    {
        ArgumentNullException.ThrowIfNull(f);
        var r = Standards.Rotation;
        if (f.PostType != PostType.FullTimeTeacher || f.StageTaught is not { } stage || !r.Stages.Value.Contains(stage))
        {
            return new(false, false, "不在交流范围（非义务教育专任教师）");
        }
        if (!r.Establishments.Value.Contains(f.Establishment))
        {
            return new(false, false, $"不在交流范围（{Labels.Of(f.Establishment)}）");
        }
        if (f.AtSchoolSince is not { } since || since > AtSchoolCutoff(year))
        {
            var served = f.AtSchoolSince is { } s ? $"自 {s:yyyy-MM-dd} 在本校" : "没有在本校的任职记录";
            return new(true, false, $"在本校任教不满 {r.YearsInSchool.Value} 年（{served}）");
        }
        if (NearRetirementBirthCutoff(year, f.Sex) is { } birth && f.BirthDate <= birth)
        {
            return new(true, false, Name(ExemptionCheck.NearRetirement));
        }
        if (OngoingRotationExempts && f.RotatingOnFirstDay)
        {
            return new(true, false, Name(ExemptionCheck.OngoingRotation));
        }
        var recorded = f.RecordedExemptions.FirstOrDefault(RecordedExemptionCodes.Contains);
        if (recorded is not null)
        {
            return new(true, false, Standards.Rotation.Exemptions.First(e => e.Code == recorded).Name);
        }
        return new(true, true, $"在本校连续任教满 {r.YearsInSchool.Value} 年（自 {since:yyyy-MM-dd}）");
    }

    private string Name(ExemptionCheck check) => Standards.ActiveExemptions.First(e => e.Check == check).Name;

    /// <summary>The least number of rotations that meets the share: ⌈eligible × share⌉ (10 % of 符合交流条件, teachers.md §2).</summary>
    public int RequiredRotations(int eligible) => (int)Math.Ceiling(eligible * Standards.Rotation.Share.Value / 100 - 1e-9);

    /// <summary>The least number of key teachers among them: ⌈base × key share⌉, base = rotated (plan) or eligible (安徽).</summary>
    public int RequiredKeyRotations(int rotated, int eligible) =>
        (int)Math.Ceiling((Standards.Rotation.KeyShareOf.Value == KeyShareBase.Rotated ? rotated : eligible) * Standards.Rotation.KeyShare.Value / 100 - 1e-9);

    /// <summary>
    /// A 校长/副校长 term (届) is full by <paramref name="on"/>: held for <c>rotation.principalTermYears</c> years (its
    /// anniversary is on or before <paramref name="on"/>) and not ended before the day before that anniversary.
    /// </summary>
    public bool FullPrincipalTerm(DateOnly start, DateOnly? end, DateOnly on)
    {
        var due = start.AddYears(Standards.Rotation.PrincipalTermYears.Value);
        return due <= on && (end is null || end >= due.AddDays(-1));
    }

    /// <summary>A kind counted as 交流轮岗.</summary>
    public bool Counts(RotationKind kind) => Standards.Rotation.CountedKinds.Value.Contains(kind);

    // ------------------------------------------------------------------ 教师资格 (teachers.md §5)

    /// <summary>A certificate of <paramref name="type"/> allows teaching <paramref name="stage"/> (《教师资格条例》第五条; no stage: any certificate).</summary>
    public bool Covers(TeacherCertificateType type, Stage? stage) =>
        stage is not { } s || Standards.Qualifications.Certificates.Any(c => c.Type == type && c.Stages.Contains(s));

    /// <summary>持证上岗: a held certificate covers the stage; without any certificate record the registry's flag decides (when the standards say so).</summary>
    public bool Certified(IReadOnlyCollection<TeacherCertificateType> held, Stage? stage, bool registryFlag) =>
        held.Count == 0 ? Standards.Qualifications.RegistryFlagWithoutRecords.Value && registryFlag : held.Any(t => Covers(t, stage));

    // ------------------------------------------------------------------ 骨干 (teachers.md §7, G11)

    /// <summary>A title counted as 骨干 for rotation and the ladder: a counted kind at or above the level.</summary>
    public bool IsKeyTitle(KeyTitleKind kind, AuthorityLevel level, AuthorityLevel minimum) =>
        Standards.KeyTeachers.CountedKinds.Value.Contains(kind) && level >= minimum;
}
