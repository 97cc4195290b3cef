using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Monitor.Benchmarks;

/// <summary>Runs programs and the real <c>monitor</c> executable, measuring wall time and peak RSS with GNU time.</summary>
internal static partial class BenchmarkEnvironment
{
    public sealed record Measured(int ExitCode, TimeSpan Elapsed, long PeakRssKb, string Output);

    public static string MonitorDll => Path.Combine(AppContext.BaseDirectory, "monitor.dll");

    public static async Task<Measured> RunMonitorAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        if (!File.Exists("/usr/bin/time"))
        {
            throw new InvalidOperationException("GNU time is needed to measure peak RSS: apt-get install time");
        }

        var result = await RunAsync("/usr/bin/time", ["-v", "dotnet", MonitorDll, .. args], environment);
        var rss = MaxRss().Match(result.Output);
        return result with { PeakRssKb = rss.Success ? long.Parse(rss.Groups[1].Value, CultureInfo.InvariantCulture) : -1 };
    }

    public static async Task<Measured> RunAsync(string program, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[key] = value;
        }

        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"{program} did not start");
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        output.Append(await stdout).Append(await stderr);
        return new Measured(process.ExitCode, stopwatch.Elapsed, -1, output.ToString());
    }

    [GeneratedRegex(@"Maximum resident set size \(kbytes\): (\d+)")]
    private static partial Regex MaxRss();
}
