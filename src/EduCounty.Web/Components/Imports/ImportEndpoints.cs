using EduCounty.Common;
using EduCounty.Common.Protection;
using EduCounty.Exports;
using EduCounty.Imports;
using EduCounty.Registry;
using EduCounty.Security;
using EduCounty.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace EduCounty.Web.Components.Imports;

/// <summary>
/// Import upload / commit / rollback, templates and the registry exports (issue 5 §3, §5) as minimal API
/// endpoints: the /imports page posts its forms here (antiforgery-checked), exports apply the user's scope.
/// </summary>
public static class ImportEndpoints
{
    public static void MapImportEndpoints(this WebApplication app)
    {
        app.MapGet("/exports/{list}.{format}", (string list, string format, HttpRequest request, EduDb db, CurrentUser user, PersonalDataProtector protector, CancellationToken ct) =>
            ExportAsync(list, format, request, db, user, protector, null, ct)).RequireAuthorization(Policies.RegistryRead);
        // 身份证号 in clear: a POST with a stated purpose, by a holder of the right, within the day's rows (issue 13 §12).
        app.MapPost("/exports/{list}.{format}", UnmaskedExportAsync).RequireAuthorization(Policies.RegistryRead).FormCommand();
        app.MapGet("/imports/template/{kind}.xlsx", (string kind, CurrentUser user) =>
        {
            var k = ImportKind.Find(kind);
            if (k is null || !k.MayImport(user.IsInRole))
            {
                return Results.NotFound();
            }
            var ms = new MemoryStream();
            ImportOutputs.WriteTemplate(k, ms);
            ms.Position = 0;
            return Results.File(ms, Exporter.ContentType(ExportFormat.Xlsx), $"{k.Title}导入模板.xlsx");
        }).RequireAuthorization(Policies.Import);
        // Body limit: Kestrel's MaxRequestBodySize and FormOptions from EduCounty:MaxUploadMegabytes (WebHardening).
        app.MapPost("/imports/upload", UploadAsync).RequireAuthorization(Policies.Import).FormCommand();
        app.MapPost("/imports/commit/{token}", Commit).RequireAuthorization(Policies.Import).FormCommand();
        app.MapGet("/imports/progress/{token}", (string token, ImportJobs jobs, CurrentUser user) =>
            jobs.Get(token, user.Name) is { } j
                ? Results.Json(new { state = j.State, phase = j.Phase, rows = j.Rows, total = j.Total, error = j.Error, estimated = j.Estimated, mode = j.Mode })
                : Results.NotFound()).RequireAuthorization(Policies.Import);
        app.MapPost("/imports/cancel/{token}", (string token, ImportJobs jobs, CurrentUser user) =>
        {
            if (jobs.Get(token, user.Name) is not { } j)
            {
                return Results.NotFound();
            }
            jobs.Cancel(j);
            return Results.Redirect("/imports?r=" + token);
        }).RequireAuthorization(Policies.Import).FormCommand();
        app.MapGet("/imports/errors/{token}.xlsx", (string token, ImportUploads uploads, CurrentUser user, IConfiguration config) =>
        {
            var u = uploads.Get(token, user.Name);
            if (u?.Report is null || u.Report.Refused is not null || !File.Exists(u.Path))
            {
                return Results.NotFound();
            }
            var ms = new MemoryStream();
            ImportOutputs.WriteErrorFile(u.Path, u.Report, ms, TabularSettings.Import(config));
            ms.Position = 0;
            return Results.File(ms, Exporter.ContentType(ExportFormat.Xlsx), System.IO.Path.GetFileNameWithoutExtension(u.FileName) + "-检查结果.xlsx");
        }).RequireAuthorization(Policies.Import);
        app.MapPost("/imports/rollback/{id:int}", async (int id, EduDb db, CurrentUser user, CancellationToken ct) =>
        {
            db.Actor = user.Name;
            // Only the batch's importer (issue 13 §10); import rights alone are checked by the policy.
            var refused = await Importer.RollbackAsync(db, id, user.Name ?? "", ct);
            var msg = refused.Count == 0 ? $"导入批次 {id} 已回滚" : string.Join("；", refused.Take(4));
            return Results.Redirect(FormPosts.Back("/imports", msg));
        }).RequireAuthorization(Policies.Import).FormCommand();
    }

    /// <summary>
    /// Saves the file and queues its dry run (it runs in <see cref="ImportJobs"/>, off the request); the page then shows
    /// the dry run's progress and, when it is done, its report.
    /// </summary>
    private static async Task<IResult> UploadAsync([FromForm] string kind, [FromForm] string? year, IFormFile? file,
        ImportUploads uploads, ImportJobs jobs, CurrentUser user, IConfiguration config, TimeProvider clock, CancellationToken ct)
    {
        var maxUpload = WebHardening.MaxUploadBytes(config);
        var k = ImportKind.Find(kind);
        if (k is null || file is null || file.Length == 0)
        {
            return Results.Redirect(FormPosts.Back("/imports", "请选择导入类型和文件"));
        }
        if (!k.MayImport(user.IsInRole))
        {
            return Results.Redirect(FormPosts.Back("/imports", $"您的角色不能导入“{k.Title}”"));
        }
        SchoolYear schoolYear;
        try
        {
            schoolYear = ImportYears.Resolve(year, clock);
        }
        catch (RuleException e)
        {
            return Results.Redirect(FormPosts.Back("/imports", e.Message));
        }
        if (file.Length > maxUpload)
        {
            return Results.Redirect(FormPosts.Back("/imports", WebHardening.TooLarge(maxUpload)));
        }
        var name = System.IO.Path.GetFileName(file.FileName);
        string path;
        await using (var content = file.OpenReadStream())
        {
            path = await uploads.SaveAsync(content, System.IO.Path.GetExtension(name).ToLowerInvariant(), ct);
        }
        // A school user's job reads and writes only the user's schools (docs/adr/0032).
        var u = uploads.Add(user.Name ?? "", k.Name, path, name, schoolYear, user.SchoolScope());
        jobs.StartDryRun(u);
        return Results.Redirect("/imports?r=" + u.Token);
    }

    /// <summary>Queues the commit (it runs in <see cref="ImportJobs"/>); the page then shows its progress.</summary>
    private static IResult Commit(string token, [FromForm] bool? validOnly, ImportUploads uploads, ImportJobs jobs, CurrentUser user)
    {
        var u = uploads.Get(token, user.Name);
        if (u is null)
        {
            return Results.Redirect(FormPosts.Back("/imports", "上传已过期，请重新上传"));
        }
        if (ImportKind.Find(u.Kind) is not { } kind || !kind.MayImport(user.IsInRole))
        {
            return Results.Redirect(FormPosts.Back("/imports", "您的角色不能导入此类数据"));
        }
        if (u.Report is not { DryRun: true, Refused: null })
        {
            // Still being checked, or refused: nothing to confirm yet.
            return Results.Redirect("/imports?r=" + u.Token);
        }
        jobs.StartCommit(u, validOnly == true);
        return Results.Redirect("/imports?r=" + u.Token);
    }

    /// <summary>
    /// Registry list exports in the user's scope (the EduDb's school scope). 身份证号 masked unless the user holds the
    /// 查看身份证号 right (docs/adr/0016). Every export is audited, saying whether it carried 身份证号 in clear.
    /// </summary>
    private static async Task<IResult> UnmaskedExportAsync(string list, string format, HttpRequest request, EduDb db, CurrentUser user,
        PersonalDataProtector protector, SecurityPolicyCache policy, CancellationToken ct)
    {
        var back = list is "students" or "staff" ? "/" + list : "/";
        db.Actor = user.Name;
        if (!user.MayRevealIdNumbers)
        {
            await db.AuditAsync(RevealIdNumber.RefusedAction, list, null, "无“查看身份证号”权限，拒绝导出明文", ct);
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }
        try
        {
            var form = await request.ReadFormAsync(ct);
            var permit = await UnmaskedExports.PermitAsync(db, user.Name ?? "", form["purpose"], (await policy.GetAsync(ct)).UnmaskedExportRowsPerDay, ct);
            return await ExportAsync(list, format, request, db, user, protector, permit, ct);
        }
        catch (RuleException e)
        {
            db.ChangeTracker.Clear();
            await db.AuditAsync("export-refused", list, null, e.Message, ct);
            return Results.Redirect(FormPosts.Back(back, e.Message));
        }
    }

    private static async Task<IResult> ExportAsync(string list, string format, HttpRequest request, EduDb db, CurrentUser user, PersonalDataProtector protector,
        UnmaskedExports.Permit? permit, CancellationToken ct)
    {
        // The list page's own filters (same query parameter names as the page), so the file holds what the page shows.
        string? Text(string name) => request.Query[name].FirstOrDefault() is { Length: > 0 } v ? v : null;
        int? Int(string name) => int.TryParse(Text(name), System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;
        ExportFormat? f = format switch
        {
            "xlsx" => ExportFormat.Xlsx,
            "csv" => ExportFormat.Csv,
            _ => null,
        };
        if (f is null)
        {
            return Results.NotFound();
        }
        var scope = await user.SchoolScopeAsync(db, ct);
        var year = Components.Shared.Query.Year(Text("year"))?.StartYear;
        ExportTable? table = list switch
        {
            "schools" => await RegistryExports.SchoolsAsync(db,
                new ListSchools.Query(Text("township"), (SchoolType?)Int("type"), (Locality?)Int("locality"), Text("name"), Year: year), scope, ct),
            "students" => await RegistryExports.StudentsAsync(db, protector,
                new SearchStudents.Query(Text("name"), Text("number"), Int("school"), Text("grade"), Year: year), scope, ct),
            "staff" => await RegistryExports.StaffAsync(db, protector,
                new ListStaff.Query(Text("name"), Int("school"), (PostType?)Int("post"), Year: year), scope, ct),
            _ => null,
        };
        if (table is null)
        {
            return Results.NotFound();
        }
        db.Actor = user.Name;
        // Written to a temporary file first (MiniExcel writes synchronously; Kestrel forbids synchronous body writes).
        var tmp = new FileStream(System.IO.Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        // 身份证号 masked, or in clear under the permit (purpose, day's rows, watermark); the audit entry says which (Exporter).
        try
        {
            await Exporter.WriteAsync(db, table, f.Value, tmp, permit, ct);
        }
        catch
        {
            await tmp.DisposeAsync();
            throw;
        }
        tmp.Position = 0;
        return Results.File(tmp, Exporter.ContentType(f.Value), table.Title + Exporter.Extension(f.Value));
    }
}
