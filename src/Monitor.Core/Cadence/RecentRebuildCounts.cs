namespace Monitor.Core.Cadence;

/// <summary>Rebuild events whose time is at or after a moment minus 7, 30 and 90 days (<see cref="CadenceBasis.RecentAt"/>).</summary>
public readonly record struct RecentRebuildCounts(int Last7Days, int Last30Days, int Last90Days);
