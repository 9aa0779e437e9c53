using System.CommandLine;

namespace EduCounty.Cli;

/// <summary>Registry verbs: migrate, demo, schools list, stats.</summary>
internal static class RegistryCommands
{
    public static Command Migrate()
    {
        var cmd = new Command("migrate", "创建或升级数据库结构");
        cmd.SetAction(async (r, ct) =>
        {
            await using var db = await CliOptions.OpenAsync(r, ct);
            Console.WriteLine("数据库已是最新结构。");
            return 0;
        });
        return cmd;
    }
}
