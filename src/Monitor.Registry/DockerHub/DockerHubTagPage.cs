using System.Text.Json;
using Monitor.Registry.Manifests;

namespace Monitor.Registry.DockerHub;

/// <summary>One page of <c>GET /v2/namespaces/{ns}/repositories/{repo}/tags</c> (JSON names: the snake_case of these).</summary>
/// <param name="Next">URL of the next page; null on the last.</param>
public sealed record DockerHubTagPage(int Count, string? Next, IReadOnlyList<DockerHubTag>? Results)
{
    private static readonly JsonSerializerOptions Json = new() { MaxDepth = 16, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <exception cref="InvalidRegistryResponseException">The body is not a tag page.</exception>
    public static DockerHubTagPage Parse(ReadOnlySpan<byte> body) =>
        RegistryJson.Parse<DockerHubTagPage>(body, Json, "Docker Hub tag page", "Docker Hub tag page is not valid JSON of the expected shape");
}
