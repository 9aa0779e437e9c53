using System.Globalization;
using EduCounty.Common;
using EduCounty.Common.Protection;
using EduCounty.SpecialGroups;
using EduCounty.Web.Components.Safety;
using EduCounty.Web.Infrastructure;

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
        return app;
    }
}
