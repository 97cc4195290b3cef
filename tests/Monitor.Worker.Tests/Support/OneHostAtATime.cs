namespace Monitor.Worker.Tests.Support;

/// <summary>
/// Test classes that start the real service host. OpenTelemetry's meter provider listens to every meter named
/// <c>Monitor</c> in the process, not only its own host's: two hosts alive at once would each export the other's
/// series (and overwrite unlabelled gauges such as <c>monitor_tags_watched</c>). These classes run one at a time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OneHostAtATime
{
    public const string Name = "real service host, one at a time";
}
