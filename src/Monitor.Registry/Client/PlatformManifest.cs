using Monitor.Core.References;

namespace Monitor.Registry.Client;

/// <summary>One platform's manifest inside a multi-arch index (or the only one of a single-arch image).</summary>
public sealed record PlatformManifest(string Os, string Architecture, string? Variant, Sha256Digest Digest)
{
    /// <summary><c>linux/arm64/v8</c>.</summary>
    public string Platform => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";
}
