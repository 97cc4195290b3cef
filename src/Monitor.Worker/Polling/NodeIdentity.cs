namespace Monitor.Worker.Polling;

/// <summary>Names this replica in poll_run rows and logs: host, process and a per-start suffix.</summary>
public sealed class NodeIdentity
{
    public NodeIdentity(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var configured = configuration["NodeName"];
        Name = string.IsNullOrWhiteSpace(configured)
            ? $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}"
            : configured;
    }

    public string Name { get; }

    public override string ToString() => Name;
}
