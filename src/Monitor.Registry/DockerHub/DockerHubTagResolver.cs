using Microsoft.Extensions.Logging;
using Monitor.Core.References;
using Monitor.Registry.Api;
using Monitor.Registry.Client;
using Monitor.Registry.Configuration;
using Monitor.Registry.Manifests;
using Monitor.Registry.Observability;
using Monitor.Registry.Vendors;

namespace Monitor.Registry.DockerHub;

/// <summary>
/// Reads the digests of several tags of one Docker Hub repository from the Hub tag API, 100 tags per
/// request, stopping as soon as every wanted tag is found. Anything it cannot vouch for is left out, so
/// the caller falls back to a registry HEAD for it. Each result carries the timing of the page that listed it.
/// </summary>
internal sealed class DockerHubTagResolver(
    IDockerHubTagSource hub,
    RegistrySettings settings,
    IRegistryRequestObserver observer,
    TimeProvider time,
    ILogger<DockerHubTagResolver> logger) : ITagListing
{
    public bool Applies(ImageReference repository, int wantedTags)
    {
        var options = settings.Options.DockerHub;
        return options.UseTagApi && settings.KindOf(repository.Registry) == RegistryKind.DockerHub && wantedTags >= options.MinimumTags && Split(repository) is not null;
    }

    /// <returns>Found results keyed by tag; tags missing here were not found or not trustworthy.</returns>
    public async Task<IReadOnlyDictionary<string, ResolveResult.Found>> FindAsync(ImageReference repository, IReadOnlySet<string> wanted, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, ResolveResult.Found>(StringComparer.Ordinal);
        if (Split(repository) is not var (ns, name))
        {
            return found;
        }

        var options = settings.Options;
        for (var page = 1; page <= options.DockerHub.MaxPages; page++)
        {
            var sentAt = time.GetUtcNow();
            var tags = await ReadPageAsync(ns, name, page, cancellationToken);
            if (tags is null)
            {
                break;
            }

            var timing = new RequestTiming(sentAt, time.GetUtcNow());

            foreach (var tag in tags.Results ?? [])
            {
                if (tag.Name is { } tagName && wanted.Contains(tagName) && Sha256Digest.TryParse(tag.Digest, out var digest)
                    && ManifestMediaTypes.IsKnown(tag.MediaType))
                {
                    found[tagName] = new ResolveResult.Found(repository.WithTag(tagName), digest, tag.MediaType!, null, ImageCreated.Parse(tag.TagLastPushed), timing);
                }
            }

            if (found.Count == wanted.Count || string.IsNullOrEmpty(tags.Next))
            {
                break;
            }
        }

        logger.LogDebug("Docker Hub tag API gave {Found} of {Wanted} tags of {Repository}", found.Count, wanted.Count, repository.Name);
        return found;
    }

    private async Task<DockerHubTagPage?> ReadPageAsync(string ns, string name, int page, CancellationToken cancellationToken)
    {
        var options = settings.Options;
        var started = time.GetTimestamp();
        var outcome = RegistryRequestOutcome.InvalidResponse;
        int? status = null;
        using var timeout = new CancellationTokenSource(options.TotalRequestTimeout + options.MaxRetryAfterWait, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await hub.GetTagsAsync(ns, name, options.DockerHub.PageSize, page, linked.Token);
            status = RegistryCaller.Answered(response) ? (int)response.StatusCode : null;
            outcome = response.StatusCode switch
            {
                System.Net.HttpStatusCode.OK => RegistryRequestOutcome.Ok,
                System.Net.HttpStatusCode.NotFound => RegistryRequestOutcome.NotFound,
                System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden => RegistryRequestOutcome.Unauthorized,
                System.Net.HttpStatusCode.TooManyRequests => RegistryRequestOutcome.RateLimited,
                >= System.Net.HttpStatusCode.InternalServerError => RegistryRequestOutcome.ServerError,
                _ => RegistryRequestOutcome.InvalidResponse,
            };
            if (outcome != RegistryRequestOutcome.Ok)
            {
                logger.LogDebug("Docker Hub tag API answered {Status} for {Namespace}/{Repository} page {Page}; falling back to HEAD", (int)response.StatusCode, ns, name, page);
                return null;
            }

            var body = await BoundedContent.ReadAsync(response.Content, options.MaxTagPageBytes, "Docker Hub tag page", linked.Token);
            var parsed = DockerHubTagPage.Parse(body);
            return parsed;
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw;
        }
        catch (Exception e) when (Classify(e) is { } failed)
        {
            outcome = failed;
            logger.LogDebug("Docker Hub tag API failed for {Namespace}/{Repository} page {Page} ({Outcome}); falling back to HEAD", ns, name, page, outcome.ToTagValue());
            return null;
        }
        finally
        {
            observer.RequestCompleted(new RegistryRequestRecord(ServerEndpoint.Of(options.DockerHub.ApiBaseUrl), "GET", status, outcome, time.GetElapsedTime(started)));
        }
    }

    /// <summary>What a failed page read counts as; Refit wraps handler exceptions, so the chain is searched.</summary>
    private static RegistryRequestOutcome? Classify(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case InvalidRegistryResponseException:
                    return RegistryRequestOutcome.InvalidResponse;
                case Polly.CircuitBreaker.BrokenCircuitException:
                    return RegistryRequestOutcome.CircuitOpen;
                case Polly.Timeout.TimeoutRejectedException or OperationCanceledException:
                    return RegistryRequestOutcome.Timeout;
            }
        }

        return exception is HttpRequestException || exception.InnerException is HttpRequestException ? RegistryRequestOutcome.ServerError : null;
    }

    /// <summary><c>library/python</c> → (library, python); Hub repositories have exactly two path components.</summary>
    private static (string Namespace, string Name)? Split(ImageReference repository)
    {
        var parts = repository.Repository.Split('/');
        return parts.Length == 2 ? (parts[0], parts[1]) : null;
    }
}
