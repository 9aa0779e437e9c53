using EduCounty.Common;
using EduCounty.Common.Identity;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.StudentAid;

/// <summary>到账: the funds received for a programme and term (万元; 财教〔2021〕310号 资金下达). A second record for the same programme and term replaces the amount.</summary>
public static class RecordAidFunding
{
    public sealed record Command(string Programme, SchoolYear Year, AidTerm Term, decimal ReceivedWan, DateOnly ReceivedOn, string? Document);

    public static async Task<int> HandleAsync(EduDb db, AidRules rules, Command c, ActingUser by, DateOnly today, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(by);
        if (!by.HoldsAny(AidAccess.CountyRoles)) throw new RuleException("到账资金须由县资助中心登记");
        var p = rules.Programme(c.Programme);
        if (c.ReceivedWan < 0) throw new RuleException("到账金额不能为负数") { Field = "到账金额" };
        if (c.ReceivedOn > today) throw new RuleException($"到账日期 {c.ReceivedOn:yyyy-MM-dd} 晚于今天") { Field = "到账日期" };
        var f = await db.AidFundings.FirstOrDefaultAsync(x => x.Programme == p.Code && x.Year == c.Year.StartYear && x.Term == c.Term, ct);
        if (f is null)
        {
            f = new AidFunding { Programme = p.Code, Year = c.Year.StartYear, Term = c.Term, RecordedBy = by.Name };
            db.AidFundings.Add(f);
        }
        f.ReceivedWan = c.ReceivedWan;
        f.ReceivedOn = c.ReceivedOn;
        f.Document = string.IsNullOrWhiteSpace(c.Document) ? null : c.Document.Trim();
        f.RecordedBy = by.Name;
        await db.SaveChangesAsync(ct);
        return f.Id;
    }
}
