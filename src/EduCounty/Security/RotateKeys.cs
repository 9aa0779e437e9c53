using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EduCounty.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace EduCounty.Security;

/// <summary>
/// Key rotation for personal data (issue 6 §5 "key rotation supported"; docs/adr/0016): a new data key becomes current,
/// every ciphertext (学生 学籍号 and 身份证号, 教职工 身份证号 and phone, the old values kept by imports for roll-back) is
/// re-encrypted with it in one transaction, and the rotation is audited. Each ciphertext carries its key id (first
/// byte), so values of either key decrypt while a rotation runs or if it fails. The look-up hash key is kept: the
/// keyed hashes (unique indexes on 学籍号, look-up by 身份证号) stay valid without recomputing them.
/// </summary>
public static class RotateKeys
{
    public const string Action = "keys-rotate";

    public sealed record Result(byte KeyId, int Values, int Students, int Staff, int ImportChanges);

    /// <param name="saveRing">Persists the rotated ring; called before any value is written with the new key.</param>
    public static async Task<Result> HandleAsync(EduDb db, KeyRing ring, Func<KeyRing, CancellationToken, Task> saveRing, CancellationToken ct = default)
    {
        var rotated = ring.Rotate();
        // The new ring (old keys kept) is saved first: if the transaction below fails, every stored value still
        // decrypts; if saving fails, nothing has been written with the new key.
        await saveRing(rotated, ct);
        var protector = PersonalDataProtector.FromKeyRing(rotated);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var values = 0;

        var students = await db.Students.IgnoreQueryFilters().AsNoTracking()
            .Where(s => s.IdNumberCipher != null || s.StudentNumberCipher != null)
            .Select(s => new { s.Id, s.IdNumberCipher, s.StudentNumberCipher }).ToListAsync(ct);
        await using (var cmd = Command(db, """UPDATE "Students" SET "IdNumberCipher" = @a, "StudentNumberCipher" = @b WHERE "Id" = @id"""))
        {
            foreach (var s in students)
            {
                values += Set(cmd, protector, s.IdNumberCipher, s.StudentNumberCipher, s.Id);
                await cmd.ExecuteNonQueryAsync(ct);
            }
        }

        var staff = await db.Staff.IgnoreQueryFilters().AsNoTracking()
            .Where(s => s.IdNumberCipher != null || s.PhoneCipher != null)
            .Select(s => new { s.Id, s.IdNumberCipher, s.PhoneCipher }).ToListAsync(ct);
        await using (var cmd = Command(db, """UPDATE "Staff" SET "IdNumberCipher" = @a, "PhoneCipher" = @b WHERE "Id" = @id"""))
        {
            foreach (var s in staff)
            {
                values += Set(cmd, protector, s.IdNumberCipher, s.PhoneCipher, s.Id);
                await cmd.ExecuteNonQueryAsync(ct);
            }
        }

        // Imports keep the old values of updated rows (ciphertexts as base64 under "…Cipher") to roll back.
        var changes = await db.ImportChanges.AsNoTracking().Where(c => c.OldValues.Contains("Cipher"))
            .Select(c => new { c.Id, c.OldValues }).ToListAsync(ct);
        var changed = 0;
        foreach (var c in changes)
        {
            if (JsonNode.Parse(c.OldValues) is not JsonObject o)
            {
                continue;
            }
            var any = false;
            foreach (var name in o.Select(p => p.Key).Where(k => k.EndsWith("Cipher", StringComparison.Ordinal)).ToList())
            {
                if (o[name] is JsonValue v && v.TryGetValue<string>(out var b64))
                {
                    o[name] = Convert.ToBase64String(protector.Encrypt(protector.Decrypt(Convert.FromBase64String(b64))));
                    values++;
                    any = true;
                }
            }
            if (any)
            {
                var json = o.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
                var id = c.Id;
                await db.ImportChanges.Where(x => x.Id == id).ExecuteUpdateAsync(u => u.SetProperty(x => x.OldValues, json), ct);
                changed++;
            }
        }

        await db.AuditAsync(Action, nameof(KeyRing), rotated.CurrentKeyId.ToString(CultureInfo.InvariantCulture),
            $"新数据密钥 #{rotated.CurrentKeyId}，重新加密 {values} 个密文（学生 {students.Count}、教职工 {staff.Count}、导入旧值 {changed}）；查找哈希密钥不变", ct);
        await tx.CommitAsync(ct);
        return new Result(rotated.CurrentKeyId, values, students.Count, staff.Count, changed);
    }

    private static DbCommand Command(EduDb db, string sql)
    {
        var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        cmd.CommandText = sql;
        foreach (var name in new[] { "a", "b", "id" })
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "@" + name;
            cmd.Parameters.Add(p);
        }
        return cmd;
    }

    private static int Set(DbCommand cmd, PersonalDataProtector protector, byte[]? a, byte[]? b, int id)
    {
        cmd.Parameters["@a"].Value = a is null ? DBNull.Value : protector.Encrypt(protector.Decrypt(a));
        cmd.Parameters["@b"].Value = b is null ? DBNull.Value : protector.Encrypt(protector.Decrypt(b));
        cmd.Parameters["@id"].Value = id;
        return (a is null ? 0 : 1) + (b is null ? 0 : 1);
    }
}
