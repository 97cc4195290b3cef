using System.CommandLine;
using Microsoft.Extensions.Options;
using Monitor.Worker.Polling;
using Monitor.Worker.Watchlist;

namespace Monitor.Worker.Cli;

/// <summary><c>monitor poll</c>: one cycle now, for cron users and debugging. Exit 1 when every tag failed.</summary>
public static class PollCommand
{
    public static Command Create(VerbHost verbs)
    {
        var group = new Option<string?>("--group") { Description = "Poll only this watch group (default: every group)." };
        var command = new Command("poll", "Run one poll cycle now and print its summary.") { group };
        command.SetAction((parse, cancellationToken) => verbs.RunAsync(async (services, ct) =>
        {
            var watchlist = services.GetRequiredService<IOptions<WatchlistOptions>>().Value;
            var groups = watchlist.EffectiveGroups().Select(g => g.Name).ToList();
            var only = parse.GetValue(group);
            if (only is not null && !groups.Contains(only))
            {
                await Console.Error.WriteLineAsync($"error: unknown watch group '{only}' (known: {string.Join(", ", groups)})");
                return MonitorCommandLine.BadInput;
            }

            var synchronizer = services.GetRequiredService<WatchlistSynchronizer>();
            await synchronizer.SyncConfiguredAsync(ct);
            await synchronizer.DiscoverAsync(onlyDiscoverEntries: false, ct);
            var cycle = services.GetRequiredService<PollCycle>();
            var summaries = new List<PollSummary>();
            foreach (var name in only is null ? groups : [only])
            {
                var summary = await cycle.RunAsync(name, ct);
                summaries.Add(summary);
                await Console.Out.WriteLineAsync(summary.ToString());
            }

            await Console.Out.WriteLineAsync($"registry requests: {services.GetRequiredService<Metrics.RegistryRequestMetrics>().Total}");
            var checkedCount = summaries.Sum(s => s.Checked);
            return checkedCount > 0 && summaries.Sum(s => s.Failed) == checkedCount ? MonitorCommandLine.Failure : MonitorCommandLine.Success;
        }, cancellationToken));
        return command;
    }
}
