using System.Text.RegularExpressions;

namespace EduCounty.Common;

/// <summary>
/// A rule's source as its readers see it (issue 21 §7). The rule files cite the official documents and, for developers,
/// the project's research notes and decisions (balance-rules.md §2.4, [M/C] provenance marks, ADR numbers, file
/// names); pages and reports show the official part only, in Chinese. The files keep the full citation.
/// </summary>
public static partial class Citations
{
    private static readonly (string From, string To)[] Words =
    [
        ("provinces may set higher, e.g. ", "省级可提高，如 "),
        ("按 code/key 合并", "按代码合并"),
        ("fudaoke 摘要", "公开摘要"),
        ("fudaoke", "公开摘要"),
        ("jizihe", "公开资料"),
        ("MOE", "教育部"),
        ("的 threshold", "的阈值"),
    ];

    public static string ForReaders(string? source)
    {
        if (string.IsNullOrWhiteSpace(source))
        {
            return "";
        }
        var text = source;
        foreach (var (from, to) in Words)
        {
            text = text.Replace(from, to, StringComparison.Ordinal);
        }
        text = DeveloperReference().Replace(text, "");
        // The punctuation the removed references leave behind.
        for (var before = ""; before != text;)
        {
            before = text;
            text = EmptyBrackets().Replace(text, "");
            text = text.Replace("（，", "（", StringComparison.Ordinal).Replace("，）", "）", StringComparison.Ordinal)
                .Replace("；；", "；", StringComparison.Ordinal).Replace("（；", "（", StringComparison.Ordinal)
                .Replace("；）", "）", StringComparison.Ordinal).Replace("  ", " ", StringComparison.Ordinal)
                .Replace(" ）", "）", StringComparison.Ordinal).Replace("（ ", "（", StringComparison.Ordinal)
                .Replace(" ；", "；", StringComparison.Ordinal).Replace(" ，", "，", StringComparison.Ordinal);
            text = text.Trim().Trim('；', '，', '：', ';', ',').Trim();
        }
        return text;
    }

    /// <summary>
    /// balance-rules.md with its section, clause letter and item (§2.4 G3, §2.1 注 a：), docs/adr/NNNN, ADR NNNN, a bare
    /// § section, a provenance mark ([V], [M/C], [V 河北具体办法]), the reference notes' and rule files' names (teachers.md,
    /// Teachers/teachers-standards.json) and the notes' English section names (County KPI).
    /// </summary>
    [GeneratedRegex(@"balance-rules\.md(\s*§[0-9.a-z]+(\s*[–-]\s*§?[0-9.a-z]+)?)?(\s*[A-Z][0-9]+(\.[0-9]+)?)?(\s*注\s*[a-z]：?)?|docs/adr/\d+|ADR\s*\d+|§[0-9.A-Za-z]+(\s*[–-]\s*§?[0-9.a-z]+)?|\[(V|M|C)[^\]]*\]|balance-(profile|assurance)\.json|shared/reference/[A-Za-z0-9./_-]+\.md|([A-Za-z]+/)?[a-z][a-z0-9_-]*\.(md|json)|County KPI|\[unverified\]|\[C\]")]
    private static partial Regex DeveloperReference();

    [GeneratedRegex(@"（\s*）|\(\s*\)")]
    private static partial Regex EmptyBrackets();
}
