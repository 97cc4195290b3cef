using System.CommandLine;
using Monitor.Core.History;
using Monitor.Core.References;
using Monitor.Data.Watches;
using Monitor.Worker.Backfill;
using Monitor.Worker.Watchlist;

namespace Monitor.Worker.Cli;

/// <summary>
/// <c>monitor backfill REF|--all</c>: imports watched tags' past digests from their registries' tag histories (Chainguard,
/// Quay), one tag at a time, and prints what each added. Exit 1 when a history could not be read, 2 for a malformed or
/// unwatched reference.
/// </summary>
public static class BackfillCommand
{
    public static Command Create(VerbHost verbs)
    {
        var reference = new Argument<string?>("reference")
        {
            Description = "Watched tag whose history to import, e.g. cgr.dev/chainguard/static:latest",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var all = new Option<bool>("--all") { Description = "Every watched tag, one after another." };
        var command = new Command("backfill", "Import watched tags' past digests from their registry's tag history (Chainguard, Quay); a second run adds nothing.")
        {
            reference, all,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (text, every) = (parse.GetValue(reference), parse.GetValue(all));
            if ((text is null) == !every)
            {
                await Console.Error.WriteLineAsync("error: give one watched tag or --all (not both)");
                return MonitorCommandLine.BadInput;
            }

            TagReference? tag = null;
            if (text is not null && !WatchableReference.TryParse(text, out tag, out var error))
            {
                await Console.Error.WriteLineAsync($"error: {error}");
                return MonitorCommandLine.BadInput;
            }

            return await verbs.RunAsync((services, ct) => RunAsync(services, tag, ct), cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(IServiceProvider services, TagReference? only, CancellationToken cancellationToken)
    {
        var watches = services.GetRequiredService<WatchStore>();
        IReadOnlyList<WatchedTagRow> tags;
        if (only is null)
        {
            tags = await watches.ListAsync(watchGroup: null, includeDisabled: false, cancellationToken);
        }
        else if (await watches.FindAsync(only, cancellationToken) is { Enabled: true } row)
        {
            tags = [row];
        }
        else
        {
            await Console.Error.WriteLineAsync($"error: {only.Canonical} is not watched (watch it first: monitor watch add {only.Canonical})");
            return MonitorCommandLine.BadInput;
        }

        var results = await services.GetRequiredService<Backfiller>().BackfillAsync(tags, result => Console.Out.WriteLine(result.ToString()), cancellationToken);
        if (only is null)
        {
            await Console.Out.WriteLineAsync(BackfillSummary.Of(results).ToString());
        }

        var failed = results.Count(r => r.Outcome == BackfillOutcome.Failed);
        if (failed > 0)
        {
            await Console.Error.WriteLineAsync($"error: the history of {failed} tag(s) could not be read; nothing of theirs was stored");
            return MonitorCommandLine.Failure;
        }

        return MonitorCommandLine.Success;
    }
}
