using System.Globalization;
using System.Security.Claims;
using EduCounty.Common;
using EduCounty.Common.Files;
using EduCounty.Common.Identity;
using EduCounty.Safety;
using EduCounty.Security;
using EduCounty.Web.Components.Account;
using EduCounty.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Web.Components.Safety;

/// <summary>
/// 校园安全 on the web (docs/adr/0020): policies, the rules (EduCounty:SafetyRules = a province's override file), and the
/// form commands of /safety (docs/adr/0019: antiforgery-checked, back to the page with the message). Each step goes
/// through the hazard's methods (refusals come back as Chinese messages) and is audited; the school scope of the data
/// layer keeps every user to their schools.
/// </summary>
public static class SafetyWeb
{
    /// <summary>Read the hazard ledger and dashboards: county readers, 乡镇, schools, 督学 (each in their scope).</summary>
    public const string Read = "safety.read";

    /// <summary>Report hazards and act on them, file monthly reports: 安全, 乡镇, schools, 督学.</summary>
    public const string Write = "safety.write";

    public static IServiceCollection AddSafety(this IServiceCollection services)
    {
        services.AddSingleton(sp => sp.GetRequiredService<IConfiguration>()["EduCounty:SafetyRules"] is { Length: > 0 } path
            ? SafetyRules.WithOverride(File.ReadAllText(path)) : SafetyRules.Default());
        services.AddAuthorizationBuilder()
            .AddPolicy(Read, p => p.RequireRole([.. Roles.CountyReaders, Roles.Township, Roles.SchoolAdmin, Roles.SchoolClerk, Roles.SchoolSupervisor]))
            .AddPolicy(Write, p => p.RequireRole(Roles.Safety, Roles.Township, Roles.SchoolAdmin, Roles.SchoolClerk, Roles.SchoolSupervisor));
        return services;
    }

    /// <summary>The signed-in user as the library's <see cref="ActingUser"/> (name: the display name).</summary>
    public static ActingUser Acting(CurrentUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var p = user.Principal;
        return new ActingUser(p.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", p.FindFirstValue(AppClaimsFactory.DisplayName) ?? user.Name ?? "",
            [.. Roles.All.Where(user.IsInRole)]);
    }

    /// <summary>Today in the bureau's time zone.</summary>
    public static DateOnly Today(TimeProvider clock) => SchoolYear.Today(clock);

    public static DateOnly Date(string? text, string what) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d : throw new RuleException($"{what}“{text}”应为 yyyy-MM-dd 格式的日期") { Field = what };

    public static DateOnly? OptionalDate(string? text, string what) => string.IsNullOrWhiteSpace(text) ? null : Date(text, what);

    public static int Whole(string? text, string what) =>
        int.TryParse(text?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw new RuleException($"{what}“{text}”应为整数") { Field = what };

    public static decimal? Dec(string? text, string what) =>
        string.IsNullOrWhiteSpace(text) ? null
        : decimal.TryParse(text.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v : throw new RuleException($"{what}“{text}”应为数字") { Field = what };

    /// <summary>The checked uploads of a form's file inputs named <paramref name="name"/>.</summary>
    public static async Task<IReadOnlyList<UploadedFile>> FilesAsync(IFormCollection form, string name, string what, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var list = new List<UploadedFile>();
        foreach (var file in form.Files.GetFiles(name).Where(f => f.Length > 0))
        {
            if (file.Length > UploadedFile.MaxBytes) throw new RuleException($"{what}“{file.FileName}”超过 {UploadedFile.MaxBytes / 1048576} MB");
            using var ms = new MemoryStream();
            await file.CopyToAsync(ms, ct);
            list.Add(UploadedFile.Check(file.FileName, ms.ToArray(), what));
        }
        return list;
    }

    /// <summary>Room for a few photos in one post.</summary>
    public static readonly RequestSizeLimitAttribute UploadLimit = new(5L * UploadedFile.MaxBytes + 1024 * 1024);

    private static Task<IResult> Run(HttpContext ctx, EduDb db, CurrentUser user, string back, Func<IFormCollection, Task<string>> act) =>
        FormPosts.RunAsync(ctx, db, user, back, "/safety", act);

    public static IEndpointRouteBuilder MapSafety(this IEndpointRouteBuilder app)
    {
        app.MapPost("/safety/hazards/new", (HttpContext ctx, EduDb db, CurrentUser user, SafetyRules rules, TimeProvider clock, CancellationToken ct) =>
            Run(ctx, db, user, "/safety/hazards", async f =>
            {
                var id = await ReportHazard.HandleAsync(db, rules, new ReportHazard.Command(Whole(f["school"], "学校"), f["location"].ToString(), f["category"].ToString(),
                    f["description"].ToString(), f["foundBy"].ToString(), Date(f["foundOn"], "发现日期"), f["kind"].ToString(),
                    Photos: await FilesAsync(f, "photos", "现场照片", ct)), Acting(user), Today(clock), ct);
                return $"隐患已登记，编号 YH{id:D5}";
            })).RequireAuthorization(Write).FormCommand().WithMetadata(UploadLimit);

        app.MapPost("/safety/hazards/{id:int}/{action}", (int id, string action, HttpContext ctx, EduDb db, CurrentUser user, SafetyRules rules, TimeProvider clock,
            CancellationToken ct) => Run(ctx, db, user, $"/safety/hazards/{id}", f => ActAsync(db, rules, id, action, f, Acting(user), Today(clock), ct)))
            .RequireAuthorization(Write).FormCommand().WithMetadata(UploadLimit);

        app.MapPost("/safety/inspections/report", (HttpContext ctx, EduDb db, CurrentUser user, TimeProvider clock, CancellationToken ct) =>
            Run(ctx, db, user, "/safety/inspections", async f =>
            {
                var month = Date(f["month"] + "-01", "月份");
                await SubmitInspectionReport.HandleAsync(db, new SubmitInspectionReport.Command(Whole(f["school"], "学校"), month.Year, month.Month,
                    Date(f["inspectedOn"], "排查日期"), Whole(f["checks"], "排查次数"), Whole(f["found"], "发现隐患数"), f["summary"].ToString()), Acting(user), Today(clock), ct);
                return $"{month.Year} 年 {month.Month} 月排查报告已报送";
            })).RequireAuthorization(Write).FormCommand();

        app.MapPost("/safety/facilities", (HttpContext ctx, EduDb db, CurrentUser user, SafetyRules rules, TimeProvider clock, CancellationToken ct) =>
            Run(ctx, db, user, "/safety", async f =>
            {
                var status = Enum.TryParse<FacilityStatus>(f["status"], out var s) ? s : throw new RuleException("请选择建设情况");
                await RecordSafetyFacility.HandleAsync(db, rules, Whole(f["school"], "学校"), f["code"].ToString(), status, OptionalDate(f["since"], "建成日期"),
                    f["note"], Acting(user), Today(clock), ct);
                return "覆盖情况已保存";
            })).RequireAuthorization(new AuthorizeAttribute { Roles = $"{Roles.Safety},{Roles.SchoolAdmin}" }).FormCommand();

        // Files of hazards, visits and findings: the data layer's scope decides who may download; every download is audited.
        app.MapGet("/files/{id:int}", async (int id, EduDb db, CurrentUser user, CancellationToken ct) =>
        {
            var file = await db.StoredFiles.AsNoTracking().Where(x => x.Id == id)
                .Select(x => new { x.FileName, x.ContentType, x.Owner, x.OwnerId, x.Content!.Bytes }).SingleOrDefaultAsync(ct);
            if (file is null) return Results.NotFound();
            db.Actor ??= user.Name;
            await db.AuditAsync("download", nameof(StoredFile), id.ToString(CultureInfo.InvariantCulture), $"{AuditLabels.Entity(file.Owner)} {file.OwnerId}：{file.FileName}", ct);
            return Results.File(file.Bytes, file.ContentType, file.FileName);
        }).RequireAuthorization(Read);
        return app;
    }

    private static async Task<string> ActAsync(EduDb db, SafetyRules rules, int id, string action, IFormCollection f, ActingUser by, DateOnly today, CancellationToken ct)
    {
        switch (action)
        {
            case "assess":
                await AssessHazard.HandleAsync(db, rules, id, f["grade"].ToString(), new Assessment(f["unit"].ToString(), f["measures"].ToString(), f["person"],
                    Dec(f["funds"], "资金"), f["plan"], OptionalDate(f["due"], "整改时限"), f["risk"], f["supervisingUnit"], f["document"]), by, today, ct);
                return "已评估";
            case "start":
                await RemediateHazard.StartAsync(db, id, f["note"], by, today, ct);
                return "已开始治理";
            case "control":
                await RemediateHazard.ControlAsync(db, id, f["interim"].ToString(), by, today, ct);
                return "已转入管控";
            case "verify":
                await VerifyHazard.HandleAsync(db, id, f["note"].ToString(), await FilesAsync(f, "evidence", "整改证据", ct), by, today, ct);
                return "已申请销号";
            case "files":
                await AttachHazardFiles.HandleAsync(db, id, await FilesAsync(f, "files", "文件", ct), f["purpose"] == "evidence", by, ct);
                return "文件已上传";
            case "close":
                await CloseHazard.HandleAsync(db, rules, id, f["note"].ToString(), by, today, OptionalDate(f["on"], "销号日期"), ct);
                return "已销号";
            case "reject":
                await CloseHazard.RejectAsync(db, rules, id, f["note"].ToString(), by, today, ct);
                return "已退回整改";
            default:
                throw new RuleException($"未知操作 {action}");
        }
    }
}
