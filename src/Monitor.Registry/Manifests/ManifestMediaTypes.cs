namespace Monitor.Registry.Manifests;

/// <summary>The manifest media types Monitor asks for and accepts.</summary>
public static class ManifestMediaTypes
{
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";

    /// <summary>
    /// All four, indexes first: without the index types a registry may answer with one platform's manifest,
    /// and distribution even answers 404 when the stored type is missing from Accept.
    /// </summary>
    public const string AcceptHeader = OciIndex + ", " + OciManifest + ", " + DockerManifestList + ", " + DockerManifest;

    public static bool IsKnown(string? mediaType) =>
        mediaType is OciIndex or OciManifest or DockerManifestList or DockerManifest;

    public static bool IsIndex(string? mediaType) => mediaType is OciIndex or DockerManifestList;
}
