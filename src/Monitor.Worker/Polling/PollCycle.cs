using Monitor.Core.References;
using Monitor.Data.History;
using Monitor.Data.Watches;
using Monitor.Worker.Metrics;

namespace Monitor.Worker.Polling;

/// <summary>
/// One poll of one watch group: read every tag, write only what changed, batch the rest.
/// A failed, partial or garbage read never becomes a revision.
/// </summary>
public sealed class PollCycle(
    WatchStore watches,
    HistoryStore history,
    ITagReader reader,
    MonitorMetrics metrics,
    NodeIdentity node,
    TimeProvider time,
    IEnumerable<IPollCycleObserver> observers,
    ILogger<PollCycle> logger)
{
    public async Task<PollSummary> RunAsync(string watchGroup, CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        var runId = await history.StartPollRunAsync(node.Name, watchGroup, startedAt, cancellationToken);
        var tags = await watches.ListAsync(watchGroup, includeDisabled: false, cancellationToken);
        var observations = tags.Count == 0
            ? new Dictionary<long, TagObservation>()
            : await reader.ReadAsync(tags, cancellationToken);
        var checkedAt = time.GetUtcNow();

        var unchanged = new List<long>();
        var missing = new List<long>();
        var failures = new List<(long, string)>();
        int changes = 0, baselines = 0;
        foreach (var tag in tags)
        {
            switch (observations.GetValueOrDefault(tag.Id) ?? new TagObservation.Failed("no answer for this tag"))
            {
                case TagObservation.Found found when found.Digest == tag.CurrentDigest:
                    unchanged.Add(tag.Id);
                    break;
                case TagObservation.Found found:
                    var recorded = await RecordChangeAsync(tag, found, checkedAt, failures, cancellationToken);
                    changes += recorded ? 1 : 0;
                    baselines += recorded && tag.CurrentRevisionId is null ? 1 : 0;
                    break;
                case TagObservation.Gone:
                    missing.Add(tag.Id);
                    break;
                case TagObservation.Failed failed:
                    failures.Add((tag.Id, failed.Error));
                    logger.LogDebug("Poll of {Tag} failed: {Error}", tag.Reference, failed.Error);
                    break;
            }
        }

        await history.MarkUnchangedAsync(unchanged, checkedAt, cancellationToken);
        await history.MarkMissingAsync(missing, checkedAt, cancellationToken);
        await history.MarkFailedAsync(failures, cancellationToken);
        PollFailureLog.Write(logger, watchGroup, tags, failures);

        var finishedAt = time.GetUtcNow();
        await history.FinishPollRunAsync(runId, finishedAt, tags.Count, changes, failures.Count, missing.Count, cancellationToken);
        var summary = new PollSummary(watchGroup, node.Name, startedAt, finishedAt - startedAt, tags.Count, unchanged.Count,
            changes, baselines, missing.Count, failures.Count);
        metrics.RecordPollCycle(summary);
        foreach (var observer in observers)
        {
            observer.CycleFinished(summary);
        }

        logger.LogInformation("Poll cycle {Summary}", summary);
        return summary;
    }

    private async Task<bool> RecordChangeAsync(WatchedTagRow tag, TagObservation.Found found, DateTimeOffset seenAt, List<(long, string)> failures, CancellationToken cancellationToken)
    {
        IReadOnlyList<PlatformDigest> platforms;
        try
        {
            platforms = await reader.ReadPlatformsAsync(tag, found.Digest, cancellationToken);
        }
        catch (TagReadException e)
        {
            // Half a read is no read: the change is recorded on the next cycle that sees it whole.
            failures.Add((tag.Id, e.Message));
            return false;
        }

        var outcome = await history.RecordChangeAsync(new ObservedChange(tag, found.Digest, found.MediaType, seenAt, found.PushedAt, platforms), cancellationToken);
        if (outcome == ChangeOutcome.Recorded)
        {
            logger.LogDebug("{Tag} moved from {Old} to {New}", tag.Reference, tag.CurrentDigest?.Value ?? "(first sighting)", found.Digest);
        }

        return outcome == ChangeOutcome.Recorded;
    }
}
