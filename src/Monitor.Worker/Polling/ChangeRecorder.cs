using System.Collections.Concurrent;
using Monitor.Data.History;
using Monitor.Data.Watches;

namespace Monitor.Worker.Polling;

/// <summary>
/// Records a cycle's new digests: their details are read concurrently (the registry client holds each registry to its
/// politeness limits), and written in batches, one transaction each, while the next batch is being read. A digest whose
/// details cannot be read is a failure of its tag this cycle, never a revision: the next cycle that reads it whole records it.
/// </summary>
internal sealed class ChangeRecorder(ITagReader reader, HistoryStore history, ILogger logger)
{
    /// <summary>Detail reads in flight; above a registry's own limit they queue in the client.</summary>
    private const int ReadParallelism = 16;

    /// <summary>Changes per transaction: large enough to make 5,000 first sightings a handful of transactions.</summary>
    private const int WriteBatch = 500;

    /// <returns>Changes recorded (baselines included), baselines recorded, and the tags whose details could not be read.</returns>
    public async Task<(int Changes, int Baselines, IReadOnlyCollection<(long TagId, string Error)> Failures)> RecordAsync(
        IReadOnlyList<(WatchedTagRow Tag, TagObservation.Found Found)> changed, CancellationToken cancellationToken)
    {
        var failures = new ConcurrentQueue<(long, string)>();
        int changes = 0, baselines = 0;
        Task<IReadOnlyList<(ObservedChange, ChangeOutcome)>>? writing = null;
        foreach (var batch in changed.Chunk(WriteBatch))
        {
            List<ObservedChange> observed;
            try
            {
                observed = await ReadBatchAsync(batch, failures, cancellationToken);
            }
            catch when (writing is not null)
            {
                // No write outlives the cycle: let the one in flight end (its own failure is not the one to report).
                await writing.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
                throw;
            }

            if (writing is not null)
            {
                Count(await writing);
            }

            writing = WriteAsync(observed, cancellationToken);
        }

        if (writing is not null)
        {
            Count(await writing);
        }

        return (changes, baselines, failures);

        void Count(IReadOnlyList<(ObservedChange Change, ChangeOutcome Outcome)> written)
        {
            foreach (var (change, outcome) in written.Where(w => w.Outcome == ChangeOutcome.Recorded))
            {
                changes++;
                baselines += change.Tag.CurrentRevisionId is null ? 1 : 0;
                logger.LogDebug("{Tag} moved from {Old} to {New}", change.Tag.Reference, change.Tag.CurrentDigest?.Value ?? "(first sighting)", change.Digest);
            }
        }
    }

    private async Task<List<ObservedChange>> ReadBatchAsync(
        (WatchedTagRow Tag, TagObservation.Found Found)[] batch, ConcurrentQueue<(long, string)> failures, CancellationToken cancellationToken)
    {
        var observed = new ObservedChange?[batch.Length];
        await Parallel.ForAsync(0, batch.Length, new ParallelOptions { MaxDegreeOfParallelism = ReadParallelism, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var (tag, found) = batch[i];
            try
            {
                // A first sighting without a push time reads the build time too: the tag's true age from its first poll.
                var details = await reader.ReadDetailsAsync(tag, found, wantCreated: tag.CurrentRevisionId is null && found.PushedAt is null, ct);
                observed[i] = new ObservedChange(tag, found.Digest, details.MediaType, found.Timing.AnsweredAt, found.PushedAt, details.Platforms,
                    details.ImageCreatedAt, found.Timing.SentAt);
            }
            catch (TagReadException e)
            {
                // Half a read is no read: the change is recorded on the next cycle that sees it whole.
                failures.Enqueue((tag.Id, e.Message));
            }
        });
        return [.. observed.OfType<ObservedChange>()];
    }

    private async Task<IReadOnlyList<(ObservedChange, ChangeOutcome)>> WriteAsync(List<ObservedChange> batch, CancellationToken cancellationToken)
    {
        var outcomes = await history.RecordChangesAsync(batch, cancellationToken);
        return [.. batch.Zip(outcomes)];
    }
}
