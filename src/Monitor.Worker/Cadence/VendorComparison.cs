using Monitor.Core.Reading;
using Monitor.Core.Staleness;

namespace Monitor.Worker.Cadence;

/// <summary>
/// The fleet compared by registry and by repository (<see cref="CadenceComparison"/>: the median of the tags' median
/// intervals, the mean of their rebuilds per month), the most often rebuilt first. What the vendor page draws.
/// </summary>
/// <param name="Registries">Every registry of the fleet.</param>
/// <param name="Repositories">Every repository, named with its registry (<c>docker.io/library/python</c>), of one registry when asked.</param>
public sealed record VendorComparison(IReadOnlyList<CadenceComparison> Registries, IReadOnlyList<CadenceComparison> Repositories)
{
    /// <summary>Every tag read at <paramref name="now"/>, in one pass.</summary>
    /// <param name="registry">Only this registry's repositories; null for all.</param>
    public static VendorComparison Of(IReadOnlyList<TagCadence> tags, DateTimeOffset now, StalenessPolicy policy, string? registry)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var (registries, repositories) = (new CadenceComparison.Builder<string>(), new CadenceComparison.Builder<(string Registry, string Repository)>());
        foreach (var tag in tags)
        {
            var (reference, reading) = (tag.Tag.Reference, tag.ReadAt(now, policy));
            registries.Add(reference.Registry, reading);
            if (registry is null || reference.Registry == registry)
            {
                repositories.Add((reference.Registry, reference.Repository), reading);
            }
        }

        return new VendorComparison(registries.Build(name => name), repositories.Build(key => $"{key.Registry}/{key.Repository}"));
    }

    /// <summary>The registry and the repository of a repository's name (registry names have no slash).</summary>
    public static (string Registry, string Repository) SplitRepositoryName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        return (name[..slash], name[(slash + 1)..]);
    }
}
