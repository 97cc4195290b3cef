using Monitor.Core.References;
using Monitor.Registry.Client;

namespace Monitor.Registry.Vendors;

/// <summary>
/// A registry's way of reading many tags of one repository in few requests (the Hub tag API, GCR's <c>tags/list</c> manifest
/// map, Quay's tag API). Anything it cannot vouch for is left out, and every failure leaves everything out: those tags fall
/// back to one HEAD each.
/// </summary>
internal interface ITagListing
{
    /// <summary>Whether this listing reads <paramref name="repository"/> (its kind of registry, switched on, enough wanted tags).</summary>
    bool Applies(ImageReference repository, int wantedTags);

    /// <returns>
    /// Found results keyed by tag, each with the <see cref="RequestTiming"/> of the page that listed it; never throws for
    /// registry trouble (only for cancellation).
    /// </returns>
    Task<IReadOnlyDictionary<string, ResolveResult.Found>> FindAsync(ImageReference repository, IReadOnlySet<string> wanted, CancellationToken cancellationToken);
}
