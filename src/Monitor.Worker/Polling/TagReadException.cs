namespace Monitor.Worker.Polling;

/// <summary>A registry read that did not produce a trustworthy answer; the message is secret-free.</summary>
public sealed class TagReadException : Exception
{
    public TagReadException(string message)
        : base(message)
    {
    }

    public TagReadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TagReadException()
    {
    }
}
