using System.CommandLine;
using EduCounty.Security;

namespace EduCounty.Cli;

/// <summary>审计 verbs: <c>audit verify</c> checks the hash chain; <c>audit purge</c> removes entries past the retention period.</summary>
internal static class AuditCommands
{
    public static Command Audit()
    {
        var cmd = new Command("audit", "安全审计记录（防篡改哈希链）");
        cmd.Subcommands.Add(Verify());
        cmd.Subcommands.Add(Purge());
        return cmd;
    }

    private static Command Verify()
    {
        var cmd = new Command("verify", "重新计算审计哈希链，报告被修改、插入或删除的条目；链断开时返回非零");
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            await using var db = await CliOptions.OpenAsync(r, ct);
            // The signed checkpoints too (key from the key ring, anchor beside it), and a new one when intact (issue 13 §14).
            var setting = CliOptions.DbOf(r);
            var result = await VerifyAudit.HandleAsync(db, EduCounty.Common.Platform.Seal(setting), EduCounty.Common.Platform.AuditAnchorFile(setting), ct);
            foreach (var f in result.Findings)
            {
                Console.WriteLine(f.Message);
            }
            if (result.Intact)
            {
                Console.WriteLine($"审计链完整：共 {result.Checked} 条（#{result.FirstId}–#{result.LastId}）");
                return 0;
            }
            Console.WriteLine($"审计链已被破坏：共检查 {result.Checked} 条，发现 {result.Findings.Count} 处问题");
            return 2;
        });
        return cmd;
    }

    private static Command Purge()
    {
        var days = new Option<int>("--retention-days")
        {
            Description = $"保存天数（不少于 {PurgeAudit.MinimumRetentionDays} 天；默认 EDUCOUNTY_AUDIT_RETENTION_DAYS 或 365）",
            DefaultValueFactory = _ => int.TryParse(Environment.GetEnvironmentVariable("EDUCOUNTY_AUDIT_RETENTION_DAYS"), out var d) ? d : 365,
        };
        var cmd = new Command("purge", "删除超过保存期的审计条目，并在链中记录衔接点（保存期不少于 180 天）");
        cmd.Options.Add(days);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            // The retention rule (≥ 180 days) is PurgeAudit's: a shorter one is refused there, exit code 2.
            await using var db = await CliOptions.OpenAsync(r, ct);
            var result = await PurgeAudit.HandleAsync(db, new PurgeAudit.Command(r.GetValue(days)), ct);
            Console.WriteLine(result.Removed == 0
                ? $"没有早于 {result.Cutoff:yyyy-MM-dd} 的审计条目"
                : $"已删除早于 {result.Cutoff:yyyy-MM-dd} 的审计条目 {result.Removed} 条（至 #{result.ThroughId}），衔接点已记入审计链");
            return 0;
        });
        return cmd;
    }
}
