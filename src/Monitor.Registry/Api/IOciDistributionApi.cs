using Monitor.Registry.Manifests;
using Refit;

namespace Monitor.Registry.Api;

/// <summary>
/// The read side of the OCI distribution API. Responses come back raw (status, headers, streamed body) so
/// the client can read HEAD headers, cap body sizes and hash exact bytes. <c>registry</c> travels in the
/// request options for the auth and politeness handlers.
/// </summary>
public interface IOciDistributionApi
{
    [Head("/v2/{**name}/manifests/{reference}")]
    [Headers("Accept: " + ManifestMediaTypes.AcceptHeader)]
    Task<HttpResponseMessage> HeadManifestAsync(string name, string reference, [Property(RegistryRequestOptions.RegistryName)] string registry, CancellationToken cancellationToken);

    [Get("/v2/{**name}/manifests/{reference}")]
    [Headers("Accept: " + ManifestMediaTypes.AcceptHeader)]
    Task<HttpResponseMessage> GetManifestAsync(string name, string reference, [Property(RegistryRequestOptions.RegistryName)] string registry, CancellationToken cancellationToken);

    [Get("/v2/{**name}/blobs/{digest}")]
    Task<HttpResponseMessage> GetBlobAsync(string name, string digest, [Property(RegistryRequestOptions.RegistryName)] string registry, CancellationToken cancellationToken);

    [Get("/v2/{**name}/tags/list")]
    Task<HttpResponseMessage> ListTagsAsync(string name, [AliasAs("n")] int pageSize, [Property(RegistryRequestOptions.RegistryName)] string registry, CancellationToken cancellationToken);

    /// <summary>GCR / Artifact Registry: the tag list with its <c>manifest</c> map, asked for without <c>n</c> (one answer for the repository).</summary>
    [Get("/v2/{**name}/tags/list")]
    Task<HttpResponseMessage> ListTagsWithManifestsAsync(string name, [Property(RegistryRequestOptions.RegistryName)] string registry, CancellationToken cancellationToken);

    /// <summary>Chainguard's tag history, on the registry host beside the OCI API; <paramref name="start"/> (ISO 8601) skips older entries.</summary>
    [Get("/v2/{**name}/_chainguard/history/{tag}")]
    Task<HttpResponseMessage> GetChainguardHistoryAsync(string name, string tag, [Query] string? start, [Property(RegistryRequestOptions.RegistryName)] string registry, CancellationToken cancellationToken);

    /// <summary>A next page named by a <c>Link</c> header: its path and its query parameters as sent.</summary>
    [Get("/{**path}")]
    Task<HttpResponseMessage> GetPageAsync(string path, [Query] IDictionary<string, string> query, [Property(RegistryRequestOptions.RegistryName)] string registry, CancellationToken cancellationToken);
}
