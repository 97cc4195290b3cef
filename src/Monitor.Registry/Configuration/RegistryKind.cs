namespace Monitor.Registry.Configuration;

/// <summary>
/// Which registry a host is, for what it knows beyond the OCI API (batch listings, push times, tag history). Detected from
/// the host name (<see cref="RegistryKinds.ByHost"/>); <c>Registries:Hosts:&lt;key&gt;:Kind</c> overrides it.
/// </summary>
public enum RegistryKind
{
    /// <summary>Any OCI registry: one HEAD per tag, no push times, no history.</summary>
    Generic,

    /// <summary><c>docker.io</c>: the Hub tag API (digests and <c>tag_last_pushed</c>, 100 tags per page).</summary>
    DockerHub,

    /// <summary><c>gcr.io</c>, <c>*.gcr.io</c>, <c>*-docker.pkg.dev</c>: <c>tags/list</c> with its <c>manifest</c> map.</summary>
    Gcr,

    /// <summary><c>quay.io</c>: the tag API (digests and <c>start_ts</c>, 100 tags per page) and tag history.</summary>
    Quay,

    /// <summary><c>cgr.dev</c>: the tag history API.</summary>
    Chainguard,

    /// <summary><c>mcr.microsoft.com</c>: the catalog API's <c>lastModifiedDate</c>.</summary>
    Mcr,

    /// <summary><c>ghcr.io</c>: GitHub's package versions API (<c>created_at</c>), with a token that has <c>read:packages</c>.</summary>
    Ghcr,
}
