using EduCounty.Common.Protection;

namespace EduCounty.Common;

/// <summary>Start-up services shared by the web and command-line hosts.</summary>
public static class Platform
{
    /// <summary>
    /// The key ring for personal data: the EDUCOUNTY_KEYS environment variable (serialised ring) when set,
    /// otherwise the file "educounty.keys" in the data folder, created with random keys on first use.
    /// </summary>
    public static KeyRing LoadKeys(string db, string? keysFile = null)
    {
        var env = Environment.GetEnvironmentVariable("EDUCOUNTY_KEYS");
        if (!string.IsNullOrWhiteSpace(env))
        {
            return KeyRing.Parse(env.Replace(';', '\n'));
        }
        return KeyRing.LoadOrCreate(KeysFile(db, keysFile));
    }

    /// <summary>The key ring file: the given one, else "educounty.keys" in the data folder of the database.</summary>
    public static string KeysFile(string db, string? keysFile = null) =>
        keysFile ?? Path.Combine(Database.DataFolder(db), "educounty.keys");

    public static PersonalDataProtector Protector(string db, string? keysFile = null) =>
        PersonalDataProtector.FromKeyRing(LoadKeys(db, keysFile));
}
