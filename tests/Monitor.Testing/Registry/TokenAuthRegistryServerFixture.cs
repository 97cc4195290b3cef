namespace Monitor.Testing.Registry;

/// <summary>A registry behind token auth with the in-test <see cref="TokenIssuer"/> (anonymous pulls allowed).</summary>
public sealed class TokenAuthRegistryServerFixture : RegistryServerFixture
{
    protected override RegistryServerOptions Options => new() { Auth = RegistryAuthMode.Token };
}
