using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Teachers;

/// <summary>A school (or 人事) enters one training record of one of its teachers.</summary>
public sealed record RecordTraining(int StaffId, string Course, AuthorityLevel Level, TrainingMode Mode, DateOnly StartDate, DateOnly EndDate,
    double? Hours, double? Credits, double? Days, string? CertificateNumber, string? Organiser);

public static class RecordTrainingHandler
{
    /// <summary>Checks and saves the record (audited); a refusal names the field.</summary>
    public static async Task<int> HandleAsync(EduDb db, RecordTraining cmd, TeacherRules rules, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(cmd);
        ArgumentNullException.ThrowIfNull(rules);
        if (!await db.Staff.AnyAsync(s => s.Id == cmd.StaffId, ct))
        {
            throw new RuleException("找不到该教职工（或不在您的管理范围内）") { Field = "staff" };
        }
        if (string.IsNullOrWhiteSpace(cmd.Course) || cmd.Course.Trim().Length > 200)
        {
            throw new RuleException("培训项目名称不能为空，且不超过 200 个字") { Field = "course" };
        }
        var (record, problem) = Build(cmd.StaffId, cmd.Course.Trim(), cmd.Level, cmd.Mode, cmd.StartDate, cmd.EndDate, cmd.Hours, cmd.Credits, cmd.Days,
            rules, SchoolYear.Today(db.Clock));
        if (problem is { } p)
        {
            throw new RuleException(p.Reason) { Field = p.Field };
        }
        record!.CertificateNumber = Trim(cmd.CertificateNumber, 100);
        record.Organiser = Trim(cmd.Organiser, 200);
        db.TrainingRecords.Add(record);
        await db.SaveChangesAsync(ct);
        return record.Id;
    }

    private static string? Trim(string? v, int max) => string.IsNullOrWhiteSpace(v) ? null : v.Trim()[..Math.Min(max, v.Trim().Length)];

    /// <summary>
    /// A record from its parts, or the first problem (field key as in <see cref="TrainingFile.Columns"/>, reason): the end
    /// not after today, 学时 from 学时, else 学分 × hours per credit, else (企业实践) days × hours per day; at most 24 学时 a
    /// day of the course; 企业实践 with its days (given, or the dates' span).
    /// </summary>
    internal static (TrainingRecord? Record, (string Field, string Reason)? Problem) Build(int staffId, string course, AuthorityLevel level, TrainingMode mode,
        DateOnly start, DateOnly end, double? hours, double? credits, double? days, TeacherRules rules, DateOnly today)
    {
        if (end < start)
        {
            return (null, ("end", $"结束日期 {end:yyyy-MM-dd} 早于开始日期 {start:yyyy-MM-dd}"));
        }
        if (end > today)
        {
            return (null, ("end", $"结束日期 {end:yyyy-MM-dd} 晚于今天，培训结束后再登记"));
        }
        var span = end.DayNumber - start.DayNumber + 1;
        if (mode == TrainingMode.EnterprisePractice)
        {
            days ??= span;
            if (days > span)
            {
                return (null, ("days", $"企业实践天数 {days} 超过起止日期的天数 {span}"));
            }
        }
        else if (days is not null)
        {
            return (null, ("days", "只有企业实践填写天数"));
        }
        var h = hours ?? (credits is { } c ? rules.HoursFromCredits(c) : mode == TrainingMode.EnterprisePractice ? rules.HoursFromDays(days!.Value) : (double?)null);
        if (h is not { } value || value <= 0)
        {
            return (null, ("hours", "学时和学分至少填写一项（大于 0）"));
        }
        if (value > span * 24)
        {
            return (null, ("hours", $"学时 {value} 超过培训天数 {span} × 24"));
        }
        return (new TrainingRecord
        {
            StaffId = staffId,
            Year = SchoolYear.Containing(end).StartYear,
            Course = course,
            Level = level,
            Mode = mode,
            Hours = value,
            Credits = credits,
            Days = days,
            StartDate = start,
            EndDate = end,
        }, null);
    }
}
