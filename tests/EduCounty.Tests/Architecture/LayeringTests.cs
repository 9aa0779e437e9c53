using System.Reflection;
using EduCounty.Common;

namespace EduCounty.Tests.Architecture;

/// <summary>The layout rules of ARCHITECTURE.md, kept by tests.</summary>
public sealed class LayeringTests
{
    private static readonly Assembly Library = typeof(EduDb).Assembly;

    [Fact]
    public void The_library_does_not_reference_the_web_framework()
    {
        // Identity's EF stores are allowed (the user tables live in the one model; docs/adr/0001); nothing of HTTP,
        // MVC, Razor or Blazor is.
        var web = Library.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => n.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) && n != "Microsoft.AspNetCore.Identity.EntityFrameworkCore")
            .ToList();
        Assert.Empty(web);
    }

    [Fact]
    public void The_library_assembly_name_differs_from_the_cli_in_more_than_case() =>
        Assert.False(string.Equals(Library.GetName().Name, "educounty", StringComparison.OrdinalIgnoreCase));

    [Fact]
    public void Library_types_live_in_feature_namespaces()
    {
        string[] features = ["Common", "Registry", "Plan", "Indicators", "Balance", "Fitness", "Imports", "Exports", "Reports", "Readiness", "Security", "Supervision", "Safety", "Forecast", "Teachers", "DropoutPrevention", "StudentAid", "SpecialGroups", "Periods", "Demo", "Migrations"];
        var stray = Library.GetTypes()
            .Where(t => t.Namespace is not null && t.Namespace.StartsWith("EduCounty", StringComparison.Ordinal) && !t.Name.StartsWith('<'))
            .Where(t => !features.Any(f => t.Namespace!.StartsWith("EduCounty." + f, StringComparison.Ordinal)))
            .Select(t => t.FullName)
            .ToList();
        Assert.Empty(stray);
    }

    [Fact]
    public void Time_comes_from_a_time_provider_not_the_system_clock()
    {
        // ARCHITECTURE.md: TimeProvider instead of DateTime.Now, so that school years and census dates are testable.
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src"));
        var offenders = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/Migrations/", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f).Contains("DateTime.Now", StringComparison.Ordinal))
            .Select(Path.GetFileName)
            .ToList();
        Assert.Empty(offenders);
    }
}
