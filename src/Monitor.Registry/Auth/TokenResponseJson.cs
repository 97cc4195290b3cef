using System.Text.Json;

namespace Monitor.Registry.Auth;

/// <summary>A token service answer (Docker token spec; OAuth2 servers use <c>access_token</c>); JSON names: the snake_case of these.</summary>
internal sealed record TokenResponseJson(string? Token, string? AccessToken, long? ExpiresIn, string? IssuedAt)
{
    public static JsonSerializerOptions Options { get; } = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}
