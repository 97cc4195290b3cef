namespace Monitor.Registry.Configuration;

/// <summary>
/// How Monitor talks to registries (configuration section <c>Registries</c>). Every value has a default
/// that works anonymously against public registries; see docs in <see cref="RegistryHostOptions"/> for credentials.
/// </summary>
public sealed class RegistryOptions
{
    public const string SectionName = "Registries";

    /// <summary>Per-registry settings keyed by registry host (<c>Registries:Hosts:ghcr.io:Username</c>).</summary>
    public Dictionary<string, RegistryHostOptions> Hosts { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Registries (host[:port]) reached over plain HTTP although they are not on loopback.</summary>
    public List<string> Insecure { get; } = [];

    /// <summary>
    /// Docker <c>config.json</c> to read <c>auths.&lt;host&gt;.auth</c> credentials from. Unset: <c>$DOCKER_CONFIG/config.json</c>,
    /// else <c>~/.docker/config.json</c>; a missing file is fine. Empty string: do not read one.
    /// </summary>
    public string? DockerConfigPath { get; set; }

    /// <summary>Concurrent requests per registry host.</summary>
    public int MaxConcurrency { get; set; } = 8;

    /// <summary>Requests per second per registry host.</summary>
    public double RequestsPerSecond { get; set; } = 20;

    /// <summary>Per-attempt timeout (one HTTP exchange, body included).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Timeout of one logical request, retries included.</summary>
    public TimeSpan TotalRequestTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Retries of transient failures (5xx, timeouts, connection errors); never 4xx.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First retry delay; doubles per attempt, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a request may wait for a registry's 429 pause to end; longer pauses fail fast as rate limited.</summary>
    public TimeSpan MaxRetryAfterWait { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The pause after a 429 that names no Retry-After.</summary>
    public TimeSpan DefaultRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    public RegistryCircuitBreakerOptions CircuitBreaker { get; set; } = new();

    /// <summary>Largest manifest or index body accepted.</summary>
    public int MaxManifestBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Largest token response or image config blob accepted.</summary>
    public int MaxSmallBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest tag list page (and Docker Hub tag page) accepted.</summary>
    public int MaxTagPageBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>The <c>n</c> of <c>/tags/list</c> pages.</summary>
    public int TagPageSize { get; set; } = 1000;

    /// <summary>Stop following tag list pages after this many (guards against endless Link loops).</summary>
    public int MaxTagPages { get; set; } = 1000;

    public DockerHubOptions DockerHub { get; set; } = new();

    /// <summary>GCR / Artifact Registry: digests and upload times of a whole repository from one <c>tags/list</c>.</summary>
    public VendorApiOptions Gcr { get; set; } = new();

    /// <summary>Quay's tag API: digests and push times of up to 100 tags per page; and tag history.</summary>
    public VendorApiOptions Quay { get; set; } = new();

    /// <summary>MCR's catalog: push times (<c>lastModifiedDate</c>) of a repository's tags, one request per repository and cycle.</summary>
    public VendorApiOptions Mcr { get; set; } = new();

    /// <summary>GitHub's package versions API: push times (<c>created_at</c>) on GHCR hosts that have an <c>ApiToken</c>.</summary>
    public VendorApiOptions Ghcr { get; set; } = new() { MaxPages = 5 };

    /// <summary>Pages of a tag's history read at most (Chainguard: 1000 entries a page, Quay: 100); more is a failure, not a partial history.</summary>
    public int MaxHistoryPages { get; set; } = 50;

    public string UserAgent { get; set; } = "monitor/1.0 (+https://github.com/monitor; container image rebuild cadence)";
}
