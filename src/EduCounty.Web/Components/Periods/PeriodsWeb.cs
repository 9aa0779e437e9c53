using System.Globalization;
using EduCounty.Common;
using EduCounty.Common.Tabular;
using EduCounty.Periods;
using EduCounty.Security;
using EduCounty.Web.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace EduCounty.Web.Components.Periods;

/// <summary>
/// 填报期 on the web (issue 22, docs/adr/0020): the county's status page of every school (/periods), the school's census
/// form with the review buttons (/periods/census/{school}), and their form commands (docs/adr/0019). The level comes from
/// the roles (<see cref="PeriodActor.Of"/>); which schools a user reaches is the data layer's scope (docs/adr/0016).
/// </summary>
public static class PeriodsWeb
{
    /// <summary>See the periods and forms: county readers, 乡镇, schools (each in their scope).</summary>
    public const string Read = "periods.read";

    /// <summary>Open, lock and unlock a period: 规划 (the county's statistics office).</summary>
    public const string Manage = "periods.manage";

    public static IServiceCollection AddPeriods(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(Read, p => p.RequireRole([.. Roles.CountyReaders, Roles.Township, Roles.SchoolAdmin, Roles.SchoolClerk]))
            .AddPolicy(Manage, p => p.RequireRole(Roles.Planning));
        // The jump that asks a school for a reason (EduCounty:PeriodRules = a county's override file).
        services.AddSingleton(sp => sp.GetRequiredService<IConfiguration>()["EduCounty:PeriodRules"] is { Length: > 0 } path
            ? PeriodRules.WithOverride(File.ReadAllText(path)) : PeriodRules.Default());
        return services;
    }

    /// <summary>The signed-in user's level, or a refusal.</summary>
    public static PeriodActor Actor(CurrentUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return PeriodActor.Of(user.Name ?? "", [.. Roles.All.Where(user.IsInRole)])
            ?? throw new RuleException("您的角色不参与填报和审核（学校填报员/学校管理员填报，乡镇审核，规划县级审核）");
    }

    private static int Int(string? text, string what) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw new RuleException($"{what}“{text}”应为整数") { Field = what };

    /// <summary>A line of the posted form: fields named "{grade}.{column}" (blank = 0).</summary>
    private static CensusEntry.Line LineOf(IFormCollection f, string grade)
    {
        int V(string column) => string.IsNullOrWhiteSpace(f[CensusEntry.FieldKey(grade, column)]) ? 0
            : Int(f[CensusEntry.FieldKey(grade, column)], $"{(grade == "total" ? "合计" : Grades.Label(grade))}{CensusEntry.ColumnLabel(column)}");
        return new(grade, V(nameof(CensusEntry.Line.StudentsMale)), V(nameof(CensusEntry.Line.StudentsFemale)), V(nameof(CensusEntry.Line.EntrantsMale)),
            V(nameof(CensusEntry.Line.EntrantsFemale)), V(nameof(CensusEntry.Line.GraduatesMale)), V(nameof(CensusEntry.Line.GraduatesFemale)), V(nameof(CensusEntry.Line.Classes)));
    }

    /// <summary>A figure of a 办学条件 or 经费 form (blank = 0).</summary>
    private static decimal Number(string? text, string what) => string.IsNullOrWhiteSpace(text) ? 0
        : decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v : throw new RuleException($"{what}“{text}”应为数字") { Field = what };

    /// <summary>A step of the chain on any form (one code path: <see cref="SubmissionChain.HandleAsync"/>).</summary>
    private static async Task<string> StepAsync(IFormCollection f, EduDb db, CurrentUser user, PeriodRules rules, string form, int school, string action, CancellationToken ct)
    {
        var step = action switch
        {
            "submit" => ChainAction.Submit,
            "approve" => ChainAction.TownshipApprove,
            "return" => ChainAction.Return,
            "county-approve" => ChainAction.CountyApprove,
            _ => throw new RuleException($"未知操作“{action}”"),
        };
        var comments = f.Keys.Where(k => k.StartsWith("c.", StringComparison.Ordinal) && !string.IsNullOrWhiteSpace(f[k]))
            .ToDictionary(k => k[2..], k => f[k].ToString());
        var to = await SubmissionChain.HandleAsync(db, Actor(user), new(Int(f["year"], "学年"), form, school, step, f["comment"], comments), rules, ct);
        return $"已{SubmissionChain.Label(step)}，当前状态：{SubmissionChain.Label(to)}";
    }

    /// <summary>
    /// A school's upload of its form: size refused before reading (as /balance/survey), then the one reader's guards
    /// (<see cref="FormUpload"/>); the errors name file, row, column and reason, and nothing is written on any.
    /// </summary>
    private static async Task<string> UploadAsync(IFormCollection f, IConfiguration config, Func<Stream, string, TabularLimits, Task<FormUpload.Result>> read)
    {
        var file = f.Files.GetFile("file");
        if (file is null || file.Length == 0)
        {
            throw new RuleException("请选择要上传的文件") { Field = "file" };
        }
        var limits = TabularSettings.SchoolForm(config);
        if (file.Length > limits.MaxFileBytes)
        {
            throw new RuleException(TabularSettings.TooLarge(file.FileName, file.Length, limits)) { Field = "file" };
        }
        await using var s = file.OpenReadStream();
        var result = await read(s, file.FileName, limits);
        return result.Saved ? $"已从文件填入草稿（{result.Rows} 行，尚未提交）" : "文件未导入，草稿未改动：" + string.Join("；", result.Errors);
    }

    private static Task<IResult> Run(HttpContext ctx, EduDb db, CurrentUser user, string back, Func<IFormCollection, Task<string>> act) =>
        FormPosts.RunAsync(ctx, db, user, back, "/periods", act);

    public static IEndpointRouteBuilder MapPeriods(this IEndpointRouteBuilder app)
    {
        app.MapPost("/periods/census/{school:int}/save", (int school, HttpContext ctx, EduDb db, CurrentUser user, CancellationToken ct) =>
            Run(ctx, db, user, $"/periods/census/{school}", async f =>
            {
                var year = Int(f["year"], "学年");
                var grades = f["grades"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries);
                await CensusEntry.SaveAsync(db, Actor(user), school, year, [.. grades.Select(g => LineOf(f, g))], LineOf(f, "total"), ct);
                return "已保存（尚未提交）";
            })).RequireAuthorization(Read).FormCommand();

        app.MapPost("/periods/census/{school:int}/upload", (int school, HttpContext ctx, EduDb db, CurrentUser user, IConfiguration config, CancellationToken ct) =>
            Run(ctx, db, user, $"/periods/census/{school}", f => UploadAsync(f, config, (s, name, limits) =>
                FormUpload.CensusAsync(db, Actor(user), school, Int(f["year"], "学年"), s, name, limits, ct)))).RequireAuthorization(Read).FormCommand();

        foreach (var form in new[] { PeriodForms.Facilities, PeriodForms.Finance })
        {
            app.MapPost($"/periods/{form}/{{school:int}}/save", (int school, HttpContext ctx, EduDb db, CurrentUser user, CancellationToken ct) =>
                Run(ctx, db, user, $"/periods/{form}/{school}", async f =>
                {
                    var values = SchoolFormEntry.FieldsOf(form).ToDictionary(x => x.Key, x => Number(f[x.Key], x.LabelWithUnit));
                    await SchoolFormEntry.SaveAsync(db, Actor(user), form, school, Int(f["year"], "学年"), values, ct);
                    return "已保存（尚未提交）";
                })).RequireAuthorization(Read).FormCommand();
            app.MapPost($"/periods/{form}/{{school:int}}/upload", (int school, HttpContext ctx, EduDb db, CurrentUser user, IConfiguration config, CancellationToken ct) =>
                Run(ctx, db, user, $"/periods/{form}/{school}", f => UploadAsync(f, config, (s, name, limits) =>
                    FormUpload.FieldsAsync(db, Actor(user), form, school, Int(f["year"], "学年"), s, name, limits, ct)))).RequireAuthorization(Read).FormCommand();
            app.MapPost($"/periods/{form}/{{school:int}}/{{action}}", (int school, string action, HttpContext ctx, EduDb db, CurrentUser user, PeriodRules rules, CancellationToken ct) =>
                Run(ctx, db, user, $"/periods/{form}/{school}", f => StepAsync(f, db, user, rules, form, school, action, ct))).RequireAuthorization(Read).FormCommand();
        }

        app.MapPost("/periods/census/{school:int}/{action}", (int school, string action, HttpContext ctx, EduDb db, CurrentUser user, PeriodRules rules, CancellationToken ct) =>
            Run(ctx, db, user, $"/periods/census/{school}", f => StepAsync(f, db, user, rules, PeriodForms.Census, school, action, ct))).RequireAuthorization(Read).FormCommand();

        app.MapPost("/periods/manage/{action}", (string action, HttpContext ctx, EduDb db, CurrentUser user, CancellationToken ct) =>
            Run(ctx, db, user, "/periods", async f =>
            {
                var year = Int(f["year"], "学年");
                var form = PeriodForms.Parse(f["form"]);
                var r = action switch
                {
                    "open" => await ManagePeriod.OpenAsync(db, year, form, string.IsNullOrWhiteSpace(f["deadline"]) ? null
                        : DateOnly.TryParseExact(f["deadline"], "yyyy-MM-dd", out var d) ? d : throw new RuleException("截止日期应为 yyyy-MM-dd"), ct),
                    "lock" => await ManagePeriod.LockAsync(db, year, form, ct),
                    "unlock" => await ManagePeriod.UnlockAsync(db, year, form, f["reason"], ct),
                    _ => throw new RuleException($"未知操作“{action}”"),
                };
                return $"{new SchoolYear(r.Year)} 学年{PeriodForms.Label(r.Form)}：{(r.State == PeriodState.Locked ? "已锁定" : "填报中")}，第 {r.Version} 版";
            }, f => $"/periods?year={new SchoolYear(Int(f["year"], "学年"))}&form={f["form"]}")).RequireAuthorization(Manage).FormCommand();
        return app;
    }

    private static Task<IResult> Run(HttpContext ctx, EduDb db, CurrentUser user, string back, Func<IFormCollection, Task<string>> act, Func<IFormCollection, string> pageOf) =>
        FormPosts.RunAsync(ctx, db, user, back, "/periods", act, pageOf);
}
