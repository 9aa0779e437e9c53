using System.Collections.Concurrent;
using EduCounty.Common;
using EduCounty.Imports;

namespace EduCounty.Web.Components.Imports;

/// <summary>
/// An uploaded file between its upload and its commit (kept per user in a temp folder): the school year chosen for it
/// and the report of its dry run (null while the dry run is queued or running, or when it failed).
/// </summary>
public sealed record ImportUpload(string Token, string User, string Kind, string Path, string FileName, SchoolYear Year, ImportReport? Report = null);

/// <summary>Uploads of this server process (their files and dry-run reports), each kept for 2 hours after its last change.</summary>
public sealed class ImportUploads(TimeProvider clock)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(2);
    private readonly ConcurrentDictionary<string, (ImportUpload Upload, DateTimeOffset At)> _items = new();

    public static string Folder { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "educounty-uploads");

    /// <summary>Registers a saved file (no report yet); uploads older than 2 hours are dropped and their files deleted.</summary>
    public ImportUpload Add(string user, string kind, string path, string fileName, SchoolYear year)
    {
        var now = clock.GetUtcNow();
        foreach (var (k, v) in _items)
        {
            if (v.At < now - Lifetime)
            {
                Discard(k);
            }
        }
        var u = new ImportUpload(Guid.NewGuid().ToString("N"), user, kind, path, fileName, year);
        _items[u.Token] = (u, now);
        return u;
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
}
