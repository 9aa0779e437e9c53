using System.Text.Json;
using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Periods;

/// <summary>Shared look-ups of the period use cases.</summary>
internal static class PeriodStore
{
    internal static readonly JsonSerializerOptions Json = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    internal static async Task<ReportingPeriod> FindAsync(EduDb db, int year, string form, CancellationToken ct)
    {
        form = PeriodForms.Parse(form);
        var period = await db.ReportingPeriods.SingleOrDefaultAsync(p => p.Year == year && p.Form == form, ct)
            ?? throw new RuleException($"{new SchoolYear(year)} 学年{PeriodForms.Label(form)}的填报期尚未开启") { Field = "year" };
        // A long-lived context (a Blazor circuit, the CLI) may hold it from before another user's step: read it afresh.
        await db.Entry(period).ReloadAsync(ct);
        return period;
    }

    /// <summary>The school's submission (created 未填报 on first use); a school outside the user's scope is not found.</summary>
    internal static async Task<PeriodSubmission> SubmissionAsync(EduDb db, ReportingPeriod period, int schoolId, CancellationToken ct)
    {
        var found = await db.PeriodSubmissions.SingleOrDefaultAsync(s => s.PeriodId == period.Id && s.SchoolId == schoolId, ct);
        if (found is not null)
        {
            await db.Entry(found).ReloadAsync(ct);
            return found;
        }
        // Through the scoped context: another school's id finds nothing (docs/adr/0016).
        if (!await db.Schools.AnyAsync(s => s.Id == schoolId, ct))
        {
            throw new RuleException("没有这所学校，或它不在您的管理范围内") { Field = "school" };
        }
        var created = new PeriodSubmission { PeriodId = period.Id, SchoolId = schoolId, State = SubmissionState.NotFilled, UpdatedAt = db.Clock.GetUtcNow() };
        db.PeriodSubmissions.Add(created);
        await db.SaveChangesAsync(ct);
        return created;
    }

    /// <summary>The school's state in the period of a form and year (未填报 without one) and its steps, oldest first.</summary>
    internal static async Task<(SubmissionState State, List<CensusEntry.StepRow> Steps)> StepsAsync(EduDb db, string form, int schoolId, int year, CancellationToken ct)
    {
        var period = await db.ReportingPeriods.AsNoTracking().SingleOrDefaultAsync(p => p.Year == year && p.Form == form, ct);
        var sub = period is null ? null : await db.PeriodSubmissions.AsNoTracking().Include(s => s.Steps)
            .SingleOrDefaultAsync(s => s.PeriodId == period.Id && s.SchoolId == schoolId, ct);
        var steps = (sub?.Steps ?? []).OrderBy(s => s.Id).Select(s => new CensusEntry.StepRow(s.From, s.To, s.Actor, s.At, s.Comment,
            s.FieldComments is null ? new Dictionary<string, string>() : JsonSerializer.Deserialize<Dictionary<string, string>>(s.FieldComments)!)).ToList();
        return (sub?.State ?? SubmissionState.NotFilled, steps);
    }

    internal static string Actor(EduDb db, string? actor) => actor ?? db.Actor ?? "（未知）";
}
