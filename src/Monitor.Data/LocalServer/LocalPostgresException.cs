namespace Monitor.Data.LocalServer;

/// <summary>The embedded PostgreSQL could not be set up; the message says what to install or configure.</summary>
public sealed class LocalPostgresException : Exception
{
    public LocalPostgresException(string message)
        : base(message)
    {
    }

    public LocalPostgresException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public LocalPostgresException()
    {
    }
}
