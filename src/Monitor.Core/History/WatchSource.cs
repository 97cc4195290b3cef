namespace Monitor.Core.History;

/// <summary>Where a watched tag came from (wire names in <see cref="WireNames.WatchSources"/>).</summary>
public enum WatchSource
{
    /// <summary>An exact tag of the watchlist file.</summary>
    Config,

    /// <summary>Added by discovery for a pattern entry of the watchlist file.</summary>
    Discovered,

    /// <summary>Added through the HTTP API.</summary>
    Api,

    /// <summary>Added with <c>monitor watch add</c>.</summary>
    Cli,
}
