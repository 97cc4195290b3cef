namespace Monitor.Testing.Tools;

/// <summary>Exit code and output of one tool run.</summary>
public sealed record ToolResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Everything a failing assertion should show: the command, its exit code and both streams.</summary>
    public string Describe() =>
        $"`{Command}` exited with {ExitCode}.\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}
