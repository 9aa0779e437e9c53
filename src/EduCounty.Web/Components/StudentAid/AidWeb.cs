using System.Globalization;
using EduCounty.Common;
using EduCounty.Common.Identity;
using EduCounty.Common.Protection;
using EduCounty.StudentAid;
using EduCounty.Web.Components.Safety;
using EduCounty.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Web.Components.StudentAid;

/// <summary>
/// 学生资助 on the web (docs/adr/0020): policies, the rules (EduCounty:AidRules = a county's override file) and the form
/// commands of /aid (docs/adr/0019). Every step goes through the library, which checks the role of each step again and
/// refuses in Chinese; the data layer's school scope keeps a school to its own students and applications.
/// </summary>
public static class AidWeb
{
    /// <summary>Read the figures and applications (each in their scope).</summary>
    public const string Read = "aid.read";

    /// <summary>Act on the chain: the school (填报员 applies, 管理员 reviews) and 资助 (approves, pays, records funds).</summary>
    public const string Act = "aid.act";

    public static IServiceCollection AddStudentAid(this IServiceCollection services)
    {
        services.AddSingleton(sp => sp.GetRequiredService<IConfiguration>()["EduCounty:AidRules"] is { Length: > 0 } path
            ? AidRules.WithOverride(File.ReadAllText(path)) : AidRules.Default());
        services.AddAuthorizationBuilder()
            .AddPolicy(Read, p => p.RequireRole(AidAccess.ReadRoles))
            .AddPolicy(Act, p => p.RequireRole([.. AidAccess.ApplyRoles, .. AidAccess.CountyRoles]));
        return services;
    }

    /// <summary>Whether the signed-in user may read 认定 level and category (<see cref="AidAccess.SensitiveRoles"/>; never the 三员).</summary>
    public static bool MayReadHardship(CurrentUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return AidAccess.SensitiveRoles.Any(user.IsInRole) && !EduCounty.Security.Roles.Separated.Any(user.IsInRole);
    }

    public static bool Holds(CurrentUser user, string[] roles)
    {
        ArgumentNullException.ThrowIfNull(user);
        return roles.Any(user.IsInRole) && !EduCounty.Security.Roles.Separated.Any(user.IsInRole);
    }

    private static Task<IResult> Run(HttpContext ctx, EduDb db, CurrentUser user, string back, Func<IFormCollection, Task<string>> act) =>
        FormPosts.RunAsync(ctx, db, user, back, "/aid", act);

    private static SchoolYear YearOf(string? text) =>
        SchoolYear.TryParse(text, out var y) ? y : throw new RuleException($"学年“{text}”应写作 2025-2026") { Field = "学年" };

    private static AidTerm TermOf(string? text) =>
        Enum.TryParse<AidTerm>(text, out var t) && Enum.IsDefined(t) ? t : throw new RuleException("请选择学期") { Field = "学期" };

    public static IEndpointRouteBuilder MapStudentAid(this IEndpointRouteBuilder app)
    {
        app.MapPost("/aid/hardship/save", (HttpContext ctx, EduDb db, CurrentUser user, AidRules rules, PersonalDataProtector protector, TimeProvider clock, CancellationToken ct) =>
            Run(ctx, db, user, "/aid/hardship", async f =>
            {
                var level = Enum.TryParse<HardshipLevel>(f["level"], out var l) && Enum.IsDefined(l) ? l : throw new RuleException("请选择认定档次") { Field = "认定档次" };
                FinancialHardship? category = Enum.TryParse<FinancialHardship>(f["category"], out var c) && Enum.IsDefined(c) ? c : null;
                await AssessHardship.HandleAsync(db, rules, protector, new AssessHardship.Command(f["number"].ToString(), YearOf(f["year"]), level, category),
                    SafetyWeb.Acting(user), SafetyWeb.Today(clock), ct);
                return "家庭经济困难认定已保存";
            })).RequireAuthorization(Act).FormCommand();

        app.MapPost("/aid/applications/new", (HttpContext ctx, EduDb db, CurrentUser user, AidRules rules, PersonalDataProtector protector, TimeProvider clock,
            CancellationToken ct) => Run(ctx, db, user, "/aid/applications", async f =>
            {
                var id = await ApplyForAid.HandleAsync(db, rules, protector, new ApplyForAid.Command(f["number"].ToString(), f["programme"].ToString(), YearOf(f["year"]),
                    TermOf(f["term"])), SafetyWeb.Acting(user), SafetyWeb.Today(clock), ct);
                return $"资助申请已提交，编号 ZZ{id:D6}";
            })).RequireAuthorization(Act).FormCommand();

        app.MapPost("/aid/applications/{id:int}/{action}", (int id, string action, HttpContext ctx, EduDb db, CurrentUser user, AidRules rules, TimeProvider clock,
            CancellationToken ct) =>
            Run(ctx, db, user, "/aid/applications", async f =>
            {
                var by = SafetyWeb.Acting(user);
                var today = SafetyWeb.Today(clock);
                switch (action)
                {
                    case "review":
                        await ReviewAidApplication.SchoolReviewAsync(db, id, by, today, ct);
                        return $"ZZ{id:D6} 学校审核通过";
                    case "approve":
                        await ReviewAidApplication.ApproveAsync(db, id, by, today, ct);
                        return $"ZZ{id:D6} 县审批通过";
                    case "reject":
                        await ReviewAidApplication.RejectAsync(db, id, f["reason"], by, today, ct);
                        return $"ZZ{id:D6} 未通过";
                    case "pay":
                        var warning = await ReviewAidApplication.PayAsync(db, rules, id, SafetyWeb.OptionalDate(f["paidOn"], "发放日期") ?? today,
                            SafetyWeb.Dec(f["amount"], "实发金额"), by, today, ct);
                        return $"ZZ{id:D6} 已登记发放" + (warning is null ? "" : "；" + warning);
                    default:
                        throw new RuleException("未知操作");
                }
            })).RequireAuthorization(Act).FormCommand();

        app.MapPost("/aid/funding", (HttpContext ctx, EduDb db, CurrentUser user, AidRules rules, TimeProvider clock, CancellationToken ct) =>
            Run(ctx, db, user, "/aid", async f =>
            {
                var wan = SafetyWeb.Dec(f["wan"], "到账金额") ?? throw new RuleException("请填写到账金额（万元）") { Field = "到账金额" };
                await RecordAidFunding.HandleAsync(db, rules, new RecordAidFunding.Command(f["programme"].ToString(), YearOf(f["year"]), TermOf(f["term"]), wan,
                    SafetyWeb.Date(f["receivedOn"], "到账日期"), f["document"]), SafetyWeb.Acting(user), SafetyWeb.Today(clock), ct);
                return "到账资金已登记";
            })).RequireAuthorization(Act).FormCommand();

        app.MapPost("/aid/notices/{id:int}/withdraw", (int id, HttpContext ctx, EduDb db, CurrentUser user, TimeProvider clock, CancellationToken ct) =>
            Run(ctx, db, user, "/aid/notices", async f =>
            {
                await AidPublicity.WithdrawAsync(db, id, SafetyWeb.Acting(user), SafetyWeb.Today(clock), ct);
                return "公示已撤下";
            })).RequireAuthorization(Act).FormCommand();

        // 公示 list as .xlsx (masked names; no ID, no category or level), in the caller's scope; the export is audited.
        // Generating it records its 公示 period per school (AidPublicity, shown on /aid/notices) and blocks the schools' 发放 for the
        // period: only 资助 and the schools' aid users (Act) may, not every reader (review 6: a 局领导's download started them).
        app.MapGet("/aid/publicity", async (string? programme, string? year, string? term, EduDb db, CurrentUser user, AidRules rules, CancellationToken ct) =>
        {
            var y = YearOf(year);
            var code = rules.Programme(programme ?? "").Code;
            AidTerm? t = string.IsNullOrEmpty(term) ? null : TermOf(term);
            db.Actor = user.Name;
            var rows = await GetAidPublicity.HandleAsync(db, rules, code, y, t, ct);
            using var ms = new MemoryStream();
            await GetAidPublicity.WriteXlsxAsync(db, rules, rows, code, y, t, ms, ct);
            return Results.File(ms.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                string.Create(CultureInfo.InvariantCulture, $"资助公示-{rules.ProgrammeName(code)}-{y}.xlsx"));
        }).RequireAuthorization(Act);
        return app;
    }
}

/// <summary>The 学年 a 学生资助 page opens on: the one asked for, else the latest holding applications, else the current one.</summary>
public static class AidYear
{
    public static async Task<SchoolYear> OfAsync(EduDb db, string? text, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (SchoolYear.TryParse(text, out var y)) return y;
        var latest = await db.AidApplications.Select(a => (int?)a.Year).MaxAsync();
        return latest is { } l ? new SchoolYear(l) : SchoolYear.Current(clock);
    }
}
