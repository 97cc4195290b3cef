namespace Monitor.Worker.Api;

public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>Key required in the <c>X-Api-Key</c> header for mutations; empty disables them.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Registries that watches may be added for through the API (exact hosts, or <c>*.suffix</c>), so the API cannot
    /// be used to make Monitor probe arbitrary hosts.
    /// </summary>
    public List<string> AllowedRegistries { get; set; } =
    [
        "docker.io", "gcr.io", "*.gcr.io", "*.pkg.dev", "ghcr.io", "quay.io", "cgr.dev", "mcr.microsoft.com",
        "registry.k8s.io", "public.ecr.aws", "registry.gitlab.com",
    ];

    public bool IsAllowed(string registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return AllowedRegistries.Any(allowed => allowed.StartsWith("*.", StringComparison.Ordinal)
            ? registry.EndsWith(allowed[1..], StringComparison.OrdinalIgnoreCase)
            : string.Equals(allowed, registry, StringComparison.OrdinalIgnoreCase));
    }
}
