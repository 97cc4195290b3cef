using Monitor.Core.References;
using Monitor.Registry.Client;
using Monitor.Registry.Configuration;

namespace Monitor.Registry.Vendors;

/// <summary>A registry's record of which digests a tag pointed at, and since when (Chainguard's tag history API, Quay's tag history).</summary>
internal interface ITagHistorySource
{
    RegistryKind Kind { get; }

    /// <summary>Never throws for registry trouble: a garbage, partial or endless history is <see cref="TagHistoryResult.Failed"/>.</summary>
    Task<TagHistoryResult> ReadAsync(TagReference tag, CancellationToken cancellationToken);
}
