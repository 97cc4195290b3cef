using Monitor.Data.History;
using Monitor.Data.Watches;
using Monitor.Worker.Metrics;

namespace Monitor.Worker.Polling;

/// <summary>
/// One poll of one watch group: read every tag, write only what changed, batch the rest.
/// A failed, partial or garbage read never becomes a revision. Each tag's times are its own request's: checked when the
/// request was sent, first seen with a new digest when the answer arrived, however long the whole cycle takes.
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
    private readonly ChangeRecorder recorder = new(reader, history, logger);

    public async Task<PollSummary> RunAsync(string watchGroup, CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        var runId = await history.StartPollRunAsync(node.Name, watchGroup, startedAt, cancellationToken);
        var tags = await watches.ListAsync(watchGroup, includeDisabled: false, cancellationToken);
        var observations = tags.Count == 0
            ? new Dictionary<long, TagObservation>()
            : await reader.ReadAsync(tags, cancellationToken);

        var unchanged = new List<TagCheck>();
        var missing = new List<TagCheck>();
        var failures = new List<(long, string)>();
        var changed = new List<(WatchedTagRow, TagObservation.Found)>();
        foreach (var tag in tags)
        {
            switch (observations.GetValueOrDefault(tag.Id) ?? new TagObservation.Failed("no answer for this tag"))
            {
                case TagObservation.Found found when found.Digest == tag.CurrentDigest:
                    unchanged.Add(new TagCheck(tag.Id, tag.CurrentRevisionId, found.Timing.SentAt));
                    break;
                case TagObservation.Found found:
                    changed.Add((tag, found));
                    break;
                case TagObservation.Gone gone:
                    missing.Add(new TagCheck(tag.Id, tag.CurrentRevisionId, gone.Timing.SentAt));
                    break;
                case TagObservation.Failed failed:
                    failures.Add((tag.Id, failed.Error));
                    logger.LogDebug("Poll of {Tag} failed: {Error}", tag.Reference, failed.Error);
                    break;
            }
        }

        var (changes, baselines, unreadable) = await recorder.RecordAsync(changed, cancellationToken);
        failures.AddRange(unreadable);
        await history.MarkUnchangedAsync(unchanged, cancellationToken);
        await history.MarkMissingAsync(missing, cancellationToken);
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
}
