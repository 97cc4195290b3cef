namespace Monitor.Registry.Auth;

/// <summary>A bearer token and when to stop using it (<see cref="RefreshAt"/> comes shortly before <see cref="ExpiresAt"/>).</summary>
internal sealed record CachedToken(string Value, DateTimeOffset ExpiresAt, DateTimeOffset RefreshAt)
{
    public override string ToString() => $"token (expires {ExpiresAt:O})";
}
