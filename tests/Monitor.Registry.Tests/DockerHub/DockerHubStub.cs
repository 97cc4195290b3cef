using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Monitor.Core.References;
using Monitor.Registry.Manifests;
using Monitor.Registry.Tests.Support;

namespace Monitor.Registry.Tests.DockerHub;

/// <summary>
/// Recorded-style responses written by hand after the documented shapes: the Hub tag API
/// (<c>/v2/namespaces/{ns}/repositories/{repo}/tags</c>), registry-1.docker.io with its Bearer challenge and
/// ratelimit headers, and auth.docker.io's token endpoint.
/// </summary>
internal sealed class DockerHubStub
{
    public const string HubHost = "hub.stub.test";

    public DockerHubStub(int tagCount)
    {
        Tags = [.. Enumerable.Range(0, tagCount).Select(i => $"3.{i:000}-slim")];
        Handler = new StubHandler(Respond);
    }

    public IReadOnlyList<string> Tags { get; }

    public StubHandler Handler { get; }

    /// <summary>Tags the Hub API leaves out (as if its index lagged).</summary>
    public HashSet<string> MissingFromHub { get; } = [];

    /// <summary>Tags the Hub API lists with a malformed digest.</summary>
    public HashSet<string> BadDigestOnHub { get; } = [];

    public HttpStatusCode? HubFailure { get; set; }

    public int HubRequests => Handler.CountHost(HubHost);

    public int RegistryRequests => Handler.CountHost("registry-1.docker.io");

    public int TokenRequests => Handler.CountHost("auth.docker.io");

    public static Sha256Digest DigestOf(string tag) => Sha256Digest.Compute(System.Text.Encoding.UTF8.GetBytes("python:" + tag));

    private HttpResponseMessage Respond(HttpRequestMessage request)
    {
        var uri = request.RequestUri!;
        return uri.Host switch
        {
            HubHost => HubPage(uri),
            "auth.docker.io" => Responses.Json(new { token = "hub-token", access_token = "hub-token", expires_in = 300, issued_at = DateTimeOffset.UtcNow }),
            "registry-1.docker.io" => Registry(request),
            _ => Responses.Status(HttpStatusCode.NotFound),
        };
    }

    private HttpResponseMessage HubPage(Uri uri)
    {
        if (HubFailure is { } failure)
        {
            return Responses.Status(failure);
        }

        if (uri.AbsolutePath != "/v2/namespaces/library/repositories/python/tags")
        {
            return Responses.Json(new { message = "object not found" }, HttpStatusCode.NotFound);
        }

        var query = QueryHelpers.ParseQuery(uri.Query);
        var size = int.Parse(query["page_size"]!, System.Globalization.CultureInfo.InvariantCulture);
        var page = int.Parse(query["page"]!, System.Globalization.CultureInfo.InvariantCulture);
        var results = Tags.Skip((page - 1) * size).Take(size)
            .Where(tag => !MissingFromHub.Contains(tag))
            .Select(tag => new Dictionary<string, object?>
            {
                ["creator"] = 7,
                ["id"] = tag.GetHashCode(StringComparison.Ordinal),
                ["images"] = new[]
                {
                    new { architecture = "amd64", features = "", variant = (string?)null, digest = Responses.RandomDigest().Value, os = "linux", size = 41_000_000, status = "active", last_pushed = "2026-01-02T03:04:05.123456Z" },
                    new { architecture = "arm64", features = "", variant = (string?)"v8", digest = Responses.RandomDigest().Value, os = "linux", size = 40_000_000, status = "active", last_pushed = "2026-01-02T03:04:06.123456Z" },
                },
                ["last_updated"] = "2026-01-02T03:04:07.123456Z",
                ["last_updater"] = 1156886,
                ["last_updater_username"] = "doijanky",
                ["name"] = tag,
                ["repository"] = 36,
                ["full_size"] = 41_000_000,
                ["v2"] = true,
                ["tag_status"] = "active",
                ["tag_last_pulled"] = "2026-01-03T00:00:00Z",
                ["tag_last_pushed"] = "2026-01-02T03:04:07.123456Z",
                ["media_type"] = ManifestMediaTypes.OciIndex,
                ["content_type"] = "image",
                ["digest"] = BadDigestOnHub.Contains(tag) ? "sha256:BAD" : DigestOf(tag).Value,
            })
            .ToList();
        var more = page * size < Tags.Count;
        return Responses.Json(new
        {
            count = Tags.Count,
            next = more ? $"https://{HubHost}/v2/namespaces/library/repositories/python/tags?page={page + 1}&page_size={size}" : null,
            previous = page > 1 ? $"https://{HubHost}/v2/namespaces/library/repositories/python/tags?page={page - 1}&page_size={size}" : null,
            results,
        });
    }

    private HttpResponseMessage Registry(HttpRequestMessage request)
    {
        if (request.Headers.Authorization is not { Scheme: "Bearer", Parameter: "hub-token" })
        {
            return Responses.Challenge("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/python:pull\"");
        }

        var tag = request.RequestUri!.AbsolutePath.Split('/')[^1];
        if (!Tags.Contains(tag))
        {
            return Responses.Json(new { errors = new[] { new { code = "MANIFEST_UNKNOWN" } } }, HttpStatusCode.NotFound);
        }

        var response = Responses.ManifestHead(DigestOf(tag));
        response.Headers.TryAddWithoutValidation("ratelimit-limit", "100;w=21600");
        response.Headers.TryAddWithoutValidation("ratelimit-remaining", "87;w=21600");
        return response;
    }
}
