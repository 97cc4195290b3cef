namespace Monitor.Core.References;

/// <summary>
/// A watched tag's identity: registry, repository and tag (never a digest), as the database, the poll, the API and the
/// metrics name it. Made from a parsed <see cref="ImageReference"/> or from a row written from one.
/// </summary>
public sealed record TagReference
{
    public TagReference(string registry, string repository, string tag)
    {
        ArgumentException.ThrowIfNullOrEmpty(registry);
        ArgumentException.ThrowIfNullOrEmpty(repository);
        ArgumentException.ThrowIfNullOrEmpty(tag);
        (Registry, Repository, Tag) = (registry, repository, tag);
        Canonical = ImageReference.CanonicalForm(registry, repository, tag, digest: null);
    }

    /// <summary>As in <see cref="ImageReference.Registry"/>: <c>docker.io</c>, <c>127.0.0.1:5000</c>.</summary>
    public string Registry { get; }

    /// <summary>As in <see cref="ImageReference.Repository"/>: <c>library/python</c>.</summary>
    public string Repository { get; }

    public string Tag { get; }

    /// <summary><c>docker.io/library/python:3.13-slim</c>: the same text as the <see cref="ImageReference.Canonical"/> of the tag.</summary>
    public string Canonical { get; }

    /// <summary>The reference to read the tag from its registry with.</summary>
    public ImageReference ToImageReference() => new(Registry, Repository, Tag, null);

    public override string ToString() => Canonical;
}
