using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Monitor.Benchmarks;

/// <summary>
/// The real service (<c>dotnet monitor.dll</c>) running under GNU time, so its peak RSS covers the whole run.
/// Its console output is collected as it comes; stopping sends SIGTERM to the service (not to time), which
/// shuts down gracefully and lets time print its report.
/// </summary>
internal sealed partial class MonitorService : IAsyncDisposable
{
    private readonly Process process;
    private readonly List<string> lines = [];
    private readonly Stopwatch sinceStart;
    private int? serviceProcessId;

    private MonitorService(Process process, Stopwatch sinceStart)
    {
        this.process = process;
        this.sinceStart = sinceStart;
    }

    public sealed record Stopped(int ExitCode, long PeakRssKb, string Output);

    public TimeSpan Uptime => sinceStart.Elapsed;

    public int LineCount
    {
        get
        {
            lock (lines)
            {
                return lines.Count;
            }
        }
    }

    public static MonitorService Start(IReadOnlyDictionary<string, string> environment)
    {
        if (!File.Exists("/usr/bin/time"))
        {
            throw new InvalidOperationException("GNU time is needed to measure peak RSS: apt-get install time");
        }

        var startInfo = new ProcessStartInfo("/usr/bin/time") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-v", "dotnet", BenchmarkEnvironment.MonitorDll, "run" })
        {
            startInfo.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            startInfo.Environment[key] = value;
        }

        var stopwatch = Stopwatch.StartNew();
        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("/usr/bin/time did not start");
        var service = new MonitorService(process, stopwatch);
        process.OutputDataReceived += (_, e) => service.Add(e.Data);
        process.ErrorDataReceived += (_, e) => service.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>The first line from index <paramref name="from"/> on that matches, waiting for it up to <paramref name="timeout"/>.</summary>
    public async Task<Match> WaitForLineAsync(Regex pattern, int from, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            lock (lines)
            {
                for (var i = from; i < lines.Count; i++)
                {
                    var match = pattern.Match(lines[i]);
                    if (match.Success)
                    {
                        return match;
                    }
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

    public string Output()
    {
        lock (lines)
        {
            return string.Join('\n', lines);
        }
    }

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

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                if (serviceProcessId is { } stuck)
                {
                    await BenchmarkEnvironment.RunAsync("kill", ["-KILL", stuck.ToString(CultureInfo.InvariantCulture)]);
                }

                await process.WaitForExitAsync();
            }
        }

        process.WaitForExit(); // flushes the asynchronous output readers
        var output = Output();
        var rss = MaxRss().Match(output);
        return new Stopped(process.ExitCode, rss.Success ? long.Parse(rss.Groups[1].Value, CultureInfo.InvariantCulture) : -1, output);
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            await StopAsync();
        }

        process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (lines)
        {
            lines.Add(line);
        }
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
}
