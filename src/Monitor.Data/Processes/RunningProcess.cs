using CliWrap;

namespace Monitor.Data.Processes;

/// <summary>
/// A long-running child (a server, the service under test) with its output captured as it comes. <see cref="Interrupt"/>
/// asks it to stop the way Ctrl-C does (SIGINT, CliWrap's graceful cancellation); <see cref="Kill"/> ends it and its
/// children at once; disposing kills what is still running.
/// </summary>
public sealed class RunningProcess : IAsyncDisposable
{
    private readonly CancellationTokenSource graceful = new();
    private readonly CancellationTokenSource forceful = new();
    private readonly TaskCompletionSource<int> exitCode = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ProcessOutput output;
    private readonly Task execution;

    private RunningProcess(Command command, ProcessOutput output)
    {
        this.output = output;
        var task = output.Capture(command.WithValidation(CommandResultValidation.None)).ExecuteAsync(
            null,
            // The exit code is read as the process exits: after a cancellation CliWrap throws instead of returning it.
            process => process.Exited += (_, _) => exitCode.TrySetResult(process.ExitCode),
            forceful.Token,
            graceful.Token);
        Id = task.ProcessId;
        execution = ObserveAsync(task);
    }

    public int Id { get; }

    public bool HasExited => exitCode.Task.IsCompleted;

    /// <summary>The exit code once the process has exited, else null.</summary>
    public int? ExitCode => exitCode.Task.IsCompletedSuccessfully ? exitCode.Task.Result : null;

    /// <summary>Standard output and standard error interleaved, as far as they came.</summary>
    public string Output => output.Interleaved;

    /// <summary>Standard output alone (empty when only the last lines are kept).</summary>
    public string StandardOutput => output.StandardOutput;

    public string StandardError => output.StandardError;

    /// <summary>How many lines arrived so far (both streams).</summary>
    public int LineCount => output.LineCount;

    /// <summary>Starts the command. With <paramref name="keepLines"/>, only that many of the last lines are kept (for chatty servers).</summary>
    public static RunningProcess Start(Command command, int? keepLines = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        return new RunningProcess(command, keepLines is { } n ? new ProcessOutput(n) : ProcessOutput.Unlimited());
    }

    /// <summary>Lines from index <paramref name="from"/> on.</summary>
    public IReadOnlyList<string> LinesFrom(int from) => output.LinesFrom(from);

    /// <summary>The exit code; a <see cref="TimeoutException"/> with the output when the process is still running after <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await execution.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"process {Id} did not exit within {timeout.TotalSeconds:0.#} s. Its output:\n{ProcessRunner.Tail(Output)}");
        }

        return await exitCode.Task;
    }

    /// <summary>What Ctrl-C in a terminal sends: SIGINT.</summary>
    public void Interrupt() => graceful.Cancel();

    /// <summary>Kills the process and its children at once (SIGKILL).</summary>
    public void Kill() => forceful.Cancel();

    /// <summary>Interrupts, waits up to <paramref name="grace"/>, then kills; returns the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan grace)
    {
        Interrupt();
        try
        {
            return await WaitForExitAsync(grace);
        }
        catch (TimeoutException)
        {
            Kill();
            return await WaitForExitAsync(TimeSpan.FromSeconds(30));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!HasExited)
        {
            Kill();
        }

        try
        {
            await execution.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            // A child that outlives SIGKILL is the kernel's business; the test or benchmark has done what it can.
        }

        graceful.Dispose();
        forceful.Dispose();
    }

    private async Task ObserveAsync(CommandTask<CommandResult> task)
    {
        try
        {
            var result = await task;
            exitCode.TrySetResult(result.ExitCode);
        }
        catch (OperationCanceledException)
        {
            // Interrupted or killed on request: the exit code was recorded as the process exited.
            try
            {
                await exitCode.Task.WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException)
            {
                exitCode.TrySetResult(-1);
            }
        }
    }
}
