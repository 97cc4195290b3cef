using System.Text.Json;
using System.Text.Json.Serialization;
using Monitor.Registry.Manifests;

namespace Monitor.Registry.Gcr;

/// <summary>
/// GCR's and Artifact Registry's <c>GET /v2/{name}/tags/list</c>: besides <c>tags</c>, a <c>manifest</c> map from every stored
/// manifest's digest to its tags and times. GCR writes the numbers as strings, Artifact Registry as numbers
/// (go-containerregistry's <c>pkg/v1/google/list.go</c>); both are read.
/// </summary>
internal sealed record GcrTagList(Dictionary<string, GcrManifestInfo?>? Manifest)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        MaxDepth = 16,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    /// <exception cref="InvalidRegistryResponseException">The body is not a tag list.</exception>
    public static GcrTagList Parse(ReadOnlySpan<byte> body) =>
        RegistryJson.Parse<GcrTagList>(body, Json, "GCR tag list", "GCR tag list is not valid JSON of the expected shape");
}

/// <summary>One manifest of the map (JSON names: the camelCase of these).</summary>
/// <param name="Tag">The tags pointing at this manifest now.</param>
/// <param name="TimeUploadedMs">When this manifest was uploaded, in Unix milliseconds.</param>
internal sealed record GcrManifestInfo(List<string?>? Tag, string? MediaType, long? TimeUploadedMs, long? TimeCreatedMs);
