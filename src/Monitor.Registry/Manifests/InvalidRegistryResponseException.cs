namespace Monitor.Registry.Manifests;

/// <summary>The registry answered, but with something Monitor must not trust: garbage, oversize, wrong type, bad digest.</summary>
public sealed class InvalidRegistryResponseException : Exception
{
    public InvalidRegistryResponseException()
    {
    }

    public InvalidRegistryResponseException(string message)
        : base(message)
    {
    }

    public InvalidRegistryResponseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
