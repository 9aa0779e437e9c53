using System.Reflection;
using EduCounty.Common;
using Serilog.Core;
using Serilog.Events;

namespace EduCounty.Web.Infrastructure;

/// <summary>
/// The log side of "secrets never leave" (issue 13 §2): when an object is logged with its structure ({@User}), the
/// fields declared secret — [Secret] and <see cref="EntityConventions"/>'s declared list (password hash, stamps, the
/// token value holding the TOTP key) — are written as "(保密)". The same declared list redacts the audit trail.
/// </summary>
public sealed class SecretRedaction : IDestructuringPolicy
{
    public bool TryDestructure(object value, ILogEventPropertyValueFactory propertyValueFactory, out LogEventPropertyValue result)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(propertyValueFactory);
        var secret = EntityConventions.For(value.GetType()).Secret;
        if (secret.Count == 0)
        {
            result = null!;
            return false;
        }
        var props = value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && (p.PropertyType.IsPrimitive || p.PropertyType == typeof(string) || p.PropertyType.IsValueType))
            .Select(p => new LogEventProperty(p.Name, secret.Contains(p.Name)
                ? new ScalarValue("(保密)")
                : propertyValueFactory.CreatePropertyValue(p.GetValue(value))));
        result = new StructureValue(props, value.GetType().Name);
        return true;
    }
}
