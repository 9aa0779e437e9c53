using System.Globalization;
using EduCounty.Common;
using EduCounty.Common.Protection;
using EduCounty.SpecialGroups;
using EduCounty.Web.Components.Safety;
using EduCounty.Web.Components.Shared;
using EduCounty.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace EduCounty.Web.Components.SpecialGroups;

/// <summary>
/// The special groups on the web (docs/adr/0020): policies, the rules (EduCounty:GroupsRules = a province's override file)
/// and the form commands of /groups (docs/adr/0019): 送教上门 plan and visit, 资源教室, 结对帮扶 and 关爱 records. Every
/// step goes through the library and is audited by the save; the data layer's school scope keeps a school to its own.
/// </summary>
public static class GroupsWeb
{
    /// <summary>Read the overview and a child's record: county readers, 乡镇, schools, 督学 (each in their scope).</summary>
    public const string Read = "groups.read";

    /// <summary>Record plans, visits, rooms and care: 特教, 基教, schools.</summary>
    public const string Write = "groups.write";

    public static IServiceCollection AddSpecialGroups(this IServiceCollection services)
    {
        services.AddSingleton(sp => sp.GetRequiredService<IConfiguration>()["EduCounty:GroupsRules"] is { Length: > 0 } path
            ? GroupsRules.WithOverride(File.ReadAllText(path)) : GroupsRules.Default());
        services.AddSingleton<GroupsUploads>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Read, p => p.RequireRole(GroupsAccess.ReadRoles))
            .AddPolicy(Write, p => p.RequireRole(GroupsAccess.WriteRoles));
        return services;
    }

    /// <summary>Whether the signed-in user may see disability, plan content and care notes (never the 三员).</summary>
    public static bool MaySeeSensitive(CurrentUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return GroupsAccess.SensitiveRoles.Any(user.IsInRole) && !EduCounty.Security.Roles.Separated.Any(user.IsInRole);
    }

    private static decimal? Number(string? text, string what) =>
        string.IsNullOrWhiteSpace(text) ? null
        : decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v
        : throw new RuleException($"{what}“{text}”不是数字") { Field = what };

    public static IEndpointRouteBuilder MapSpecialGroups(this IEndpointRouteBuilder app)
    {
        app.MapPost("/groups/children/{id:int}/{action}", (int id, string action, HttpContext ctx, EduDb db, CurrentUser user, GroupsRules rules,
            PersonalDataProtector protector, TimeProvider clock, CancellationToken ct) =>
            FormPosts.RunAsync(ctx, db, user, $"/groups/children/{id}", "/groups", async f =>
            {
                var today = SafetyWeb.Today(clock);
                switch (action)
                {
                    case "plan":
                        var year = SchoolYear.TryParse(f["year"], out var y) ? y : SchoolYear.Containing(today);
                        await HomeTeaching.SavePlanAsync(db, rules, protector, new HomeTeaching.PlanCommand(id, year, f["teacher"].ToString(), f["content"],
                            (int?)Number(f["visits"], "计划次数"), Number(f["hours"], "计划课时")), today, ct);
                        return "送教上门方案已保存";
                    case "visit":
                        var plan = int.TryParse(f["plan"], out var p) ? p : throw new RuleException("请先制定送教上门方案");
                        await HomeTeaching.RecordVisitAsync(db, protector, new HomeTeaching.VisitCommand(plan, SafetyWeb.Date(f["date"], "送教日期"),
                            Number(f["hours"], "课时") ?? throw new RuleException("请填写课时") { Field = "课时" }, f["content"], f["teacher"].ToString()),
                            SafetyWeb.Acting(user), today, ct);
                        return "送教记录已保存";
                    case "contact":
                        await LeftBehindCareRecords.AssignAsync(db, id, f["teacher"].ToString(), today, ct);
                        return "结对帮扶教师已保存";
                    case "care":
                        await LeftBehindCareRecords.RecordAsync(db, rules, protector, new LeftBehindCareRecords.RecordCommand(id, SafetyWeb.Date(f["date"], "关爱日期"),
                            f["kind"].ToString(), f["note"]), SafetyWeb.Acting(user), today, ct);
                        return "关爱记录已保存";
                    default:
                        throw new RuleException($"未知操作 {action}");
                }
            })).RequireAuthorization(Write).FormCommand();

        app.MapPost("/groups/schools/{id:int}/room", (int id, HttpContext ctx, EduDb db, CurrentUser user, TimeProvider clock, CancellationToken ct) =>
            FormPosts.RunAsync(ctx, db, user, $"/groups?school={id}", "/groups", async f =>
            {
                var kind = Enum.TryParse<ResourceTeacherKind>(f["teacherKind"], out var k) && Enum.IsDefined(k) ? k : ResourceTeacherKind.None;
                await ResourceRooms.SaveAsync(db, new ResourceRooms.Command(id, f["hasRoom"] == "true", Number(f["area"], "面积"), (int?)Number(f["yearBuilt"], "建成年份"),
                    kind, f["teacher"]), SafetyWeb.Today(clock), ct);
                return "资源教室信息已保存";
            })).RequireAuthorization(Write).FormCommand();

        app.MapPost("/groups/purchased", (HttpContext ctx, EduDb db, CurrentUser user, TimeProvider clock, CancellationToken ct) =>
            FormPosts.RunAsync(ctx, db, user, "/groups", "/groups", async f =>
            {
                var year = SchoolYear.TryParse(f["year"], out var y) ? y : throw new RuleException("学年应写作 2025-2026") { Field = "学年" };
                var stage = Enum.TryParse<Stage>(f["stage"], out var st) && Enum.IsDefined(st) ? st : throw new RuleException("请选择学段") { Field = "学段" };
                int Whole(string key, string field) => int.TryParse(f[key], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
                    ? n : throw new RuleException($"{field}应为整数") { Field = field };
                await RecordPurchasedPlaces.HandleAsync(db, new RecordPurchasedPlaces.Command(Whole("school", "学校"), year, stage, Whole("seats", "购买学位数"),
                    Whole("holders", "随迁子女人数"), f["document"]), SafetyWeb.Acting(user), SafetyWeb.Today(clock), ct);
                return "政府购买学位已登记";
            }, f => $"/groups?year={f["year"]}#migrants")).RequireAuthorization(Write).FormCommand();

        app.MapPost("/groups/import/check", CheckAsync).RequireAuthorization(Write).FormCommand();
        app.MapPost("/groups/import/commit/{token}", CommitAsync).RequireAuthorization(Write).FormCommand();
        return app;
    }

    /// <summary>The Chinese name of a groups file kind.</summary>
    public static string Name(GroupsImportKind kind) => kind == GroupsImportKind.Visits ? "送教上门记录" : "留守儿童关爱记录";

    /// <summary>
    /// 检查: the uploaded file (送教上门 visits or 留守 关爱 records, <see cref="ImportGroupsRecordsHandler"/>) checked as a dry run
    /// through the caller's scoped data layer (a school finds its own students only), kept for 确认导入; /groups shows the
    /// outcome with every error by row and column.
    /// </summary>
    private static async Task<IResult> CheckAsync([FromForm] string? kind, IFormFile? file, EduDb db, CurrentUser user, GroupsRules rules, GroupsUploads uploads,
        PersonalDataProtector protector, TimeProvider clock, CancellationToken ct)
    {
        if (!Enum.TryParse<GroupsImportKind>(kind, out var k) || !Enum.IsDefined(k) || file is null || file.Length == 0)
        {
            return Results.Redirect(FormPosts.Back("/groups", "请选择文件类型和文件") + "#import");
        }
        var max = ImportGroupsRecordsHandler.DefaultLimits.MaxFileBytes;
        if (file.Length > max)
        {
            return Results.Redirect(FormPosts.Back("/groups", $"文件有 {file.Length / 1024 / 1024} MB，超过上限 {max / 1024 / 1024} MB") + "#import");
        }
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        var name = Path.GetFileName(file.FileName);
        db.Actor = user.Name;
        var outcome = await ImportGroupsRecordsHandler.HandleAsync(db, protector, rules, new ImportGroupsRecords(k, new MemoryStream(bytes), name, DryRun: true),
            SafetyWeb.Acting(user), SafetyWeb.Today(clock), ct: ct);
        var token = uploads.Add(new GroupsUpload(user.Name ?? "", k, name, bytes, outcome));
        return Results.Redirect("/groups?t=" + token + "#import");
    }

    /// <summary>确认导入: the checked file imported (all or nothing, one audited transaction); the answer comes back as <c>?msg=</c>.</summary>
    private static async Task<IResult> CommitAsync(string token, EduDb db, CurrentUser user, GroupsRules rules, GroupsUploads uploads, PersonalDataProtector protector,
        TimeProvider clock, CancellationToken ct)
    {
        if (uploads.Take(token, user.Name) is not { } u)
        {
            return Results.Redirect(FormPosts.Back("/groups", "上传已过期，请重新上传") + "#import");
        }
        db.Actor = user.Name;
        var o = await ImportGroupsRecordsHandler.HandleAsync(db, protector, rules, new ImportGroupsRecords(u.Kind, new MemoryStream(u.Bytes), u.FileName),
            SafetyWeb.Acting(user), SafetyWeb.Today(clock), ct: ct);
        var message = o.Ok
            ? o.Written ? $"已导入{Name(u.Kind)}：{o.Rows} 行，新增 {o.Inserted}，已有 {o.Unchanged}" : $"无变化：{o.Rows} 行均已登记"
            : $"有 {o.Errors.Count} 处错误，整个文件未导入：" + string.Join("；", o.Errors.Take(5).Select(e => e.Message));
        return Results.Redirect(FormPosts.Back("/groups", message) + "#import");
    }
}

/// <summary>A checked groups file waiting for 确认导入: who, what, the bytes and the dry run's outcome.</summary>
public sealed record GroupsUpload(string User, GroupsImportKind Kind, string FileName, byte[] Bytes, GroupsImportOutcome Checked) : ICheckedUpload;

/// <summary>Checked groups files in memory for an hour (a county's file is small), each visible to its uploader only.</summary>
public sealed class GroupsUploads(TimeProvider clock) : CheckedUploads<GroupsUpload>(clock);
