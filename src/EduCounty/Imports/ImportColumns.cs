using System.Text.Json;

namespace EduCounty.Imports;

/// <summary>
/// The templates' columns as data (Kinds/import-columns.json, embedded): for each kind its Chinese title and, per column,
/// key, header, required, format guide, unit, code list and the aliases under which the national systems' exports name
/// it. A county whose provincial system names a column differently adds an alias here, not in code.
/// </summary>
public static class ImportColumns
{
    public sealed record KindColumns(string Title, IReadOnlyList<ImportColumn> Columns);

    private sealed record ColumnRow(string Key, string Header, bool Required, string Format, string? Unit, string? Codes, string[]? Aliases);

    private sealed record KindRow(string Title, List<ColumnRow> Columns);

    private static readonly Lazy<IReadOnlyDictionary<string, KindColumns>> All = new(Load);

    public static KindColumns Of(string kind) =>
        All.Value.TryGetValue(kind, out var k) ? k : throw new InvalidOperationException($"import-columns.json 中没有导入类型“{kind}”");

    private static Dictionary<string, KindColumns> Load()
    {
        using var stream = typeof(ImportColumns).Assembly.GetManifestResourceStream("EduCounty.Imports.import-columns.json")
            ?? throw new InvalidOperationException("缺少内嵌的 import-columns.json");
        var rows = JsonSerializer.Deserialize<Dictionary<string, KindRow>>(stream, Json)!;
        return rows.ToDictionary(p => p.Key, p => new KindColumns(p.Value.Title,
            [.. p.Value.Columns.Select(c => new ImportColumn(c.Key, c.Header, c.Required, c.Format, c.Unit, Describe(c.Codes), c.Aliases ?? []))]),
            StringComparer.Ordinal);
    }

    /// <summary>The guide text of a named code list (the template's 代码 column).</summary>
    private static string? Describe(string? codes) => codes switch
    {
        null => null,
        "Grades" => CodeLists.DescribeGrades(),
        "Sex" => CodeLists.Sex.Describe(),
        "SchoolType" => CodeLists.SchoolType.Describe(),
        "Ownership" => CodeLists.Ownership.Describe(),
        "Locality" => CodeLists.Locality.Describe(),
        "PostType" => CodeLists.PostType.Describe(),
        "Establishment" => CodeLists.Establishment.Describe(),
        "Degree" => CodeLists.Degree.Describe(),
        "Title" => CodeLists.Title.Describe(),
        "Mandarin" => CodeLists.Mandarin.Describe(),
        "Stage" => CodeLists.Stage.Describe(),
        "KeyTeacher" => CodeLists.KeyTeacher.Describe(),
        "StatisticKeys" => string.Join("；", Registry.StatisticKeys.All.Select(k => $"{k.Key} {k.Name}（{k.Unit}）：{k.Meaning}")),
        "Hukou" => CodeLists.Hukou.Describe(),
        "Disability" => CodeLists.Disability.Describe(),
        "Ethnicity" => CodeLists.Ethnicity.Describe(),
        _ => throw new InvalidOperationException($"import-columns.json：未知的代码表“{codes}”"),
    };

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip };
}
