using System.Diagnostics;
using System.Text;

namespace Monitor.Worker.Tests.Support;

/// <summary>The real <c>monitor</c> executable in a child process, as a user would run it.</summary>
internal sealed class MonitorProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly StringBuilder standardOutput = new();

    private MonitorProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) =>
        {
            Append(e.Data);
            if (e.Data is not null)
            {
                lock (output)
                {
                    standardOutput.AppendLine(e.Data);
                }
            }
        };
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>Standard output alone (<see cref="Output"/> interleaves standard error).</summary>
    public string StandardOutput
    {
        get
        {
            lock (output)
            {
                return standardOutput.ToString();
            }
        }
    }

    public int Id => process.Id;

    public static MonitorProcess Start(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "monitor.dll"));
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        startInfo.Environment.Remove("ConnectionStrings__Monitor");
        foreach (var (key, value) in environment)
        {
            startInfo.Environment[key] = value;
        }

        return new MonitorProcess(Process.Start(startInfo) ?? throw new InvalidOperationException("dotnet did not start"));
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancellation.Token);
        return process.ExitCode;
    }

    /// <summary>What Ctrl-C in a terminal sends.</summary>
    public async Task InterruptAsync()
    {
        using var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
