namespace Monitor.Testing;

/// <summary>The repository checkout: the folder holding <c>Monitor.sln</c>, found walking up from the test binaries.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    /// <summary>A path inside the repository from '/'-separated segments, e.g. <c>Combine("docs/metrics.md")</c>.</summary>
    public static string Combine(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        return System.IO.Path.Combine(Path, relativePath.Replace('/', System.IO.Path.DirectorySeparatorChar));
    }

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Monitor.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Monitor.sln above {AppContext.BaseDirectory}: run the tests from a checkout.");
    }
}
