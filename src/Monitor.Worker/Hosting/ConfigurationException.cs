namespace Monitor.Worker.Hosting;

/// <summary>The configuration cannot be used (a secret file that cannot be read, say); the message names the key and the reason.</summary>
public sealed class ConfigurationException : Exception
{
    public ConfigurationException(string message)
        : base(message)
    {
    }

    public ConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ConfigurationException()
    {
    }
}
