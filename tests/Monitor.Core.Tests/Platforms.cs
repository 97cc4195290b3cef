using Monitor.Core.References;

namespace Monitor.Core.Tests;

/// <summary>Child manifest lists of multi-arch indexes; a null digest leaves that platform out.</summary>
internal static class Platforms
{
    public static IReadOnlyList<PlatformDigest> Index(string? amd64 = null, string? arm64 = null)
    {
        var platforms = new List<PlatformDigest>();
        if (amd64 is not null)
        {
            platforms.Add(new PlatformDigest("linux", "amd64", null, Digests.Of(amd64)));
        }

        if (arm64 is not null)
        {
            platforms.Add(new PlatformDigest("linux", "arm64", "v8", Digests.Of(arm64)));
        }

        // Build attestations ride along in real indexes and must never match a platform.
        platforms.Add(new PlatformDigest("unknown", "unknown", null, Digests.Of("sha256:attestation")));
        return platforms;
    }
}
