using System.CommandLine;
using Monitor.Core;
using Monitor.Core.History;
using Monitor.Data.Watches;
using Monitor.Worker.Watchlist;

namespace Monitor.Worker.Cli;

/// <summary><c>monitor watch add|list|remove</c>: manage watched tags in the database (the watchlist file manages its own).</summary>
public static class WatchCommand
{
    public static Command Create()
    {
        var command = new Command("watch", "Add, list or remove watched tags.");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Remove());
        foreach (var sub in command.Subcommands)
        {
            sub.TreatUnmatchedTokensAsErrors = false;
        }

        return command;
    }

    private static Command Add()
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

            return await VerbHost.RunAsync(parse.UnmatchedTokens.ToArray(), async (services, ct) =>
            {
                var spec = new WatchSpec(tag, parse.GetValue(group)!, WatchSource.Cli);
                var added = await services.GetRequiredService<WatchStore>().AddAsync([spec], services.GetRequiredService<TimeProvider>().GetUtcNow(), ct);
                await Console.Out.WriteLineAsync(added > 0 ? $"watching {tag.Canonical} in group {spec.WatchGroup}" : $"{tag.Canonical} was already watched");
                return MonitorCommandLine.Success;
            }, cancellationToken);
        });
        return command;
    }

    private static Command List()
    {
        var group = new Option<string?>("--group") { Description = "Only this watch group." };
        var command = new Command("list", "List watched tags with their state.") { group };
        command.SetAction((parse, cancellationToken) => VerbHost.RunAsync(parse.UnmatchedTokens.ToArray(), async (services, ct) =>
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

    private static Command Remove()
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

            return await VerbHost.RunAsync(parse.UnmatchedTokens.ToArray(), async (services, ct) =>
            {
                var removed = await services.GetRequiredService<WatchStore>().DisableAsync(tag, ct);
                await Console.Out.WriteLineAsync(removed ? $"stopped watching {tag.Canonical}" : $"{tag.Canonical} is not watched");
                return removed ? MonitorCommandLine.Success : MonitorCommandLine.Failure;
            }, cancellationToken);
        });
        return command;
    }
}
