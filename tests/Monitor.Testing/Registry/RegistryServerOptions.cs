namespace Monitor.Testing.Registry;

public sealed record RegistryServerOptions
{
    public RegistryAuthMode Auth { get; init; } = RegistryAuthMode.Anonymous;

    /// <summary>The account for <see cref="RegistryAuthMode.Basic"/> (and the issuer's account in token mode).</summary>
    public string Username { get; init; } = "monitor";

    public string Password { get; init; } = "s3cret-" + Guid.NewGuid().ToString("N");

    /// <summary>Token mode: whether the issuer hands out pull tokens without credentials (like Docker Hub or GHCR for public images).</summary>
    public bool AnonymousPull { get; init; } = true;

    /// <summary>Token mode: <c>expires_in</c> of issued tokens.</summary>
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromMinutes(5);
}
