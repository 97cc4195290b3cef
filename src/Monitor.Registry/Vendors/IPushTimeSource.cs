using Monitor.Core.References;

namespace Monitor.Registry.Vendors;

/// <summary>
/// Push times from a registry's web API where it knows them but is no source of digests Monitor trusts (MCR's catalog,
/// GitHub's package versions): the digests come from HEAD, and a push time is taken only for an entry with that same digest.
/// </summary>
internal interface IPushTimeSource
{
    bool Applies(ImageReference repository);

    /// <param name="current">The tags' digests as HEAD reported them.</param>
    /// <returns>Push times keyed by tag, for the tags whose digest the API lists; empty when it fails (never throws for registry trouble).</returns>
    Task<IReadOnlyDictionary<string, DateTimeOffset>> FindAsync(ImageReference repository, IReadOnlyDictionary<string, Sha256Digest> current, CancellationToken cancellationToken);
}
