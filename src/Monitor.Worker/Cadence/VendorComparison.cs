using Monitor.Core.Reading;
using Monitor.Core.References;
using Monitor.Data.Watches;

namespace Monitor.Worker.Cadence;

/// <summary>
/// The fleet compared by registry and by repository (<see cref="CadenceComparison"/>: the median of the tags' median
/// intervals, the mean of their rebuilds per month), the most often rebuilt first. What the vendor page draws.
/// </summary>
/// <param name="Registries">Every registry of the fleet.</param>
/// <param name="Repositories">Every repository (keyed <see cref="RepositoryKey"/>), of one registry when asked.</param>
public sealed record VendorComparison(IReadOnlyList<CadenceComparison> Registries, IReadOnlyList<CadenceComparison> Repositories)
{
    /// <param name="fleet">Every tag with its reading at one moment (<see cref="CadenceSnapshot.Read"/>).</param>
    /// <param name="registry">Only this registry's repositories; null for all.</param>
    public static VendorComparison Of(IReadOnlyList<(WatchedTagRow Tag, TagCadenceReading Reading)> fleet, string? registry)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        return new VendorComparison(
            CadenceComparison.By(fleet, t => t.Tag.Reference.Registry, t => t.Reading),
            CadenceComparison.By(fleet.Where(t => registry is null || t.Tag.Reference.Registry == registry), t => RepositoryKey(t.Tag.Reference), t => t.Reading));
    }

    /// <summary><c>docker.io/library/python</c>: the registry, a slash, the repository (registry names have no slash).</summary>
    public static string RepositoryKey(TagReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return $"{reference.Registry}/{reference.Repository}";
    }

    /// <summary>The registry and the repository of a <see cref="RepositoryKey"/>.</summary>
    public static (string Registry, string Repository) SplitRepositoryKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return (key[..slash], key[(slash + 1)..]);
    }
}
