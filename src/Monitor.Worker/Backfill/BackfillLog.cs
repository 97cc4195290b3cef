using Monitor.Core.History;

namespace Monitor.Worker.Backfill;

/// <summary>
/// The operator's view of an automatic back-fill run: one line for what it imported, one warning per registry whose
/// histories could not be read, naming the cause (the most frequent one), never a stack trace.
/// </summary>
internal static class BackfillLog
{
    public static void Write(ILogger logger, IReadOnlyCollection<BackfillResult> results, TimeSpan retryInterval)
    {
        if (results.Count == 0)
        {
            return;
        }

        var imported = results.Where(r => r.Outcome == BackfillOutcome.Imported).ToList();
        var failed = results.Where(r => r.Outcome == BackfillOutcome.Failed).ToList();
        logger.Log(imported.Count > 0 || failed.Count > 0 ? LogLevel.Information : LogLevel.Debug, "Back-fill: {Summary}", BackfillSummary.Of(results));

        foreach (var registry in failed.GroupBy(r => r.Tag.Reference.Registry, StringComparer.Ordinal))
        {
            var causes = registry.GroupBy(r => r.Failure?.Cause ?? "unknown cause", StringComparer.Ordinal).OrderByDescending(same => same.Count()).ToList();
            var cause = causes[0].Key + (causes.Count > 1 ? $" (and {causes.Count - 1} other cause{(causes.Count > 2 ? "s" : "")})" : "");
            var tried = results.Count(r => r.Tag.Reference.Registry == registry.Key);
            if (registry.Count() == 1)
            {
                var tag = registry.First().Tag.Reference;
                logger.LogWarning("{Registry}: back-fill of {Tag} failed, tried again in {Retry}: {Cause}", registry.Key, $"{tag.Repository}:{tag.Tag}", retryInterval, cause);
            }
            else
            {
                logger.LogWarning("{Registry}: back-fill of {Failed} of {Tried} tags failed, tried again in {Retry}: {Cause}", registry.Key, registry.Count(), tried, retryInterval, cause);
            }
        }
    }
}
