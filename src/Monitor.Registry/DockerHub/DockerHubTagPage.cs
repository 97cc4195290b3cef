using System.Text.Json;
using System.Text.Json.Serialization;
using Monitor.Registry.Manifests;

namespace Monitor.Registry.DockerHub;

/// <summary>One page of <c>GET /v2/namespaces/{ns}/repositories/{repo}/tags</c>.</summary>
public sealed class DockerHubTagPage
{
    private static readonly JsonSerializerOptions Json = new() { MaxDepth = 16 };

    [JsonPropertyName("count")]
    public int Count { get; set; }

    /// <summary>URL of the next page; null on the last.</summary>
    [JsonPropertyName("next")]
    public string? Next { get; set; }

    [JsonPropertyName("results")]
    public IReadOnlyList<DockerHubTag>? Results { get; set; }

    /// <exception cref="InvalidRegistryResponseException">The body is not a tag page.</exception>
    public static DockerHubTagPage Parse(ReadOnlySpan<byte> body)
    {
        try
        {
            return JsonSerializer.Deserialize<DockerHubTagPage>(body, Json)
                ?? throw new InvalidRegistryResponseException("Docker Hub tag page is JSON null");
        }
        catch (JsonException)
        {
            throw new InvalidRegistryResponseException("Docker Hub tag page is not valid JSON of the expected shape");
        }
    }
}
