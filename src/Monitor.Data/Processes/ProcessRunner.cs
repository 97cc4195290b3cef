using System.ComponentModel;
using CliWrap;

namespace Monitor.Data.Processes;

/// <summary>
/// The one way Monitor, its tests and its benchmarks run other programs: CliWrap commands, run to completion with their
/// output captured and a time limit (<see cref="RunAsync(Command, TimeSpan, CancellationToken)"/>), or started and left running (<see cref="RunningProcess"/>).
/// </summary>
public static class ProcessRunner
{
    /// <summary>A command for <paramref name="program"/>; an environment value of null removes that variable for the child.</summary>
    public static Command Command(
        string program,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var command = Cli.Wrap(program).WithArguments(arguments).WithValidation(CommandResultValidation.None);
        if (workingDirectory is not null)
        {
            command = command.WithWorkingDirectory(workingDirectory);
        }

        return environment is null ? command : command.WithEnvironmentVariables(variables => variables.Set(environment));
    }

    /// <summary>Runs <paramref name="program"/> to completion; see <see cref="RunAsync(Command, TimeSpan, CancellationToken)"/>.</summary>
    public static Task<ProcessResult> RunAsync(string program, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        RunAsync(Command(program, arguments), timeout, cancellationToken);

    /// <summary>
    /// Runs the command to completion and returns its exit code and output (a non-zero exit is a result, not an exception).
    /// Past <paramref name="timeout"/> the process and its children are killed and a <see cref="TimeoutException"/> says what it printed.
    /// A program that cannot be started throws <see cref="Win32Exception"/> naming it.
    /// </summary>
    public static async Task<ProcessResult> RunAsync(Command command, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var output = ProcessOutput.Unlimited();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var result = await output.Capture(command.WithValidation(CommandResultValidation.None)).ExecuteAsync(deadline.Token);
            return new ProcessResult(Describe(command), result.ExitCode, output.StandardOutput, output.StandardError, output.Interleaved, result.RunTime);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"`{Describe(command)}` did not finish within {timeout.TotalSeconds:0.#} s and was killed. Its output:\n{Tail(output.Interleaved)}");
        }
    }

    /// <summary>The command line as a person would type it (arguments are not quoted).</summary>
    public static string Describe(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return $"{Path.GetFileName(command.TargetFilePath)} {command.Arguments}".Trim();
    }

    internal static string Tail(string text, int characters = 4000) =>
        text.Length <= characters ? text.Trim() : "…" + text[^characters..].Trim();
}
