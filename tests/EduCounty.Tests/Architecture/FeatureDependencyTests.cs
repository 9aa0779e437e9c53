using System.Reflection;
using System.Text.RegularExpressions;
using EduCounty.Common;
using NetArchTest.Rules;

namespace EduCounty.Tests.Architecture;

/// <summary>
/// Features call each other only through declared seams (docs/adr/0020): each feature folder's README.md has a line
/// "Depends on: …" naming the features it may use; the dependencies found in the compiled library (every type
/// reference in signatures and method bodies, read by NetArchTest) must be among them, the declared graph has no
/// cycle, and Common (the ground floor) depends on no feature.
/// </summary>
public sealed partial class FeatureDependencyTests
{
    private static readonly Assembly Library = typeof(EduDb).Assembly;

    /// <summary>
    /// The library read once by NetArchTest (Mono.Cecil, with its symbols) for every check: each <c>That()</c> starts a
    /// rule of its own on the same loaded types. Reading it again for each of the ~270 feature pairs was most of these
    /// tests' time (CI time).
    /// </summary>
    private static readonly Lazy<Types> LibraryTypes = new(() => Types.InAssembly(Library));
    private static readonly string SourceRoot = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/EduCounty"));

    private static IReadOnlyList<string> Features() =>
        [.. Directory.GetDirectories(SourceRoot).Select(Path.GetFileName).OfType<string>()
            .Where(d => d is not ("bin" or "obj" or "Migrations")).Order(StringComparer.Ordinal)];

    private static HashSet<string> Declared(string feature)
    {
        var readme = Path.Combine(SourceRoot, feature, "README.md");
        Assert.True(File.Exists(readme), $"{feature}/README.md 不存在：每个功能目录须说明其职责、政策依据、入口和依赖");
        var line = File.ReadLines(readme).FirstOrDefault(l => l.StartsWith("Depends on:", StringComparison.Ordinal));
        Assert.True(line is not null, $"{feature}/README.md 缺少 “Depends on:” 一行");
        return DependencyName().Matches(line!["Depends on:".Length..]).Select(m => m.Value).Where(n => n != "nothing").ToHashSet(StringComparer.Ordinal);
    }

    private static HashSet<string> Actual(string feature, IReadOnlyList<string> features) =>
        features.Where(other => other != feature)
            .Where(other => !LibraryTypes.Value.That().ResideInNamespace("EduCounty." + feature)
                .Should().NotHaveDependencyOnAny("EduCounty." + other).GetResult().IsSuccessful)
            .ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void Every_feature_folder_has_a_readme_declaring_its_dependencies()
    {
        foreach (var f in Features())
        {
            var declared = Declared(f);
            Assert.All(declared, d => Assert.Contains(d, Features()));
        }
    }

    [Fact]
    public void Features_use_only_the_features_they_declare()
    {
        var features = Features();
        var undeclared = features.SelectMany(f => Actual(f, features).Except(Declared(f)).Select(d => $"{f} → {d}")).ToList();
        Assert.Empty(undeclared);
        // The checks see dependencies at all on the shared loaded types: the registry stands on Common (EduDb).
        Assert.Contains("Common", Actual("Registry", features));
    }

    [Fact]
    public void Common_is_the_ground_floor() => Assert.Empty(Actual("Common", Features()));

    [Fact]
    public void The_declared_feature_graph_has_no_cycle()
    {
        var graph = Features().ToDictionary(f => f, Declared, StringComparer.Ordinal);
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var cycle = new List<string>();
        bool Visit(string f, Stack<string> path)
        {
            state[f] = 1;
            path.Push(f);
            foreach (var d in graph.GetValueOrDefault(f) ?? new HashSet<string>())
            {
                if (state.GetValueOrDefault(d) == 1)
                {
                    cycle.AddRange(path.Reverse().Append(d));
                    return true;
                }
                if (state.GetValueOrDefault(d) == 0 && Visit(d, path))
                {
                    return true;
                }
            }
            path.Pop();
            state[f] = 2;
            return false;
        }
        foreach (var f in graph.Keys.Where(f => state.GetValueOrDefault(f) == 0))
        {
            if (Visit(f, new Stack<string>()))
            {
                break;
            }
        }
        Assert.True(cycle.Count == 0, "功能依赖有环：" + string.Join(" → ", cycle));
    }

    [GeneratedRegex(@"[A-Z][A-Za-z]+|nothing")]
    private static partial Regex DependencyName();
}
