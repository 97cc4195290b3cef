using Microsoft.Extensions.Logging;
using Monitor.Core.References;
using Monitor.Registry.Client;
using Monitor.Registry.Configuration;
using Monitor.Registry.Vendors;

namespace Monitor.Registry.Quay;

/// <summary>
/// The watched tags of a Quay repository from its tag API: active tags, 100 per page (most recently pushed first), until
/// every wanted tag is found, the last page, or <c>Registries:Quay:MaxPages</c>. Quay names no media type, only
/// <c>is_manifest_list</c>: the results carry the OCI index or OCI manifest type accordingly (the poll stores the fetched
/// manifest's own type). The push time is the entry's <c>start_ts</c>.
/// </summary>
internal sealed class QuayTagListing(QuayTagPages pages, RegistrySettings settings, ILogger<QuayTagListing> logger) : ITagListing
{
    public bool Applies(ImageReference repository, int wantedTags) =>
        wantedTags > 0 && settings.Options.Quay.Enabled && settings.KindOf(repository.Registry) == RegistryKind.Quay
        && QuayTagPages.Split(repository.Repository) is not null;

    public async Task<IReadOnlyDictionary<string, ResolveResult.Found>> FindAsync(ImageReference repository, IReadOnlySet<string> wanted, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, ResolveResult.Found>(StringComparer.Ordinal);
        var ambiguous = new HashSet<string>(StringComparer.Ordinal);
        var (ns, name) = QuayTagPages.Split(repository.Repository)!.Value;
        for (var page = 1; page <= settings.Options.Quay.MaxPages; page++)
        {
            var (read, timing) = await pages.ReadAsync(repository.Registry, ns, name, activeOnly: true, specificTag: null, page, cancellationToken);
            if (read.Value is not { } tags)
            {
                // A failed page spoils nothing found so far: those answers were whole.
                break;
            }

            foreach (var tag in tags.Tags ?? [])
            {
                if (tag?.Name is not { } tagName || !wanted.Contains(tagName) || IsEnded(tag, timing.AnsweredAt))
                {
                    continue;
                }

                if (QuayTagPages.ManifestOf(tag) is not { } manifest || !found.TryAdd(tagName, new ResolveResult.Found(repository.WithTag(tagName),
                    manifest.Digest, manifest.MediaType, null, RegistryTimes.FromUnixSeconds(tag.StartTs, timing.AnsweredAt), timing)))
                {
                    ambiguous.Add(tagName);
                }
            }

            if (found.Count + ambiguous.Count >= wanted.Count || !tags.HasAdditional)
            {
                break;
            }
        }

        foreach (var tag in ambiguous)
        {
            found.Remove(tag);
        }

        logger.LogDebug("Quay tag API gave {Found} of {Wanted} tags of {Repository}", found.Count, wanted.Count, repository.Name);
        return found;
    }

    private static bool IsEnded(QuayTag tag, DateTimeOffset now) => tag.EndTs is { } end && end <= now.ToUnixTimeSeconds();
}
