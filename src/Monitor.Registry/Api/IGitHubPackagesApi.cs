using Refit;

namespace Monitor.Registry.Api;

/// <summary>
/// GitHub's REST API for GHCR packages: "List package versions for a package owned by an organization" (<c>orgs</c>) or
/// "… by a user" (<c>users</c>); needs a token with <c>read:packages</c>. The package is the repository
/// path after the owner, escaped (<c>a/b</c> → <c>a%2Fb</c>).
/// </summary>
public interface IGitHubPackagesApi
{
    /// <param name="ownerKind"><c>orgs</c> or <c>users</c>.</param>
    [Get("/{ownerKind}/{owner}/packages/container/{package}/versions")]
    [Headers("Accept: application/vnd.github+json", "X-GitHub-Api-Version: 2022-11-28")]
    Task<HttpResponseMessage> ListVersionsAsync(
        string ownerKind,
        string owner,
        string package,
        [AliasAs("per_page")] int perPage,
        int page,
        [Authorize("Bearer")] string token,
        [Property(RegistryRequestOptions.RegistryName)] string registry,
        CancellationToken cancellationToken);
}
