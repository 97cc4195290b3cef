using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Monitor.Core.References;
using Monitor.Registry.Api;
using Monitor.Registry.Client;
using Monitor.Registry.Configuration;
using Monitor.Registry.Manifests;
using Monitor.Registry.Vendors;

namespace Monitor.Registry.Ghcr;

/// <summary>
/// Push times of GHCR tags from GitHub's package versions API, on hosts with an <c>ApiToken</c>: the <c>created_at</c> of
/// the version whose name is the tag's current digest. Versions come 100 a page (newest first, as GitHub answers; the
/// reference does not say), read until every digest is found, a short page, or <c>Registries:Ghcr:MaxPages</c>. The owner
/// is tried as an organisation, then as a user; the answer is remembered.
/// </summary>
internal sealed class GhcrPushTimes(RegistryCaller caller, RegistrySettings settings, TimeProvider time, ILogger<GhcrPushTimes> logger) : IPushTimeSource
{
    private const int PageSize = 100;
    private static readonly string[] OwnerKinds = ["orgs", "users"];
    private readonly ConcurrentDictionary<string, string> ownerKinds = new(StringComparer.OrdinalIgnoreCase);

    public bool Applies(ImageReference repository) =>
        settings.Options.Ghcr.Enabled && settings.KindOf(repository.Registry) == RegistryKind.Ghcr
        && settings.ApiToken(repository.Registry) is not null && repository.Repository.Contains('/', StringComparison.Ordinal);

    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> FindAsync(ImageReference repository, IReadOnlyDictionary<string, Sha256Digest> current, CancellationToken cancellationToken)
    {
        var times = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var slash = repository.Repository.IndexOf('/', StringComparison.Ordinal);
        var (owner, package) = (repository.Repository[..slash], repository.Repository[(slash + 1)..]);
        var wanted = current.GroupBy(c => c.Value).ToDictionary(g => g.Key.Value, g => g.Select(c => c.Key).ToList(), StringComparer.Ordinal);
        var kinds = ownerKinds.TryGetValue(owner, out var known) ? [known] : OwnerKinds;
        for (var page = 1; page <= settings.Options.Ghcr.MaxPages && wanted.Count > 0; page++)
        {
            var versions = await ReadPageAsync(repository, owner, package, kinds, page, cancellationToken);
            if (versions is null)
            {
                break;
            }

            kinds = [ownerKinds[owner]];
            var now = time.GetUtcNow();
            foreach (var version in versions)
            {
                if (version?.Name is { } name && wanted.Remove(name, out var tags) && RegistryTimes.FromText(version.CreatedAt, now) is { } created)
                {
                    tags.ForEach(tag => times[tag] = created);
                }
            }

            if (versions.Count < PageSize)
            {
                break;
            }
        }

        return times;
    }

    /// <summary>One page, trying each owner kind until one is not a 404; null when none answers.</summary>
    private async Task<List<GhcrPackageVersion?>?> ReadPageAsync(ImageReference repository, string owner, string package, string[] kinds, int page, CancellationToken cancellationToken)
    {
        var token = settings.ApiToken(repository.Registry)!;
        foreach (var kind in kinds)
        {
            var read = await caller.CallApiAsync<IGitHubPackagesApi, List<GhcrPackageVersion?>>(settings.ApiBaseUri(repository.Registry),
                $"GET GitHub package versions of {repository.Name} (page {page})",
                (api, ct) => api.ListVersionsAsync(kind, owner, package, PageSize, page, token, repository.Registry, ct),
                async (response, ct) => GhcrPackageVersion.Parse(await BoundedContent.ReadAsync(response.Content, settings.Options.MaxTagPageBytes, "GitHub package versions", ct)),
                cancellationToken);
            if (read.Value is { } versions)
            {
                ownerKinds[owner] = kind;
                return versions;
            }

            if (!read.IsNotFound)
            {
                logger.LogDebug("No GHCR push times for {Repository}: {Reason}", repository.Name, read.Failure!.Reason);
                return null;
            }
        }

        logger.LogDebug("No GHCR push times for {Repository}: GitHub knows no such package of an organisation or user", repository.Name);
        return null;
    }
}
