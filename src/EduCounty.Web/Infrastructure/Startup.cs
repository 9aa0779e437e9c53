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
    /// <summary>
    /// The first accounts: the 三员 (系统管理员 admin, 安全管理员 security, 审计管理员 auditor: issue 13 §4 splits their
    /// duties) and, with data, 局领导 leader. Each gets a random one-time password, written to a file only the owner can
    /// read (EduCounty:InitialPasswordFile, default initial-passwords.txt in the data folder) and never to the console or
    /// the log (issue 13 §2); the console names the file.
    /// </summary>
    private static async Task CreateInitialAccountsAsync(IServiceProvider sp, IConfiguration config, bool withLeader)
    {
        var users = sp.GetRequiredService<UserManager<AppUser>>();
        var accounts = new List<(string User, string Name, string Role)>
        {
            ("admin", "系统管理员", Roles.SystemAdmin), ("security", "安全管理员", Roles.SecurityAdmin), ("auditor", "审计管理员", Roles.AuditAdmin),
        };
        if (withLeader)
        {
            accounts.Add(("leader", "局领导（示例）", Roles.Leader));
        }
        var file = InitialPasswordFile(config);
        var lines = new List<string>();
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
            lines.Add($"{userName}\t{password}");
        }
        OwnerOnlyFiles.AppendLines(file, lines);
        Console.WriteLine($"[EduCounty] 已创建账号 {string.Join("、", accounts.Select(a => $"{a.User}（{a.Name}）"))}；一次性密码已写入 {file}（仅所有者可读），首次登录须修改密码，之后请删除该文件。");
    }

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
        // No 系统管理员 yet: the first start creates the initial accounts. Not "no account at all": the CLI's demo county
        // brings its 责任督学 accounts (without passwords), and a county that starts from it must still be able to sign in.
        var admins = db.Roles.Where(r => r.Name == Roles.SystemAdmin).Select(r => r.Id);
        if (config.GetValue("EduCounty:InitialAccounts", true) && !await db.UserRoles.AnyAsync(ur => admins.Contains(ur.RoleId)))
        {
            await CreateInitialAccountsAsync(sp, config, demo || await db.Schools.AnyAsync());
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
