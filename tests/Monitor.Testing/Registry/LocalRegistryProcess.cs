using Monitor.Data.Processes;

namespace Monitor.Testing.Registry;

/// <summary>The <c>docker-registry serve config.yml</c> process on 127.0.0.1 and a free port.</summary>
internal sealed class LocalRegistryProcess : IAsyncDisposable
{
    private const int LogLinesKept = 200;
    private readonly RunningProcess process;

    private LocalRegistryProcess(RunningProcess process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }

    public bool HasExited => process.HasExited;

    public string RecentLog => process.Output;

    /// <summary>The registry binary: <c>MONITOR_TEST_REGISTRY_BINARY</c>, else <c>docker-registry</c> or <c>registry</c> on PATH or in /usr/bin.</summary>
    public static string? FindBinary()
    {
        var configured = Environment.GetEnvironmentVariable("MONITOR_TEST_REGISTRY_BINARY");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? configured : null;
        }

        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin")
            .Append("/usr/local/bin");
        return directories
            .SelectMany(directory => new[] { Path.Combine(directory, "docker-registry"), Path.Combine(directory, "registry") })
            .FirstOrDefault(File.Exists);
    }

    public static LocalRegistryProcess Start(string binary, string configPath, int port)
    {
        // Keep the registry from picking up settings of the machine it runs on.
        var environment = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(k => k.StartsWith("REGISTRY_", StringComparison.Ordinal))
            .ToDictionary(k => k, _ => (string?)null);
        var command = ProcessRunner.Command(binary, ["serve", configPath], environment: environment);
        return new LocalRegistryProcess(RunningProcess.Start(command, LogLinesKept), port);
    }

    public ValueTask DisposeAsync() => process.DisposeAsync();
}
