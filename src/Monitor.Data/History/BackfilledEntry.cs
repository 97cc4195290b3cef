using Monitor.Core.References;

namespace Monitor.Data.History;

/// <summary>One entry of a registry's tag history: the tag pointed at <paramref name="Digest"/> from <paramref name="At"/> (the registry's time) on.</summary>
public sealed record BackfilledEntry(Sha256Digest Digest, DateTimeOffset At);
