using Refit;

namespace Monitor.Registry.Api;

/// <summary>
/// Docker Hub's tag API (not the registry): one page lists up to 100 tags with their digests and push times.
/// Anonymous for public repositories. The body comes back raw so its size can be capped; parse it with
/// <see cref="DockerHub.DockerHubTagPage.Parse"/>.
/// </summary>
public interface IDockerHubTagSource
{
    [Get("/v2/namespaces/{ns}/repositories/{repository}/tags")]
    Task<HttpResponseMessage> GetTagsAsync(string ns, string repository, [AliasAs("page_size")] int pageSize, int page, CancellationToken cancellationToken);
}
