using Monitor.Core.References;
using Monitor.Registry.Api;
using Monitor.Registry.Client;
using Monitor.Registry.Configuration;
using Monitor.Registry.Manifests;

namespace Monitor.Registry.Quay;

/// <summary>Reads pages of Quay's tag API for the listing and the history, through the vendor API client.</summary>
internal sealed class QuayTagPages(RegistryCaller caller, RegistrySettings settings, TimeProvider time)
{
    /// <summary>Quay's largest <c>limit</c>.</summary>
    public const int PageSize = 100;

    /// <summary><c>quay.io/ns/name</c> → (ns, name); Quay repositories have exactly two path components.</summary>
    public static (string Namespace, string Name)? Split(string repository)
    {
        var parts = repository.Split('/');
        return parts.Length == 2 ? (parts[0], parts[1]) : null;
    }

    /// <param name="activeOnly">True: the tags as they are now; false: every past assignment too (history).</param>
    /// <param name="specificTag">Only this tag's entries; null for all.</param>
    public async Task<(CallOutcome<QuayTagPage> Page, RequestTiming Timing)> ReadAsync(
        string registry, string ns, string name, bool activeOnly, string? specificTag, int page, CancellationToken cancellationToken)
    {
        var what = specificTag is null
            ? $"GET Quay tags of {registry}/{ns}/{name} (page {page})"
            : $"GET Quay tag history of {registry}/{ns}/{name}:{specificTag} (page {page})";
        var sentAt = time.GetUtcNow();
        var outcome = await caller.CallApiAsync<IQuayApi, QuayTagPage>(settings.ApiBaseUri(registry), what,
            (api, ct) => api.ListTagsAsync(ns, name, activeOnly ? "true" : "false", PageSize, page, specificTag, registry, ct),
            async (response, ct) => QuayTagPage.Parse(await BoundedContent.ReadAsync(response.Content, settings.Options.MaxTagPageBytes, "Quay tag page", ct)),
            cancellationToken);
        return (outcome, new RequestTiming(sentAt, time.GetUtcNow()));
    }

    /// <summary>An entry's manifest, vouched for: a sha256 digest and a known index flag; else null.</summary>
    public static (Sha256Digest Digest, string MediaType)? ManifestOf(QuayTag tag) =>
        Sha256Digest.TryParse(tag.ManifestDigest, out var digest) && tag.IsManifestList is { } isList
            ? (digest, isList ? ManifestMediaTypes.OciIndex : ManifestMediaTypes.OciManifest)
            : null;
}
