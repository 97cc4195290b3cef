namespace Monitor.Core.References;

/// <summary>An image reference that does not follow Docker's reference grammar; the message names the offending part.</summary>
public sealed class ImageReferenceException : FormatException
{
    public ImageReferenceException()
        : this(ImageReferencePart.Reference, "invalid image reference")
    {
    }

    public ImageReferenceException(string message)
        : this(ImageReferencePart.Reference, message)
    {
    }

    public ImageReferenceException(string message, Exception innerException)
        : base(message, innerException)
    {
        Part = ImageReferencePart.Reference;
    }

    public ImageReferenceException(ImageReferencePart part, string message)
        : base(message)
    {
        Part = part;
    }

    /// <summary>Which part of the reference is wrong.</summary>
    public ImageReferencePart Part { get; }
}
