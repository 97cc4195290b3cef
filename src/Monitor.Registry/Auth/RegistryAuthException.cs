namespace Monitor.Registry.Auth;

/// <summary>Authentication with a registry failed; the message is safe to log and store (no credentials or tokens).</summary>
public sealed class RegistryAuthException : Exception
{
    public RegistryAuthException()
    {
    }

    public RegistryAuthException(string message)
        : base(message)
    {
    }

    public RegistryAuthException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
