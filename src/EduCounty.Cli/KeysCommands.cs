using System.CommandLine;
using EduCounty.Common;
using EduCounty.Common.Protection;
using EduCounty.Security;

namespace EduCounty.Cli;

/// <summary>密钥 verbs: <c>keys rotate</c> makes a new data key current and re-encrypts every stored ciphertext.</summary>
internal static class KeysCommands
{
    public static Command Keys()
    {
        var cmd = new Command("keys", "个人信息加密密钥");
        cmd.Subcommands.Add(Rotate());
        return cmd;
    }

    private static Command Rotate()
    {
        var file = new Option<string?>("--keys-file") { Description = "密钥文件（默认：数据库所在目录的 educounty.keys）" };
        var cmd = new Command("rotate", "生成新的数据密钥并设为当前密钥，在一个事务中用它重新加密全部密文（旧密钥保留以便读取）；查找哈希密钥不变");
        cmd.Options.Add(file);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("EDUCOUNTY_KEYS")))
            {
                return CliOptions.Fail("密钥来自环境变量 EDUCOUNTY_KEYS，无法在此轮换：请改用密钥文件，或在外部更新该变量");
            }
            var setting = CliOptions.DbOf(r);
            var path = Platform.KeysFile(setting, r.GetValue(file));
            if (!File.Exists(path))
            {
                return CliOptions.Fail($"找不到密钥文件 {path}");
            }
            var ring = KeyRing.Parse(await File.ReadAllTextAsync(path, ct));
            await using var db = await CliOptions.OpenAsync(r, ct);
            var result = await RotateKeys.HandleAsync(db, ring, (next, _) =>
            {
                next.Save(path);
                return Task.CompletedTask;
            }, ct);
            Console.WriteLine($"已启用数据密钥 #{result.KeyId}：重新加密 {result.Values} 个密文（{string.Join("、", result.Rows.Select(r => $"{r.Key} {r.Value} 行"))}），已记入审计");
            return 0;
        });
        return cmd;
    }
}
