namespace Monitor.Data.Processes;

/// <summary>Exit code and output of one program run to completion.</summary>
/// <param name="Output">Standard output and standard error interleaved as the lines arrived.</param>
public sealed record ProcessResult(string Command, int ExitCode, string StandardOutput, string StandardError, string Output, TimeSpan Elapsed)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Everything a failure message should show: the command, its exit code and both streams.</summary>
    public string Describe() =>
        $"`{Command}` exited with {ExitCode}.\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}
