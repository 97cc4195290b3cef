using Refit;

namespace Monitor.Registry.Api;

/// <summary>
/// The Microsoft Artifact Registry catalog behind mcr.microsoft.com's web pages (<c>/api/v1/catalog/{repository}/tags</c>):
/// every tag ever pushed with its digest and <c>lastModifiedDate</c>. Not documented by Microsoft; see docs/registry.md.
/// </summary>
public interface IMcrCatalogApi
{
    [Get("/api/v1/catalog/{**repository}/tags")]
    [Headers("Accept: application/json")]
    Task<HttpResponseMessage> GetTagsAsync(string repository, [AliasAs("reg")] string catalog, [Property(RegistryRequestOptions.RegistryName)] string registry, CancellationToken cancellationToken);
}
