namespace Monitor.Testing.Registry;

/// <summary>What runs the distribution registry for a <see cref="RegistryServer"/>.</summary>
public enum RegistryBackendKind
{
    /// <summary>The <c>docker-registry</c> binary (Debian package <c>docker-registry</c>, CNCF distribution 2.8).</summary>
    LocalBinary,

    /// <summary>The <c>registry:2</c> image through Testcontainers.</summary>
    Container,
}
