using System.Text.Json;
using Monitor.Registry.Manifests;

namespace Monitor.Registry.Ghcr;

/// <summary>
/// One entry of GitHub's "List package versions" answer (a JSON array; JSON names: the snake_case of these). For a
/// container package, <c>name</c> is the version's manifest digest (GitHub's reference shows a placeholder name; the
/// digest is what the API returns for GHCR) and <c>metadata.container.tags</c> its tags.
/// </summary>
internal sealed record GhcrPackageVersion(string? Name, string? CreatedAt)
{
    private static readonly JsonSerializerOptions Json = new() { MaxDepth = 16, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <exception cref="InvalidRegistryResponseException">The body is not an array of package versions.</exception>
    public static List<GhcrPackageVersion?> Parse(ReadOnlySpan<byte> body) =>
        RegistryJson.Parse<List<GhcrPackageVersion?>>(body, Json, "GitHub package versions", "GitHub package versions are not a JSON array of versions");
}
