using System.Text.RegularExpressions;
using EduCounty.Common.Protection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace EduCounty.Common;

/// <summary>
/// Checks of the model against the conventions (docs/adr/0020), used by the architecture tests: each returns what
/// breaks a convention, so that a new entity that forgets a marker fails the build's tests, not a security review.
/// </summary>
public static partial class ModelConventionChecks
{
    /// <summary>Entities with a school id that are neither school-scoped nor say why not.</summary>
    public static IReadOnlyList<IEntityType> UnscopedSchoolData(IModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return [.. model.GetEntityTypes().Where(t => t.FindProperty("SchoolId") is not null)
            .Where(t => EntityConventions.For(t.ClrType) is { Scope: null, NotScopedReason: null })];
    }

    /// <summary>School-scoped entities whose query filter is missing.</summary>
    public static IReadOnlyList<IEntityType> ScopedWithoutFilter(IModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return [.. model.GetEntityTypes().Where(t => EntityConventions.For(t.ClrType).Scope is not null && t.GetDeclaredQueryFilters().Count == 0)];
    }

    /// <summary>"Entity.Property" of every ciphertext column (a byte[] named …Cipher) that key rotation would miss.</summary>
    public static IReadOnlyList<string> CiphersMissedByRotation(IModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var rotated = RotateKeys.Targets(model).SelectMany(t => t.Binary.Select(c => (t.Table, c))).ToHashSet();
        return [.. model.GetEntityTypes()
            .SelectMany(t => t.GetProperties().Select(p => (Type: t, Property: p)))
            .Where(x => x.Property.ClrType == typeof(byte[]) && x.Property.Name.EndsWith("Cipher", StringComparison.Ordinal))
            .Where(x => x.Type.GetTableName() is not { } table
                || !rotated.Contains((table, x.Property.GetColumnName(StoreObjectIdentifier.Table(table, x.Type.GetSchema()))!)))
            .Select(x => $"{x.Type.ClrType.Name}.{x.Property.Name}")];
    }

    /// <summary>"Entity.Property" of fields whose name says secret (password, stamp, token, key, secret, one-time code) but are not declared so.</summary>
    public static IReadOnlyList<string> UndeclaredSecrets(IModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return [.. model.GetEntityTypes()
            .SelectMany(t => t.GetProperties().Select(p => (Type: t, Property: p)))
            .Where(x => (x.Property.ClrType == typeof(string) || x.Property.ClrType == typeof(byte[])) && SecretName().IsMatch(x.Property.Name))
            .Where(x => !x.Property.IsKey() && !x.Property.IsForeignKey())
            .Where(x => !EntityConventions.For(x.Type.ClrType).Secret.Contains(x.Property.Name))
            .Select(x => $"{x.Type.ClrType.Name}.{x.Property.Name}")];
    }

    // IdentityUserToken's "Value" is the authenticator key: declared in EntityConventions, matched here by its entity.
    [GeneratedRegex("Password|Stamp|Token|Secret|ApiKey|Otp|Authenticator", RegexOptions.CultureInvariant)]
    private static partial Regex SecretName();
}
