using System.Diagnostics.CodeAnalysis;

namespace Monitor.Core.References;

/// <summary>
/// A normalised container image reference, parsed exactly like Docker's <c>ParseNormalizedNamed</c>
/// (github.com/distribution/reference): <c>python:3.13-slim</c> → <c>docker.io/library/python:3.13-slim</c>, with the
/// registry in its canonical form (<see cref="RegistryName"/>).
/// </summary>
public sealed record ImageReference
{
    /// <summary>The normalised name of Docker Hub.</summary>
    public const string DockerHub = "docker.io";

    /// <summary>The tag a reference without tag or digest stands for.</summary>
    public const string DefaultTag = "latest";

    /// <summary>Docker's limit on the repository path (domain excluded).</summary>
    public const int MaxRepositoryLength = 255;

    internal ImageReference(string registry, string repository, string? tag, Sha256Digest? digest)
    {
        Registry = registry;
        Repository = repository;
        Tag = tag;
        Digest = digest;
        Canonical = CanonicalForm(registry, repository, tag, digest);
    }

    /// <summary>Canonical registry host with optional port (<see cref="RegistryName"/>): <c>docker.io</c>, <c>ghcr.io</c>, <c>127.0.0.1:5000</c>, <c>[::1]:5000</c>.</summary>
    public string Registry { get; }

    /// <summary>Repository path within the registry, e.g. <c>library/python</c>.</summary>
    public string Repository { get; }

    public string? Tag { get; }

    public Sha256Digest? Digest { get; }

    /// <summary>Registry and repository without tag or digest: <c>docker.io/library/python</c>.</summary>
    public string Name => CanonicalForm(Registry, Repository, null, null);

    /// <summary>The fully qualified form: <c>docker.io/library/python:3.13-slim</c>, plus <c>@sha256:…</c> when a digest was given.</summary>
    public string Canonical { get; }

    public bool IsDockerHub => Registry == DockerHub;

    /// <summary>What to put after <c>/manifests/</c>: the digest when pinned, else the tag, else <c>latest</c>.</summary>
    public string ManifestReference => Digest?.Value ?? Tag ?? DefaultTag;

    /// <exception cref="ImageReferenceException">The text is not a valid reference; the message names the offending part.</exception>
    public static ImageReference Parse(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return ImageReferenceParser.Parse(reference, out var error) ?? throw error!;
    }

    public static bool TryParse(
        [NotNullWhen(true)] string? reference,
        [NotNullWhen(true)] out ImageReference? result,
        [NotNullWhen(false)] out string? error)
    {
        if (reference is null)
        {
            result = null;
            error = "image reference is empty";
            return false;
        }

        result = ImageReferenceParser.Parse(reference, out var exception);
        error = exception?.Message;
        return result is not null;
    }

    /// <summary>Whether <paramref name="tag"/> follows the tag grammar <c>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}</c>.</summary>
    public static bool IsValidTag(string? tag) => tag is not null && ImageReferenceGrammar.IsValidTag(tag);

    /// <summary>The same repository with this tag (and no digest).</summary>
    public ImageReference WithTag(string tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        return ImageReferenceGrammar.IsValidTag(tag)
            ? new ImageReference(Registry, Repository, tag, null)
            : throw new ImageReferenceException(ImageReferencePart.Tag, ImageReferenceParser.InvalidTagMessage(tag));
    }

    /// <summary>The repository alone, e.g. for listing its tags.</summary>
    public ImageReference WithoutTagOrDigest() => new(Registry, Repository, null, null);

    /// <summary>The tag this reference names (<c>latest</c> when it names none); null when it pins a digest.</summary>
    public TagReference? ToTagReference() => Digest is null ? new TagReference(Registry, Repository, Tag ?? DefaultTag) : null;

    public override string ToString() => Canonical;

    /// <summary>The one place a reference's text is put together (for <see cref="TagReference"/> too).</summary>
    internal static string CanonicalForm(string registry, string repository, string? tag, Sha256Digest? digest) =>
        $"{registry}/{repository}{(tag is null ? "" : ":" + tag)}{(digest is null ? "" : "@" + digest.Value)}";
}
