using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.StudentAid;

/// <summary>One application of the list (no hardship level or category: those are on the 认定 page, audited).</summary>
public sealed record AidApplicationRow(int Id, string Number, int StudentId, string Student, string StudentNumber, int SchoolId, string School, string Grade,
    string Programme, string ProgrammeName, int Year, AidTerm Term, decimal Amount, AidStatus Status, DateOnly SubmittedOn, DateOnly? SchoolReviewedOn,
    DateOnly? ApprovedOn, decimal? PaidAmount, DateOnly? PaidOn, string? RejectReason)
{
    public string StatusLabel => AidLabels.Of(Status);

    public string TermLabel => AidLabels.Of(Term);
}

/// <summary>The applications of a 学年 in the caller's scope (a school user sees its own school's only: the data layer's filter).</summary>
public static class ListAidApplications
{
    public sealed record Query(SchoolYear Year, int? SchoolId = null, string? Programme = null, AidStatus? Status = null);

    public static async Task<IReadOnlyList<AidApplicationRow>> HandleAsync(EduDb db, AidRules rules, Query q, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(q);
        var apps = db.AidApplications.AsNoTracking().Where(a => a.Year == q.Year.StartYear);
        if (q.SchoolId is { } s) apps = apps.Where(a => a.SchoolId == s);
        if (q.Programme is { Length: > 0 } p) apps = apps.Where(a => a.Programme == p);
        if (q.Status is { } st) apps = apps.Where(a => a.Status == st);
        var raw = await apps.OrderBy(a => a.SchoolId).ThenBy(a => a.Id).Select(a => new
        {
            App = a,
            // One scalar subquery per column: a multi-column First() becomes a ROW_NUMBER() window over every student.
            StudentName = db.Set<Student>().Where(x => x.Id == a.StudentId).Select(x => x.Name).FirstOrDefault() ?? "",
            StudentNumber = db.Set<Student>().Where(x => x.Id == a.StudentId).Select(x => x.StudentNumber).FirstOrDefault() ?? "",
            School = db.Set<School>().Where(x => x.Id == a.SchoolId).Select(x => x.Name).FirstOrDefault() ?? "",
        }).ToListAsync(ct);
        return [.. raw.Select(r => new AidApplicationRow(r.App.Id, $"ZZ{r.App.Id:D6}", r.App.StudentId, r.StudentName, r.StudentNumber, r.App.SchoolId,
            r.School, r.App.Grade, r.App.Programme, rules.ProgrammeName(r.App.Programme), r.App.Year, r.App.Term, r.App.Amount, r.App.Status, r.App.SubmittedOn,
            r.App.SchoolReviewedOn, r.App.ApprovedOn, r.App.PaidAmount, r.App.PaidOn, r.App.RejectReason))];
    }
}
