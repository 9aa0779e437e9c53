using EduCounty.Common;
using EduCounty.Common.Identity;
using EduCounty.Common.Protection;
using EduCounty.Demo;
using EduCounty.Plan.Progress;
using EduCounty.Registry;
using EduCounty.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Web.Infrastructure;

/// <summary>First start: migrate, fill the demo county into an empty database, create the first accounts.</summary>
public static class Startup
{
    public static async Task InitialiseAsync(WebApplication app)
    {
        using var scope = app.Services.CreateScope();
        var sp = scope.ServiceProvider;
        var log = sp.GetRequiredService<ILoggerFactory>().CreateLogger("EduCounty");
        var config = sp.GetRequiredService<IConfiguration>();
        var db = sp.GetRequiredService<EduDb>();
        db.Actor = "system";
        // Start-up is not a user: it sees the whole database (is it empty? does the demo need generating?).
        db.SchoolScope = null;
        await Database.MigrateAsync(db);
        foreach (var role in Roles.All)
        {
            if (!await db.Roles.AnyAsync(r => r.Name == role))
            {
                try
                {
                    await sp.GetRequiredService<RoleManager<IdentityRole>>().CreateAsync(new IdentityRole(role));
                }
                catch (DbUpdateException)
                {
                    // Another instance starting on the same database may have created it first.
                    db.ChangeTracker.Clear();
                    if (!await db.Roles.AnyAsync(r => r.Name == role))
                    {
                        throw;
                    }
                }
            }
        }
        // The shipped plan's tasks and projects, once (idempotent; users' edits are kept).
        if (!await db.PlanTasks.AnyAsync(t => t.PlanCode == EduCounty.Web.Components.Plan.PlanPages.Plan.Code))
        {
            await EduCounty.Plan.Progress.LoadPlanRecords.HandleAsync(db, EduCounty.Web.Components.Plan.PlanPages.Plan);
        }
        var demo = config.GetValue("EduCounty:DemoOnEmptyDatabase", true) && !await db.Schools.AnyAsync();
        var users = sp.GetRequiredService<UserManager<AppUser>>();
        if (config.GetValue("EduCounty:InitialAccounts", true) && !await db.Users.AnyAsync())
        {
            // No default password anywhere: each first account gets a random one-time password, shown once here.
            var accounts = new List<(string User, string Name, string Role)> { ("admin", "系统管理员", Roles.SystemAdmin) };
            if (demo || await db.Schools.AnyAsync())
            {
                accounts.Add(("leader", "局领导（示例）", Roles.Leader));
            }
            foreach (var (userName, display, role) in accounts)
            {
                var password = OneTimePassword.New();
                var user = new AppUser { UserName = userName, DisplayName = display, MustChangePassword = true, LockoutEnabled = true };
                var created = await users.CreateAsync(user, password);
                if (!created.Succeeded)
                {
                    throw new InvalidOperationException(string.Join("；", created.Errors.Select(e => e.Description)));
                }
                await users.AddToRoleAsync(user, role);
                var file = InitialPasswordFile(config);
                await WriteOperatorOnlyAsync(file, $"{userName}\t{password}\n");
                Console.WriteLine($"[EduCounty] 已创建账号 {userName}（{display}），一次性密码：{password}  —— 首次登录后须修改密码。");
                Console.WriteLine($"[EduCounty] 一次性密码已同时写入 {file}（仅运行本服务的系统用户可读；改密后请删除该文件）。");
            }
        }
        if (demo)
        {
            // The sign-in page is served at once; the demo county fills in the background (about half a minute).
            DemoSeeding.Start(app.Services, log);
        }
    }

    /// <summary>EduCounty:InitialPasswordFile, else "initial-passwords.txt" beside the database (its data folder).</summary>
    public static string InitialPasswordFile(IConfiguration config) =>
        config["EduCounty:InitialPasswordFile"] is { Length: > 0 } file
            ? file
            : Path.Combine(Database.DataFolder(DbSetup.DatabaseSetting(config)), "initial-passwords.txt");

    /// <summary>Appends to a file readable and writable by its owner only (mode 0600), whatever its mode was.</summary>
    private static async Task WriteOperatorOnlyAsync(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        await using (var stream = new FileStream(path, options))
        await using (var writer = new StreamWriter(stream))
        {
            await writer.WriteAsync(text);
        }
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}

/// <summary>Generates the demo county after start-up so that the first start serves pages immediately.</summary>
public static class DemoSeeding
{
    private static volatile bool _running;

    public static bool Running => _running;

    public static void Start(IServiceProvider services, ILogger log)
    {
        _running = true;
        _ = Task.Run(async () =>
        {
            try
            {
                using var scope = services.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<EduDb>();
                db.Actor = "system";
                db.SchoolScope = null;
                log.LogInformation("数据库为空，正在生成示例县（阜康市）……");
                var summary = await DemoCounty.GenerateAsync(db, scope.ServiceProvider.GetRequiredService<PersonalDataProtector>());
                log.LogInformation("示例县已生成：学校 {Schools} 所，学生 {Students} 人，教职工 {Staff} 人，用时 {Seconds:F1} 秒",
                    summary.Schools, summary.Students, summary.Staff, summary.Elapsed.TotalSeconds);
            }
            catch (Exception e)
            {
                log.LogError(e, "生成示例县失败");
            }
            finally
            {
                _running = false;
            }
        });
    }
}
