using System.Text.RegularExpressions;
using DotNet.Globbing;

namespace Monitor.Worker.Watchlist;

/// <summary>Which of a repository's tags an entry selects; signatures, attestations, SBOMs and digest-like tags never.</summary>
public sealed partial class TagFilter
{
    private readonly HashSet<string> exact;
    private readonly List<Glob> globs;
    private readonly Regex? regex;

    public TagFilter(WatchEntryOptions entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        exact = [.. entry.Tags];
        globs = entry.Include.Select(pattern => Glob.Parse(pattern)).ToList();
        regex = string.IsNullOrEmpty(entry.Regex) ? null : new Regex(entry.Regex, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    public bool HasPatterns => globs.Count > 0 || regex is not null;

    public bool Matches(string tag) =>
        exact.Contains(tag) ||
        (!IsArtifactTag(tag) && (globs.Any(glob => glob.IsMatch(tag)) || (regex?.IsMatch(tag) ?? false)));

    /// <summary>cosign/notation signature, attestation and SBOM tags, and tags that are just a digest.</summary>
    public static bool IsArtifactTag(string tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        return ArtifactTag().IsMatch(tag);
    }

    [GeneratedRegex(@"^(sha256-[0-9a-f]{64}(\..+)?|[0-9a-f]{64}|.*\.(sig|att|sbom))$", RegexOptions.CultureInvariant)]
    private static partial Regex ArtifactTag();
}
