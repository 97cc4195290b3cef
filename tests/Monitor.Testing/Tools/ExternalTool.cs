using System.Diagnostics;
using System.Text;

namespace Monitor.Testing.Tools;

/// <summary>Finds and runs command-line tools (promtool, prometheus, docker-compose, psql) the proofs depend on.</summary>
public static class ExternalTool
{
    /// <summary>
    /// The full path of <paramref name="name"/>: the environment variable <paramref name="overrideVariable"/> when set,
    /// else the first match on PATH. Throws with <paramref name="installHint"/> when missing: a proof never silently skips.
    /// </summary>
    public static string Require(string name, string overrideVariable, string installHint) =>
        Find(name, overrideVariable)
        ?? throw new InvalidOperationException(
            $"'{name}' was not found on PATH (or in ${overrideVariable}). Install it: {installHint}");

    /// <summary>The full path of <paramref name="name"/>, or null when it is neither configured nor on PATH.</summary>
    public static string? Find(string name, string? overrideVariable = null)
    {
        var configured = overrideVariable is null ? null : Environment.GetEnvironmentVariable(overrideVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured)
                ? configured
                : throw new InvalidOperationException($"${overrideVariable} points at '{configured}', which does not exist.");
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>Runs a tool to completion and captures its output; kills it after <paramref name="timeout"/>.</summary>
    public static async Task<ToolResult> RunAsync(
        string executable,
        IEnumerable<string> arguments,
        string workingDirectory,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string?>? environment = null,
        CancellationToken cancellationToken = default)
    {
        var startInfo = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                startInfo.Environment.Remove(key);
            }
            else
            {
                startInfo.Environment[key] = value;
            }
        }

        using var process = new Process { StartInfo = startInfo };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(executable)} did not finish within {timeout}:\n{stdout}{stderr}");
        }

        process.WaitForExit(); // flushes the asynchronous output readers
        var command = $"{Path.GetFileName(executable)} {string.Join(' ', startInfo.ArgumentList)}";
        return new ToolResult(command, process.ExitCode, Read(stdout), Read(stderr));
    }

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (buffer)
        {
            buffer.AppendLine(line);
        }
    }

    private static string Read(StringBuilder buffer)
    {
        lock (buffer)
        {
            return buffer.ToString();
        }
    }
}
