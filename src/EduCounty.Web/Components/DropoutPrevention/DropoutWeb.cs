using EduCounty.Common;
using EduCounty.Common.Identity;
using EduCounty.Common.Protection;
using EduCounty.DropoutPrevention;
using EduCounty.Web.Components.Safety;
using EduCounty.Web.Infrastructure;

namespace EduCounty.Web.Components.DropoutPrevention;

/// <summary>
/// 控辍保学 on the web (docs/adr/0020): policies, the rules (EduCounty:DropoutRules = a province's override file) and the
/// form commands of /dropout (docs/adr/0019). Every step goes through the library (refusals come back as Chinese
/// messages) and is audited by the save; the data layer's school scope keeps a school to its own students.
/// </summary>
public static class DropoutWeb
{
    /// <summary>Read the ledger and the figures: county readers, 乡镇, schools, 督学 (each in their scope).</summary>
    public const string Read = "dropout.read";

    /// <summary>Open cases, record 劝返 steps, 销号, sync from 学籍: 基教, 乡镇, schools.</summary>
    public const string Write = "dropout.write";

    public static IServiceCollection AddDropoutPrevention(this IServiceCollection services)
    {
        services.AddSingleton(sp => sp.GetRequiredService<IConfiguration>()["EduCounty:DropoutRules"] is { Length: > 0 } path
            ? DropoutRules.WithOverride(File.ReadAllText(path)) : DropoutRules.Default());
        services.AddAuthorizationBuilder()
            .AddPolicy(Read, p => p.RequireRole(DropoutAccess.ReadRoles))
            .AddPolicy(Write, p => p.RequireRole(DropoutAccess.WriteRoles));
        return services;
    }

    /// <summary>Whether the signed-in user may read case notes (<see cref="DropoutAccess.NotesRoles"/>; never the 三员).</summary>
    public static bool MayReadNotes(CurrentUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return DropoutAccess.NotesRoles.Any(user.IsInRole) && !EduCounty.Security.Roles.Separated.Any(user.IsInRole);
    }

    private static Task<IResult> Run(HttpContext ctx, EduDb db, CurrentUser user, string back, Func<IFormCollection, Task<string>> act) =>
        FormPosts.RunAsync(ctx, db, user, back, "/dropout", act);

    public static IEndpointRouteBuilder MapDropoutPrevention(this IEndpointRouteBuilder app)
    {
        app.MapPost("/dropout/sync", (HttpContext ctx, EduDb db, CurrentUser user, DropoutRules rules, TimeProvider clock, CancellationToken ct) =>
            Run(ctx, db, user, "/dropout", async _ =>
            {
                var r = await SyncDropoutCases.HandleAsync(db, rules, SafetyWeb.Today(clock), ct);
                return $"已按学籍异动同步：新建辍学个案 {r.OpenedDropouts} 个，休学期满未复学个案 {r.OpenedSuspensions} 个";
            })).RequireAuthorization(Write).FormCommand();

        app.MapPost("/dropout/cases/new", (HttpContext ctx, EduDb db, CurrentUser user, DropoutRules rules, PersonalDataProtector protector, TimeProvider clock,
            CancellationToken ct) => Run(ctx, db, user, "/dropout/cases", async f =>
            {
                var kind = Enum.TryParse<CaseKind>(f["kind"], out var k) && Enum.IsDefined(k) ? k : throw new RuleException("请选择个案类型") { Field = "类型" };
                var source = Enum.TryParse<CaseSource>(f["source"], out var s) && Enum.IsDefined(s) ? s : CaseSource.SchoolReport;
                var id = await OpenDropoutCase.HandleAsync(db, rules, protector, new OpenDropoutCase.Command(f["number"].ToString(), kind,
                    SafetyWeb.Date(f["leftOn"], "离校日期"), [.. f["causes"].Select(x => x ?? "")], f["schoolPerson"], f["townshipPerson"], f["villagePerson"],
                    f["notes"], source), SafetyWeb.Today(clock), ct);
                return $"个案已登记，编号 KC{id:D5}";
            })).RequireAuthorization(Write).FormCommand();

        app.MapPost("/dropout/cases/{id:int}/{action}", (int id, string action, HttpContext ctx, EduDb db, CurrentUser user, DropoutRules rules,
            PersonalDataProtector protector, TimeProvider clock, CancellationToken ct) =>
            Run(ctx, db, user, $"/dropout/cases/{id}", f => ActAsync(db, rules, protector, id, action, f, SafetyWeb.Acting(user), SafetyWeb.Today(clock), MayReadNotes(user), ct)))
            .RequireAuthorization(Write).FormCommand();
        return app;
    }

    private static async Task<string> ActAsync(EduDb db, DropoutRules rules, PersonalDataProtector protector, int id, string action, IFormCollection f,
        ActingUser by, DateOnly today, bool mayWriteNotes, CancellationToken ct)
    {
        switch (action)
        {
            case "step":
                await RecordPersuasion.HandleAsync(db, rules, new RecordPersuasion.Command(id, SafetyWeb.Date(f["date"], "劝返日期"), f["method"].ToString(),
                    f["participants"].ToString(), f["result"].ToString(), f["evidence"], SafetyWeb.OptionalDate(f["nextOn"], "下次劝返日期")), by, today, ct);
                return "劝返记录已保存";
            case "details":
                await RecordPersuasion.UpdateAsync(db, rules, protector, id, new RecordPersuasion.Details([.. f["causes"].Select(x => x ?? "")], f["schoolPerson"],
                    f["townshipPerson"], f["villagePerson"], mayWriteNotes ? f["notes"].ToString() : null), ct);
                return "个案信息已保存";
            case "close":
                var how = Enum.TryParse<CaseClosure>(f["closure"], out var c) && Enum.IsDefined(c) ? c : throw new RuleException("请选择销号方式") { Field = "销号方式" };
                await CloseDropoutCase.HandleAsync(db, new CloseDropoutCase.Command(id, how, SafetyWeb.Date(f["closedOn"], "销号日期"), f["evidence"]), by, today, ct);
                return "已销号";
            default:
                throw new RuleException($"未知操作 {action}");
        }
    }
}
