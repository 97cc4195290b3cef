using Monitor.Core.Cadence;
using Monitor.Core.Reading;
using Monitor.Data.Cadence;
using Monitor.Data.History;
using Monitor.Data.Watches;
using Npgsql;

namespace Monitor.Worker.Cadence;

/// <summary>
/// The fleet's cadence in memory, refreshed after poll cycles and on an interval: the fleet API, the report and
/// the metrics read it, so none of them runs per-tag queries. A tag is updated only when its current revision (or its
/// newest back-filled one) changed: from its stored summary when one holds for that revision (another replica, or an earlier run, computed
/// it), else recomputed from its full history and stored for the others. Everything time-dependent is projected at
/// read time.
/// </summary>
public sealed class CadenceSnapshot(
    WatchStore watches, HistoryReader history, CadenceSummaryStore summaries, CadenceSettings settings, TimeProvider time, ILogger<CadenceSnapshot> logger) : IDisposable
{
    private const int RevisionBatchTags = 500;
    private readonly SemaphoreSlim refreshLock = new(1, 1);
    // Replaced, never changed, by each refresh: readers take the array, the refresh (under its lock) the dictionary.
    private Dictionary<long, TagCadence> tags = [];
    private TagCadence[] list = [];
    private long generation;

    /// <summary>Changes with every refresh: readers that cache a projection compare it to know theirs is current.</summary>
    public long Generation => Interlocked.Read(ref generation);

    public DateTimeOffset? RefreshedAt { get; private set; }

    /// <summary>Every tag, as of the last refresh (the same array until the next one: readers must not change it).</summary>
    public IReadOnlyList<TagCadence> Tags => list;

    /// <summary>Every tag with its reading at <paramref name="now"/>, in no particular order.</summary>
    public IReadOnlyList<(WatchedTagRow Tag, TagCadenceReading Reading)> Read(DateTimeOffset now)
    {
        var (current, policy) = (list, settings.ToPolicy());
        var readings = new List<(WatchedTagRow, TagCadenceReading)>(current.Length);
        foreach (var tag in current)
        {
            readings.Add((tag.Tag, tag.ReadAt(now, policy)));
        }

        return readings;
    }

    /// <summary>Every tag as the API shows it at <paramref name="now"/>, in no particular order.</summary>
    public IReadOnlyList<TagCadenceView> Views(DateTimeOffset now) => [.. Read(now).Select(tag => TagCadenceView.From(tag.Tag, tag.Reading))];

    /// <summary>Brings the snapshot up to date.</summary>
    public async Task<SnapshotRefresh> RefreshAsync(CancellationToken cancellationToken)
    {
        await refreshLock.WaitAsync(cancellationToken);
        try
        {
            var started = time.GetTimestamp();
            var current = tags;
            var options = settings.ToCadenceOptions();

            // Starting up, every tag needs its summary: read them all alongside the tags rather than after them.
            var reading = watches.ListAsync(watchGroup: null, includeDisabled: false, cancellationToken);
            var everySummary = current.Count == 0 ? summaries.LoadAsync(null, options.Fingerprint, cancellationToken) : null;
            if (everySummary is not null)
            {
                await Task.WhenAll(reading, everySummary);
            }

            var rows = await reading;
            var builder = new Dictionary<long, TagCadence>(rows.Count);
            var outdated = new List<WatchedTagRow>();
            var withoutHistory = 0;
            foreach (var row in rows)
            {
                if (current.TryGetValue(row.Id, out var known) && SameHistory(known.Tag, row))
                {
                    // Unchanged rows keep their (long-lived) instance; the fresh copy dies young.
                    builder[row.Id] = known.Tag == row ? known : known with { Tag = row };
                }
                else if (row.CurrentRevisionId is null && row.BackfillRevisionId is null)
                {
                    builder[row.Id] = new TagCadence(row, CadenceBasis.Empty);
                    withoutHistory++;
                }
                else
                {
                    outdated.Add(row);
                }
            }

            var tagsRead = time.GetElapsedTime(started);
            var stored = await (everySummary ?? summaries.LoadAsync([.. outdated.Select(row => row.Id)], options.Fingerprint, cancellationToken));
            var (recompute, loaded) = (new List<WatchedTagRow>(), 0);
            foreach (var row in outdated)
            {
                if (stored.TryGetValue(row.Id, out var summary) && summary.ThroughRevisionId == row.CurrentRevisionId && summary.ThroughBackfillRevisionId == row.BackfillRevisionId)
                {
                    builder[row.Id] = new TagCadence(row, summary.Cadence);
                    loaded++;
                }
                else
                {
                    recompute.Add(row);
                }
            }

            var summariesRead = time.GetElapsedTime(started);
            var now = time.GetUtcNow();
            await RecomputeAsync(recompute, builder, options, now, cancellationToken);

            (tags, list) = (builder, [.. builder.Values]);
            RefreshedAt = now;
            Interlocked.Increment(ref generation);
            var refresh = new SnapshotRefresh(loaded, recompute.Count + withoutHistory);
            logger.LogDebug("Cadence snapshot phases: tags read at {Tags:0} ms, stored summaries at {Summaries:0} ms, done at {Done:0} ms",
                tagsRead.TotalMilliseconds, summariesRead.TotalMilliseconds, time.GetElapsedTime(started).TotalMilliseconds);
            if (refresh.Updated > 0)
            {
                logger.LogInformation(
                    "Cadence snapshot refreshed: {Updated} tag(s) updated ({Loaded} from stored summaries, {Recomputed} recomputed from history) in {Elapsed:0} ms",
                    refresh.Updated, refresh.Loaded, refresh.Recomputed, time.GetElapsedTime(started).TotalMilliseconds);
            }

            return refresh;
        }
        finally
        {
            refreshLock.Release();
        }
    }

    public void Dispose() => refreshLock.Dispose();

    /// <summary>A back-fill adds older revisions without changing the current one: both name the history a cadence covers.</summary>
    private static bool SameHistory(WatchedTagRow known, WatchedTagRow row) =>
        known.CurrentRevisionId == row.CurrentRevisionId && known.BackfillRevisionId == row.BackfillRevisionId;

    /// <summary>Computes these tags from their full histories, a batch at a time, and stores each batch's results.</summary>
    private async Task RecomputeAsync(
        List<WatchedTagRow> outdated, Dictionary<long, TagCadence> builder, CadenceOptions options, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var batch in outdated.Chunk(RevisionBatchTags))
        {
            // Streamed tag by tag: a batch's revisions are never all in memory at once.
            var pending = batch.ToDictionary(row => row.Id);
            var computed = new List<CadenceSummaryStore.Entry>(batch.Length);
            await foreach (var (tagId, revisions) in history.StreamHistoriesAsync(pending.Keys, withPlatforms: options.Platform is not null, cancellationToken))
            {
                if (pending.Remove(tagId, out var row))
                {
                    var cadence = CadenceCalculator.Basis(revisions, options);
                    builder[row.Id] = new TagCadence(row, cadence);

                    // A tag back-filled before its first poll has no current revision to key a stored summary by.
                    if (row.CurrentRevisionId is { } through)
                    {
                        computed.Add(new CadenceSummaryStore.Entry(row.Id, through, cadence, row.BackfillRevisionId));
                    }
                }
            }

            // A current revision without history cannot be read back; such a tag is shown empty and not stored.
            foreach (var row in pending.Values)
            {
                builder[row.Id] = new TagCadence(row, CadenceBasis.Empty);
            }

            await StoreAsync(computed, options.Fingerprint, now, cancellationToken);
        }
    }

    /// <summary>Best effort: a summary that cannot be stored is recomputed next time; the snapshot has it either way.</summary>
    private async Task StoreAsync(List<CadenceSummaryStore.Entry> computed, string definition, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            await summaries.SaveAsync(computed, definition, now, cancellationToken);
        }
        catch (NpgsqlException e)
        {
            logger.LogWarning("Could not store {Count} cadence summaries (they will be recomputed on the next start): {Error}", computed.Count, e.Message);
        }
    }
}
