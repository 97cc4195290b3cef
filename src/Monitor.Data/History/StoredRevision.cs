using Monitor.Core.Cadence;

namespace Monitor.Data.History;

/// <summary>A revision row as the tag detail shows it: the cadence's view of it plus its row id and media type.</summary>
public sealed record StoredRevision(long Id, string MediaType, RevisionObservation Revision);
