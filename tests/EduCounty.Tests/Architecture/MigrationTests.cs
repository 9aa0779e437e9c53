using EduCounty.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EduCounty.Tests.Architecture;

/// <summary>
/// One model, two providers (docs/adr/0002): the SQLite and PostgreSQL migrations must describe the same tables,
/// columns, keys and indexes, and neither may lag behind the model.
/// </summary>
public sealed class MigrationTests
{
    [Fact]
    public void The_two_providers_migrations_describe_the_same_schema()
    {
        using var sqlite = new SqliteDesignFactory().CreateDbContext([]);
        using var postgres = new PostgresDesignFactory().CreateDbContext([]);
        var a = Describe(SnapshotModel(sqlite));
        var b = Describe(SnapshotModel(postgres));
        Assert.Equal(a.Count, b.Count);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Neither_provider_has_model_changes_without_a_migration()
    {
        using var sqlite = new SqliteDesignFactory().CreateDbContext([]);
        using var postgres = new PostgresDesignFactory().CreateDbContext([]);
        Assert.False(sqlite.Database.HasPendingModelChanges(), "SQLite：模型有改动但没有迁移");
        Assert.False(postgres.Database.HasPendingModelChanges(), "PostgreSQL：模型有改动但没有迁移");
    }

    [Fact]
    public void Each_provider_has_one_baseline_and_its_migrations_live_outside_the_feature_folders()
    {
        foreach (var db in new EduDb[] { new SqliteDesignFactory().CreateDbContext([]), new PostgresDesignFactory().CreateDbContext([]) })
        {
            using (db)
            {
                var migrations = db.GetService<IMigrationsAssembly>().Migrations;
                Assert.Contains(migrations.Keys, k => k.EndsWith("_Baseline", StringComparison.Ordinal));
                Assert.All(migrations.Values, t => Assert.StartsWith("EduCounty.Migrations.", t.Namespace, StringComparison.Ordinal));
            }
        }
    }

    private static IModel SnapshotModel(EduDb db)
    {
        var snapshot = db.GetService<IMigrationsAssembly>().ModelSnapshot!.Model;
        return db.GetService<IModelRuntimeInitializer>().Initialize(((IMutableModel)snapshot).FinalizeModel(), designTime: true);
    }

    /// <summary>Provider-neutral lines: table, column (CLR type, nullability, length, precision), keys, indexes, foreign keys.</summary>
    private static List<string> Describe(IModel model)
    {
        var lines = new List<string>();
        foreach (var t in model.GetEntityTypes().Where(t => t.GetTableName() is not null).OrderBy(t => t.GetTableName(), StringComparer.Ordinal))
        {
            var table = t.GetTableName()!;
            var store = StoreObjectIdentifier.Table(table, null);
            foreach (var p in t.GetProperties().OrderBy(p => p.GetColumnName(store), StringComparer.Ordinal))
            {
                var clr = Nullable.GetUnderlyingType(p.ClrType) ?? p.ClrType;
                lines.Add($"{table}.{p.GetColumnName(store)} {clr.Name} null={p.IsNullable} len={p.GetMaxLength()} prec={p.GetPrecision()},{p.GetScale()}");
            }
            lines.Add($"{table} PK({string.Join(",", t.FindPrimaryKey()!.Properties.Select(p => p.Name))})");
            lines.AddRange(t.GetIndexes().Select(i => $"{table} IX({string.Join(",", i.Properties.Select(p => p.Name))}) unique={i.IsUnique}").Order(StringComparer.Ordinal));
            lines.AddRange(t.GetForeignKeys().Select(f => $"{table} FK({string.Join(",", f.Properties.Select(p => p.Name))})→{f.PrincipalEntityType.GetTableName()} {f.DeleteBehavior}").Order(StringComparer.Ordinal));
        }
        return lines;
    }
}
