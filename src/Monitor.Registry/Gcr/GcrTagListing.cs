using Microsoft.Extensions.Logging;
using Monitor.Core.References;
using Monitor.Registry.Client;
using Monitor.Registry.Configuration;
using Monitor.Registry.Manifests;
using Monitor.Registry.Vendors;

namespace Monitor.Registry.Gcr;

/// <summary>
/// Every watched tag of a GCR / Artifact Registry repository from one <c>tags/list</c>: the <c>manifest</c> map names the
/// digest each tag points at, its media type and its upload time (the push time). A tag two manifests claim, or whose
/// entry lacks a known media type, is left out; so is every tag when the answer has a next page (the map would be partial).
/// </summary>
internal sealed class GcrTagListing(RegistryCaller caller, RegistrySettings settings, TimeProvider time, ILogger<GcrTagListing> logger) : ITagListing
{
    public bool Applies(ImageReference repository, int wantedTags) =>
        wantedTags > 0 && settings.Options.Gcr.Enabled && settings.KindOf(repository.Registry) == RegistryKind.Gcr;

    public async Task<IReadOnlyDictionary<string, ResolveResult.Found>> FindAsync(ImageReference repository, IReadOnlySet<string> wanted, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, ResolveResult.Found>(StringComparer.Ordinal);
        var sentAt = time.GetUtcNow();
        var listed = await caller.CallAsync(repository.Registry, HttpMethod.Get, $"GET tags and manifests of {repository.Name}",
            (api, ct) => api.ListTagsWithManifestsAsync(repository.Repository, repository.Registry, ct),
            async (response, ct) =>
            {
                var body = await BoundedContent.ReadAsync(response.Content, caller.Settings.Options.MaxTagPageBytes, "GCR tag list", ct);
                var next = response.Headers.TryGetValues("Link", out var links) ? LinkHeader.FindNext(links) : null;
                return (List: GcrTagList.Parse(body), HasNext: next is not null);
            },
            cancellationToken);
        if (listed.Value is not { HasNext: false, List.Manifest: { } manifests })
        {
            logger.LogDebug("GCR tag list of {Repository} unusable ({Reason}); falling back to HEAD",
                repository.Name, listed.Failure?.Reason ?? (listed.IsNotFound ? "not found" : "paged or without a manifest map"));
            return found;
        }

        var timing = new RequestTiming(sentAt, time.GetUtcNow());
        var claims = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (key, info) in manifests)
        {
            foreach (var tag in info?.Tag ?? [])
            {
                if (tag is null || !wanted.Contains(tag))
                {
                    continue;
                }

                claims[tag] = claims.GetValueOrDefault(tag) + 1;
                if (Sha256Digest.TryParse(key, out var digest) && ManifestMediaTypes.IsKnown(info!.MediaType))
                {
                    found[tag] = new ResolveResult.Found(repository.WithTag(tag), digest, info.MediaType!, null,
                        RegistryTimes.FromUnixMilliseconds(info.TimeUploadedMs, timing.AnsweredAt), timing);
                }
            }
        }

        foreach (var (tag, count) in claims.Where(c => c.Value > 1))
        {
            found.Remove(tag);
        }

        logger.LogDebug("GCR tag list gave {Found} of {Wanted} tags of {Repository}", found.Count, wanted.Count, repository.Name);
        return found;
    }
}
