using System.Buffers.Binary;
using System.Security.Cryptography;
using EduCounty.Common;
using EduCounty.Common.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Web.Components.Account;

/// <summary>
/// TOTP (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps) accepted within ±1 step and once only (issue 13, low): the
/// step of an accepted code is stored in <see cref="AppUser.LastTotpStep"/> by a conditional UPDATE (only a later step
/// wins), so the same code — or an older one — is refused afterwards, also when two requests bring it at once.
/// Identity's own provider accepts ±2 steps and any number of times.
/// </summary>
public sealed class OnceTotpTokenProvider(EduDb db, TimeProvider clock) : AuthenticatorTokenProvider<AppUser>
{
    public const string Name = "EduTotp";
    private const int Step = 30;

    public override async Task<bool> ValidateAsync(string purpose, string token, UserManager<AppUser> manager, AppUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(user);
        if (token is not { Length: 6 } || !token.All(char.IsAsciiDigit) || await manager.GetAuthenticatorKeyAsync(user) is not { Length: > 0 } key)
        {
            return false;
        }
        var secret = Base32(key);
        var now = clock.GetUtcNow().ToUnixTimeSeconds() / Step;
        for (var step = now - 1; step <= now + 1; step++)
        {
            if (!CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(Code(secret, step)), System.Text.Encoding.ASCII.GetBytes(token)))
            {
                continue;
            }
            var s = step;
            var id = user.Id;
            // Once only: the step is taken by the first request that brings it.
            var taken = await db.Users.Where(u => u.Id == id && (u.LastTotpStep == null || u.LastTotpStep < s))
                .ExecuteUpdateAsync(x => x.SetProperty(u => u.LastTotpStep, s));
            if (taken == 1)
            {
                // The tracked copy must not write an older value back.
                var entry = db.Entry(user);
                user.LastTotpStep = s;
                if (entry.State != EntityState.Detached)
                {
                    entry.Property(u => u.LastTotpStep).OriginalValue = s;
                }
            }
            return taken == 1;
        }
        return false;
    }

    /// <summary>The 6-digit code of one time step (RFC 4226 dynamic truncation).</summary>
    public static string Code(byte[] secret, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> mac = stackalloc byte[20];
#pragma warning disable CA5350 // RFC 6238's authenticator apps use HMAC-SHA1; it is not used as a collision-resistant hash here.
        HMACSHA1.HashData(secret, counter, mac);
#pragma warning restore CA5350
        var offset = mac[19] & 0x0f;
        var binary = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>RFC 4648 base32 (the form Identity stores the authenticator key in), spaces and padding ignored.</summary>
    public static byte[] Base32(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>(text.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in text.ToUpperInvariant())
        {
            var v = alphabet.IndexOf(c, StringComparison.Ordinal);
            if (v < 0)
            {
                continue;
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                bytes.Add((byte)(buffer >> bits));
                buffer &= (1 << bits) - 1;
            }
        }
        return [.. bytes];
    }
}
