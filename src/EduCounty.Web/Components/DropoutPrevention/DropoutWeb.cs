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

        app.MapPost("/dropout/import", (HttpContext ctx, EduDb db, CurrentUser user, DropoutRules rules, PersonalDataProtector protector, TimeProvider clock,
            CancellationToken ct) => Run(ctx, db, user, "/dropout", f => ImportAsync(db, rules, protector, f, SafetyWeb.Acting(user), SafetyWeb.Today(clock), ct)))
            .RequireAuthorization(Write).FormCommand();

        app.MapGet("/dropout/monthly", async (string? year, EduDb db, CurrentUser user, DropoutRules rules, TimeProvider clock, CancellationToken ct) =>
        {
            var y = SchoolYear.TryParse(year, out var v) ? v : SchoolYear.Current(clock);
            var today = SafetyWeb.Today(clock);
            db.Actor = user.Name;
            var report = await GetDropoutReport.HandleAsync(db, y, today, rules, ct);
            using var ms = new MemoryStream();
            await ExportDropoutMonthly.WriteXlsxAsync(db, report, await ExportDropoutMonthly.CountyNameAsync(db, ct), today, ms, ct);
            return Results.File(ms.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"控辍保学月度统计表-{y}.xlsx");
        }).RequireAuthorization(Read);
        return app;
    }

    /// <summary>
    /// The 台账 upload (<see cref="ImportDropoutLedgerHandler"/>): size refused before reading, then all-or-nothing; a dry
    /// run ("只检查") writes nothing. The answer names what was done, or the first errors (file, row, column, reason).
    /// </summary>
    private static async Task<string> ImportAsync(EduDb db, DropoutRules rules, PersonalDataProtector protector, IFormCollection f, ActingUser by, DateOnly today,
        CancellationToken ct)
    {
        var file = f.Files.GetFile("file");
        if (file is null || file.Length == 0)
        {
            throw new RuleException("请选择要导入的台账文件") { Field = "file" };
        }
        var limits = DropoutLedgerFile.DefaultLimits;
        if (file.Length > limits.MaxFileBytes)
        {
            throw new RuleException($"文件 {file.FileName} 有 {file.Length / 1024 / 1024} MB，超过上限 {limits.MaxFileBytes / 1024 / 1024} MB") { Field = "file" };
        }
        var dryRun = f["dryRun"].ToString() is "on" or "true";
        await using var s = file.OpenReadStream();
        var o = await ImportDropoutLedgerHandler.HandleAsync(db, protector, rules, new ImportDropoutLedger(s, file.FileName, dryRun), by, today, limits, ct);
        if (!o.Ok)
        {
            var shown = o.Errors.Take(10).Select(e => e.Message);
            return $"台账未导入（有 {o.Errors.Count} 处错误，整个文件未写入）：{string.Join("；", shown)}{(o.Errors.Count > 10 ? "；……" : "")}";
        }
        var counts = $"{o.Rows} 行，新建个案 {o.Opened} 个，新增劝返记录 {o.StepsAdded} 条，销号 {o.Closed} 个，无变化 {o.Unchanged} 行";
        return o.Written ? $"台账已导入：{counts}" : dryRun ? $"检查通过（未写入）：{counts}" : $"台账无变化：{counts}";
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
