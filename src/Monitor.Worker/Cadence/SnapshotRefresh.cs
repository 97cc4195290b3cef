namespace Monitor.Worker.Cadence;

/// <summary>What one snapshot refresh did: tags taken from stored summaries and tags recomputed from their history (new tags without history included).</summary>
public readonly record struct SnapshotRefresh(int Loaded, int Recomputed)
{
    /// <summary>Tags whose cadence changed in the snapshot.</summary>
    public int Updated => Loaded + Recomputed;
}
