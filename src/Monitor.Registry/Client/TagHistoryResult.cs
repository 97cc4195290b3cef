using Monitor.Core.References;

namespace Monitor.Registry.Client;

/// <summary>
/// A tag's past digests as its registry remembers them (Chainguard's tag history API, Quay's tag history), for
/// back-filling the history Monitor did not poll itself.
/// </summary>
public abstract record TagHistoryResult(TagReference Tag)
{
    /// <remarks>
    /// <c>Entries</c>: oldest first, one entry per assignment of the tag to a digest (consecutive repeats of one digest
    /// folded into the first); the last entry is the digest the registry says the tag points at now.<br/>
    /// <c>Source</c>: which history it came from (<c>chainguard</c>, <c>quay</c>), for logs and docs.<br/>
    /// </remarks>
    public sealed record Found(TagReference Tag, IReadOnlyList<TagHistoryEntry> Entries, string Source) : TagHistoryResult(Tag);

    /// <summary>The registry keeps no tag history Monitor can read: no request was sent.</summary>
    public sealed record NotSupported(TagReference Tag) : TagHistoryResult(Tag);

    public sealed record NotFound(TagReference Tag) : TagHistoryResult(Tag);

    public sealed record Failed(TagReference Tag, RegistryFailure Failure) : TagHistoryResult(Tag);
}

/// <summary>The tag pointed at <paramref name="Digest"/> from <paramref name="Since"/> (the registry's time, UTC) on.</summary>
public sealed record TagHistoryEntry(Sha256Digest Digest, DateTimeOffset Since);
