using System.Globalization;
using EduCounty.Common;
using EduCounty.Common.Protection;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.DropoutPrevention;

/// <summary>
/// One case with its 劝返 steps, the 联控联保 responsible persons and the 返校 record 学籍 holds now. The notes are
/// sensitive personal data of a minor: decrypted only when <c>mayReadNotes</c> (the roles <see cref="DropoutAccess.NotesRoles"/>),
/// and every decryption is an audit entry ("查看个案说明"); everyone else gets "已遮蔽". The read goes through the caller's
/// scoped context: a case of another school is not found.
/// </summary>
public static class GetDropoutCase
{
    public const string NotesViewed = "view-notes";

    public sealed record Step(int Id, DateOnly Date, string Method, string Participants, string Result, string? Evidence, DateOnly? NextOn, string RecordedBy);

    public sealed record Result(CaseRow Row, IReadOnlyList<string> CauseCodes, string? SchoolResponsible, string? TownshipResponsible, string? VillageResponsible,
        string? Notes, bool NotesShown, IReadOnlyList<Step> Steps, string? ClosedBy, string? ClosureEvidence, CloseDropoutCase.ReturnRecord? ReturnRecord);

    public static async Task<Result?> HandleAsync(EduDb db, DropoutRules rules, PersonalDataProtector protector, int id, bool mayReadNotes, DateOnly today,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(protector);
        var k = await db.DropoutCases.AsNoTracking().Include(x => x.Steps).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (k is null) return null;
        var student = await db.Students.Where(s => s.Id == k.StudentId).Select(s => new { s.Name, s.StudentNumber }).FirstAsync(ct);
        var school = await db.Schools.Where(s => s.Id == k.SchoolId).Select(s => new { s.Name, s.TownshipCode }).FirstAsync(ct);
        var town = await db.Divisions.Where(d => d.Code == school.TownshipCode).Select(d => d.Name).FirstOrDefaultAsync(ct) ?? school.TownshipCode;
        string? notes = null;
        if (mayReadNotes && k.NotesCipher is not null)
        {
            notes = k.NotesOf(protector);
            await db.AuditAsync(NotesViewed, nameof(DropoutCase), id.ToString(CultureInfo.InvariantCulture), "查看控辍保学个案说明", ct);
        }
        var steps = k.Steps.OrderBy(s => s.Date).ThenBy(s => s.Id)
            .Select(s => new Step(s.Id, s.Date, rules.MethodName(s.Method), s.Participants, s.Result, s.Evidence, s.NextOn, s.RecordedBy)).ToList();
        return new Result(ListDropoutCases.Row(k, rules, today, student.Name, student.StudentNumber, school.Name, school.TownshipCode, town),
            [.. k.Causes.Split(',', StringSplitOptions.RemoveEmptyEntries)], k.SchoolResponsible, k.TownshipResponsible, k.VillageResponsible,
            notes, mayReadNotes, steps, k.ClosedBy, k.ClosureEvidence, k.Closed ? null : await CloseDropoutCase.ReturnRecordAsync(db, k, ct));
    }
}
