using System.Collections.Concurrent;
using EduCounty.Common;
using EduCounty.Imports;

namespace EduCounty.Web.Components.Imports;

/// <summary>
/// An uploaded file between its upload and its commit (kept per user in a temp folder): the school year chosen for it
/// and the report of its dry run (null while the dry run is queued or running, or when it failed). <see cref="Scope"/>: the
/// uploader's schools when the uploader is a school user (the job reads and writes only these; docs/adr/0032), null for
/// the county offices.
/// </summary>
public sealed record ImportUpload(string Token, string User, string Kind, string Path, string FileName, SchoolYear Year, ImportReport? Report = null,
    IReadOnlyCollection<int>? Scope = null);

/// <summary>
/// Uploads of this server process (their files and dry-run reports), each kept for 2 hours after its last change. The
/// files live in a private folder under the data folder (issue 13 §5: they held plaintext 身份证号 in a world-readable
/// folder of the system temp directory and outlived their use): the folder is 0700 and each file 0600 from its
/// creation; a file is deleted when its upload is committed, cancelled, refused or expires (swept every few minutes by
/// <see cref="ImportJobs"/>), and every file left from an earlier run is deleted at start (uploads live in memory only).
/// </summary>
public sealed class ImportUploads(TimeProvider clock, string folder)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(2);
    private readonly ConcurrentDictionary<string, (ImportUpload Upload, DateTimeOffset At)> _items = new();

    /// <summary>The uploads folder: EduCounty:UploadsFolder, default "uploads" in the data folder.</summary>
    public string Folder { get; } = folder;

    public static string FolderFor(IConfiguration config) =>
        config["EduCounty:UploadsFolder"] is { Length: > 0 } f ? f : System.IO.Path.Combine(Database.DataFolder(Infrastructure.DbSetup.DatabaseSetting(config)), "uploads");

    /// <summary>The folder, created owner-only, emptied of every file an earlier run left (called at start).</summary>
    public void SweepAll()
    {
        OwnerOnlyFiles.Folder(Folder);
        foreach (var f in Directory.EnumerateFiles(Folder))
        {
            File.Delete(f);
        }
    }

    /// <summary>Saves an upload's bytes to a new owner-only file of the folder; returns its path.</summary>
    public async Task<string> SaveAsync(Stream content, string extension, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        OwnerOnlyFiles.Folder(Folder);
        var path = System.IO.Path.Combine(Folder, Guid.NewGuid().ToString("N") + extension);
        try
        {
            await using var fs = OwnerOnlyFiles.Create(path);
            await content.CopyToAsync(fs, ct);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
        return path;
    }

    /// <summary>Registers a saved file (no report yet); uploads older than 2 hours are dropped and their files deleted.</summary>
    public ImportUpload Add(string user, string kind, string path, string fileName, SchoolYear year, IReadOnlyCollection<int>? scope = null)
    {
        Expire();
        var u = new ImportUpload(Guid.NewGuid().ToString("N"), user, kind, path, fileName, year, Scope: scope);
        _items[u.Token] = (u, clock.GetUtcNow());
        return u;
    }

    /// <summary>Drops the uploads older than 2 hours and deletes their files.</summary>
    public void Expire()
    {
        var now = clock.GetUtcNow();
        foreach (var (k, v) in _items)
        {
            if (v.At < now - Lifetime)
            {
                Discard(k);
            }
        }
    }

    public ImportUpload? Get(string token, string? user) =>
        _items.TryGetValue(token, out var v) && v.Upload.User == user ? v.Upload : null;

    /// <summary>Stores a newer state of an upload (its report) unless the upload was discarded meanwhile.</summary>
    public void Update(ImportUpload u)
    {
        ArgumentNullException.ThrowIfNull(u);
        if (_items.TryGetValue(u.Token, out var old))
        {
            _items.TryUpdate(u.Token, (u, clock.GetUtcNow()), old);
        }
    }

    /// <summary>Forgets an upload and deletes its file (a cancelled dry run, an expired upload).</summary>
    public void Discard(string token)
    {
        if (_items.TryRemove(token, out var old))
        {
            File.Delete(old.Upload.Path);
        }
    }

    /// <summary>Deletes the file and keeps the report for the page (a committed or refused upload: nothing more to do with the file).</summary>
    public static void DeleteFile(ImportUpload u)
    {
        ArgumentNullException.ThrowIfNull(u);
        File.Delete(u.Path);
    }
}
