using Monitor.Core.History;
using Monitor.Data.History;
using Monitor.Data.Watches;
using Monitor.Registry.Client;

namespace Monitor.Worker.Backfill;

/// <summary>
/// Imports tags' past digests from their registries' tag histories (Chainguard's tag history API, Quay's tag history) as
/// revisions marked <c>backfill</c>, with the registry's times. One tag at a time, so one history request is in flight
/// at once and the registry client's politeness limits apply; a history is stored whole or not at all, and what is
/// already stored is not added again.
/// </summary>
public sealed class Backfiller(IRegistryClient registry, BackfillStore store, TimeProvider time)
{
    /// <summary>Back-fills one tag.</summary>
    public async Task<BackfillResult> BackfillAsync(WatchedTagRow tag, CancellationToken cancellationToken) =>
        (await BackfillAsync([tag], done: null, cancellationToken))[0];

    /// <summary>Back-fills these tags one after another.</summary>
    /// <param name="done">Told of each tag as soon as it is done (the CLI prints it).</param>
    public async Task<IReadOnlyList<BackfillResult>> BackfillAsync(IReadOnlyList<WatchedTagRow> tags, Action<BackfillResult>? done, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var results = new List<BackfillResult>(tags.Count);
        foreach (var tag in tags)
        {
            var result = await BackfillOneAsync(tag, cancellationToken);
            results.Add(result);
            done?.Invoke(result);
        }

        // Tags of registries without history cost no request: they are marked together, not one statement each.
        var now = time.GetUtcNow();
        await store.MarkNothingToImportAsync([.. results.Where(r => r.Outcome is BackfillOutcome.NotSupported or BackfillOutcome.NoHistory).Select(r => r.Tag.Id)], now, cancellationToken);
        await store.MarkFailedAsync([.. results.Where(r => r.Outcome == BackfillOutcome.Failed).Select(r => r.Tag.Id)], now, cancellationToken);
        return results;
    }

    private async Task<BackfillResult> BackfillOneAsync(WatchedTagRow tag, CancellationToken cancellationToken)
    {
        switch (await registry.GetTagHistoryAsync(tag.Reference, cancellationToken))
        {
            case TagHistoryResult.Found found:
                var entries = found.Entries.Select(e => new BackfilledEntry(e.Digest, e.Since)).ToList();
                var added = await store.ImportAsync(tag.Id, entries, time.GetUtcNow(), cancellationToken);
                return new BackfillResult(tag, BackfillOutcome.Imported, found.Source, entries.Count, added, null);
            case TagHistoryResult.NotSupported:
                return new BackfillResult(tag, BackfillOutcome.NotSupported, null, 0, 0, null);
            case TagHistoryResult.NotFound:
                return new BackfillResult(tag, BackfillOutcome.NoHistory, null, 0, 0, null);
            case TagHistoryResult.Failed failed:
                return new BackfillResult(tag, BackfillOutcome.Failed, null, 0, 0, failed.Failure);
            case var other:
                throw new InvalidOperationException($"unexpected tag history result {other.GetType().Name}");
        }
    }
}
