namespace EduCounty.Web.Tests.Infrastructure;

/// <summary>
/// The test run's output folder for artefacts a person looks at (screenshots, the pages a scan read): the
/// EDUCOUNTY_TEST_OUTPUT variable, else .test-output in the repository (where scripts/test.sh puts its reports).
/// </summary>
public static class TestOutput
{
    public static string Folder(string sub)
    {
        var root = Environment.GetEnvironmentVariable("EDUCOUNTY_TEST_OUTPUT") is { Length: > 0 } env ? env : Path.Combine(Repository.Root, ".test-output");
        var path = Path.Combine(root, sub);
        Directory.CreateDirectory(path);
        return path;
    }
}

/// <summary>The repository the tests run from (the folder holding EduCounty.slnx).</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EduCounty.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("找不到仓库根目录（EduCounty.slnx）");
    }

    /// <summary>The build configuration the tests were built in (Debug or Release), read from their own folder.</summary>
    public static string Configuration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
}
