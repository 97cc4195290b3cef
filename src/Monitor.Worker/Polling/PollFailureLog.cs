using Monitor.Data.Watches;
using Monitor.Registry.Client;
using Monitor.Registry.Observability;

namespace Monitor.Worker.Polling;

/// <summary>
/// The operator's view of a cycle's failures: one warning per failing registry, naming the tag (or how many of the
/// registry's tags failed) and the cause, never a stack trace. An open circuit is not the cause while the failure that
/// opened it is at hand. Each tag's own error stays in <c>watched_tag.last_error</c>.
/// </summary>
internal static class PollFailureLog
{
    private static readonly string CircuitOpen = RegistryRequestOutcome.CircuitOpen.ToTagValue() + ": ";

    private static bool IsCircuitOpen(string error) => error.Contains(CircuitOpen, StringComparison.Ordinal);

    public static void Write(ILogger logger, string watchGroup, IReadOnlyCollection<WatchedTagRow> tags, IReadOnlyCollection<(long Id, string Error)> failures)
    {
        if (failures.Count == 0 || !logger.IsEnabled(LogLevel.Warning))
        {
            return;
        }

        var byId = tags.ToDictionary(tag => tag.Id);
        foreach (var registry in failures.Where(f => byId.ContainsKey(f.Id)).GroupBy(f => byId[f.Id].Reference.Registry, StringComparer.Ordinal))
        {
            var suspended = registry.Where(f => IsCircuitOpen(f.Error)).ToList();
            var real = registry.Where(f => !IsCircuitOpen(f.Error)).ToList();
            var causes = (real.Count > 0 ? real : suspended)
                .GroupBy(f => RegistryFailure.CauseOf(f.Error), StringComparer.Ordinal)
                .OrderByDescending(same => same.Count())
                .Select(same => same.Key)
                .ToList();
            var cause = causes[0]
                + (causes.Count > 1 ? $" (and {causes.Count - 1} other cause{(causes.Count > 2 ? "s" : "")})" : "")
                + (real.Count > 0 && suspended.Count > 0 ? $"; {suspended.Count} not sent while its circuit was open" : "");
            var failed = registry.ToList();
            if (failed.Count == 1)
            {
                var tag = byId[failed[0].Id];
                logger.LogWarning("{Registry}: {Tag} failed in group {Group}: {Cause}", registry.Key, $"{tag.Reference.Repository}:{tag.Reference.Tag}", watchGroup, cause);
            }
            else
            {
                var watched = tags.Count(tag => tag.Reference.Registry == registry.Key);
                logger.LogWarning("{Registry}: {Failed} of {Watched} tags failed in group {Group}: {Cause}", registry.Key, failed.Count, watched, watchGroup, cause);
            }
        }
    }
}
