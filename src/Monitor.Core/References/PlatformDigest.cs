namespace Monitor.Core.References;

/// <summary>
/// One platform's manifest inside a multi-arch index (or the only one of a single-arch image), from the registry's
/// answer through the database to the API.
/// </summary>
public sealed record PlatformDigest
{
    /// <param name="variant">E.g. <c>v8</c>; null or empty when the platform has none (kept as null).</param>
    public PlatformDigest(string os, string architecture, string? variant, Sha256Digest digest)
    {
        ArgumentException.ThrowIfNullOrEmpty(os);
        ArgumentException.ThrowIfNullOrEmpty(architecture);
        ArgumentNullException.ThrowIfNull(digest);
        (Os, Architecture, Variant, Digest) = (os, architecture, string.IsNullOrEmpty(variant) ? null : variant, digest);
    }

    /// <summary>E.g. <c>linux</c>.</summary>
    public string Os { get; }

    /// <summary>E.g. <c>amd64</c>, <c>arm64</c>.</summary>
    public string Architecture { get; }

    /// <summary>E.g. <c>v8</c>; null when the platform has none.</summary>
    public string? Variant { get; }

    /// <summary>The platform's own manifest.</summary>
    public Sha256Digest Digest { get; }

    /// <summary><c>linux/amd64</c>, <c>linux/arm64/v8</c>.</summary>
    public string Platform => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";
}
