using System.Text.Json;
using EduCounty.Common;
using EduCounty.Common.Audit;
using EduCounty.Registry;
using EduCounty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Tests.Security;

/// <summary>
/// Issue 13 §7: the audit trail showed minors' names, ethnicity and birth dates in clear (a rollback wrote 199,751 full
/// student rows into it). Personal fields are written encrypted and shown masked.
/// </summary>
public sealed class AuditPersonalTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Personal_fields_of_a_changed_and_a_deleted_student_are_encrypted_in_the_trail_and_masked_on_reading(string provider)
    {
        var setting = await TestDatabases.CreateEmptyAsync(provider, "audit-personal");
        await using var db = Database.Open(setting);
        db.Actor = "tester";
        db.AuditProtector = TestDatabases.Protector;
        var school = new School { Code = "2100000001", Name = "阜康市第三小学", CountyCode = "652302", TownshipCode = "652302001" };
        db.Schools.Add(school);
        await db.SaveChangesAsync();
        var st = new Student
        {
            StudentNumber = "L20120304",
            StudentNumberHash = "h1",
            Name = "艾力江·买买提",
            BirthDate = new DateOnly(2012, 3, 4),
            EthnicityCode = "05",
            SchoolId = school.Id,
            Grade = "P6",
            EnrolledOn = new DateOnly(2018, 9, 1),
        };
        st.SetDisability(TestDatabases.Protector, DisabilityType.Hearing);
        db.Students.Add(st);
        await db.SaveChangesAsync();
        st.Name = "艾力江";
        await db.SaveChangesAsync();
        db.Students.Remove(st);
        await db.SaveChangesAsync();

        var entries = await db.AuditEntries.Where(a => a.Entity == nameof(Student)).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(["create", "update", "delete"], entries.Select(e => e.Action));
        var all = string.Join("\n", entries.Select(e => e.Changes));
        foreach (var clear in new[] { "艾力江", "2012-03-04", "\"05\"" })
        {
            Assert.DoesNotContain(clear, all, StringComparison.Ordinal);
        }
        // Encrypted, not dropped: the key ring's holder can read what changed.
        var update = JsonSerializer.Deserialize<Dictionary<string, string?[]>>(entries[1].Changes!)!;
        Assert.Equal(["Name"], update.Keys);
        Assert.StartsWith(AuditPersonal.Prefix, update["Name"][1], StringComparison.Ordinal);
        Assert.Equal("\"艾力江\"", TestDatabases.Protector.Decrypt(Convert.FromBase64String(update["Name"][1]![AuditPersonal.Prefix.Length..])));
        // The 审计管理员's view: masked.
        var masked = AuditPersonal.Masked(entries[2].Changes, TestDatabases.Protector)!;
        Assert.Contains("\"艾**\"", masked, StringComparison.Ordinal);
        Assert.Contains("\"2012-**-**\"", masked, StringComparison.Ordinal);
        Assert.DoesNotContain("艾力江", masked, StringComparison.Ordinal);
        Assert.DoesNotContain(AuditPersonal.Prefix, masked, StringComparison.Ordinal);
        // The chain still verifies.
        Assert.True((await EduCounty.Security.VerifyAudit.HandleAsync(db)).Intact);

        // A context without the key ring writes no value at all.
        await using var bare = Database.Open(setting);
        var other = new Student
        {
            StudentNumber = "L2",
            StudentNumberHash = "h2",
            Name = "王小明",
            EthnicityCode = "01",
            SchoolId = school.Id,
            Grade = "P1",
            EnrolledOn = new DateOnly(2024, 9, 1),
        };
        bare.Students.Add(other);
        await bare.SaveChangesAsync();
        var last = await bare.AuditEntries.OrderByDescending(a => a.Id).FirstAsync(a => a.Entity == nameof(Student));
        Assert.DoesNotContain("王小明", last.Changes, StringComparison.Ordinal);
        Assert.Contains(AuditPersonal.Withheld, last.Changes, StringComparison.Ordinal);
    }
}
