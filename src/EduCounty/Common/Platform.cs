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

    /// <summary>
    /// The protector for personal data: from EDUCOUNTY_KEYS when set, else from the key ring file, re-read when the file
    /// changes (a running host follows <c>keys rotate</c>, issue 13 §11).
    /// </summary>
    public static PersonalDataProtector Protector(string db, string? keysFile = null) =>
        string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("EDUCOUNTY_KEYS"))
            ? PersonalDataProtector.FromFile(KeysFile(db, keysFile))
            : PersonalDataProtector.FromKeyRing(LoadKeys(db, keysFile));

    /// <summary>The key that signs audit checkpoints (derived from the key ring: outside the database; issue 13 §14).</summary>
    public static Audit.AuditSeal Seal(string db, string? keysFile = null) => Audit.AuditSeal.FromKeyRing(LoadKeys(db, keysFile));

    /// <summary>
    /// The file holding the newest audit checkpoint, outside the database: beside a SQLite file (its name + ".audit-anchor"),
    /// or in the data folder named after the PostgreSQL host and database.
    /// </summary>
    public static string AuditAnchorFile(string db)
    {
        if (!Database.IsPostgres(db))
        {
            return Path.GetFullPath(db) + ".audit-anchor";
        }
        var b = new Npgsql.NpgsqlConnectionStringBuilder(db);
        var name = string.Concat($"{b.Host}-{b.Port}-{b.Database}".Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
        return Path.Combine(Database.DataFolder(db), $"audit-anchor-{name}");
    }
}
