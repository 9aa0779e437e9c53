using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Identity;

namespace EduCounty.Common;

/// <summary>
/// The entity carries one school's data: a context with a school scope returns only the rows of its schools
/// (docs/adr/0016 "scope in the data layer"; docs/adr/0020 "conventions by marker"). By default the school is the
/// entity's <c>SchoolId</c>; <see cref="Key"/> names another property (the school itself: <c>Id</c>); with
/// <see cref="Through"/> a row is visible when its parent row (found by <see cref="ForeignKey"/>) is.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class SchoolScopedAttribute : Attribute
{
    public string Key { get; init; } = "SchoolId";
    public Type? Through { get; init; }
    public string? ForeignKey { get; init; }
}

/// <summary>The entity has a <c>SchoolId</c> but is not one school's data; the reason is required and shown in reviews.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class NotSchoolScopedAttribute(string reason) : Attribute
{
    public string Reason { get; } = reason;
}

/// <summary>Changes of this entity are not written to the audit trail, for the reason given (bulk snapshots audited as one import…).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class NotAuditedAttribute(string reason) : Attribute
{
    public string Reason { get; } = reason;
}

/// <summary>
/// Changes of this entity do not bump the <see cref="DataVersion"/>: it is not business data that a cached evaluation
/// reads (accounts, sign-ins, the audit trail), for the reason given. Every other entity's change does.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class OutsideDataVersionAttribute(string reason) : Attribute
{
    public string Reason { get; } = reason;
}

/// <summary>A secret (password hash, security stamp, authenticator key, token): never written to the audit trail or logs.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SecretAttribute : Attribute;

/// <summary>
/// Ciphertext of personal data (AES-GCM, see Protection/PersonalDataProtector): audit entries say only that it changed,
/// and key rotation re-encrypts every such column (docs/adr/0016).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class EncryptedAttribute : Attribute;

/// <summary>
/// A JSON object whose members named "…Cipher" hold base64 ciphertexts (an import's old values kept for roll-back):
/// key rotation re-encrypts them too.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class EncryptedJsonAttribute : Attribute;

/// <summary>Personal data about a person held in plain text (name, birth date, ethnicity…): sensitive in audit views.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PersonalAttribute : Attribute;

/// <summary>What the markers say about one entity type, read once per type.</summary>
public sealed record EntityConvention(
    Type Type,
    SchoolScopedAttribute? Scope,
    string? NotScopedReason,
    string? NotAuditedReason,
    IReadOnlySet<string> Secret,
    IReadOnlySet<string> Encrypted,
    IReadOnlySet<string> EncryptedJson,
    IReadOnlySet<string> Personal,
    string? OutsideDataVersionReason = null)
{
    public bool Audited => NotAuditedReason is null;

    /// <summary>A change of this entity bumps the data version (cached evaluations are recomputed).</summary>
    public bool Versioned => OutsideDataVersionReason is null;
}

/// <summary>Reads the markers of entity types (cached). Framework types that cannot carry attributes are declared here.</summary>
public static class EntityConventions
{
    private static readonly ConcurrentDictionary<Type, EntityConvention> Cache = new();

    /// <summary>
    /// Secret fields of ASP.NET Core Identity's own types, which we cannot mark: the password hash and stamps of an
    /// account and the value of a user token (the TOTP authenticator key is stored as one).
    /// </summary>
    private static readonly (Type Type, string Property)[] DeclaredSecrets =
    [
        (typeof(IdentityUser), nameof(IdentityUser.PasswordHash)),
        (typeof(IdentityUser), nameof(IdentityUser.SecurityStamp)),
        (typeof(IdentityUser), nameof(IdentityUser.ConcurrencyStamp)),
        (typeof(IdentityUserToken<string>), nameof(IdentityUserToken<string>.Value)),
        (typeof(IdentityRole), nameof(IdentityRole.ConcurrencyStamp)),
    ];

    public static EntityConvention For(Type type) => Cache.GetOrAdd(type, Read);

    private static EntityConvention Read(Type type)
    {
        var props = type.GetProperties(BindingFlags.Public | BindingFlags.Instance);
        HashSet<string> With<TAttr>() where TAttr : Attribute =>
            props.Where(p => p.GetCustomAttribute<TAttr>() is not null).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var secret = With<SecretAttribute>();
        foreach (var (declaring, name) in DeclaredSecrets)
        {
            if (declaring.IsAssignableFrom(type))
            {
                secret.Add(name);
            }
        }
        return new EntityConvention(
            type,
            type.GetCustomAttribute<SchoolScopedAttribute>(),
            type.GetCustomAttribute<NotSchoolScopedAttribute>()?.Reason,
            type.GetCustomAttribute<NotAuditedAttribute>()?.Reason,
            secret,
            With<EncryptedAttribute>(),
            With<EncryptedJsonAttribute>(),
            With<PersonalAttribute>(),
            type.GetCustomAttribute<OutsideDataVersionAttribute>()?.Reason
                // ASP.NET Core Identity's own stores (roles, claims, logins, tokens) are accounts, not business data.
                ?? (type.Namespace == typeof(IdentityRole).Namespace ? "账号数据" : null));
    }
}
