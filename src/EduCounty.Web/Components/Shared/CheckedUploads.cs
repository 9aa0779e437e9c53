using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace EduCounty.Web.Components.Shared;

/// <summary>A checked file waiting for 确认导入, owned by the user who uploaded it.</summary>
public interface ICheckedUpload
{
    string User { get; }
}

/// <summary>
/// Checked record files (教师队伍, 特殊群体) in memory for an hour between 检查 and 确认导入 (a county's file is small), each
/// under a random token and visible to its uploader only. Files of the 数据导入 page go through <c>ImportUploads</c>
/// instead (on disk, with background jobs).
/// </summary>
public class CheckedUploads<T>(TimeProvider clock) where T : class, ICheckedUpload
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<string, (T Upload, DateTimeOffset At)> _uploads = new(StringComparer.Ordinal);

    public string Add(T upload)
    {
        var now = clock.GetUtcNow();
        foreach (var old in _uploads.Where(x => now - x.Value.At > Lifetime).Select(x => x.Key).ToList())
        {
            _uploads.TryRemove(old, out _);
        }
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _uploads[token] = (upload, now);
        return token;
    }

    public T? Get(string? token, string? user) =>
        token is not null && _uploads.TryGetValue(token, out var u) && u.Upload.User == (user ?? "") ? u.Upload : null;

    public T? Take(string token, string? user) => Get(token, user) is { } u && _uploads.TryRemove(token, out _) ? u : null;
}
