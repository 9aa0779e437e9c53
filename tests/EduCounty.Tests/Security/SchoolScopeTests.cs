using EduCounty.Common;
using EduCounty.Registry;
using EduCounty.Security;
using EduCounty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Tests.Security;

/// <summary>
/// The organisation scope enforced in the data layer (issue 6 §1, docs/adr/0016): a context scoped to one school returns
/// that school's rows only, whatever the query — a list, a find by id, a search by hashed 学籍号, an aggregate.
/// Expected rows come from an unscoped context over the same demo county (the definition: rows whose SchoolId is the
/// school), not from the scoped code under test.
/// </summary>
public sealed class SchoolScopeTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_scoped_context_returns_only_its_schools_rows(string provider)
    {
        await using var all = await TestDatabases.OpenDemoAsync(provider);
        var own = await all.Schools.Where(s => s.Name == "阜康市第三小学").Select(s => s.Id).SingleAsync();
        var other = await all.Schools.Where(s => s.Name == "阜康市第一小学").Select(s => s.Id).SingleAsync();
        var ownStudents = await all.Students.Where(s => s.SchoolId == own).OrderBy(s => s.Id).Select(s => s.Id).ToListAsync();
        var ownStaff = await all.Staff.Where(s => s.SchoolId == own).OrderBy(s => s.Id).Select(s => s.Id).ToListAsync();
        var otherStudent = await all.Students.Where(s => s.SchoolId == other).OrderBy(s => s.Id).FirstAsync();
        var otherStaff = await all.Staff.Where(s => s.SchoolId == other).OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
        var otherNumber = TestDatabases.Protector.Decrypt(otherStudent.StudentNumberCipher ?? throw new InvalidOperationException("demo 学籍号未加密"));
        var ownNumber = TestDatabases.Protector.Decrypt((await all.Students.SingleAsync(s => s.Id == ownStudents[0])).StudentNumberCipher!);
        Assert.NotEmpty(ownStudents);
        Assert.NotEmpty(ownStaff);

        await using var db = Database.Open(await TestDatabases.DemoAsync(provider));
        db.SchoolScope = [own];

        // Lists.
        Assert.Equal([own], await db.Schools.Select(s => s.Id).ToListAsync());
        Assert.Equal(ownStudents, await db.Students.OrderBy(s => s.Id).Select(s => s.Id).ToListAsync());
        Assert.Equal(ownStaff, await db.Staff.OrderBy(s => s.Id).Select(s => s.Id).ToListAsync());
        Assert.All(await db.StudentYears.Select(y => y.SchoolId).Distinct().ToListAsync(), id => Assert.Equal(own, id));
        Assert.All(await db.GradeEnrolments.Select(y => y.SchoolId).Distinct().ToListAsync(), id => Assert.Equal(own, id));
        Assert.All(await db.Facilities.Select(y => y.SchoolId).Distinct().ToListAsync(), id => Assert.Equal(own, id));
        Assert.All(await db.StaffYears.Select(y => y.SchoolId).Distinct().ToListAsync(), id => Assert.Equal(own, id));
        Assert.All(await db.Classes.Select(y => y.SchoolId).Distinct().ToListAsync(), id => Assert.Equal(own, id));
        // Even a query that asks for the other school by id gets nothing.
        Assert.Empty(await db.Students.Where(s => s.SchoolId == other).Select(s => s.Id).ToListAsync());

        // Find by id: the other school's student and staff member do not exist for this context.
        Assert.Null(await db.Students.FindAsync(otherStudent.Id));
        Assert.Null(await db.Staff.FindAsync(otherStaff));
        Assert.Null(await db.Schools.FindAsync(other));
        Assert.NotNull(await db.Students.FindAsync(ownStudents[0]));

        // Search by hashed 学籍号: the other school's number finds nothing, the own one finds the student.
        var otherHash = TestDatabases.Protector.LookupHash(otherNumber);
        Assert.Null(await db.Students.Where(s => s.StudentNumberHash == otherHash).Select(s => (int?)s.Id).FirstOrDefaultAsync());
        var ownHash = TestDatabases.Protector.LookupHash(ownNumber);
        Assert.Equal(ownStudents[0], await db.Students.Where(s => s.StudentNumberHash == ownHash).Select(s => s.Id).SingleAsync());

        // Aggregates: a GROUP BY over the whole table counts only the own school.
        var bySchool = await db.Students.GroupBy(s => s.SchoolId).Select(g => new { g.Key, N = g.Count() }).ToListAsync();
        Assert.Equal(own, Assert.Single(bySchool).Key);
        Assert.Equal(ownStudents.Count, bySchool[0].N);
        Assert.Equal(ownStaff.Count, await db.Staff.CountAsync());

        // A navigation join from a status change or a year to the student cannot reach the other school either.
        Assert.DoesNotContain(await db.StatusChanges.Select(c => c.StudentId).Distinct().ToListAsync(), id => !ownStudents.Contains(id));

        // The unrestricted escape hatch is explicit.
        Assert.True(await db.Students.IgnoreQueryFilters().AnyAsync(s => s.SchoolId == other));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task An_empty_scope_sees_no_school_data_and_null_sees_all(string provider)
    {
        await using var db = Database.Open(await TestDatabases.DemoAsync(provider));
        var total = await db.Schools.CountAsync();
        // The demo county has 48 schools (README, DemoCounty): unrestricted sees all of them.
        Assert.Equal(48, total);
        db.SchoolScope = [];
        Assert.Equal(0, await db.Schools.CountAsync());
        Assert.Equal(0, await db.Students.CountAsync());
        Assert.Equal(0, await db.Staff.CountAsync());
        // Scope read lazily from a source (the web host's signed-in user), at query time.
        await using var lazy = Database.Open(await TestDatabases.DemoAsync(provider));
        IReadOnlyCollection<int>? current = [];
        lazy.SchoolScopeSource = () => current;
        Assert.Equal(0, await lazy.Schools.CountAsync());
        current = null;
        Assert.Equal(total, await lazy.Schools.CountAsync());
    }
}
