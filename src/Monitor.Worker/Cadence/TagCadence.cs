using Monitor.Core.Cadence;
using Monitor.Data.Cadence;

namespace Monitor.Worker.Cadence;

/// <summary>
/// One tag in the cadence snapshot: its row and its time-independent cadence, from which every time-dependent
/// number is projected at any later moment (<see cref="TagCadenceView"/>).
/// </summary>
public sealed record TagCadence(StoredTag Tag, CadenceBasis Cadence)
{
    public static TagCadence From(StoredTag tag, CadenceSummary summary) => new(tag, CadenceBasis.From(summary));
}
