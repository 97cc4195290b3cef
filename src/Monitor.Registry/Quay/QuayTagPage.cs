using System.Text.Json;
using Monitor.Registry.Manifests;

namespace Monitor.Registry.Quay;

/// <summary>One page of Quay's <c>GET /api/v1/repository/{ns}/{repo}/tag/</c> (JSON names: the snake_case of these).</summary>
/// <param name="HasAdditional">Whether another page follows.</param>
internal sealed record QuayTagPage(List<QuayTag?>? Tags, int Page, bool HasAdditional)
{
    private static readonly JsonSerializerOptions Json = new() { MaxDepth = 16, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <exception cref="InvalidRegistryResponseException">The body is not a tag page.</exception>
    public static QuayTagPage Parse(ReadOnlySpan<byte> body) =>
        RegistryJson.Parse<QuayTagPage>(body, Json, "Quay tag page", "Quay tag page is not valid JSON of the expected shape");
}

/// <summary>
/// One assignment of a tag to a manifest. <c>start_ts</c> / <c>end_ts</c>: Unix seconds the assignment began and ended
/// (Quay leaves them out when unknown; an active tag has no <c>end_ts</c>, or one in the future when it expires).
/// <c>is_manifest_list</c>: true for an index or manifest list (Quay names no media type).
/// </summary>
internal sealed record QuayTag(string? Name, string? ManifestDigest, bool? IsManifestList, long? StartTs, long? EndTs);
