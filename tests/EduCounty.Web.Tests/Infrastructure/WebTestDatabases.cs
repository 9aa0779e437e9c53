using EduCounty.Common.Protection;

namespace EduCounty.Web.Tests.Infrastructure;

/// <summary>
/// The web tests' databases: the same real SQLite files and throwaway PostgreSQL as the library tests
/// (<see cref="EduCounty.Tests.Infrastructure.TestDatabases"/>, compiled in from tests/EduCounty.Tests), plus the key
/// ring file the web app reads.
/// </summary>
public static class WebTestDatabases
{
    public const string Sqlite = EduCounty.Tests.Infrastructure.TestDatabases.Sqlite;
    public const string Postgres = EduCounty.Tests.Infrastructure.TestDatabases.Postgres;
    public static readonly TheoryData<string> Providers = EduCounty.Tests.Infrastructure.TestDatabases.Providers;
    public static readonly EduCounty.Common.Protection.PersonalDataProtector Protector = EduCounty.Tests.Infrastructure.TestDatabases.Protector;

    private static readonly string Root = Path.Combine(Path.GetTempPath(), "educounty-webtests", Environment.ProcessId.ToString());

    /// <summary>The test run's key ring as a file, for the app's EduCounty:KeysFile setting.</summary>
    public static string KeysFile
    {
        get
        {
            var path = Path.Combine(Root, "educounty.keys");
            if (!File.Exists(path))
            {
                Directory.CreateDirectory(Root);
                File.WriteAllText(path, EduCounty.Tests.Infrastructure.TestDatabases.Keys.Serialize());
            }
            return path;
        }
    }

    public static Task<string> DemoAsync(string provider) => EduCounty.Tests.Infrastructure.TestDatabases.DemoAsync(provider);

    /// <summary>A private copy of the demo county as generated (see TestDatabases.PristineDemoCopyAsync).</summary>
    public static Task<string> PristineDemoCopyAsync(string provider, string name) =>
        EduCounty.Tests.Infrastructure.TestDatabases.PristineDemoCopyAsync(provider, name);

    public static Task<string> CreateEmptyAsync(string provider, string name) =>
        EduCounty.Tests.Infrastructure.TestDatabases.CreateEmptyAsync(provider, name);
}
