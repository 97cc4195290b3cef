using System.Collections.Immutable;
using Monitor.Core.Cadence;
using Monitor.Data.Cadence;

namespace Monitor.Worker.Cadence;

/// <summary>
/// The fleet's cadence in memory, refreshed after poll cycles and on an interval: the fleet API, the report and
/// the metrics read it, so none of them runs per-tag queries. A tag is recomputed only when its current revision
/// (or its staleness settings) changed; everything time-dependent is projected at read time.
/// </summary>
public sealed class CadenceSnapshot(HistoryReader history, CadenceSettings settings, TimeProvider time, ILogger<CadenceSnapshot> logger) : IDisposable
{
    private const int RevisionBatchTags = 500;
    private readonly SemaphoreSlim refreshLock = new(1, 1);
    private ImmutableDictionary<long, TagCadence> tags = ImmutableDictionary<long, TagCadence>.Empty;
    private long generation;

    public bool IsLoaded { get; private set; }

    /// <summary>Changes with every refresh: readers that cache a projection compare it to know theirs is current.</summary>
    public long Generation => Interlocked.Read(ref generation);

    public DateTimeOffset? RefreshedAt { get; private set; }

    public IReadOnlyCollection<TagCadence> Tags
    {
        get
        {
            // Sized up front: grown by doubling, a 10,000-tag list leaves large-object-heap garbage on every call.
            var current = tags;
            var list = new List<TagCadence>(current.Count);
            list.AddRange(current.Values);
            return list;
        }
    }

    public IReadOnlyList<TagCadenceView> Views(DateTimeOffset now)
    {
        var (current, policy) = (tags, settings.ToPolicy());
        var views = new List<TagCadenceView>(current.Count);
        foreach (var tag in current.Values)
        {
            views.Add(TagCadenceView.Project(tag, policy, now));
        }

        return views;
    }

    /// <summary>Brings the snapshot up to date; returns how many tags were recomputed.</summary>
    public async Task<int> RefreshAsync(CancellationToken cancellationToken)
    {
        await refreshLock.WaitAsync(cancellationToken);
        try
        {
            var current = tags;
            var rows = await history.LoadTagsAsync(includeDisabled: false, cancellationToken);
            var stale = rows.Where(row => !current.TryGetValue(row.Id, out var known) || NeedsRecompute(known.Tag, row)).ToList();
            var builder = ImmutableDictionary.CreateBuilder<long, TagCadence>();
            foreach (var row in rows)
            {
                if (current.TryGetValue(row.Id, out var known) && !NeedsRecompute(known.Tag, row))
                {
                    builder[row.Id] = known with { Tag = row };
                }
            }

            var now = time.GetUtcNow();
            var options = settings.ToCadenceOptions();
            foreach (var batch in stale.Chunk(RevisionBatchTags))
            {
                // Streamed tag by tag: a batch's revisions are never all in memory at once.
                var pending = batch.ToDictionary(row => row.Id);
                await foreach (var (tagId, revisions) in history.StreamHistoriesAsync(pending.Keys, withPlatforms: options.Platform is not null, cancellationToken))
                {
                    if (pending.Remove(tagId, out var row))
                    {
                        builder[row.Id] = TagCadence.From(row, CadenceCalculator.Summarise(revisions, now, options), now);
                    }
                }

                foreach (var row in pending.Values)
                {
                    builder[row.Id] = TagCadence.From(row, CadenceCalculator.Summarise([], now, options), now);
                }
            }

            tags = builder.ToImmutable();
            (IsLoaded, RefreshedAt) = (true, now);
            Interlocked.Increment(ref generation);
            logger.LogDebug("Cadence snapshot: {Tags} tags, {Recomputed} recomputed", rows.Count, stale.Count);
            return stale.Count;
        }
        finally
        {
            refreshLock.Release();
        }
    }

    public void Dispose() => refreshLock.Dispose();

    private static bool NeedsRecompute(StoredTag known, StoredTag row) =>
        known.CurrentRevisionId != row.CurrentRevisionId;
}
