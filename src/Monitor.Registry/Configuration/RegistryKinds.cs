namespace Monitor.Registry.Configuration;

internal static class RegistryKinds
{
    /// <summary>The kind a registry host is known as; <see cref="RegistryKind.Generic"/> for any other.</summary>
    /// <param name="registry">A registry host, with or without a port.</param>
    public static RegistryKind ByHost(string registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var host = RegistryHostNames.Normalise(registry);
        var colon = host.LastIndexOf(':');
        if (colon > 0 && !host.EndsWith(']'))
        {
            host = host[..colon];
        }

        return host switch
        {
            Monitor.Core.References.ImageReference.DockerHub => RegistryKind.DockerHub,
            "gcr.io" => RegistryKind.Gcr,
            _ when host.EndsWith(".gcr.io", StringComparison.Ordinal) || host.EndsWith("-docker.pkg.dev", StringComparison.Ordinal) => RegistryKind.Gcr,
            "quay.io" => RegistryKind.Quay,
            "cgr.dev" => RegistryKind.Chainguard,
            "mcr.microsoft.com" => RegistryKind.Mcr,
            "ghcr.io" => RegistryKind.Ghcr,
            _ => RegistryKind.Generic,
        };
    }
}
