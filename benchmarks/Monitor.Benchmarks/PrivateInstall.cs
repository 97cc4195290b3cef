namespace Monitor.Benchmarks;

/// <summary>
/// A private copy of the .NET runtime and of the service's output folder, as a container image brings its own files.
/// The kernel charges a page of a file to the memory cgroup that first reads it in; the service run from the shared
/// install would find the framework assemblies already in the page cache, read in by the benchmark process itself
/// (also .NET, also using them) and charged to the benchmark's group, and would look smaller than it is.
/// </summary>
internal sealed record PrivateInstall(string Dotnet, string MonitorDll)
{
    public static PrivateInstall Shared { get; } = new("dotnet", BenchmarkEnvironment.MonitorDll);

    public static PrivateInstall Create(string scratch)
    {
        // <root>/shared/Microsoft.NETCore.App/<version>/
        var runtimeFolder = new DirectoryInfo(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory());
        var (root, runtime) = (runtimeFolder.Parent!.Parent!.Parent!.FullName, runtimeFolder.Name);
        var copy = Path.Combine(scratch, "dotnet");
        var aspNetCore = Directory.GetDirectories(Path.Combine(root, "shared", "Microsoft.AspNetCore.App"))
            .Select(Path.GetFileName)
            .Where(version => version!.StartsWith($"{Environment.Version.Major}.{Environment.Version.Minor}.", StringComparison.Ordinal))
            .MaxBy(version => Version.TryParse(version, out var parsed) ? parsed : new Version())
            ?? throw new InvalidOperationException($"no Microsoft.AspNetCore.App {Environment.Version.Major}.{Environment.Version.Minor} under {root}");
        foreach (var folder in new[] { "host", Path.Combine("shared", "Microsoft.NETCore.App", runtime), Path.Combine("shared", "Microsoft.AspNetCore.App", aspNetCore) })
        {
            CopyFolder(Path.Combine(root, folder), Path.Combine(copy, folder));
        }

        var dotnet = Path.Combine(copy, "dotnet");
        File.Copy(Path.Combine(root, "dotnet"), dotnet);
        var app = Path.Combine(scratch, "app");
        CopyFolder(AppContext.BaseDirectory, app);
        Console.WriteLine($"private copy of the runtime ({runtime}, ASP.NET Core {aspNetCore}) and of the service in {scratch}");
        return new PrivateInstall(dotnet, Path.Combine(app, Path.GetFileName(BenchmarkEnvironment.MonitorDll)));
    }

    private static void CopyFolder(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
            File.SetUnixFileMode(destination, File.GetUnixFileMode(file));
        }
    }
}
