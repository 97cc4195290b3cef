using System.Net;
using Monitor.Core.References;

namespace Monitor.Worker.Api;

public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>The shortest <see cref="ApiKey"/> the service starts with.</summary>
    public const int MinimumApiKeyLength = 16;

    /// <summary>Used when <see cref="AllowedRegistries"/> is not configured.</summary>
    public static readonly IReadOnlyList<string> DefaultAllowedRegistries =
    [
        "docker.io", "gcr.io", "*.gcr.io", "*.pkg.dev", "ghcr.io", "quay.io", "cgr.dev", "mcr.microsoft.com",
        "registry.k8s.io", "public.ecr.aws", "registry.gitlab.com",
    ];

    /// <summary>Key required in the <c>X-Api-Key</c> header for mutations; empty disables them.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Registries that watches may be added for through the API (exact registry names, or <c>*.suffix</c> for the names
    /// below a domain), so the API cannot be used to make Monitor probe arbitrary hosts. A configured list replaces
    /// <see cref="DefaultAllowedRegistries"/> (null: not configured; binding into a list with defaults would append).
    /// </summary>
    public List<string>? AllowedRegistries { get; set; }

    /// <summary>How many mutations one client may make per window.</summary>
    public MutationRateLimitOptions MutationRateLimit { get; set; } = new();

    public IReadOnlyList<string> EffectiveAllowedRegistries => AllowedRegistries is { Count: > 0 } configured ? configured : DefaultAllowedRegistries;

    /// <summary>
    /// Whether <paramref name="registry"/>, a canonical registry name (<see cref="ImageReference.Registry"/>), is allowed:
    /// it equals an entry's canonical form, or ends in <c>.</c> and the canonical form of a <c>*.suffix</c> entry's
    /// suffix. A port is part of the name, so <c>gcr.io</c> allows neither <c>gcr.io:443</c> nor <c>x.gcr.io:5000</c>.
    /// </summary>
    public bool IsAllowed(string registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        foreach (var entry in EffectiveAllowedRegistries)
        {
            var (wildcard, name) = ParseEntry(entry);
            if (name is not null && (wildcard ? registry.EndsWith("." + name, StringComparison.Ordinal) : registry == name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An entry as (is it <c>*.suffix</c>, the canonical name or suffix); the name is null when the entry is not valid.</summary>
    internal static (bool Wildcard, string? Name) ParseEntry(string entry) => ParseEntry(entry, out _);

    internal static (bool Wildcard, string? Name) ParseEntry(string entry, out string? error)
    {
        var wildcard = entry.StartsWith("*.", StringComparison.Ordinal);
        var text = wildcard ? entry[2..] : entry;
        if (!RegistryName.TryCanonicalise(text, out var name, out error))
        {
            return (wildcard, null);
        }

        if (wildcard && IPAddress.TryParse(RegistryName.Host(name), out _))
        {
            error = $"a *.suffix entry needs a domain name, not an IP address ({text})";
            return (wildcard, null);
        }

        return (wildcard, name);
    }
}

public sealed class MutationRateLimitOptions
{
    /// <summary>Mutations (adds and removals, refused ones included) one client address may make per <see cref="Window"/>.</summary>
    public int PermitLimit { get; set; } = 60;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
