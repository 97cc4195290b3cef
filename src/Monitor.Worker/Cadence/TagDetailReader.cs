using Monitor.Core.Cadence;
using Monitor.Core.References;
using Monitor.Data.History;
using Monitor.Data.Watches;

namespace Monitor.Worker.Cadence;

/// <summary>Reads one tag's <see cref="TagDetail"/> from its full history (two queries), judged like the fleet.</summary>
public sealed class TagDetailReader(WatchStore watches, HistoryReader history, CadenceSettings settings, TimeProvider time)
{
    /// <summary>The tag's detail now; null when it was never watched.</summary>
    public async Task<TagDetail?> ReadAsync(TagReference reference, CancellationToken cancellationToken)
    {
        var tag = await watches.FindAsync(reference, cancellationToken);
        if (tag is null)
        {
            return null;
        }

        var revisions = (await history.LoadRevisionsAsync([tag.Id], withPlatforms: true, cancellationToken))[tag.Id];
        var now = time.GetUtcNow();
        var cadence = CadenceCalculator.Summarise([.. revisions.Select(r => r.Revision)], now, settings.ToCadenceOptions());
        var summary = TagCadenceView.From(tag, new TagCadence(tag, cadence.Basis).ReadAt(now, settings.ToPolicy()));
        return TagDetail.From(summary, revisions, cadence);
    }
}
