using System.Text.Json;
using Monitor.Registry.Manifests;

namespace Monitor.Registry.Chainguard;

/// <summary>
/// Chainguard's <c>GET /v2/{org}/{image}/_chainguard/history/{tag}</c>: <c>history[]</c> of {<c>updateTimestamp</c>,
/// <c>digest</c>}, oldest first, at most 1000 entries an answer. Early answers capitalised the keys
/// (<c>UpdateTimestamp</c>, <c>Digest</c>); names are matched without regard to case.
/// </summary>
internal sealed record ChainguardHistoryPage(List<ChainguardHistoryEntry?>? History)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        MaxDepth = 16,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
    };

    /// <exception cref="InvalidRegistryResponseException">The body is not a history.</exception>
    public static ChainguardHistoryPage Parse(ReadOnlySpan<byte> body) =>
        RegistryJson.Parse<ChainguardHistoryPage>(body, Json, "Chainguard tag history", "Chainguard tag history is not valid JSON of the expected shape");
}

/// <param name="UpdateTimestamp">When the tag came to point at <paramref name="Digest"/> (ISO 8601).</param>
internal sealed record ChainguardHistoryEntry(string? UpdateTimestamp, string? Digest);
