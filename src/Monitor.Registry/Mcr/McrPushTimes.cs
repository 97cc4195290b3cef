using Microsoft.Extensions.Logging;
using Monitor.Core.References;
using Monitor.Registry.Api;
using Monitor.Registry.Client;
using Monitor.Registry.Configuration;
using Monitor.Registry.Manifests;
using Monitor.Registry.Vendors;

namespace Monitor.Registry.Mcr;

/// <summary>
/// Push times of MCR tags from the catalog (one request per repository and cycle): the <c>lastModifiedDate</c> of the
/// entries with the tag's name and its current digest (the latest when several match).
/// </summary>
internal sealed class McrPushTimes(RegistryCaller caller, RegistrySettings settings, TimeProvider time, ILogger<McrPushTimes> logger) : IPushTimeSource
{
    /// <summary>The catalog the public MCR pages read (Microsoft Artifact Registry).</summary>
    private const string Catalog = "mar";

    public bool Applies(ImageReference repository) =>
        settings.Options.Mcr.Enabled && settings.KindOf(repository.Registry) == RegistryKind.Mcr;

    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> FindAsync(ImageReference repository, IReadOnlyDictionary<string, Sha256Digest> current, CancellationToken cancellationToken)
    {
        var times = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var read = await caller.CallApiAsync<IMcrCatalogApi, List<McrCatalogTag?>>(settings.ApiBaseUri(repository.Registry), $"GET MCR catalog of {repository.Name}",
            (api, ct) => api.GetTagsAsync(repository.Repository, Catalog, repository.Registry, ct),
            async (response, ct) => McrCatalogTag.Parse(await BoundedContent.ReadAsync(response.Content, settings.Options.MaxTagPageBytes, "MCR catalog", ct)),
            cancellationToken);
        if (read.Value is not { } entries)
        {
            logger.LogDebug("No MCR push times for {Repository}: {Reason}", repository.Name, read.Failure?.Reason ?? "not in the catalog");
            return times;
        }

        var now = time.GetUtcNow();
        foreach (var entry in entries)
        {
            if (entry?.Name is { } tag && current.TryGetValue(tag, out var digest) && entry.Digest == digest.Value
                && RegistryTimes.FromText(entry.LastModifiedDate, now) is { } modified
                && (!times.TryGetValue(tag, out var known) || modified > known))
            {
                times[tag] = modified;
            }
        }

        return times;
    }
}
