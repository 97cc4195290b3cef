namespace Monitor.Core.Staleness;

/// <summary>A watch's own staleness settings; null means "use the global default".</summary>
public sealed record StalenessPolicyOverrides(
    TimeSpan? MaxAge = null,
    double? StaleFactor = null,
    double? DueFactor = null);
