using System.Globalization;
using System.Text.RegularExpressions;
using Monitor.Data.Processes;

namespace Monitor.Benchmarks;

/// <summary>Runs programs and the real <c>monitor</c> executable, measuring wall time and peak RSS with GNU time.</summary>
internal static partial class BenchmarkEnvironment
{
    /// <param name="CpuSeconds">User plus system CPU time of the whole process (GNU time); -1 when not measured.</param>
    public sealed record Measured(int ExitCode, TimeSpan Elapsed, long PeakRssKb, string Output, double CpuSeconds = -1);

    public static string MonitorDll => Path.Combine(AppContext.BaseDirectory, "monitor.dll");

    public static async Task<Measured> RunMonitorAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        if (!File.Exists("/usr/bin/time"))
        {
            throw new InvalidOperationException("GNU time is needed to measure peak RSS: apt-get install time");
        }

        var result = await RunAsync("/usr/bin/time", ["-v", "dotnet", MonitorDll, .. args], environment);
        var rss = MaxRss().Match(result.Output);
        var (user, system) = (UserTime().Match(result.Output), SystemTime().Match(result.Output));
        return result with
        {
            PeakRssKb = rss.Success ? long.Parse(rss.Groups[1].Value, CultureInfo.InvariantCulture) : -1,
            CpuSeconds = user.Success && system.Success
                ? double.Parse(user.Groups[1].Value, CultureInfo.InvariantCulture) + double.Parse(system.Groups[1].Value, CultureInfo.InvariantCulture)
                : -1,
        };
    }

    public static async Task<Measured> RunAsync(string program, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var variables = environment?.ToDictionary(e => e.Key, e => (string?)e.Value);
        var result = await ProcessRunner.RunAsync(ProcessRunner.Command(program, args, environment: variables), TimeSpan.FromHours(1));
        return new Measured(result.ExitCode, result.Elapsed, -1, result.StandardOutput + result.StandardError);
    }

    [GeneratedRegex(@"Maximum resident set size \(kbytes\): (\d+)")]
    private static partial Regex MaxRss();

    [GeneratedRegex(@"User time \(seconds\): ([0-9.]+)")]
    private static partial Regex UserTime();

    [GeneratedRegex(@"System time \(seconds\): ([0-9.]+)")]
    private static partial Regex SystemTime();
}
