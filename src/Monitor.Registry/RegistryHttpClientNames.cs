namespace Monitor.Registry;

/// <summary>Names of the HTTP clients <see cref="RegistryServiceCollectionExtensions.AddMonitorRegistry"/> registers.</summary>
public static class RegistryHttpClientNames
{
    /// <summary>OCI distribution API calls (auth, limits, resilience).</summary>
    public const string Registry = "Monitor.Registry";

    /// <summary>Token service calls.</summary>
    public const string Token = "Monitor.Registry.Token";

    /// <summary>Registries' own web APIs beside the OCI API (Quay's tag API, MCR's catalog, GitHub's REST API): limits and resilience, no registry token challenge.</summary>
    public const string VendorApi = "Monitor.Registry.VendorApi";
}
