using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using EduCounty.Common.Protection;

namespace EduCounty.Common.Audit;

/// <summary>
/// Personal fields ([Personal]: name, birth date, ethnicity, the disability flag…) in audit entries (issue 13 §7): written
/// encrypted with the data key ("enc:" + base64 of the AES-GCM ciphertext of the value's JSON), so the trail keeps what
/// changed for an investigation while neither the database nor the 审计管理员's page shows it in clear; the page shows
/// it masked (<see cref="Masked"/>: 张**, 2012-**-**, ***). Audit entries are hashed, so key rotation leaves these
/// ciphertexts as they are: the ring keeps every old key (docs/adr/0016).
/// </summary>
public static class AuditPersonal
{
    public const string Prefix = "enc:";
    /// <summary>Written instead when the context has no protector (a test or tool without the key ring): never the value.</summary>
    public const string Withheld = "(个人信息)";

    internal static object? Protect(object? value, PersonalDataProtector? protector) =>
        value is null ? null
        : protector is null ? Withheld
        : Prefix + Convert.ToBase64String(protector.Encrypt(JsonSerializer.Serialize(value, Relaxed)));

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The entry's changes with every encrypted value masked (the 审计管理员's view); null stays null.</summary>
    public static string? Masked(string? changes, PersonalDataProtector? protector)
    {
        if (string.IsNullOrEmpty(changes) || !changes.Contains(Prefix, StringComparison.Ordinal))
        {
            return changes;
        }
        JsonObject? o;
        try
        {
            o = JsonNode.Parse(changes) as JsonObject;
        }
        catch (JsonException)
        {
            return changes;
        }
        if (o is null)
        {
            return changes;
        }
        foreach (var (field, pair) in o.ToList())
        {
            if (pair is not JsonArray values)
            {
                continue;
            }
            for (var i = 0; i < values.Count; i++)
            {
                if (values[i] is JsonValue v && v.TryGetValue<string>(out var text) && text.StartsWith(Prefix, StringComparison.Ordinal))
                {
                    values[i] = Mask(field, Reveal(text, protector));
                }
            }
        }
        return o.ToJsonString(Relaxed);
    }

    private static JsonNode? Reveal(string text, PersonalDataProtector? protector)
    {
        if (protector is null)
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(protector.Decrypt(Convert.FromBase64String(text[Prefix.Length..])));
        }
        catch (Exception e) when (e is CryptographicException or FormatException or JsonException)
        {
            return null;
        }
    }

    /// <summary>A name keeps its first character (张**), a date its year (2012-**-**); anything else is ***.</summary>
    public static string Mask(string field, JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (value is JsonValue v && v.TryGetValue<string>(out var s))
        {
            if (field.EndsWith("Name", StringComparison.Ordinal) && s.Length > 0)
            {
                return s[..1] + new string('*', Math.Max(1, s.Length - 1));
            }
            if (DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                return d.Year.ToString(CultureInfo.InvariantCulture) + "-**-**";
            }
        }
        return "***";
    }
}
