using System.Globalization;
using EduCounty.Common;
using EduCounty.Common.Protection;
using EduCounty.Registry;
using EduCounty.Teachers;
using EduCounty.Web.Components.Safety;
using EduCounty.Web.Components.Shared;
using EduCounty.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Web.Components.Teachers;

/// <summary>
/// 教师队伍 on the web (issue 16, docs/adr/0020): the standards (EduCounty:TeachersStandards = a province's override file of
/// teachers-standards.json) as one <see cref="TeacherRules"/>. Pages read through the scoped data layer, so a school user
/// sees its own teachers only; reading is the registry's policy. Writing (one record on a teacher's page, or a file on
/// /teachers/import) is 人事 and the school users: the use cases find the teacher through the same scoped data layer, so a
/// school can write its own teachers only; every change is audited by the data layer.
/// </summary>
public static class TeachersWeb
{
    /// <summary>Enter or import 教师队伍 records: the county 人事 office and the school users (their own teachers, by the data scope).</summary>
    public const string Write = "teachers.write";

    public static readonly string[] WriteRoles = [EduCounty.Security.Roles.Personnel, EduCounty.Security.Roles.SchoolAdmin, EduCounty.Security.Roles.SchoolClerk];

    /// <summary>
    /// Enter a school's 县管校聘 岗位数 (<see cref="HiringPost"/>): the bureau's 人事 office only — the county holds the posts
    /// (teachers.md §3, 县管校聘); a school reads its own figure on /teachers and cannot change it.
    /// </summary>
    public const string Posts = "teachers.posts";

    public static readonly string[] PostsRoles = [EduCounty.Security.Roles.Personnel];

    public static IServiceCollection AddTeachers(this IServiceCollection services)
    {
        services.AddSingleton(sp => new TeacherRules(TeachersStandards.Load(
            sp.GetRequiredService<IConfiguration>()["EduCounty:TeachersStandards"] is { Length: > 0 } path ? path : null)));
        services.AddSingleton<TeacherUploads>();
        services.AddAuthorizationBuilder().AddPolicy(Write, p => p.RequireRole(WriteRoles)).AddPolicy(Posts, p => p.RequireRole(PostsRoles));
        return services;
    }

    /// <summary>A percentage as shown (2 decimals) or —.</summary>
    public static string P(decimal? v) => v is { } x ? x.ToString("0.00", CultureInfo.InvariantCulture) + "%" : "—";

    /// <summary>达标 / 未达标 / —.</summary>
    public static string Met(bool? met) => met switch { true => "达标", false => "未达标", _ => "—" };

    public static IEndpointRouteBuilder MapTeachers(this IEndpointRouteBuilder app)
    {
        app.MapPost("/teachers/{id:int}/{action}", (int id, string action, HttpContext ctx, EduDb db, CurrentUser user, TeacherRules rules, CancellationToken ct) =>
            FormPosts.RunAsync(ctx, db, user, $"/teachers/{id}", "/teachers", f => ActAsync(db, rules, id, action, f, ct)))
            .RequireAuthorization(Write).FormCommand();
        app.MapPost("/teachers/posts", (HttpContext ctx, EduDb db, CurrentUser user, CancellationToken ct) =>
            FormPosts.RunAsync(ctx, db, user, "/teachers", "/teachers", f => SetPostsAsync(db, f, ct)))
            .RequireAuthorization(Posts).FormCommand();
        app.MapPost("/teachers/import/check", CheckAsync).RequireAuthorization(Write).FormCommand();
        app.MapPost("/teachers/import/commit/{token}", CommitAsync).RequireAuthorization(Write).FormCommand();
        return app;
    }

    private static T Pick<T>(string? text, Func<string?, T?> parse, string what) where T : struct =>
        parse(text) ?? throw new RuleException($"请选择{what}") { Field = what };

    private static double? Number(string? text, string what) =>
        string.IsNullOrWhiteSpace(text) ? null
        : double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : throw new RuleException($"{what}“{text}”应为数字") { Field = what };

    private static async Task<string> ActAsync(EduDb db, TeacherRules rules, int id, string action, IFormCollection f, CancellationToken ct)
    {
        switch (action)
        {
            case "training":
                await RecordTrainingHandler.HandleAsync(db, new RecordTraining(id, f["course"].ToString(), Pick(f["level"], TrainingFile.Level, "培训级别"),
                    Pick(f["mode"], TrainingFile.Mode, "培训形式"), SafetyWeb.Date(f["start"], "开始日期"), SafetyWeb.Date(f["end"], "结束日期"),
                    Number(f["hours"], "学时"), Number(f["credits"], "学分"), Number(f["days"], "企业实践天数"), f["certificate"], f["organiser"]), rules, ct);
                return "培训记录已保存";
            case "rotation":
                var start = SafetyWeb.Date(f["start"], "开始日期");
                var to = int.TryParse(f["to"], NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? t : throw new RuleException("请选择交流学校") { Field = "交流学校" };
                var planned = await PlanRotationHandler.HandleAsync(db, new PlanRotation(id, SchoolYear.Containing(start).StartYear, to,
                    Pick(f["kind"], TeacherFiles.RotationKindOf, "交流方式"), start, SafetyWeb.OptionalDate(f["end"], "结束日期"), f["note"]), rules, ct);
                return "交流安排已保存" + (planned.Verdict.Eligible ? "" : $"（说明：{planned.Verdict.Reason}）");
            case "exemption":
                await RecordRotationExemptionHandler.HandleAsync(db, new RecordRotationExemption(id, SchoolYear.Parse(f["year"].ToString()).StartYear, f["code"].ToString(), f["note"]), rules, ct);
                return "免于交流情形已登记";
            case "certificate":
                await RecordQualificationHandler.HandleAsync(db, new RecordQualification(id, Pick(f["type"], TeacherFiles.CertificateTypeOf, "资格种类"), f["subject"],
                    f["number"], SafetyWeb.OptionalDate(f["issued"], "取得日期"), f["authority"]), ct);
                return "教师资格已登记";
            case "title":
                await RecordTitleAppointmentHandler.HandleAsync(db, new RecordTitleAppointment(id, Pick(f["title"], TeacherFiles.TitleOf, "职称"),
                    SafetyWeb.Date(f["date"], "聘任日期")), ct);
                return "职称聘任已登记";
            case "key":
                await RecordKeyTeacherTitleHandler.HandleAsync(db, new RecordKeyTeacherTitle(id, Pick(f["kind"], TeacherFiles.KeyTitleKindOf, "称号"),
                    Pick(f["level"], TrainingFile.Level, "级别"), f["subject"], f["by"], SafetyWeb.Date(f["from"], "任期开始"), SafetyWeb.OptionalDate(f["until"], "任期结束")), ct);
                return "骨干教师称号已登记";
            case "principal":
                await RecordPrincipalTermHandler.HandleAsync(db, new RecordPrincipalTerm(id, Pick(f["post"], TeacherFiles.PrincipalPostOf, "职务"),
                    SafetyWeb.Date(f["start"], "任职开始"), SafetyWeb.OptionalDate(f["end"], "任职结束")), ct);
                return "校长任职已登记";
            case "dual":
                await RecordDualQualificationHandler.HandleAsync(db, new RecordDualQualification(id, Pick(f["level"], TeacherFiles.DualLevelOf, "认定级别"),
                    SafetyWeb.Date(f["date"], "认定日期"), SafetyWeb.OptionalDate(f["until"], "有效期至"), f["authority"]), rules, ct);
                return "“双师型”认定已登记";
            default:
                throw new RuleException($"未知操作 {action}");
        }
    }

    /// <summary>
    /// A school's 岗位数 for a school year from the 县管校聘 form: a whole number ≥ 0 (the same use case as
    /// <c>teachers hiring posts</c>, audited by the data layer under the signed-in user).
    /// </summary>
    private static async Task<string> SetPostsAsync(EduDb db, IFormCollection f, CancellationToken ct)
    {
        var text = f["posts"].ToString().Trim();
        if (text.Length == 0)
        {
            throw new RuleException("请填写岗位数") { Field = "岗位数" };
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var posts))
        {
            throw new RuleException($"岗位数“{text}”应为不小于 0 的整数") { Field = "岗位数" };
        }
        if (!SchoolYear.TryParse(f["year"].ToString(), out var year))
        {
            throw new RuleException("请选择学年") { Field = "学年" };
        }
        var id = int.TryParse(f["school"], NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : throw new RuleException("请选择学校") { Field = "学校" };
        var school = await db.Schools.Where(s => s.Id == id).Select(s => new { s.Code, s.Name }).FirstOrDefaultAsync(ct)
            ?? throw new RuleException("没有此学校（或不在您的管理范围内）") { Field = "学校" };
        await SetHiringPostsHandler.HandleAsync(db, new SetHiringPosts(school.Code, year.StartYear, posts), ct);
        return $"已登记{school.Name} {year} 学年的岗位数 {posts}";
    }

    /// <summary>Checks an uploaded file (a dry run, nothing written) and keeps it for 确认导入; the page shows the outcome.</summary>
    private static async Task<IResult> CheckAsync([FromForm] string? kind, IFormFile? file, EduDb db, CurrentUser user, TeacherRules rules, TeacherUploads uploads,
        PersonalDataProtector protector, IConfiguration config, CancellationToken ct)
    {
        if (!Enum.TryParse<TeacherImportKind>(kind, out var k) || !Enum.IsDefined(k) || file is null || file.Length == 0)
        {
            return Results.Redirect(FormPosts.Back("/teachers/import", "请选择文件类型和文件"));
        }
        var max = WebHardening.MaxUploadBytes(config);
        if (file.Length > max)
        {
            return Results.Redirect(FormPosts.Back("/teachers/import", WebHardening.TooLarge(max)));
        }
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        var name = Path.GetFileName(file.FileName);
        db.Actor = user.Name;
        var outcome = await ImportTeacherRecordsHandler.HandleAsync(db, protector, new ImportTeacherRecords(k, new MemoryStream(bytes), name, DryRun: true), rules, ct: ct);
        var token = uploads.Add(new TeacherUpload(user.Name ?? "", k, name, bytes, outcome));
        return Results.Redirect("/teachers/import?t=" + token);
    }

    /// <summary>确认导入: imports the checked file (all or nothing, audited as one batch).</summary>
    private static async Task<IResult> CommitAsync(string token, EduDb db, CurrentUser user, TeacherRules rules, TeacherUploads uploads, PersonalDataProtector protector,
        CancellationToken ct)
    {
        if (uploads.Take(token, user.Name) is not { } u)
        {
            return Results.Redirect(FormPosts.Back("/teachers/import", "上传已过期，请重新上传"));
        }
        db.Actor = user.Name;
        var outcome = await ImportTeacherRecordsHandler.HandleAsync(db, protector, new ImportTeacherRecords(u.Kind, new MemoryStream(u.Bytes), u.FileName), rules, ct: ct);
        var message = outcome.Ok
            ? outcome.Written ? $"已导入{TeacherFiles.Name(u.Kind)}（批次 {outcome.ImportId}）：{outcome.Rows} 行，新增 {outcome.Inserted}，已有 {outcome.Unchanged}" : $"无变化：{outcome.Rows} 行均已登记"
            : $"有 {outcome.Errors.Count} 处错误，整个文件未导入：" + string.Join("；", outcome.Errors.Take(5).Select(e => e.Message));
        return Results.Redirect(FormPosts.Back("/teachers/import", message));
    }
}

/// <summary>A checked upload waiting for 确认导入: who, what, the bytes and the dry run's outcome.</summary>
public sealed record TeacherUpload(string User, TeacherImportKind Kind, string FileName, byte[] Bytes, TrainingImportOutcome Checked) : ICheckedUpload;

/// <summary>Checked 教师队伍 files in memory for an hour (a county's file is small), each visible to its uploader only.</summary>
public sealed class TeacherUploads(TimeProvider clock) : CheckedUploads<TeacherUpload>(clock);
