using System.Text.Json;
using Monitor.Registry.Manifests;

namespace Monitor.Registry.Mcr;

/// <summary>
/// One entry of MCR's <c>GET /api/v1/catalog/{repository}/tags?reg=mar</c>, a JSON array. Microsoft documents neither the
/// endpoint nor its fields; these names are those the users of the endpoint read (see docs/registry.md). Whether
/// <c>digest</c> is a tag's index or one platform's manifest is not said either: Monitor takes a push time only from an
/// entry whose digest is the tag's digest as HEAD reports it.
/// </summary>
internal sealed record McrCatalogTag(string? Name, string? Digest, string? LastModifiedDate)
{
    private static readonly JsonSerializerOptions Json = new() { MaxDepth = 16, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <exception cref="InvalidRegistryResponseException">The body is not an array of catalog entries.</exception>
    public static List<McrCatalogTag?> Parse(ReadOnlySpan<byte> body) =>
        RegistryJson.Parse<List<McrCatalogTag?>>(body, Json, "MCR catalog", "MCR catalog is not a JSON array of tag entries");
}
