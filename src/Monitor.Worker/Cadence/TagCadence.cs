using Monitor.Core.Cadence;
using Monitor.Data.Watches;

namespace Monitor.Worker.Cadence;

/// <summary>
/// One tag in the cadence snapshot: its row and its time-independent cadence, from which every time-dependent
/// number is projected at any later moment (<see cref="TagCadenceView"/>).
/// </summary>
public sealed record TagCadence(WatchedTagRow Tag, CadenceBasis Cadence)
{
    public static TagCadence From(WatchedTagRow tag, CadenceSummary summary) => new(tag, CadenceBasis.From(summary));
}
