namespace Monitor.Registry.Configuration;

/// <summary>
/// Settings of one registry, e.g. <c>Registries:Hosts:ghcr.io:Username</c> or the environment variable
/// <c>Registries__Hosts__ghcr.io__Password</c>. Configuration keys cannot contain <c>:</c>, so a registry
/// with a port uses any key plus <see cref="Host"/>: <c>Registries:Hosts:lan:Host = registry.lan:5000</c>.
/// </summary>
public sealed class RegistryHostOptions
{
    /// <summary>The registry host[:port] when it differs from the configuration key.</summary>
    public string? Host { get; set; }

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>Use plain HTTP (loopback registries always do).</summary>
    public bool Insecure { get; set; }

    /// <summary>Overrides <see cref="RegistryOptions.MaxConcurrency"/> for this registry.</summary>
    public int? MaxConcurrency { get; set; }

    /// <summary>Overrides <see cref="RegistryOptions.RequestsPerSecond"/> for this registry.</summary>
    public double? RequestsPerSecond { get; set; }

    /// <summary>Which registry this is (what it knows beyond the OCI API); unset: detected from the host name.</summary>
    public RegistryKind? Kind { get; set; }

    /// <summary>
    /// Base URL of the registry's own web API: Quay's tag API and MCR's catalog (default: the registry itself), GitHub's REST
    /// API for GHCR (default <c>https://api.github.com/</c>).
    /// </summary>
    public Uri? ApiBaseUrl { get; set; }

    /// <summary>GHCR only: a GitHub token with <c>read:packages</c> for the package versions API (push times). Never logged.</summary>
    public string? ApiToken { get; set; }

    public override string ToString() =>
        $"{Host ?? "(key)"} user={(string.IsNullOrEmpty(Username) ? "-" : Username)} password={(string.IsNullOrEmpty(Password) ? "-" : "***")}"
        + $" kind={Kind?.ToString() ?? "-"} apiToken={(string.IsNullOrEmpty(ApiToken) ? "-" : "***")}";
}
