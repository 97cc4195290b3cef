using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Monitor.Data.Processes;

namespace Monitor.Benchmarks;

/// <summary>
/// The real service (<c>dotnet monitor.dll</c>) running under GNU time, so its peak RSS covers the whole run, and
/// sampled from /proc for the split of that RSS; optionally inside a memory cgroup with a limit. Its console output is
/// collected as it comes; stopping sends SIGTERM to the service (not to time), which shuts down gracefully and lets
/// time print its report.
/// </summary>
internal sealed partial class MonitorService : IAsyncDisposable
{
    private readonly RunningProcess process;
    private readonly Stopwatch sinceStart;
    private readonly MemorySampler sampler;
    private readonly MemoryCgroup? cgroup;
    private int? serviceProcessId;

    private MonitorService(RunningProcess process, Stopwatch sinceStart, MemoryCgroup? cgroup)
    {
        (this.process, this.sinceStart, this.cgroup) = (process, sinceStart, cgroup);
        sampler = MemorySampler.Start(() => serviceProcessId ??= ChildOf(process.Id));
    }

    /// <param name="PeakRssKb">GNU time's maximum resident set size.</param>
    /// <param name="PeakSample">The sample with the highest RSS, split into anonymous, file-backed and shared memory.</param>
    /// <param name="PeakAnonAndShmemKb">The highest anonymous + shared memory sampled: the part no reclaim can take back.</param>
    /// <param name="Limited">What the memory cgroup recorded, when the service ran in one.</param>
    public sealed record Stopped(int ExitCode, long PeakRssKb, MemorySampler.Sample PeakSample, long PeakAnonAndShmemKb, MemoryCgroup.Usage? Limited, string Output);

    public TimeSpan Uptime => sinceStart.Elapsed;

    public int LineCount => process.LineCount;

    /// <summary>
    /// Starts the service from <paramref name="install"/>; with <paramref name="memoryLimitMb"/> &gt; 0 inside a new
    /// memory cgroup with that limit, after emptying the page cache (see <see cref="MemoryCgroup"/>).
    /// </summary>
    public static async Task<MonitorService> StartAsync(IReadOnlyDictionary<string, string> environment, PrivateInstall install, int memoryLimitMb, string label)
    {
        if (memoryLimitMb <= 0)
        {
            return Start(environment, install, null);
        }

        await MemoryCgroup.DropPageCacheAsync();
        var cgroup = MemoryCgroup.Create($"monitor-bench-{Environment.ProcessId}-{label}", memoryLimitMb * 1024L * 1024);
        try
        {
            return Start(environment, install, cgroup);
        }
        catch
        {
            cgroup.Dispose();
            throw;
        }
    }

    /// <param name="cgroup">When given, the service starts inside it (the shell moves itself in, then becomes env(1), then GNU time).</param>
    private static MonitorService Start(IReadOnlyDictionary<string, string> environment, PrivateInstall install, MemoryCgroup? cgroup)
    {
        if (!File.Exists("/usr/bin/time"))
        {
            throw new InvalidOperationException("GNU time is needed to measure peak RSS: apt-get install time");
        }

        string[] command = ["/usr/bin/time", "-v", install.Dotnet, install.MonitorDll, "run"];
        var inherited = environment.AsEnumerable();
        if (cgroup is not null)
        {
            // The shell drops variables whose names are not shell names (Logging__LogLevel__Monitor.Worker.Cadence), so
            // those pass through env(1) as arguments.
            var dotted = environment.Where(e => !ShellName().IsMatch(e.Key)).Select(e => $"{e.Key}={e.Value}");
            command = ["/bin/sh", "-c", "echo $$ > \"$0\" && exec \"$@\"", cgroup.ProcsFile, "/usr/bin/env", .. dotted, .. command];
            inherited = environment.Where(e => ShellName().IsMatch(e.Key));
        }

        var stopwatch = Stopwatch.StartNew();
        var variables = inherited.ToDictionary(e => e.Key, e => (string?)e.Value);
        var process = RunningProcess.Start(ProcessRunner.Command(command[0], command.Skip(1), environment: variables));
        return new MonitorService(process, stopwatch, cgroup);
    }

    /// <summary>The first line from index <paramref name="from"/> on that matches, waiting for it up to <paramref name="timeout"/>.</summary>
    public async Task<Match> WaitForLineAsync(Regex pattern, int from, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            foreach (var line in process.LinesFrom(from))
            {
                var match = pattern.Match(line);
                if (match.Success)
                {
                    return match;
                }
            }

            if (process.HasExited)
            {
                throw new InvalidOperationException($"monitor exited with {process.ExitCode}:\n{Output()}");
            }

            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"no line matching '{pattern}' within {timeout.TotalSeconds:0} s:\n{Output()}");
            }

            await Task.Delay(50);
        }
    }

    public string Output() => process.Output;

    public async Task<Stopped> StopAsync()
    {
        if (!process.HasExited)
        {
            // GNU time ignores SIGINT/SIGQUIT and dies on SIGTERM without a report: signal the service itself.
            serviceProcessId ??= ChildOf(process.Id);
            if (serviceProcessId is { } child)
            {
                await BenchmarkEnvironment.RunAsync("kill", ["-TERM", child.ToString(CultureInfo.InvariantCulture)]);
            }

            try
            {
                await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
            }
            catch (TimeoutException)
            {
                if (serviceProcessId is { } stuck)
                {
                    await BenchmarkEnvironment.RunAsync("kill", ["-KILL", stuck.ToString(CultureInfo.InvariantCulture)]);
                }
            }
        }

        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        await sampler.DisposeAsync();
        var output = Output();
        var rss = MaxRss().Match(output);
        var limited = cgroup?.Read();
        cgroup?.Dispose();
        return new Stopped(exitCode, rss.Success ? long.Parse(rss.Groups[1].Value, CultureInfo.InvariantCulture) : -1,
            sampler.PeakRss, sampler.PeakAnonAndShmemKb, limited, output);
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            await StopAsync();
        }

        await sampler.DisposeAsync();
        cgroup?.Dispose();
        await process.DisposeAsync();
    }

    private static int? ChildOf(int parent)
    {
        var children = $"/proc/{parent}/task/{parent}/children";
        if (!File.Exists(children))
        {
            return null;
        }

        var first = File.ReadAllText(children).Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return first is null ? null : int.Parse(first, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"Maximum resident set size \(kbytes\): (\d+)")]
    private static partial Regex MaxRss();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex ShellName();
}
