using System.CommandLine;

namespace Monitor.Worker.Cli;

/// <summary>
/// The one executable: no verb (or <c>run</c>) runs the service; other verbs do one job and exit.
/// Exit codes: 0 success, 1 the job failed, 2 bad input or configuration.
/// </summary>
public static class MonitorCommandLine
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int BadInput = 2;

    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var root = BuildRoot();
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await Console.Error.WriteLineAsync($"error: {error.Message}");
            }

            return BadInput;
        }

        return await parsed.InvokeAsync();
    }

    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("Monitor: how often vendors really rebuild the container image tags you depend on.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        root.SetAction(RunCommand.RunAsync);
        foreach (var command in new[] { RunCommand.Create(), MigrateCommand.Create(), PollCommand.Create(), WatchCommand.Create(), ReportCommand.Create(), ResolveCommand.Create() })
        {
            command.TreatUnmatchedTokensAsErrors = false;
            root.Subcommands.Add(command);
        }

        return root;
    }
}
