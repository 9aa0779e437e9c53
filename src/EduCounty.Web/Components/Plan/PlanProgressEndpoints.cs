using System.Globalization;
using EduCounty.Common;
using EduCounty.Plan.Progress;
using EduCounty.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Web.Components.Plan;

/// <summary>
/// The forms of /plan/tasks, /plan/projects and /plan/issues post here as form commands (docs/adr/0019: antiforgery-checked,
/// back to the page with the message; writing needs 规划, the ledger 规划 or 督导). Each change is saved through the entity
/// methods and audited by EduDb; refusals come back to the page as a Chinese message. Evidence downloads need the read
/// policy and are audited.
/// </summary>
public static class PlanProgressEndpoints
{
    public static IEndpointRouteBuilder MapPlanProgressEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/plan/tasks/{n:int}/state", (int n, HttpContext ctx, EduDb db, CurrentUser user, TimeProvider clock, CancellationToken ct) =>
            RunAsync(ctx, db, user, $"/plan/tasks/{n}", async f =>
            {
                var target = PlanWork.Parse(f["target"]) ?? throw new RuleException("请选择目标状态");
                await ChangePlanWorkState.ForTaskAsync(db, PlanPages.Plan.Code, n, target, DateOr(f["date"], clock), ct);
                return $"任务{n}已改为“{PlanWork.Label(target)}”";
            })).RequireAuthorization(Policies.PlanWrite).FormCommand();

        app.MapPost("/plan/tasks/{n:int}/assignment", (int n, HttpContext ctx, EduDb db, CurrentUser user, CancellationToken ct) =>
            RunAsync(ctx, db, user, $"/plan/tasks/{n}", async f =>
            {
                var deadline = DateOnly.TryParseExact(f["deadline"], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                    ? d : throw new RuleException("请填写完成期限（yyyy-MM-dd）");
                var r = await EditPlanTask.HandleAsync(db, PlanPages.Plan, n, deadline, f["units"].ToString(), ct);
                return r.Changed ? $"任务{n}的完成期限和责任单位已调整" : $"任务{n}的完成期限和责任单位未变";
            })).RequireAuthorization(Policies.PlanWrite).FormCommand();

        app.MapPost("/plan/tasks/{n:int}/updates", (int n, HttpContext ctx, EduDb db, CurrentUser user, TimeProvider clock, CancellationToken ct) =>
            RunAsync(ctx, db, user, $"/plan/tasks/{n}", async f =>
            {
                var input = new RecordPlanProgress.Input(DateOr(f["date"], clock), user.Name ?? "", f["text"].ToString(), Int(f["percent"], "完成进度"),
                    Evidence: await EvidenceOf(ctx, ct));
                await RecordPlanProgress.ForTaskAsync(db, PlanPages.Plan.Code, n, input, PlanWork.Today(clock), ct);
                return "进展已保存";
            })).RequireAuthorization(Policies.PlanWrite).FormCommand().WithMetadata(new RequestSizeLimitAttribute(Evidence.MaxBytes + 1024 * 1024));

        app.MapPost("/plan/tasks/{n:int}/milestones", (int n, HttpContext ctx, EduDb db, CurrentUser user, CancellationToken ct) =>
            RunAsync(ctx, db, user, $"/plan/tasks/{n}", async f =>
            {
                var year = Int(f["year"], "年度") ?? throw new RuleException("请选择年度");
                await EditTaskMilestones.AddAsync(db, PlanPages.Plan, n, year, f["text"].ToString(), ct);
                return $"{year}年度目标已添加";
            })).RequireAuthorization(Policies.PlanWrite).FormCommand();

        app.MapPost("/plan/tasks/{n:int}/milestones/{id:int}", (int n, int id, HttpContext ctx, EduDb db, CurrentUser user, CancellationToken ct) =>
            RunAsync(ctx, db, user, $"/plan/tasks/{n}", async f =>
            {
                var done = f["done"] == "true";
                await EditTaskMilestones.SetDoneAsync(db, PlanPages.Plan.Code, n, id, done, ct);
                return done ? "年度目标已标记为完成" : "年度目标已标记为未完成";
            })).RequireAuthorization(Policies.PlanWrite).FormCommand();

        app.MapPost("/plan/projects/{code}/state", (string code, HttpContext ctx, EduDb db, CurrentUser user, TimeProvider clock, CancellationToken ct) =>
            RunAsync(ctx, db, user, "/plan/projects", async f =>
            {
                var target = PlanWork.Parse(f["target"]) ?? throw new RuleException("请选择目标状态");
                await ChangePlanWorkState.ForProjectAsync(db, PlanPages.Plan.Code, code, target, DateOr(f["date"], clock), ct);
                return $"项目已改为“{PlanWork.Label(target)}”";
            })).RequireAuthorization(Policies.PlanWrite).FormCommand();

        app.MapPost("/plan/projects/{code}/updates", (string code, HttpContext ctx, EduDb db, CurrentUser user, TimeProvider clock, CancellationToken ct) =>
            RunAsync(ctx, db, user, "/plan/projects", async f =>
            {
                var input = new RecordPlanProgress.Input(DateOr(f["date"], clock), user.Name ?? "", f["text"].ToString(), Int(f["percent"], "完成进度"),
                    Dec(f["spent"], "累计完成投资"), Int(f["seats"], "累计交付学位"), await EvidenceOf(ctx, ct));
                await RecordPlanProgress.ForProjectAsync(db, PlanPages.Plan.Code, code, input, PlanWork.Today(clock), ct);
                return "项目进展已保存";
            })).RequireAuthorization(Policies.PlanWrite).FormCommand().WithMetadata(new RequestSizeLimitAttribute(Evidence.MaxBytes + 1024 * 1024));

        app.MapPost("/plan/issues/new", (HttpContext ctx, EduDb db, CurrentUser user, TimeProvider clock, CancellationToken ct) =>
            RunAsync(ctx, db, user, "/plan/issues", async f =>
            {
                var id = await SaveIssue.CreateAsync(db, PlanPages.Plan, FieldsOf(f), ct: ct);
                return $"问题已登记（编号 {id}）";
            })).RequireAuthorization(Policies.LedgerWrite).FormCommand();

        app.MapPost("/plan/issues/{id:int}", (int id, HttpContext ctx, EduDb db, CurrentUser user, CancellationToken ct) =>
            RunAsync(ctx, db, user, "/plan/issues", async f =>
            {
                await SaveIssue.UpdateAsync(db, PlanPages.Plan, id, FieldsOf(f), ct);
                return $"问题 {id} 已修改";
            })).RequireAuthorization(Policies.LedgerWrite).FormCommand();

        app.MapPost("/plan/issues/{id:int}/{action}", (int id, string action, HttpContext ctx, EduDb db, CurrentUser user, TimeProvider clock, CancellationToken ct) =>
            RunAsync(ctx, db, user, "/plan/issues", async f =>
            {
                var (a, done) = action switch
                {
                    "start" => (SaveIssue.Action.Start, "已开始整改"),
                    "situation" => (SaveIssue.Action.Situation, "整改情况已保存"),
                    "close" => (SaveIssue.Action.Close, "已销号"),
                    "reopen" => (SaveIssue.Action.Reopen, "已重新打开"),
                    _ => throw new RuleException($"未知操作 {action}"),
                };
                await SaveIssue.ActAsync(db, PlanPages.Plan.Code, id, a, f["text"], user.Name ?? "", PlanWork.Today(clock),
                    string.IsNullOrEmpty(f["date"]) ? null : DateOr(f["date"], clock), ct);
                return $"问题 {id} {done}";
            })).RequireAuthorization(Policies.LedgerWrite).FormCommand();

        app.MapGet("/plan/attachments/{id:int}", async (int id, EduDb db, CurrentUser user, CancellationToken ct) =>
        {
            var a = await db.PlanAttachments.AsNoTracking().Where(x => x.Id == id)
                .Select(x => new { x.FileName, x.ContentType, x.Content!.Bytes }).SingleOrDefaultAsync(ct);
            if (a is null) return Results.NotFound();
            db.Actor ??= user.Name;
            await db.AuditAsync("download", nameof(PlanAttachment), id.ToString(CultureInfo.InvariantCulture), a.FileName, ct);
            return Results.File(a.Bytes, a.ContentType, a.FileName);
        }).RequireAuthorization(Policies.PlanRead);
        return app;
    }

    /// <summary>The plan pages' commands (docs/adr/0019): back to the page (or the form's <c>back</c> under /plan/) with the message.</summary>
    private static Task<IResult> RunAsync(HttpContext ctx, EduDb db, CurrentUser user, string back, Func<IFormCollection, Task<string>> act) =>
        FormPosts.RunAsync(ctx, db, user, back, "/plan/", act);

    private static async Task<RecordPlanProgress.EvidenceFile?> EvidenceOf(HttpContext ctx, CancellationToken ct)
    {
        var file = ctx.Request.Form.Files.GetFile("file");
        if (file is null || file.Length == 0) return null;
        if (file.Length > Evidence.MaxBytes)
        {
            throw new RuleException($"佐证材料“{file.FileName}”超过 {Evidence.MaxBytes / 1048576} MB");
        }
        using var ms = new MemoryStream();
        await file.CopyToAsync(ms, ct);
        return new(file.FileName, ms.ToArray());
    }

    private static SaveIssue.Fields FieldsOf(IFormCollection f) => new(
        f["problem"].ToString(), f["source"].ToString(), f["indicator"].ToString(), Int(f["task"], "关联任务"), f["unit"].ToString(),
        f["person"].ToString(), DateOnly.TryParseExact(f["deadline"].ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d : throw new RuleException($"整改期限“{f["deadline"]}”应为 yyyy-MM-dd 格式的日期"));

    private static DateOnly DateOr(string? text, TimeProvider clock)
    {
        if (string.IsNullOrWhiteSpace(text)) return PlanWork.Today(clock);
        return DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d : throw new RuleException($"日期“{text}”应为 yyyy-MM-dd 格式");
    }

    private static int? Int(string? text, string what)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        return int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw new RuleException($"{what}“{text}”应为整数");
    }

    private static decimal? Dec(string? text, string what)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        return decimal.TryParse(text.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v : throw new RuleException($"{what}“{text}”应为数字（万元）");
    }
}
