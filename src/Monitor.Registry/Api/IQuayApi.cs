using Refit;

namespace Monitor.Registry.Api;

/// <summary>
/// Quay's REST API (<c>/api/v1</c>, anonymous for public repositories): a repository's tags with their digests and lifetimes,
/// newest first, <c>limit</c> (at most 100) per page. Bodies come back raw for size caps; parse with <see cref="Quay.QuayTagPage"/>.
/// </summary>
public interface IQuayApi
{
    /// <param name="onlyActiveTags"><c>true</c>: the tags as they are now; <c>false</c>: every past assignment too.</param>
    /// <param name="specificTag">Only this tag's entries; null for all tags.</param>
    [Get("/api/v1/repository/{ns}/{name}/tag/")]
    [Headers("Accept: application/json")]
    Task<HttpResponseMessage> ListTagsAsync(
        string ns,
        string name,
        string onlyActiveTags,
        int limit,
        int page,
        string? specificTag,
        [Property(RegistryRequestOptions.RegistryName)] string registry,
        CancellationToken cancellationToken);
}
