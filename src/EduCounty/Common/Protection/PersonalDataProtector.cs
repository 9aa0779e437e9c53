using System.Security.Cryptography;
using System.Text;

namespace EduCounty.Common.Protection;

/// <summary>
/// Encrypts personal data at rest (身份证号, phone numbers) with AES-256-GCM and derives a keyed
/// look-up hash (HMAC-SHA256) so that equality searches never need the plaintext in the database.
/// Ciphertext layout: [key id (1 byte)] [nonce (12)] [tag (16)] [ciphertext]. Older key ids stay
/// readable after rotation; new values use the current key.
/// </summary>
public sealed class PersonalDataProtector
{
    /// <summary>One generation of the ring's keys; replaced whole when the ring file changes (issue 13 §11).</summary>
    private sealed record KeySet(Dictionary<byte, byte[]> Keys, byte CurrentKeyId, byte[] HashKey);

    private volatile KeySet _set;
    private readonly Func<KeyRing?>? _reload;
    private long _nextCheck;
    // AesGcm/HMAC instances are not thread-safe and costly to create (a native context each): the last one used
    // is kept per thread, so bulk imports (two protected fields per row) do not pay the set-up on every value.
    [ThreadStatic] private static (object Owner, AesGcm Gcm)? t_gcm;
    [ThreadStatic] private static (object Owner, HMACSHA256 Hmac)? t_hmac;

    public PersonalDataProtector(IReadOnlyDictionary<byte, byte[]> keys, byte currentKeyId, byte[] hashKey)
        : this(keys, currentKeyId, hashKey, null)
    {
    }

    /// <param name="reload">
    /// Returns the key ring when its source changed since the last call (else null): checked at most every 2 seconds,
    /// and at once when a ciphertext names a key this protector does not have — so a running host picks up
    /// <c>keys rotate</c> without a restart (issue 13 §11).
    /// </param>
    public PersonalDataProtector(IReadOnlyDictionary<byte, byte[]> keys, byte currentKeyId, byte[] hashKey, Func<KeyRing?>? reload)
    {
        _set = Check(keys, currentKeyId, hashKey);
        _reload = reload;
        _nextCheck = Environment.TickCount64 + 2000;
    }

    private static KeySet Check(IReadOnlyDictionary<byte, byte[]> keys, byte currentKeyId, byte[] hashKey)
    {
        if (!keys.ContainsKey(currentKeyId))
        {
            throw new ArgumentException("当前密钥编号不在密钥集中", nameof(currentKeyId));
        }
        foreach (var k in keys.Values)
        {
            if (k.Length != 32)
            {
                throw new ArgumentException("数据加密密钥必须为 256 位", nameof(keys));
            }
        }
        if (hashKey.Length < 32)
        {
            throw new ArgumentException("查找哈希密钥至少 256 位", nameof(hashKey));
        }
        return new KeySet(keys.ToDictionary(p => p.Key, p => p.Value), currentKeyId, hashKey);
    }

    /// <summary>The keys in force, re-read from the ring's source when it may have changed (<paramref name="force"/>: now).</summary>
    private KeySet Keys(bool force = false)
    {
        if (_reload is not null && (force || Environment.TickCount64 >= Interlocked.Read(ref _nextCheck)))
        {
            Interlocked.Exchange(ref _nextCheck, Environment.TickCount64 + 2000);
            if (_reload() is { } ring)
            {
                _set = Check(ring.DataKeys, ring.CurrentKeyId, ring.HashKey);
            }
        }
        return _set;
    }

    /// <summary>The current data key's id (new values are written with it).</summary>
    public byte CurrentKeyId => Keys().CurrentKeyId;

    /// <summary>A protector that re-reads its ring from a file when the file changes (the web host; docs/adr/0016).</summary>
    public static PersonalDataProtector FromFile(string path)
    {
        var ring = KeyRing.LoadOrCreate(path);
        var seen = File.GetLastWriteTimeUtc(path);
        return new(ring.DataKeys, ring.CurrentKeyId, ring.HashKey, () =>
        {
            var now = File.Exists(path) ? File.GetLastWriteTimeUtc(path) : seen;
            if (now == seen)
            {
                return null;
            }
            seen = now;
            return KeyRing.Parse(File.ReadAllText(path));
        });
    }

    /// <summary>A protector from key material given as "id:base64;id:base64" plus the current id and a hash key.</summary>
    public static PersonalDataProtector FromKeyRing(KeyRing ring) =>
        new(ring.DataKeys, ring.CurrentKeyId, ring.HashKey);

    public byte[] Encrypt(string plaintext)
    {
        var set = Keys();
        var data = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[1 + 12 + 16 + data.Length];
        output[0] = set.CurrentKeyId;
        var nonce = output.AsSpan(1, 12);
        NextNonce(nonce);
        CurrentGcm(set).Encrypt(nonce, data, output.AsSpan(29), output.AsSpan(13, 16), [output[0]]);
        return output;
    }

    // Random 96-bit nonces, drawn from the system's CSPRNG 4 KB at a time per thread rather than one system call per
    // value (a million-row import encrypts two values per row); each nonce is still 12 fresh random bytes, used once.
    [ThreadStatic] private static byte[]? t_nonces;
    [ThreadStatic] private static int t_noncesLeft;

    private static void NextNonce(Span<byte> nonce)
    {
        var pool = t_nonces ??= new byte[4092];
        if (t_noncesLeft < nonce.Length)
        {
            RandomNumberGenerator.Fill(pool);
            t_noncesLeft = pool.Length;
        }
        var slice = pool.AsSpan(pool.Length - t_noncesLeft, nonce.Length);
        slice.CopyTo(nonce);
        slice.Clear();
        t_noncesLeft -= nonce.Length;
    }

    private static AesGcm CurrentGcm(KeySet set)
    {
        if (t_gcm is not { } c || !ReferenceEquals(c.Owner, set))
        {
            t_gcm?.Gcm.Dispose();
            t_gcm = c = (set, new AesGcm(set.Keys[set.CurrentKeyId], 16));
        }
        return c.Gcm;
    }

    private static HMACSHA256 CurrentHmac(KeySet set)
    {
        if (t_hmac is not { } c || !ReferenceEquals(c.Owner, set))
        {
            t_hmac?.Hmac.Dispose();
            t_hmac = c = (set, new HMACSHA256(set.HashKey));
        }
        return c.Hmac;
    }

    public string Decrypt(byte[] cipher)
    {
        if (cipher.Length < 29)
        {
            throw new CryptographicException("无法解密：密文格式错误");
        }
        // A key id this protector does not know: the ring may have been rotated meanwhile, read it again first.
        if (!Keys().Keys.TryGetValue(cipher[0], out var key) && !Keys(force: true).Keys.TryGetValue(cipher[0], out key))
        {
            throw new CryptographicException("无法解密：密文格式错误或密钥不存在");
        }
        var plain = new byte[cipher.Length - 29];
        using var gcm = new AesGcm(key, 16);
        gcm.Decrypt(cipher.AsSpan(1, 12), cipher.AsSpan(29), cipher.AsSpan(13, 16), plain, [cipher[0]]);
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>Re-encrypts with the current key when the value was written with an older one (key rotation).</summary>
    public byte[]? Reencrypt(byte[] cipher) => cipher[0] == CurrentKeyId ? null : Encrypt(Decrypt(cipher));

    /// <summary>Keyed hash for look-up: HMAC-SHA256 over the normalised value, hex.</summary>
    public string LookupHash(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value.Trim().ToUpperInvariant());
        Span<byte> mac = stackalloc byte[32];
        var h = CurrentHmac(Keys());
        h.TryComputeHash(bytes, mac, out _);
        return Convert.ToHexStringLower(mac);
    }
}

/// <summary>Key material for <see cref="PersonalDataProtector"/>.</summary>
public sealed record KeyRing(IReadOnlyDictionary<byte, byte[]> DataKeys, byte CurrentKeyId, byte[] HashKey)
{
    public static KeyRing Generate() =>
        new(new Dictionary<byte, byte[]> { [1] = RandomNumberGenerator.GetBytes(32) }, 1, RandomNumberGenerator.GetBytes(32));

    /// <summary>Serialised form kept in the key file: "current=1\nhash=base64\n1=base64\n".</summary>
    public string Serialize()
    {
        var sb = new StringBuilder();
        sb.Append("current=").Append(CurrentKeyId).Append('\n');
        sb.Append("hash=").Append(Convert.ToBase64String(HashKey)).Append('\n');
        foreach (var (id, key) in DataKeys.OrderBy(p => p.Key))
        {
            sb.Append(id).Append('=').Append(Convert.ToBase64String(key)).Append('\n');
        }
        return sb.ToString();
    }

    public static KeyRing Parse(string text)
    {
        byte current = 0;
        byte[]? hash = null;
        var keys = new Dictionary<byte, byte[]>();
        foreach (var raw in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = raw.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }
            var name = raw[..eq];
            var value = raw[(eq + 1)..];
            if (name == "current")
            {
                current = byte.Parse(value);
            }
            else if (name == "hash")
            {
                hash = Convert.FromBase64String(value);
            }
            else
            {
                keys[byte.Parse(name)] = Convert.FromBase64String(value);
            }
        }
        if (hash is null || keys.Count == 0 || !keys.ContainsKey(current))
        {
            throw new InvalidOperationException("密钥文件不完整：需要 current、hash 和至少一个数据密钥");
        }
        return new KeyRing(keys, current, hash);
    }

    /// <summary>Adds a new data key and makes it current (old keys stay for reading).</summary>
    public KeyRing Rotate()
    {
        var next = (byte)(DataKeys.Keys.Max() + 1);
        var keys = DataKeys.ToDictionary(p => p.Key, p => p.Value);
        keys[next] = RandomNumberGenerator.GetBytes(32);
        return this with { DataKeys = keys, CurrentKeyId = next };
    }

    /// <summary>
    /// Loads the key ring from a file (created with fresh random keys on first use, readable by the owner only).
    /// The key file lives beside the database, never in the repository.
    /// </summary>
    public static KeyRing LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            return Parse(File.ReadAllText(path));
        }
        var ring = Generate();
        ring.Save(path);
        return ring;
    }

    /// <summary>Writes the ring to a new owner-only file and moves it over the old one (never a half-written ring).</summary>
    public void Save(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var tmp = full + ".new";
        // Owner-only from its creation (issue 13, low), then moved over the old ring.
        OwnerOnlyFiles.WriteAllText(tmp, Serialize());
        File.Move(tmp, full, overwrite: true);
    }
}
