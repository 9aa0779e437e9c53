using System.Text;

namespace EduCounty.Common;

/// <summary>
/// Files and folders only the service's own account may read (issue 13 §5 and low: the database, the key ring, uploads,
/// one-time passwords): folders 0700 and files 0600 from the moment they are created — never made with the umask's
/// 0644 and narrowed afterwards, which leaves a window. On Windows the ACLs of the parent apply.
/// </summary>
public static class OwnerOnlyFiles
{
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates the folder (and missing parents) owner-only; an existing folder is narrowed to 0700.</summary>
    public static DirectoryInfo Folder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return Directory.CreateDirectory(path);
        }
        var dir = Directory.CreateDirectory(path, FolderMode);
        File.SetUnixFileMode(dir.FullName, FolderMode);
        return dir;
    }

    /// <summary>A new file (replacing any old one), owner-only from its creation.</summary>
    public static FileStream Create(string path) => Open(path, System.IO.FileMode.Create, FileAccess.ReadWrite);

    private static FileStream Open(string path, System.IO.FileMode mode, FileAccess access)
    {
        // A missing folder is made owner-only (e.g. the data folder of a PostgreSQL set-up whose key ring comes from the
        // environment); an existing one is left as it is.
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder && !Directory.Exists(folder))
        {
            Folder(folder);
        }
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = access == FileAccess.Write ? FileShare.Read : FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }
        return new FileStream(path, options);
    }

    /// <summary>Writes a whole owner-only file (created 0600; an existing file is narrowed to 0600 first).</summary>
    public static void WriteAllText(string path, string text)
    {
        Narrow(path);
        using var fs = Create(path);
        fs.Write(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>Appends lines to an owner-only file (created 0600).</summary>
    public static void AppendLines(string path, IEnumerable<string> lines)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        Narrow(path);
        using var fs = Open(path, System.IO.FileMode.Append, FileAccess.Write);
        fs.Write(Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n"))));
    }

    /// <summary>An existing file made owner-only (no-op when missing or on Windows).</summary>
    public static void Narrow(string path)
    {
        if (!OperatingSystem.IsWindows() && File.Exists(path))
        {
            File.SetUnixFileMode(path, FileMode);
        }
    }
}
