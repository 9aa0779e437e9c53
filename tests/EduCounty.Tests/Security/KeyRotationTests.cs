using EduCounty.Common;
using EduCounty.Common.Protection;
using EduCounty.Imports;
using EduCounty.Registry;
using EduCounty.Security;
using EduCounty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Tests.Security;

/// <summary>Key rotation (issue 6 §5; docs/adr/0016): every ciphertext re-encrypted with the new key, look-ups unchanged.</summary>
public sealed class KeyRotationTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Rotation_reencrypts_every_value_and_lookups_still_find_the_person(string provider)
    {
        var ring = KeyRing.Generate();
        var before = PersonalDataProtector.FromKeyRing(ring);
        var setting = await TestDatabases.CreateEmptyAsync(provider, "keys");
        await using var db = Database.Open(setting);
        db.Actor = "tester";
        db.Divisions.Add(new Division { Code = "652302", Name = "阜康市", Level = 3, ParentCode = "652300" });
        var school = new School { Code = "2165230201", Name = "测试小学", CountyCode = "652302", TownshipCode = "652302001" };
        db.Schools.Add(school);
        await db.SaveChangesAsync();
        // Three students (two with the national 学籍号 G + 身份证号) and one staff member with a phone number.
        var ids = new[]
        {
            IdNumber.Compose("652302", new DateOnly(2014, 3, 1), 12),
            IdNumber.Compose("652302", new DateOnly(2015, 7, 9), 25),
            IdNumber.Compose("652302", new DateOnly(2013, 11, 30), 40),
        };
        for (var i = 0; i < ids.Length; i++)
        {
            var number = i < 2 ? "G" + ids[i] : "L2023652302000" + i;
            var (display, hash, cipher) = StudentNumbers.Protect(before, number);
            db.Students.Add(new Student
            {
                StudentNumber = display,
                StudentNumberHash = hash,
                StudentNumberCipher = cipher,
                IdNumberCipher = before.Encrypt(ids[i]),
                IdNumberHash = before.LookupHash(ids[i]),
                Name = "学生" + i,
                EthnicityCode = "01",
                SchoolId = school.Id,
                Grade = "P3",
                BirthDate = IdNumber.BirthDate(ids[i])!.Value,
            });
        }
        var staffId = IdNumber.Compose("652302", new DateOnly(1985, 2, 2), 31);
        db.Staff.Add(new Staff
        {
            StaffNumber = "T0001",
            Name = "教师甲",
            EthnicityCode = "01",
            SchoolId = school.Id,
            IdNumberCipher = before.Encrypt(staffId),
            IdNumberHash = before.LookupHash(staffId),
            PhoneCipher = before.Encrypt("13899990000"),
        });
        await db.SaveChangesAsync();
        // An import's kept old value (base64 ciphertext) must be rotated too, or a roll-back would write an unreadable value.
        db.ImportBatches.Add(new ImportBatch { Kind = "students", FileName = "x.xlsx", Sha256 = new string('0', 64), UserName = "tester", Entity = "Student" });
        await db.SaveChangesAsync();
        var batch = await db.ImportBatches.Select(b => b.Id).SingleAsync();
        db.ImportChanges.Add(new ImportChange { BatchId = batch, Entity = "Student", EntityId = 1, OldValues = $"{{\"IdNumberCipher\":\"{Convert.ToBase64String(before.Encrypt(ids[0]))}\",\"Name\":\"旧名\"}}" });
        await db.SaveChangesAsync();

        KeyRing? saved = null;
        var result = await RotateKeys.HandleAsync(db, ring, (r, _) => { saved = r; return Task.CompletedTask; });

        Assert.NotNull(saved);
        Assert.Equal((byte)2, result.KeyId);
        Assert.Equal((byte)2, saved.CurrentKeyId);
        // 3 students × 2 ciphers + 1 staff × 2 ciphers + 1 import value = 9.
        Assert.Equal(9, result.Values);
        Assert.Equal(3, result.Rows["Student"]);
        Assert.Equal(1, result.Rows["Staff"]);
        Assert.Equal(1, result.Rows["ImportChange"]);

        // Only the new key: proves nothing is left under key 1.
        var onlyNew = new PersonalDataProtector(new Dictionary<byte, byte[]> { [2] = saved.DataKeys[2] }, 2, saved.HashKey);
        var after = PersonalDataProtector.FromKeyRing(saved);
        await using var read = Database.Open(setting);
        var students = await read.Students.OrderBy(s => s.Id).ToListAsync();
        for (var i = 0; i < ids.Length; i++)
        {
            Assert.Equal(2, students[i].IdNumberCipher![0]);
            Assert.Equal(ids[i], onlyNew.Decrypt(students[i].IdNumberCipher!));
            Assert.Equal(i < 2 ? "G" + ids[i] : "L2023652302000" + i, onlyNew.Decrypt(students[i].StudentNumberCipher!));
            // Look-up by 身份证号 with the rotated protector still finds the student (hash key unchanged).
            var hash = after.LookupHash(ids[i]);
            Assert.Equal(students[i].Id, await read.Students.Where(s => s.IdNumberHash == hash).Select(s => s.Id).SingleAsync());
        }
        var staff = await read.Staff.SingleAsync();
        Assert.Equal(staffId, onlyNew.Decrypt(staff.IdNumberCipher!));
        Assert.Equal("13899990000", onlyNew.Decrypt(staff.PhoneCipher!));
        var old = await read.ImportChanges.Select(c => c.OldValues).SingleAsync();
        using (var doc = System.Text.Json.JsonDocument.Parse(old))
        {
            Assert.Equal(ids[0], onlyNew.Decrypt(Convert.FromBase64String(doc.RootElement.GetProperty("IdNumberCipher").GetString()!)));
            Assert.Equal("旧名", doc.RootElement.GetProperty("Name").GetString());
        }
        // Audited, and the chain is intact.
        var entry = await read.AuditEntries.OrderByDescending(a => a.Id).FirstAsync();
        Assert.Equal(RotateKeys.Action, entry.Action);
        Assert.Equal("2", entry.EntityId);
        Assert.True((await VerifyAudit.HandleAsync(read)).Intact);
    }
}
