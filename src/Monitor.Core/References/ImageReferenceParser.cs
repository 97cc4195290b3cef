namespace Monitor.Core.References;

/// <summary>
/// Docker's <c>ParseNormalizedNamed</c> (github.com/distribution/reference, normalize.go and reference.go)
/// with one error message per offending part instead of a generic "invalid reference format", and one deliberate
/// difference: the registry is written in its canonical form (<see cref="RegistryName"/>), so <c>GCR.IO/x</c> is
/// <c>gcr.io/x</c>, and registry hosts another parser could read as a different address are refused.
/// </summary>
internal static class ImageReferenceParser
{
    /// <summary>Far above any valid reference (255-character path + host + 128-character tag + digest); bounds the work done on hostile input.</summary>
    internal const int MaxInputLength = 1024;

    private const string LegacyDockerHub = "index.docker.io";
    private const string Localhost = "localhost";
    private const string OfficialRepositoryPrefix = "library/";
    private const int MaxTagLength = 128;

    public static ImageReference? Parse(string text, out ImageReferenceException? error)
    {
        error = Validate(text, out var reference);
        return reference;
    }

    internal static string InvalidTagMessage(string tag) =>
        tag.Length > MaxTagLength
            ? $"tag ({tag}) is longer than {MaxTagLength} characters"
            : $"tag ({tag}) is invalid: a tag is letters, digits, '_', '.' and '-', and must not start with '.' or '-'";

    private static ImageReferenceException? Validate(string text, out ImageReference? reference)
    {
        reference = null;
        if (text.Length == 0)
        {
            return new(ImageReferencePart.Reference, "image reference is empty");
        }

        if (text.Length > MaxInputLength)
        {
            return new(ImageReferencePart.Reference, $"image reference is longer than {MaxInputLength} characters");
        }

        if (ImageReferenceGrammar.IsIdentifier(text))
        {
            return new(ImageReferencePart.Repository,
                $"invalid repository name ({text}), cannot specify 64-byte hexadecimal strings (that is an image ID, not a name)");
        }

        // The registry is canonical before Docker Hub's names are recognised (DOCKER.IO is docker.io); its error, if
        // any, comes after the repository's case, as Docker checks them.
        var (domain, remainder) = SplitDockerDomain(text);
        string? registry = ImageReference.DockerHub;
        string? registryError = null;
        if (domain is not null)
        {
            registry = RegistryName.TryCanonicalise(domain, out var canonical, out registryError)
                ? (canonical == LegacyDockerHub ? ImageReference.DockerHub : canonical)
                : null;
        }

        if (registry == ImageReference.DockerHub && !remainder.Contains('/', StringComparison.Ordinal))
        {
            remainder = OfficialRepositoryPrefix + remainder;
        }

        var (path, tag, digestText) = SplitRemainder(remainder);
        if (!string.Equals(path.ToLowerInvariant(), path, StringComparison.Ordinal))
        {
            return new(ImageReferencePart.Repository, $"repository name ({path}) must be lowercase");
        }

        if (registry is null)
        {
            return new(ImageReferencePart.Registry, registryError!);
        }

        if (domain is not null && !IsHostInLowercase(registry))
        {
            return new(ImageReferencePart.Registry,
                $"registry host ({domain}) is a host only by its capitals: in lowercase, the canonical form, it would be a Docker Hub namespace; give its domain or port (e.g. {registry}.local:5000)");
        }

        if (ValidatePath(path) is { } pathError)
        {
            return pathError;
        }

        if (tag is not null && !ImageReferenceGrammar.IsValidTag(tag))
        {
            return new(ImageReferencePart.Tag, InvalidTagMessage(tag));
        }

        Sha256Digest? digest = null;
        if (digestText is not null && !TryParseDigest(digestText, out digest, out var digestError))
        {
            return new(ImageReferencePart.Digest, digestError);
        }

        reference = new ImageReference(registry, path, tag, digest);
        return null;
    }

    /// <summary>
    /// Docker's rule: the first component is a registry host only when it is <c>localhost</c>, contains
    /// <c>.</c> or <c>:</c>, or has uppercase letters (repository paths are lowercase, so it cannot be one).
    /// Returns that host as written (null for Docker Hub) and the rest.
    /// </summary>
    private static (string? Domain, string Remainder) SplitDockerDomain(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return (null, text);
        }

        var first = text[..slash];
        return first == Localhost || first.AsSpan().IndexOfAny('.', ':') >= 0 || !string.Equals(first.ToLowerInvariant(), first, StringComparison.Ordinal)
            ? (first, text[(slash + 1)..])
            : (null, text);
    }

    /// <summary>Whether the canonical (lowercase) registry still reads as a host, so the canonical reference parses back to itself.</summary>
    private static bool IsHostInLowercase(string registry) => registry == Localhost || registry.AsSpan().IndexOfAny('.', ':') >= 0;

    /// <summary>Path characters exclude ':' and '@', so the first '@' starts the digest and the first ':' before it the tag.</summary>
    private static (string Path, string? Tag, string? Digest) SplitRemainder(string remainder)
    {
        var at = remainder.IndexOf('@', StringComparison.Ordinal);
        var beforeDigest = at < 0 ? remainder : remainder[..at];
        var digest = at < 0 ? null : remainder[(at + 1)..];
        var colon = beforeDigest.IndexOf(':', StringComparison.Ordinal);
        return colon < 0
            ? (beforeDigest, null, digest)
            : (beforeDigest[..colon], beforeDigest[(colon + 1)..], digest);
    }

    private static ImageReferenceException? ValidatePath(string path)
    {
        foreach (var component in path.Split('/'))
        {
            if (component.Length == 0)
            {
                return new(ImageReferencePart.Repository, $"repository name ({path}) has an empty path component");
            }

            if (!ImageReferenceGrammar.IsValidPathComponent(component))
            {
                return new(ImageReferencePart.Repository,
                    $"repository name component ({component}) is invalid: lowercase letters and digits, separated by '.', '_', '__' or dashes, and must not start or end with a separator");
            }
        }

        return path.Length > ImageReference.MaxRepositoryLength
            ? new(ImageReferencePart.Repository,
                $"repository name ({path[..40]}…) must not be more than {ImageReference.MaxRepositoryLength} characters")
            : null;
    }

    private static bool TryParseDigest(string text, out Sha256Digest? digest, out string error)
    {
        digest = null;
        error = "";
        if (!ImageReferenceGrammar.IsWellFormedDigest(text))
        {
            error = $"digest ({text}) is invalid: expected sha256:<64 hex digits>";
            return false;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var algorithm = text[..colon];
        var hex = text[(colon + 1)..];
        if (algorithm != "sha256")
        {
            error = $"digest algorithm ({algorithm}) is not supported: only sha256 digests are accepted";
            return false;
        }

        if (hex.Length != 64)
        {
            error = $"digest ({text}) has the wrong length: sha256 takes 64 hex digits, not {hex.Length}";
            return false;
        }

        if (!Sha256Digest.TryParse(text, out digest))
        {
            error = $"digest ({text}) is invalid: sha256 hex digits must be lowercase";
            return false;
        }

        return true;
    }
}
