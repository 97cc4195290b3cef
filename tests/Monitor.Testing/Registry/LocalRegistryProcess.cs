using System.Diagnostics;

namespace Monitor.Testing.Registry;

/// <summary>The <c>docker-registry serve config.yml</c> process on 127.0.0.1 and a free port.</summary>
internal sealed class LocalRegistryProcess : IAsyncDisposable
{
    private const int LogLinesKept = 200;
    private readonly Process process;
    private readonly Queue<string> log = new();

    private LocalRegistryProcess(Process process, int port)
    {
        this.process = process;
        Port = port;
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
    }

    public int Port { get; }

    public bool HasExited => process.HasExited;

    public string RecentLog
    {
        get
        {
            lock (log)
            {
                return string.Join(Environment.NewLine, log);
            }
        }
    }

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
        var startInfo = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("serve");
        startInfo.ArgumentList.Add(configPath);
        // Keep the registry from picking up settings of the machine it runs on.
        foreach (var variable in Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(k => k.StartsWith("REGISTRY_", StringComparison.Ordinal)))
        {
            startInfo.Environment.Remove(variable);
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"could not start {binary}");
        var registry = new LocalRegistryProcess(process, port);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return registry;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
            // Already gone, or not stopping: nothing more a test can do about it.
        }
        finally
        {
            process.Dispose();
        }
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.Enqueue(line);
            while (log.Count > LogLinesKept)
            {
                log.Dequeue();
            }
        }
    }
}
