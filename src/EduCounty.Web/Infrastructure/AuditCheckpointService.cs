using EduCounty.Common;
using EduCounty.Common.Audit;
using EduCounty.Security;

namespace EduCounty.Web.Infrastructure;

/// <summary>
/// Signs the audit chain every EduCounty:AuditCheckpointMinutes (default 60; issue 13 §14, docs/adr/0013): a checkpoint
/// in the database and the newest one in the anchor file beside the key ring. The 审计管理员's 校验审计链 and
/// <c>audit verify</c> check them and write one more.
/// </summary>
public sealed class AuditCheckpointService(IServiceScopeFactory scopes, IConfiguration config, TimeProvider clock, ILogger<AuditCheckpointService> log) : BackgroundService
{
    private AuditSeal? _seal;

    public AuditSeal Seal => _seal ??= Platform.Seal(DbSetup.DatabaseSetting(config), config["EduCounty:KeysFile"]);

    public string AnchorFile => Platform.AuditAnchorFile(DbSetup.DatabaseSetting(config));

    public async Task WriteAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await using var db = scope.ServiceProvider.GetRequiredService<EduDbFactory>().CreateUnrestricted();
        await AuditCheckpoints.WriteAsync(db, Seal, AnchorFile, ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var minutes = Math.Max(1, config.GetValue("EduCounty:AuditCheckpointMinutes", 60));
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(minutes), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await WriteAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "写入审计检查点失败");
            }
        }
    }
}
