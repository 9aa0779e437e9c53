using System.Globalization;
using EduCounty.Common;
using EduCounty.Common.Identity;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.StudentAid;

/// <summary>
/// The chain after the application (student-aid.md §4: 学校认定/审核 → 县 资助中心 审核 → 发放): 学校审核 (the school's
/// administrator), 县审批 (资助), 发放 with the amount actually paid (资助), or 不通过 with a reason at either review. Each
/// step is a saved change (audited with who and when); a step out of order is refused with the state it found.
/// </summary>
public static class ReviewAidApplication
{
    public static async Task SchoolReviewAsync(EduDb db, int id, ActingUser by, DateOnly today, CancellationToken ct = default)
    {
        var a = await FindAsync(db, id, ct);
        Require(by, AidAccess.SchoolReviewRoles, "学校审核须由学校管理员办理");
        RequireStatus(a, AidStatus.Submitted, "学校审核");
        a.Status = AidStatus.SchoolReviewed;
        a.SchoolReviewedOn = today;
        a.SchoolReviewedBy = by.Name;
        await db.SaveChangesAsync(ct);
    }

    public static async Task ApproveAsync(EduDb db, int id, ActingUser by, DateOnly today, CancellationToken ct = default)
    {
        var a = await FindAsync(db, id, ct);
        Require(by, AidAccess.CountyRoles, "县审批须由县资助中心办理");
        RequireStatus(a, AidStatus.SchoolReviewed, "县审批");
        a.Status = AidStatus.Approved;
        a.ApprovedOn = today;
        a.ApprovedBy = by.Name;
        await db.SaveChangesAsync(ct);
    }

    public static async Task RejectAsync(EduDb db, int id, string? reason, ActingUser by, DateOnly today, CancellationToken ct = default)
    {
        var a = await FindAsync(db, id, ct);
        if (string.IsNullOrWhiteSpace(reason)) throw new RuleException("不通过须填写原因") { Field = "原因" };
        if (a.Status == AidStatus.Submitted)
        {
            Require(by, AidAccess.SchoolReviewRoles, "学校审核须由学校管理员办理");
            a.SchoolReviewedOn = today;
            a.SchoolReviewedBy = by.Name;
        }
        else if (a.Status == AidStatus.SchoolReviewed)
        {
            Require(by, AidAccess.CountyRoles, "县审批须由县资助中心办理");
            a.ApprovedOn = today;
            a.ApprovedBy = by.Name;
        }
        else
        {
            throw new RuleException($"申请 {a.Number} 当前状态为{AidLabels.Of(a.Status)}，不能退回");
        }
        a.Status = AidStatus.Rejected;
        var text = reason.Trim();
        a.RejectReason = text.Length > 500 ? text[..500] : text;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// 发放: the amount paid (default: the approved amount); more than approved is refused. A payment on a day the school's
    /// list of the programme and term is still on 公示 (<see cref="AidPublicity.PendingAsync"/>, student-aid.md §5) is
    /// refused, or — when aid-rules.json <c>publicity.beforeEnd</c> is <c>warn</c> — recorded and the warning returned.
    /// </summary>
    public static Task<string?> PayAsync(EduDb db, int id, DateOnly paidOn, decimal? amount, ActingUser by, DateOnly today, CancellationToken ct = default) =>
        PayAsync(db, AidRules.Default(), id, paidOn, amount, by, today, ct);

    /// <inheritdoc cref="PayAsync(EduDb, int, DateOnly, decimal?, ActingUser, DateOnly, CancellationToken)"/>
    public static async Task<string?> PayAsync(EduDb db, AidRules rules, int id, DateOnly paidOn, decimal? amount, ActingUser by, DateOnly today,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var a = await FindAsync(db, id, ct);
        Require(by, AidAccess.CountyRoles, "发放须由县资助中心登记");
        RequireStatus(a, AidStatus.Approved, "登记发放");
        if (paidOn > today) throw new RuleException($"发放日期 {paidOn:yyyy-MM-dd} 晚于今天") { Field = "发放日期" };
        if (a.ApprovedOn is { } ok && paidOn < ok) throw new RuleException($"发放日期 {paidOn:yyyy-MM-dd} 早于县审批日期 {ok:yyyy-MM-dd}") { Field = "发放日期" };
        var paid = amount ?? a.Amount;
        if (paid <= 0 || paid > a.Amount)
        {
            throw new RuleException($"实发金额 {paid.ToString("0.00", CultureInfo.InvariantCulture)} 元须大于 0 且不超过应发 {a.Amount.ToString("0.00", CultureInfo.InvariantCulture)} 元") { Field = "实发金额" };
        }
        var pending = await AidPublicity.PendingAsync(db, a.Programme, a.Year, a.Term, a.SchoolId, paidOn, ct);
        if (pending is not null && rules.PublicityRule.BeforeEnd == AidPublicityRule.Refuse)
        {
            throw new RuleException(pending + "，不能登记发放") { Field = "发放日期" };
        }
        a.Status = AidStatus.Paid;
        a.PaidAmount = paid;
        a.PaidOn = paidOn;
        a.PaidBy = by.Name;
        await db.SaveChangesAsync(ct);
        return pending is null ? null : "提示：" + pending;
    }

    /// <summary>The application in the caller's scope (another school's is not found).</summary>
    public static async Task<AidApplication> FindAsync(EduDb db, int id, CancellationToken ct) =>
        await db.AidApplications.FirstOrDefaultAsync(a => a.Id == id, ct)
        ?? throw new RuleException($"未找到资助申请 ZZ{id:D6}（或不在您的管理范围内）");

    private static void Require(ActingUser by, string[] roles, string message)
    {
        ArgumentNullException.ThrowIfNull(by);
        if (!by.HoldsAny(roles)) throw new RuleException(message);
    }

    private static void RequireStatus(AidApplication a, AidStatus expected, string action)
    {
        if (a.Status != expected)
        {
            throw new RuleException($"申请 {a.Number} 当前状态为{AidLabels.Of(a.Status)}，不能{action}（须为{AidLabels.Of(expected)}）");
        }
    }
}
