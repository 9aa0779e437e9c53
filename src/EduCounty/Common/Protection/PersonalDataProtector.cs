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
    private readonly Dictionary<byte, byte[]> _keys;
    private readonly byte _currentKeyId;
    private readonly byte[] _hashKey;
    // AesGcm/HMAC instances are not thread-safe and costly to create (a native context each): the last one used
    // is kept per thread, so bulk imports (two protected fields per row) do not pay the set-up on every value.
    [ThreadStatic] private static (PersonalDataProtector Owner, AesGcm Gcm)? t_gcm;
    [ThreadStatic] private static (PersonalDataProtector Owner, HMACSHA256 Hmac)? t_hmac;

    public PersonalDataProtector(IReadOnlyDictionary<byte, byte[]> keys, byte currentKeyId, byte[] hashKey)
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
        _keys = keys.ToDictionary(p => p.Key, p => p.Value);
        _currentKeyId = currentKeyId;
        _hashKey = hashKey;
    }

    /// <summary>A protector from key material given as "id:base64;id:base64" plus the current id and a hash key.</summary>
    public static PersonalDataProtector FromKeyRing(KeyRing ring) =>
        new(ring.DataKeys, ring.CurrentKeyId, ring.HashKey);

    public byte[] Encrypt(string plaintext)
    {
        var data = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[1 + 12 + 16 + data.Length];
        output[0] = _currentKeyId;
        var nonce = output.AsSpan(1, 12);
        NextNonce(nonce);
        CurrentGcm().Encrypt(nonce, data, output.AsSpan(29), output.AsSpan(13, 16), [output[0]]);
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

    private AesGcm CurrentGcm()
    {
        if (t_gcm is not { } c || !ReferenceEquals(c.Owner, this))
        {
            t_gcm?.Gcm.Dispose();
            t_gcm = c = (this, new AesGcm(_keys[_currentKeyId], 16));
        }
        return c.Gcm;
    }

    private HMACSHA256 CurrentHmac()
    {
        if (t_hmac is not { } c || !ReferenceEquals(c.Owner, this))
        {
            t_hmac?.Hmac.Dispose();
            t_hmac = c = (this, new HMACSHA256(_hashKey));
        }
        return c.Hmac;
    }

    public string Decrypt(byte[] cipher)
    {
        if (cipher.Length < 29 || !_keys.TryGetValue(cipher[0], out var key))
        {
            throw new CryptographicException("无法解密：密文格式错误或密钥不存在");
        }
        var plain = new byte[cipher.Length - 29];
        using var gcm = new AesGcm(key, 16);
        gcm.Decrypt(cipher.AsSpan(1, 12), cipher.AsSpan(29), cipher.AsSpan(13, 16), plain, [cipher[0]]);
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>Re-encrypts with the current key when the value was written with an older one (key rotation).</summary>
    public byte[]? Reencrypt(byte[] cipher) => cipher[0] == _currentKeyId ? null : Encrypt(Decrypt(cipher));

    /// <summary>Keyed hash for look-up: HMAC-SHA256 over the normalised value, hex.</summary>
    public string LookupHash(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value.Trim().ToUpperInvariant());
        Span<byte> mac = stackalloc byte[32];
        var h = CurrentHmac();
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
        File.WriteAllText(tmp, Serialize());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(tmp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        File.Move(tmp, full, overwrite: true);
    }
}
