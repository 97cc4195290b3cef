namespace Monitor.Core.References;

/// <summary>The parts of an image reference, used to say which one a parse error is about.</summary>
public enum ImageReferencePart
{
    /// <summary>The reference as a whole (empty, too long, ambiguous, unparseable).</summary>
    Reference,
    Registry,
    Repository,
    Tag,
    Digest,
}
