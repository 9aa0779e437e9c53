using System.CommandLine;
using System.Text;
using EduCounty.Cli;
using EduCounty.Common;

Console.OutputEncoding = Encoding.UTF8;
Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

var root = new RootCommand("EduCounty 县域教育发展监测与治理平台 命令行");
root.Options.Add(CliOptions.Db);
root.Options.Add(CliOptions.CheckSchema);
// Each feature adds its verbs here (one line per feature; the commands live in the feature's file).
root.Subcommands.Add(RegistryCommands.Migrate());
root.Subcommands.Add(RegistryCommands.Demo());
root.Subcommands.Add(RegistryCommands.Schools());
root.Subcommands.Add(RegistryCommands.Stats());
root.Subcommands.Add(RegistryCommands.Census());
root.Subcommands.Add(ReadinessCommands.Data());
root.Subcommands.Add(BalanceCommands.Create());
root.Subcommands.Add(FitnessCommands.Fitness());
foreach (var c in PlanCommands.Create()) root.Subcommands.Add(c);
foreach (var c in ImportCommands.All()) { root.Subcommands.Add(c); }
root.Subcommands.Add(AuditCommands.Audit());
root.Subcommands.Add(KeysCommands.Keys());
root.Subcommands.Add(TeachersCommands.Teachers());
root.Subcommands.Add(SupervisionCommands.Supervision());
root.Subcommands.Add(SafetyCommands.Safety());
root.Subcommands.Add(ForecastCommands.Forecast());
root.Subcommands.Add(DropoutCommands.Dropout());
root.Subcommands.Add(GroupsCommands.Groups());
root.Subcommands.Add(AidCommands.Aid());
root.Subcommands.Add(PeriodCommands.Period());
// One error type (docs/adr/0019): a refusal by a business rule prints its Chinese message and exits with code 2;
// anything else is a fault and keeps System.CommandLine's report.
try
{
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (RuleException e)
{
    return CliOptions.Refused(e);
}
