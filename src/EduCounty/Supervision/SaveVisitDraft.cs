using EduCounty.Common;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Supervision;

/// <summary>
/// Autosave of the visit form (a 督学 on a phone may lose the connection): the form's fields as JSON, kept per account
/// and form key until the visit is submitted. Saving a draft whose visit was already submitted is refused (the form is
/// done); the drafts of one account are listed so that the form can be taken up again on any device.
/// </summary>
public static class SaveVisitDraft
{
    public const int MaxChars = 65536;

    public sealed record Draft(string DraftKey, string FormJson, DateTimeOffset SavedAt);

    public static async Task<DateTimeOffset> HandleAsync(EduDb db, string userId, string draftKey, string formJson, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var key = Key(draftKey);
        if (string.IsNullOrEmpty(userId)) throw new RuleException("未登录，不能保存草稿");
        if (formJson is null || formJson.Length > MaxChars) throw new RuleException($"草稿超过 {MaxChars} 字，未保存");
        if (await db.SupervisionVisits.IgnoreQueryFilters().AnyAsync(v => v.ClientKey == key, ct))
        {
            throw new RuleException("该督导记录已提交，草稿不再保存");
        }
        var draft = await db.VisitDrafts.SingleOrDefaultAsync(d => d.UserId == userId && d.DraftKey == key, ct);
        if (draft is null)
        {
            draft = new VisitDraft { UserId = userId, DraftKey = key, FormJson = "" };
            db.VisitDrafts.Add(draft);
        }
        draft.FormJson = formJson;
        draft.SavedAt = db.Clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return draft.SavedAt;
    }

    /// <summary>The account's draft of that key, or null.</summary>
    public static Task<Draft?> GetAsync(EduDb db, string userId, string draftKey, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.VisitDrafts.AsNoTracking().Where(d => d.UserId == userId && d.DraftKey == draftKey)
            .Select(d => new Draft(d.DraftKey, d.FormJson, d.SavedAt)).SingleOrDefaultAsync(ct);
    }

    /// <summary>The account's drafts, newest first.</summary>
    public static async Task<IReadOnlyList<Draft>> ListAsync(EduDb db, string userId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var drafts = await db.VisitDrafts.AsNoTracking().Where(d => d.UserId == userId)
            .Select(d => new Draft(d.DraftKey, d.FormJson, d.SavedAt)).ToListAsync(ct);
        return [.. drafts.OrderByDescending(d => d.SavedAt)];
    }

    /// <summary>A form key: a GUID (32 hex digits, with or without hyphens).</summary>
    public static string Key(string? text) =>
        Guid.TryParse(text, out var g) ? g.ToString("N") : throw new RuleException("表单标识无效，请刷新页面后重新填写");
}
