using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EduCounty.Tests.Architecture;

/// <summary>
/// No method, constructor, accessor, local function or lambda body in src/ (C# files and the @code blocks of Razor
/// components; generated migrations excepted) is longer than 120 lines (issue 15): long methods hid thresholds
/// and rules before.
/// </summary>
public sealed partial class MethodLengthTests
{
    public const int MaxLines = 120;
    private static readonly string SourceRoot = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src"));

    [Fact]
    public void No_method_in_src_is_longer_than_120_lines()
    {
        var files = Directory.EnumerateFiles(SourceRoot, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/Migrations/", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(files);
        var tooLong = files.SelectMany(f => LongMembers(f, Code(f))).ToList();
        Assert.True(tooLong.Count == 0, "超过 120 行：\n" + string.Join("\n", tooLong));
    }

    [Fact]
    public void The_check_finds_a_long_method_and_a_long_razor_code_block()
    {
        var body = string.Concat(Enumerable.Repeat("        x++;\n", MaxLines));
        var cs = $"class C {{\n    void M()\n    {{\n        var x = 0;\n{body}    }}\n}}\n";
        Assert.Single(LongMembers("C.cs", cs));
        var razor = $"<p>页面</p>\n@code {{\n    void M()\n    {{\n        var x = 0;\n{body}    }}\n}}\n";
        Assert.Single(LongMembers("P.razor", Code("P.razor", razor)));
        Assert.Empty(LongMembers("D.cs", "class D { void M() { } }"));
    }

    private static string Code(string path) => Code(path, File.ReadAllText(path));

    /// <summary>C# as is; a Razor component's @code/@functions blocks wrapped in a class (the markup is not C#).</summary>
    private static string Code(string path, string text)
    {
        if (!path.EndsWith(".razor", StringComparison.Ordinal))
        {
            return text;
        }
        var blocks = CodeBlock().Matches(text).Select(m => text[m.Index..]).ToList();
        return blocks.Count == 0 ? "" : "class Component {\n" + string.Join("\n", blocks.Select(b => b[(b.IndexOf('{', StringComparison.Ordinal) + 1)..])) + "\n";
    }

    private static IEnumerable<string> LongMembers(string path, string code)
    {
        var root = CSharpSyntaxTree.ParseText(code).GetRoot();
        // Top-level statements are the program's Main.
        var globals = root.ChildNodes().OfType<GlobalStatementSyntax>().ToList();
        if (globals.Count > 0)
        {
            var first = globals[0].GetLocation().GetLineSpan().StartLinePosition.Line;
            var last = globals[^1].GetLocation().GetLineSpan().EndLinePosition.Line;
            if (last - first + 1 > MaxLines)
            {
                yield return $"{Path.GetFileName(path)}:{first + 1} 顶层语句 {last - first + 1} 行";
            }
        }
        foreach (var node in root.DescendantNodes())
        {
            SyntaxNode? body = node switch
            {
                BaseMethodDeclarationSyntax m => (SyntaxNode?)m.Body ?? m.ExpressionBody,
                AccessorDeclarationSyntax a => (SyntaxNode?)a.Body ?? a.ExpressionBody,
                LocalFunctionStatementSyntax l => (SyntaxNode?)l.Body ?? l.ExpressionBody,
                AnonymousFunctionExpressionSyntax f => f.Block,
                _ => null,
            };
            if (body is null)
            {
                continue;
            }
            var span = body.GetLocation().GetLineSpan();
            var lines = span.EndLinePosition.Line - span.StartLinePosition.Line + 1;
            if (lines > MaxLines)
            {
                yield return $"{Path.GetFileName(path)}:{span.StartLinePosition.Line + 1} {Name(node)} {lines} 行";
            }
        }
    }

    private static string Name(SyntaxNode node) => node switch
    {
        MethodDeclarationSyntax m => m.Identifier.Text,
        ConstructorDeclarationSyntax c => c.Identifier.Text,
        LocalFunctionStatementSyntax l => l.Identifier.Text,
        AnonymousFunctionExpressionSyntax => "lambda",
        _ => node.Kind().ToString(),
    };

    [GeneratedRegex(@"^@(code|functions)\s*\{", RegexOptions.Multiline)]
    private static partial Regex CodeBlock();
}
