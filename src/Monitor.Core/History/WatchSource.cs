namespace Monitor.Core.History;

/// <summary>Where a watched tag came from.</summary>
public enum WatchSource
{
    Config,
    Discovered,
    Api,
}
