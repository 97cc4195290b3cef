using System.CommandLine;
using Monitor.Core;
using Monitor.Core.History;
using Monitor.Data.Watches;
using Monitor.Worker.Watchlist;

namespace Monitor.Worker.Cli;

/// <summary><c>monitor watch add|list|remove</c>: manage watched tags in the database (the watchlist file manages its own).</summary>
public static class WatchCommand
{
    public static Command Create(VerbHost verbs)
    {
        var command = new Command("watch", "Add, list or remove watched tags.");
        command.Subcommands.Add(Add(verbs));
        command.Subcommands.Add(List(verbs));
        command.Subcommands.Add(Remove(verbs));
        return command;
    }

    private static Command Add(VerbHost verbs)
    {
        var reference = new Argument<string>("reference") { Description = "Image tag to watch, e.g. python:3.13-slim or gcr.io/distroless/static:nonroot" };
        var group = new Option<string>("--group") { Description = "Watch group (schedule) to poll it in.", DefaultValueFactory = _ => WatchlistOptions.DefaultGroup };
        var command = new Command("add", "Watch a tag.") { reference, group };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!WatchableReference.TryParse(parse.GetValue(reference)!, out var tag, out var error))
            {
                await Console.Error.WriteLineAsync($"error: {error}");
                return MonitorCommandLine.BadInput;
            }

            return await verbs.RunAsync(async (services, ct) =>
            {
                var spec = new WatchSpec(tag, parse.GetValue(group)!, WatchSource.Cli);
                var added = await services.GetRequiredService<WatchStore>().AddAsync([spec], services.GetRequiredService<TimeProvider>().GetUtcNow(), ct);
                await Console.Out.WriteLineAsync(added > 0 ? $"watching {tag.Canonical} in group {spec.WatchGroup}" : $"{tag.Canonical} was already watched");
                return MonitorCommandLine.Success;
            }, cancellationToken);
        });
        return command;
    }

    private static Command List(VerbHost verbs)
    {
        var group = new Option<string?>("--group") { Description = "Only this watch group." };
        var command = new Command("list", "List watched tags with their state.") { group };
        command.SetAction((parse, cancellationToken) => verbs.RunAsync(async (services, ct) =>
        {
            var rows = await services.GetRequiredService<WatchStore>().ListAsync(parse.GetValue(group), includeDisabled: true, ct);
            foreach (var row in rows)
            {
                var state = row.Enabled ? WireNames.PollStatuses.Name(row.Status) : "disabled";
                await Console.Out.WriteLineAsync($"{row.Reference.Canonical,-70} {row.WatchGroup,-12} {WireNames.WatchSources.Name(row.Source),-10} {state,-8} {row.CurrentDigest?.Value ?? "-"}");
            }

            await Console.Out.WriteLineAsync($"{rows.Count} tag(s)");
            return MonitorCommandLine.Success;
        }, cancellationToken));
        return command;
    }

    private static Command Remove(VerbHost verbs)
    {
        var reference = new Argument<string>("reference") { Description = "Watched tag to stop polling (its history is kept)." };
        var command = new Command("remove", "Stop watching a tag; its history stays.") { reference };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!WatchableReference.TryParse(parse.GetValue(reference)!, out var tag, out var error))
            {
                await Console.Error.WriteLineAsync($"error: {error}");
                return MonitorCommandLine.BadInput;
            }

            return await verbs.RunAsync(async (services, ct) =>
            {
                var removal = services.GetRequiredService<WatchRemoval>();
                switch (await removal.RemoveAsync(tag, ct))
                {
                    case WatchRemovalOutcome.Removed:
                        await Console.Out.WriteLineAsync($"stopped watching {tag.Canonical}");
                        return MonitorCommandLine.Success;
                    case WatchRemovalOutcome.InWatchlistFile:
                        await Console.Error.WriteLineAsync($"error: {removal.RefusalMessage(tag)}");
                        return MonitorCommandLine.Failure;
                    default:
                        await Console.Out.WriteLineAsync($"{tag.Canonical} is not watched");
                        return MonitorCommandLine.Failure;
                }
            }, cancellationToken);
        });
        return command;
    }
}
