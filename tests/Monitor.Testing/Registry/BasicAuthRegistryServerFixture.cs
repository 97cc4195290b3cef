namespace Monitor.Testing.Registry;

/// <summary>A registry behind htpasswd Basic auth; the account is <c>Server.Options.Username/Password</c>.</summary>
public sealed class BasicAuthRegistryServerFixture : RegistryServerFixture
{
    protected override RegistryServerOptions Options => new() { Auth = RegistryAuthMode.Basic };
}
