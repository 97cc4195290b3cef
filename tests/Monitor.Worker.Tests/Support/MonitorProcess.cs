using Monitor.Data.Processes;

namespace Monitor.Worker.Tests.Support;

/// <summary>The real <c>monitor</c> executable in a child process, as a user would run it.</summary>
internal sealed class MonitorProcess : IAsyncDisposable
{
    private readonly RunningProcess process;

    private MonitorProcess(RunningProcess process) => this.process = process;

    /// <summary>Standard output and standard error, interleaved.</summary>
    public string Output => process.Output;

    /// <summary>Standard output alone (<see cref="Output"/> interleaves standard error).</summary>
    public string StandardOutput => process.StandardOutput;

    public string StandardError => process.StandardError;

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    /// <param name="environment">
    /// Variables for the child; null removes one. <c>ConnectionStrings__Monitor</c> of the test run is never inherited,
    /// and <c>XDG_DATA_HOME</c> is the working directory's <c>.xdg</c> folder unless given: a test never touches the
    /// machine's default data folder (for root, /var/lib/monitor).
    /// </param>
    public static MonitorProcess Start(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var variables = new Dictionary<string, string?>
        {
            ["ConnectionStrings__Monitor"] = null,
            ["XDG_DATA_HOME"] = Path.Combine(workingDirectory, ".xdg"),
        };
        foreach (var (key, value) in environment)
        {
            variables[key] = value;
        }

        // A child inherits ignored signals, and .NET leaves an ignored SIGINT ignored: under a test run started in the
        // background (`cmd &` in a script ignores SIGINT), Ctrl-C would never reach the service. env restores the default
        // disposition and execs, so the process id stays the service's.
        var command = ProcessRunner.Command(
            "env", ["--default-signal=INT", "dotnet", Path.Combine(AppContext.BaseDirectory, "monitor.dll"), .. args], workingDirectory, variables);
        return new MonitorProcess(RunningProcess.Start(command));
    }

    public Task<int> WaitForExitAsync(TimeSpan timeout) => process.WaitForExitAsync(timeout);

    /// <summary>Waits until the service answers <c>/readyz</c> with 200 on <paramref name="port"/>; fails with its output if it exits or times out.</summary>
    public async Task WaitUntilReadyAsync(int port, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !HasExited)
        {
            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/readyz"));
                if (response.StatusCode == System.Net.HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening or not answering yet.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"monitor (process {Id}) did not become ready on port {port}{(HasExited ? ": it exited" : "")}. Output:\n{Output}");
    }

    /// <summary>What Ctrl-C in a terminal sends.</summary>
    public Task InterruptAsync()
    {
        process.Interrupt();
        return Task.CompletedTask;
    }

    /// <summary>What <c>kill -9</c> does: the process ends at once, cleaning nothing up.</summary>
    public async Task KillAsync()
    {
        process.Kill();
        await process.WaitForExitAsync(TimeSpan.FromSeconds(30));
    }

    public ValueTask DisposeAsync() => process.DisposeAsync();
}
