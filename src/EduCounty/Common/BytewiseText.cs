using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EduCounty.Common;

/// <summary>
/// Text columns compared byte by byte: the keyed look-up hashes of 学籍号 and 身份证号 (hex) and the grade codes (P1, J2…)
/// of the two largest tables, which their indexes and the census's GROUP BY sort. With the database's default
/// collation (C.UTF-8 on this machine, a language's collation elsewhere) PostgreSQL sorts them through strcoll and without
/// abbreviated keys: rebuilding such an index over a million rows took 1.8–2.2 s, under "C" 0.9–1.0 s (issue 20 §6, the
/// bulk load's index rebuild). Equality and order are the same for these ASCII values,
/// and a comparison with a column of the default collation takes "C". SQLite compares bytes already (BINARY).
/// A feature marks its columns; the PostgreSQL context applies the collation (docs/adr/0041).
/// </summary>
public static class BytewiseText
{
    private const string Annotation = "EduCounty:BytewiseText";

    /// <summary>Marks a text column as compared byte by byte.</summary>
    public static PropertyBuilder<T> Mark<T>(PropertyBuilder<T> property)
    {
        ArgumentNullException.ThrowIfNull(property);
        return property.HasAnnotation(Annotation, true);
    }

    /// <summary>PostgreSQL: the "C" collation on every marked column.</summary>
    internal static void Apply(ModelBuilder builder)
    {
        foreach (var property in builder.Model.GetEntityTypes().SelectMany(t => t.GetProperties()))
        {
            if (property.FindAnnotation(Annotation)?.Value is true)
            {
                property.SetCollation("C");
            }
        }
    }
}
