using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Monitor.Core.Cadence;
using Monitor.Core.References;
using Monitor.Registry.Manifests;
using Monitor.Registry.Observability;
using Monitor.Registry.Vendors;

namespace Monitor.Registry.Client;

/// <inheritdoc />
internal sealed class RegistryClient(
    RegistryCaller caller,
    IEnumerable<ITagListing> listings,
    IEnumerable<IPushTimeSource> pushTimes,
    IEnumerable<ITagHistorySource> histories,
    ContentAddressedReads reads,
    TimeProvider time,
    ILogger<RegistryClient> logger) : IRegistryClient
{
    private const string DigestHeader = "Docker-Content-Digest";
    private const int ResolveParallelism = 8;

    public async Task<ResolveResult> ResolveAsync(ImageReference reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var what = $"HEAD manifest {Describe(reference)}";
        var sentAt = time.GetUtcNow();
        var head = await caller.CallAsync(reference.Registry, HttpMethod.Head, what,
            (api, ct) => api.HeadManifestAsync(reference.Repository, reference.ManifestReference, reference.Registry, ct),
            (response, _) => Task.FromResult(ReadHead(response, reference)),
            cancellationToken);
        if (head.IsNotFound)
        {
            return new ResolveResult.NotFound(reference, new RequestTiming(sentAt, time.GetUtcNow()));
        }

        if (head.Failure is { } failure)
        {
            return new ResolveResult.Failed(reference, failure);
        }

        var (digest, mediaType, rateLimit) = head.Value;
        if (digest is not null && mediaType is not null)
        {
            return new ResolveResult.Found(reference, digest, mediaType, rateLimit, Timing: new RequestTiming(sentAt, time.GetUtcNow()));
        }

        // Some registries omit the digest (or the type) on HEAD: fetch the manifest and hash its exact bytes.
        logger.LogDebug("{Registry} gave no digest or media type on HEAD for {Reference}; fetching the manifest", reference.Registry, reference.Canonical);
        var get = await caller.CallAsync(reference.Registry, HttpMethod.Get, $"GET manifest {Describe(reference)}",
            (api, ct) => api.GetManifestAsync(reference.Repository, reference.ManifestReference, reference.Registry, ct),
            async (response, ct) =>
            {
                var body = await BoundedContent.ReadAsync(response.Content, caller.Settings.Options.MaxManifestBytes, "manifest", ct);
                var document = ManifestDocument.Parse(body, RegistryCaller.ContentType(response));
                var computed = Sha256Digest.Compute(body);
                var reported = RegistryCaller.Header(response, DigestHeader);
                if (reported is not null && reported != computed.Value)
                {
                    throw new InvalidRegistryResponseException($"{DigestHeader} ({ManifestDocument.Describe(reported)}) does not match the manifest's content ({computed})");
                }

                if (reference.Digest is not null && reference.Digest != computed)
                {
                    throw new InvalidRegistryResponseException($"asked for {reference.Digest} and got content hashing to {computed}");
                }

                return new ResolveResult.Found(reference, computed, document.MediaType, DockerHubRateLimit.FromHeaders(response) ?? rateLimit);
            },
            cancellationToken);
        return get switch
        {
            { IsNotFound: true } => new ResolveResult.NotFound(reference, new RequestTiming(sentAt, time.GetUtcNow())),
            { Failure: { } getFailure } => new ResolveResult.Failed(reference, getFailure),
            _ => get.Value! with { Timing = new RequestTiming(sentAt, time.GetUtcNow()) },
        };
    }

    public async Task<IReadOnlyDictionary<ImageReference, ResolveResult>> ResolveManyAsync(IReadOnlyCollection<ImageReference> references, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(references);
        var results = new ConcurrentDictionary<ImageReference, ResolveResult>();
        var byHead = new ConcurrentBag<ImageReference>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = ResolveParallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(references.Distinct().GroupBy(r => r.WithoutTagOrDigest()), parallel, async (repository, ct) =>
        {
            var tagged = repository.Where(r => r.Digest is null).ToList();
            var listing = listings.FirstOrDefault(l => l.Applies(repository.Key, tagged.Count));
            var found = listing is null
                ? new Dictionary<string, ResolveResult.Found>()
                : await listing.FindAsync(repository.Key, tagged.Select(r => r.ManifestReference).ToHashSet(StringComparer.Ordinal), ct);
            foreach (var reference in repository)
            {
                if (reference.Digest is null && found.TryGetValue(reference.ManifestReference, out var hit))
                {
                    results[reference] = hit with { Reference = reference };
                }
                else
                {
                    byHead.Add(reference);
                }
            }
        });

        var heads = byHead.ToList();
        await Parallel.ForAsync(0, heads.Count, parallel, async (i, ct) => results[heads[i]] = await ResolveAsync(heads[i], ct));
        await AddPushTimesAsync(results, parallel);
        return results;
    }

    public async Task<PlatformsResult> GetPlatformsAsync(ImageReference reference, Sha256Digest digest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(digest);
        var manifest = await GetManifestAsync(reference, digest, cancellationToken);
        if (manifest.IsNotFound)
        {
            return new PlatformsResult.NotFound(reference);
        }

        if (manifest.Failure is { } failure)
        {
            return new PlatformsResult.Failed(reference, failure);
        }

        var fetched = manifest.Value!;
        if (fetched.Platforms is { } platforms)
        {
            return new PlatformsResult.Found(reference, true, platforms);
        }

        var config = await GetConfigAsync(reference, fetched.ConfigDigest!, cancellationToken);
        if (config.Value is { Os: { Length: > 0 } os, Architecture: { Length: > 0 } architecture } image)
        {
            return new PlatformsResult.Found(reference, false, [new PlatformDigest(os, architecture, image.Variant, digest)]);
        }

        // The platform of a single-arch image is a nicety: without a readable config it stays unknown.
        logger.LogDebug("No platform for {Reference}@{Digest}: {Reason}", reference.Canonical, digest, config.Failure?.Reason ?? "config has none");
        return new PlatformsResult.Found(reference, false, []);
    }

    public async Task<TagListResult> ListTagsAsync(ImageReference repository, int? pageSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var options = caller.Settings.Options;
        var name = repository.Repository;
        var baseUri = caller.Endpoint(repository.Registry).BaseUri;
        var tags = new List<string>();
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var page = await caller.CallAsync(repository.Registry, HttpMethod.Get, $"GET tags of {repository.Name}",
            (api, ct) => api.ListTagsAsync(name, pageSize ?? options.TagPageSize, repository.Registry, ct),
            ReadTagPageAsync, cancellationToken);
        for (var pages = 1; ; pages++)
        {
            if (page.IsNotFound)
            {
                return new TagListResult.NotFound(repository);
            }

            if (page.Failure is { } failure)
            {
                return new TagListResult.Failed(repository, failure);
            }

            var (pageTags, next) = page.Value;
            tags.AddRange(pageTags);
            if (next is null)
            {
                return new TagListResult.Found(repository, tags, pages);
            }

            var what = $"GET tags of {repository.Name} (page {pages + 1})";
            if (!Uri.TryCreate(baseUri, next, out var target) || target.Scheme != baseUri.Scheme || target.Authority != baseUri.Authority)
            {
                return new TagListResult.Failed(repository, RegistryFailure.Of(RegistryRequestOutcome.InvalidResponse, what,
                    $"the Link to the next page leaves the registry ({ManifestDocument.Describe(next)})"));
            }

            if (!visited.Add(target.PathAndQuery) || pages >= options.MaxTagPages)
            {
                return new TagListResult.Failed(repository, RegistryFailure.Of(RegistryRequestOutcome.InvalidResponse, what,
                    $"pagination does not end (repeated link or more than {options.MaxTagPages} pages)"));
            }

            var path = Uri.UnescapeDataString(target.AbsolutePath.TrimStart('/'));
            var query = QueryHelpers.ParseQuery(target.Query).ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
            page = await caller.CallAsync(repository.Registry, HttpMethod.Get, what,
                (api, ct) => api.GetPageAsync(path, query, repository.Registry, ct),
                ReadTagPageAsync, cancellationToken);
        }
    }

    public async Task<ImageCreatedResult> GetImageCreatedAsync(ImageReference reference, Sha256Digest digest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(digest);
        var manifest = await GetManifestAsync(reference, digest, cancellationToken);
        if (manifest is { Value.Platforms: not null })
        {
            var child = manifest.Value.PreferredChild;
            if (child is null)
            {
                return new ImageCreatedResult.Found(reference, null);
            }

            manifest = await GetManifestAsync(reference, child, cancellationToken);
            if (manifest is { Value.Platforms: not null })
            {
                // An index inside an index: not an image; no build time to tell.
                return new ImageCreatedResult.Found(reference, null);
            }
        }

        if (manifest.IsNotFound)
        {
            return new ImageCreatedResult.NotFound(reference);
        }

        if (manifest.Failure is { } failure)
        {
            return new ImageCreatedResult.Failed(reference, failure);
        }

        var config = await GetConfigAsync(reference, manifest.Value!.ConfigDigest!, cancellationToken);
        return config switch
        {
            { IsNotFound: true } => new ImageCreatedResult.NotFound(reference),
            { Failure: { } configFailure } => new ImageCreatedResult.Failed(reference, configFailure),
            _ => new ImageCreatedResult.Found(reference, ImageCreated.Parse(config.Value!.Created)),
        };
    }

    public async Task<ImageDetailsResult> GetImageDetailsAsync(ImageReference reference, Sha256Digest digest, PlatformSelector? platform, bool readCreated, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(digest);
        var manifest = await GetManifestAsync(reference, digest, cancellationToken);
        if (manifest.IsNotFound)
        {
            return new ImageDetailsResult.NotFound(reference);
        }

        if (manifest.Failure is { } failure)
        {
            return new ImageDetailsResult.Failed(reference, failure);
        }

        var fetched = manifest.Value!;
        if (fetched.Platforms is { } platforms)
        {
            var child = readCreated ? PickChild(platforms, platform) : null;
            var created = child is null ? null : await ChildCreatedAsync(reference, child, cancellationToken);
            return new ImageDetailsResult.Found(reference, fetched.MediaType, platforms, created);
        }

        // A single-platform image: one config read gives both its platform and its build time.
        var config = await GetConfigAsync(reference, fetched.ConfigDigest!, cancellationToken);
        if (config.Value is not { } image)
        {
            logger.LogDebug("No platform or build time for {Reference}@{Digest}: {Reason}", reference.Canonical, digest, config.Failure?.Reason ?? "config not found");
            return new ImageDetailsResult.Found(reference, fetched.MediaType, [], null);
        }

        IReadOnlyList<PlatformDigest> own = image is { Os: { Length: > 0 } os, Architecture: { Length: > 0 } architecture }
            ? [new PlatformDigest(os, architecture, image.Variant, digest)]
            : [];
        return new ImageDetailsResult.Found(reference, fetched.MediaType, own, readCreated ? ImageCreated.Parse(image.Created) : null);
    }

    public Task<TagHistoryResult> GetTagHistoryAsync(TagReference tag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tag);
        var kind = caller.Settings.KindOf(tag.Registry);
        return histories.FirstOrDefault(h => h.Kind == kind) is { } history
            ? history.ReadAsync(tag, cancellationToken)
            : Task.FromResult<TagHistoryResult>(new TagHistoryResult.NotSupported(tag));
    }

    /// <summary>
    /// Push times for tags whose digest came from HEAD, on registries whose web API knows them (MCR, GHCR); the answers keep
    /// their HEAD's timing.
    /// </summary>
    private async Task AddPushTimesAsync(ConcurrentDictionary<ImageReference, ResolveResult> results, ParallelOptions parallel)
    {
        var groups = results.Values.OfType<ResolveResult.Found>()
            .Where(f => f is { PushedAt: null, Reference.Digest: null })
            .GroupBy(f => f.Reference.WithoutTagOrDigest())
            .Select(g => (Repository: g.Key, Found: g.ToList(), Source: pushTimes.FirstOrDefault(p => p.Applies(g.Key))))
            .Where(g => g.Source is not null)
            .ToList();
        await Parallel.ForEachAsync(groups, parallel, async (group, ct) =>
        {
            var current = group.Found.ToDictionary(f => f.Reference.ManifestReference, f => f.Digest, StringComparer.Ordinal);
            var times = await group.Source!.FindAsync(group.Repository, current, ct);
            foreach (var found in group.Found)
            {
                if (times.TryGetValue(found.Reference.ManifestReference, out var pushedAt))
                {
                    results[found.Reference] = found with { PushedAt = pushedAt };
                }
            }
        });
    }

    /// <summary>The requested platform's child, else linux/amd64, else the first.</summary>
    private static Sha256Digest? PickChild(IReadOnlyList<PlatformDigest> platforms, PlatformSelector? platform) =>
        (platforms.FirstOrDefault(p => (platform ?? PlatformSelector.LinuxAmd64).Matches(p))
            ?? platforms.FirstOrDefault(PlatformSelector.LinuxAmd64.Matches)
            ?? (platforms.Count > 0 ? platforms[0] : null))?.Digest;

    /// <summary>A child image's build time; null when it cannot be read (the build time is a nicety, never a failure).</summary>
    private async Task<DateTimeOffset?> ChildCreatedAsync(ImageReference reference, Sha256Digest child, CancellationToken cancellationToken)
    {
        var manifest = await GetManifestAsync(reference, child, cancellationToken);
        if (manifest.Value is not { ConfigDigest: { } configDigest })
        {
            return null;
        }

        var config = await GetConfigAsync(reference, configDigest, cancellationToken);
        return config.Value is { } image ? ImageCreated.Parse(image.Created) : null;
    }

    /// <summary>A manifest by digest: read once per repository (<see cref="ContentAddressedReads"/>), verified against its digest.</summary>
    private Task<CallOutcome<FetchedManifest>> GetManifestAsync(ImageReference reference, Sha256Digest digest, CancellationToken cancellationToken) =>
        reads.ReadAsync(reference, digest, ct => caller.CallAsync(reference.Registry, HttpMethod.Get, $"GET manifest {reference.Name}@{digest}",
            (api, ct) => api.GetManifestAsync(reference.Repository, digest.Value, reference.Registry, ct),
            async (response, ct) =>
            {
                var body = await BoundedContent.ReadAsync(response.Content, caller.Settings.Options.MaxManifestBytes, "manifest", ct);
                if (Sha256Digest.Compute(body) != digest)
                {
                    throw new InvalidRegistryResponseException($"manifest content does not hash to {digest}");
                }

                var document = ManifestDocument.Parse(body, RegistryCaller.ContentType(response));
                return document.IsIndex
                    ? new FetchedManifest(document.MediaType, document.Platforms(), null, document.PreferredChild())
                    : new FetchedManifest(document.MediaType, null, document.ConfigDigest(), null);
            },
            ct), cancellationToken);

    /// <summary>An image config blob by digest: read once per repository (<see cref="ContentAddressedReads"/>), verified against its digest.</summary>
    private Task<CallOutcome<ImageConfigJson>> GetConfigAsync(ImageReference reference, Sha256Digest configDigest, CancellationToken cancellationToken) =>
        reads.ReadAsync(reference, configDigest, ct => caller.CallAsync(reference.Registry, HttpMethod.Get, $"GET config {reference.Name}@{configDigest}",
            (api, ct) => api.GetBlobAsync(reference.Repository, configDigest.Value, reference.Registry, ct),
            async (response, ct) =>
            {
                var body = await BoundedContent.ReadAsync(response.Content, caller.Settings.Options.MaxSmallBodyBytes, "image config", ct);
                return Sha256Digest.Compute(body) == configDigest
                    ? ManifestDocument.ParseConfig(body)
                    : throw new InvalidRegistryResponseException($"image config does not hash to {configDigest}");
            },
            ct), cancellationToken);

    private async Task<(IReadOnlyList<string> Tags, string? Next)> ReadTagPageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await BoundedContent.ReadAsync(response.Content, caller.Settings.Options.MaxTagPageBytes, "tag list", cancellationToken);
        var tags = new List<string>();
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidRegistryResponseException("tag list is not a JSON object");
            }

            if (document.RootElement.TryGetProperty("tags", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                tags.AddRange(list.EnumerateArray()
                    .Where(t => t.ValueKind == JsonValueKind.String)
                    .Select(t => t.GetString()!)
                    .Where(ImageReference.IsValidTag));
            }
            else if (list.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
            {
                throw new InvalidRegistryResponseException("tag list has no tags array");
            }
        }
        catch (JsonException)
        {
            throw new InvalidRegistryResponseException("tag list is not valid JSON");
        }

        var next = response.Headers.TryGetValues("Link", out var links) ? LinkHeader.FindNext(links) : null;
        return (tags, next);
    }

    private static (Sha256Digest? Digest, string? MediaType, DockerHubRateLimit? RateLimit) ReadHead(HttpResponseMessage response, ImageReference reference)
    {
        var header = RegistryCaller.Header(response, DigestHeader);
        Sha256Digest? digest = null;
        if (header is not null && !Sha256Digest.TryParse(header, out digest))
        {
            throw new InvalidRegistryResponseException($"{DigestHeader} is not sha256:<64 lowercase hex> ({ManifestDocument.Describe(header)})");
        }

        if (reference.Digest is not null && digest is not null && digest != reference.Digest)
        {
            throw new InvalidRegistryResponseException($"asked for {reference.Digest} and the registry reported {digest}");
        }

        var contentType = RegistryCaller.ContentType(response);
        if (contentType is not null && !ManifestMediaTypes.IsKnown(contentType) && contentType is not ("application/json" or "application/octet-stream" or "text/plain"))
        {
            throw new InvalidRegistryResponseException($"manifest has an unsupported media type ({ManifestDocument.Describe(contentType)})");
        }

        return (digest, ManifestMediaTypes.IsKnown(contentType) ? contentType : null, DockerHubRateLimit.FromHeaders(response));
    }

    private static string Describe(ImageReference reference) =>
        reference.Digest is not null ? $"{reference.Name}@{reference.Digest}" : $"{reference.Name}:{reference.ManifestReference}";

    /// <summary>What is kept of a manifest: its media type, and an index's platforms and preferred child, or an image's config digest.</summary>
    private sealed record FetchedManifest(string MediaType, IReadOnlyList<PlatformDigest>? Platforms, Sha256Digest? ConfigDigest, Sha256Digest? PreferredChild);
}
