using EduCounty.Common;
using EduCounty.Common.Protection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace EduCounty.Tests.Architecture;

/// <summary>
/// The model conventions of docs/adr/0020, kept by tests: each check is a function over a model, run on EduCounty's
/// model (must find nothing) and on a small model that breaks the convention (must find the offender), so a check
/// that silently stopped working would fail too.
/// </summary>
public sealed class ConventionTests
{
    private static readonly IModel Model = new SqliteDesignFactory().CreateDbContext([]).Model;

    [Fact]
    public void Every_entity_with_a_school_id_is_school_scoped_or_says_why_not() =>
        Assert.Empty(ModelConventionChecks.UnscopedSchoolData(Model));

    [Fact]
    public void Every_school_scoped_entity_has_its_query_filter() =>
        Assert.Empty(ModelConventionChecks.ScopedWithoutFilter(Model));

    [Fact]
    public void Every_cipher_column_is_marked_encrypted_and_rotated_with_the_key() =>
        Assert.Empty(ModelConventionChecks.CiphersMissedByRotation(Model));

    [Fact]
    public void Every_secret_looking_field_is_declared_secret() =>
        Assert.Empty(ModelConventionChecks.UndeclaredSecrets(Model));

    [Fact]
    public void Every_entity_left_out_of_the_audit_trail_says_why() =>
        Assert.All(Model.GetEntityTypes(), t => Assert.NotEqual("", EntityConventions.For(t.ClrType).NotAuditedReason?.Trim()));

    [Fact]
    public void Key_rotation_knows_the_registry_and_import_ciphertexts()
    {
        // The known ciphertexts today (docs/adr/0016): a new one is found by the marker, not by adding it here.
        var columns = RotateKeys.Targets(Model).SelectMany(t => t.Binary.Concat(t.Json).Select(c => $"{t.Table}.{c}")).ToHashSet();
        Assert.Superset(new HashSet<string> { "Students.IdNumberCipher", "Students.StudentNumberCipher", "Staff.IdNumberCipher", "Staff.PhoneCipher", "ImportChanges.OldValues" }, columns);
    }

    [Fact]
    public void The_checks_find_an_unscoped_school_table_an_unrotated_cipher_and_an_undeclared_secret()
    {
        using var broken = new BrokenModelDb();
        var model = broken.Model;
        Assert.Equal(["Unmarked"], ModelConventionChecks.UnscopedSchoolData(model).Select(t => t.ClrType.Name));
        Assert.Equal(["Unmarked.PhotoCipher"], ModelConventionChecks.CiphersMissedByRotation(model));
        Assert.Equal(["Unmarked.ApiToken"], ModelConventionChecks.UndeclaredSecrets(model));
        Assert.DoesNotContain(ModelConventionChecks.UnscopedSchoolData(model), t => t.ClrType == typeof(MarkedScoped));
    }

    private sealed class Unmarked
    {
        public int Id { get; set; }
        public int SchoolId { get; set; }
        public byte[]? PhotoCipher { get; set; }
        public string? ApiToken { get; set; }
    }

    [SchoolScoped]
    private sealed class MarkedScoped
    {
        public int Id { get; set; }
        public int SchoolId { get; set; }
    }

    private sealed class BrokenModelDb : DbContext
    {
        protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) => optionsBuilder.UseSqlite("Data Source=:memory:");

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Unmarked>();
            modelBuilder.Entity<MarkedScoped>();
        }
    }
}
