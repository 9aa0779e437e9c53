using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace EduCounty.Common.Protection;

/// <summary>
/// Key rotation for personal data (issue 6 §5 "key rotation supported"; docs/adr/0016): a new data key becomes current,
/// every ciphertext is re-encrypted with it in one transaction, and the rotation is audited. Which columns hold
/// ciphertexts is read from the model's markers (<see cref="EncryptedAttribute"/>, and <see cref="EncryptedJsonAttribute"/>
/// for JSON whose "…Cipher" members are base64 ciphertexts), so a feature adding an encrypted column needs no change
/// here (docs/adr/0020). Each ciphertext carries its key id (first byte), so values of either key decrypt while a
/// rotation runs or if it fails. The look-up hash key is kept: keyed hashes stay valid without recomputing them.
/// </summary>
public static class RotateKeys
{
    public const string Action = "keys-rotate";

    /// <param name="Rows">Rows re-encrypted per entity (CLR name), only entities with at least one.</param>
    public sealed record Result(byte KeyId, int Values, IReadOnlyDictionary<string, int> Rows);

    /// <param name="saveRing">Persists the rotated ring; called before any value is written with the new key.</param>
    public static async Task<Result> HandleAsync(EduDb db, KeyRing ring, Func<KeyRing, CancellationToken, Task> saveRing, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(saveRing);
        var rotated = ring.Rotate();
        // The new ring (old keys kept) is saved first: if the transaction below fails, every stored value still
        // decrypts; if saving fails, nothing has been written with the new key.
        await saveRing(rotated, ct);
        var protector = PersonalDataProtector.FromKeyRing(rotated);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var values = 0;
        var rows = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var target in Targets(db.Model))
        {
            var (v, r) = await RotateTableAsync(db, target, protector, ct);
            values += v;
            if (r > 0)
            {
                rows[target.Entity] = r;
            }
        }
        var summary = string.Join("、", rows.Select(p => $"{p.Key} {p.Value}"));
        await db.AuditAsync(Action, nameof(KeyRing), rotated.CurrentKeyId.ToString(CultureInfo.InvariantCulture),
            $"新数据密钥 #{rotated.CurrentKeyId}，重新加密 {values} 个密文（{(summary.Length == 0 ? "无" : summary)}）；查找哈希密钥不变", ct);
        await tx.CommitAsync(ct);
        return new Result(rotated.CurrentKeyId, values, rows);
    }

    /// <summary>A table holding ciphertexts: its single-column key and its encrypted (binary or JSON) columns.</summary>
    public sealed record Target(string Entity, string Table, string Key, IReadOnlyList<string> Binary, IReadOnlyList<string> Json);

    /// <summary>Every table with an encrypted column, from the model's markers.</summary>
    public static IReadOnlyList<Target> Targets(IModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var list = new List<Target>();
        foreach (var type in model.GetEntityTypes().Where(t => t.GetTableName() is not null).OrderBy(t => t.ClrType.Name, StringComparer.Ordinal))
        {
            var c = EntityConventions.For(type.ClrType);
            if (c.Encrypted.Count == 0 && c.EncryptedJson.Count == 0)
            {
                continue;
            }
            var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
            var key = type.FindPrimaryKey()!.Properties.Single().GetColumnName(table)!;
            string Column(string property) => type.FindProperty(property)!.GetColumnName(table)!;
            list.Add(new Target(type.ClrType.Name, type.GetTableName()!, key,
                [.. c.Encrypted.Order(StringComparer.Ordinal).Select(Column)], [.. c.EncryptedJson.Order(StringComparer.Ordinal).Select(Column)]));
        }
        return list;
    }

    private static async Task<(int Values, int Rows)> RotateTableAsync(EduDb db, Target t, PersonalDataProtector protector, CancellationToken ct)
    {
        var columns = t.Binary.Concat(t.Json).ToList();
        var read = db.Database.GetDbConnection().CreateCommand();
        await using (read)
        {
            read.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
            read.CommandText = $"SELECT \"{t.Key}\", {string.Join(", ", columns.Select(c => $"\"{c}\""))} FROM \"{t.Table}\" WHERE "
                + string.Join(" OR ", t.Binary.Select(c => $"\"{c}\" IS NOT NULL").Concat(t.Json.Select(c => $"\"{c}\" LIKE '%Cipher%'")));
            var pending = new List<(object Key, object?[] Values)>();
            await using (var reader = await read.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    var vals = new object?[columns.Count];
                    for (var i = 0; i < columns.Count; i++)
                    {
                        vals[i] = reader.IsDBNull(i + 1) ? null : reader.GetValue(i + 1);
                    }
                    pending.Add((reader.GetValue(0), vals));
                }
            }
            return await WriteAsync(db, t, columns, pending, protector, ct);
        }
    }

    private static async Task<(int Values, int Rows)> WriteAsync(EduDb db, Target t, List<string> columns,
        List<(object Key, object?[] Values)> pending, PersonalDataProtector protector, CancellationToken ct)
    {
        await using var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        cmd.CommandText = $"UPDATE \"{t.Table}\" SET {string.Join(", ", columns.Select((c, i) => $"\"{c}\" = @p{i}"))} WHERE \"{t.Key}\" = @key";
        for (var i = 0; i < columns.Count; i++)
        {
            AddParameter(cmd, "@p" + i.ToString(CultureInfo.InvariantCulture));
        }
        AddParameter(cmd, "@key");
        var values = 0;
        var rows = 0;
        foreach (var (key, vals) in pending)
        {
            var changed = 0;
            for (var i = 0; i < columns.Count; i++)
            {
                var (value, n) = i < t.Binary.Count ? Binary(vals[i], protector) : Json(vals[i], protector);
                cmd.Parameters[i].Value = value ?? DBNull.Value;
                changed += n;
            }
            if (changed == 0)
            {
                continue;
            }
            cmd.Parameters[columns.Count].Value = key;
            await cmd.ExecuteNonQueryAsync(ct);
            values += changed;
            rows++;
        }
        return (values, rows);
    }

    private static void AddParameter(DbCommand cmd, string name)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        cmd.Parameters.Add(p);
    }

    private static (object? Value, int Count) Binary(object? value, PersonalDataProtector protector) =>
        value is byte[] b ? (protector.Encrypt(protector.Decrypt(b)), 1) : (null, 0);

    private static readonly JsonSerializerOptions RelaxedJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Re-encrypts the base64 "…Cipher" members of a JSON object (an import's old values kept for roll-back).</summary>
    private static (object? Value, int Count) Json(object? value, PersonalDataProtector protector)
    {
        if (value is not string text || JsonNode.Parse(text) is not JsonObject o)
        {
            return (value, 0);
        }
        var count = 0;
        foreach (var name in o.Select(p => p.Key).Where(k => k.EndsWith("Cipher", StringComparison.Ordinal)).ToList())
        {
            if (o[name] is JsonValue v && v.TryGetValue<string>(out var b64))
            {
                o[name] = Convert.ToBase64String(protector.Encrypt(protector.Decrypt(Convert.FromBase64String(b64))));
                count++;
            }
        }
        return (count == 0 ? text : o.ToJsonString(RelaxedJson), count);
    }
}
