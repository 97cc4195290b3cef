using System.Text.Json.Serialization;

namespace Monitor.Registry.Auth;

/// <summary>A token service answer (Docker token spec; OAuth2 servers use <c>access_token</c>).</summary>
internal sealed class TokenResponseJson
{
    [JsonPropertyName("token")]
    public string? Token { get; set; }

    [JsonPropertyName("access_token")]
    public string? AccessToken { get; set; }

    [JsonPropertyName("expires_in")]
    public long? ExpiresIn { get; set; }

    [JsonPropertyName("issued_at")]
    public string? IssuedAt { get; set; }
}
