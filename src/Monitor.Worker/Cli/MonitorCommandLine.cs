using System.CommandLine;

namespace Monitor.Worker.Cli;

/// <summary>
/// The one executable: no verb (or <c>run</c>) runs the service; other verbs do one job and exit.
/// Exit codes: 0 success, 1 the job failed, 2 bad input or configuration (an unknown verb or option included).
/// </summary>
public static class MonitorCommandLine
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int BadInput = 2;

    public static Task<int> RunAsync(string[] args) => InvokeAsync(args, new InvocationConfiguration());

    /// <param name="console">Where help, results and errors go (tests use string writers).</param>
    /// <param name="configureServices">Replaces services of a verb after its own registrations (tests put a simulated clock here).</param>
    public static async Task<int> InvokeAsync(IReadOnlyList<string> args, InvocationConfiguration console, Action<IServiceCollection>? configureServices = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        var split = ConfigurationArguments.Split(args);
        var root = BuildRoot(new VerbHost(split.Configuration, configureServices));
        var parsed = root.Parse(split.Verb);
        if (split.Errors.Count > 0 || parsed.Errors.Count > 0)
        {
            await Usage.WriteErrorsAsync(root, parsed, split.Errors, console.Error);
            return BadInput;
        }

        // The service's host and the verbs handle Ctrl-C and SIGTERM themselves (a clean stop can take longer than the
        // 2 s System.CommandLine would wait); exceptions come here, to be reported in one place.
        console.ProcessTerminationTimeout = null;
        console.EnableDefaultExceptionHandler = false;
        using var shutdown = new ShutdownSignal();
        try
        {
            return await parsed.InvokeAsync(console, shutdown.Token);
        }
        catch (Exception e)
        {
            return Cli.Failure.Report(e, console.Error, shutdown.Requested);
        }
    }

    public static RootCommand BuildRoot(VerbHost verbs)
    {
        var root = new RootCommand(
            "Monitor: how often vendors really rebuild the container image tags you depend on.\n" +
            "Every verb takes configuration overrides as --Section:Key=value (e.g. --Urls=http://127.0.0.1:9090).");
        root.SetAction((_, cancellationToken) => RunCommand.RunAsync(verbs, cancellationToken));
        foreach (var command in new[]
                 {
                     RunCommand.Create(verbs), MigrateCommand.Create(verbs), PollCommand.Create(verbs), WatchCommand.Create(verbs),
                     ReportCommand.Create(verbs), ResolveCommand.Create(verbs), HealthCommand.Create(verbs), BackfillCommand.Create(verbs),
                 })
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    /// <summary>How parse errors are shown: each as an <c>error:</c> line (with a close match, if any), then the usage, on standard error.</summary>
    private static class Usage
    {
        public static async Task WriteErrorsAsync(RootCommand root, ParseResult parsed, IEnumerable<string> configurationErrors, TextWriter error)
        {
            foreach (var message in configurationErrors.Concat(parsed.Errors.Select(e => e.Message)))
            {
                error.WriteLine($"error: {message}");
            }

            foreach (var token in parsed.UnmatchedTokens)
            {
                if (Closest(parsed.CommandResult.Command, token) is { } suggestion)
                {
                    error.WriteLine($"       did you mean '{suggestion}'?");
                }
            }

            error.WriteLine();
            // The failing command's own --help, written to standard error.
            var path = new List<string>();
            for (var result = parsed.CommandResult; result.Parent is System.CommandLine.Parsing.CommandResult parent; result = parent)
            {
                path.Insert(0, result.Command.Name);
            }

            await root.Parse([.. path, "--help"]).InvokeAsync(new InvocationConfiguration { Output = error });
        }

        /// <summary>The verb or option of <paramref name="command"/> nearest to <paramref name="token"/> (at most two edits away).</summary>
        private static string? Closest(Command command, string token) =>
            command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name)
                .Concat(command.Options.Where(o => !o.Hidden).Select(o => o.Name))
                .Select(name => (name, distance: Distance(token, name)))
                .Where(c => c.distance <= 2 && c.distance < c.name.Length)
                .OrderBy(c => c.distance)
                .Select(c => c.name)
                .FirstOrDefault();

        private static int Distance(string a, string b)
        {
            var previous = Enumerable.Range(0, b.Length + 1).ToArray();
            for (var i = 1; i <= a.Length; i++)
            {
                var current = new int[b.Length + 1];
                current[0] = i;
                for (var j = 1; j <= b.Length; j++)
                {
                    current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                }

                previous = current;
            }

            return previous[b.Length];
        }
    }
}
