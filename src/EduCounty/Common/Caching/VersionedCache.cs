using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;

namespace EduCounty.Common.Caching;

/// <summary>
/// Results computed from the records, cached per (database, kind, key, school scope of the context, data version):
/// reused until a write bumps the <see cref="DataVersion"/>; a user restricted to some schools never gets a result
/// computed for another scope (the context's <see cref="EduDb.SchoolScope"/> is part of the key, and the result was
/// computed through a context with that same scope). Concurrent requests for the same missing result wait for one
/// computation (200 users opening the dashboard after an import cost one evaluation, not 200). Entries of older
/// versions are never read again and leave by size and a sliding expiry. Process-wide: every host shares it.
/// </summary>
public static class VersionedCache
{
    /// <summary>How many results are kept (each counts 1; a plan evaluation is some 100 KB).</summary>
    public const int Capacity = 2048;

    private static readonly MemoryCache Cache = new(new MemoryCacheOptions { SizeLimit = Capacity });

    private static readonly ConditionalWeakTable<object, string> Identities = [];

    private static long _computed;

    /// <summary>How many results were computed (not served from the cache) since start: for tests and benchmarks.</summary>
    public static long Computed => Interlocked.Read(ref _computed);

    /// <summary>
    /// The cached result of <paramref name="compute"/> for <paramref name="kind"/>/<paramref name="key"/> at the
    /// database's current data version and the context's school scope; computed (once, whoever asks at the same time)
    /// when missing. <paramref name="compute"/> must read through <paramref name="db"/> only.
    /// </summary>
    public static async Task<T> GetAsync<T>(EduDb db, string kind, string key, Func<Task<T>> compute, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(compute);
        var version = await CurrentVersionAsync(db, ct);
        var full = $"{db.DatabaseKey}\u001f{kind}\u001f{key}\u001f{ScopeKey(db.SchoolScope)}\u001f{version}";
        var mine = new Lazy<Task<T>>(() => Run(compute));
        var shared = Cache.GetOrCreate(full, e =>
        {
            e.Size = 1;
            e.SlidingExpiration = TimeSpan.FromMinutes(30);
            return mine;
        })!;
        try
        {
            return await shared.Value.WaitAsync(ct);
        }
        catch (Exception) when (!ReferenceEquals(shared, mine) && !ct.IsCancellationRequested)
        {
            // Another request's computation failed (its request ended, its context was disposed…): compute our own.
            Cache.Remove(full);
            return await Run(compute);
        }
        catch (Exception) when (ReferenceEquals(shared, mine) && shared.Value.IsCompleted)
        {
            Cache.Remove(full);
            throw;
        }
    }

    /// <summary>
    /// How long a version read from the database is trusted for other processes' writes (the CLI, another server): a
    /// page view within it does not touch the database at all when its result is cached. Writes through this process
    /// are seen at once (<see cref="Invalidate"/> after their commit).
    /// </summary>
    public static TimeSpan VersionTtl { get; set; } = TimeSpan.FromSeconds(1);

    private static readonly ConcurrentDictionary<string, (long Version, long ReadAt)> Versions = new(StringComparer.Ordinal);

    private static async Task<long> CurrentVersionAsync(EduDb db, CancellationToken ct)
    {
        var now = Environment.TickCount64;
        if (Versions.TryGetValue(db.DatabaseKey, out var v) && now - v.ReadAt < VersionTtl.TotalMilliseconds) return v.Version;
        var version = await DataVersion.CurrentAsync(db, ct);
        Versions[db.DatabaseKey] = (version, now);
        return version;
    }

    /// <summary>Forgets the version read for a database: called when this process has committed a write to it.</summary>
    public static void Invalidate(string databaseKey) => Versions.TryRemove(databaseKey, out _);

    private static Task<T> Run<T>(Func<Task<T>> compute)
    {
        Interlocked.Increment(ref _computed);
        return compute();
    }

    /// <summary>A stable key for an object that has no key of its own (a plan document loaded once): its identity.</summary>
    public static string IdentityOf(object value) => Identities.GetValue(value, _ => Guid.NewGuid().ToString("N"));

    private static string ScopeKey(IReadOnlyCollection<int>? schools)
    {
        if (schools is null) return "*";
        var text = string.Join(",", schools.Order());
        return text.Length <= 64 ? "s:" + text : "h:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
