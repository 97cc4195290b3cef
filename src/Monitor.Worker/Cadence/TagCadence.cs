using Monitor.Core.Cadence;
using Monitor.Core.Reading;
using Monitor.Core.Staleness;
using Monitor.Data.Watches;

namespace Monitor.Worker.Cadence;

/// <summary>
/// One tag in the cadence snapshot: its row and its time-independent cadence, read at any later moment with
/// <see cref="ReadAt"/>.
/// </summary>
public sealed record TagCadence(WatchedTagRow Tag, CadenceBasis Cadence)
{
    /// <summary>The tag's cadence and staleness at <paramref name="at"/>: the global policy with the watch's overrides.</summary>
    public TagCadenceReading ReadAt(DateTimeOffset at, StalenessPolicy policy) =>
        TagCadenceReading.Of(Cadence, at, policy, Tag.Staleness, Tag.Status);
}
