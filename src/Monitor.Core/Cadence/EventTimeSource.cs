namespace Monitor.Core.Cadence;

/// <summary>Where a rebuild event's time comes from.</summary>
public enum EventTimeSource
{
    /// <summary>The registry reported when the digest was pushed.</summary>
    Pushed,

    /// <summary>No push time known: the poll that first saw the new digest.</summary>
    Detected,
}
