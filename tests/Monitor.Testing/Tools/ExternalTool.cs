using Monitor.Data.Processes;

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

    /// <summary>Runs a tool to completion and captures its output; kills it after <paramref name="timeout"/> (a <see cref="TimeoutException"/>).</summary>
    public static Task<ProcessResult> RunAsync(
        string executable,
        IEnumerable<string> arguments,
        string workingDirectory,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string?>? environment = null,
        CancellationToken cancellationToken = default) =>
        ProcessRunner.RunAsync(ProcessRunner.Command(executable, arguments, workingDirectory, environment), timeout, cancellationToken);
}
